package main

import (
	"fmt"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/sat/slurm"
)

func gnnLabelWorkerCommand() *cli.Command {
	return &cli.Command{
		Name:      "worker",
		Usage:     "label one SLURM array task's formulas of a batch submitted with --slurm",
		UsageText: "verify gnn label worker --out FILE TASK",
		Description: "Labels the formulas of chunk TASK that have no record yet, appending to\n" +
			"FILE.slurm/shards/task-TASK.jsonl. The job script calls it.\n\n" +
			"Example:\n  verify gnn label worker --out /shared/labels.jsonl 4",
		Flags: []cli.Flag{&cli.StringFlag{Name: "out", Usage: "the batch's labels file", Required: true}},
		Action: func(c *cli.Context) error {
			task, err := taskArg(c, "gnn label worker")
			if err != nil {
				return err
			}
			b, err := corpus.LoadSlurmBatch(c.String("out"))
			if err != nil {
				return failure("gnn label worker: %v", err)
			}
			sum, err := b.RunTask(c.Context, task, c.App.ErrWriter)
			fmt.Fprintf(c.App.Writer, "task %d: %d records written, %d failed\n", task, sum.Labelled, len(sum.Failed))
			if err != nil {
				return failure("gnn label worker: task %d: %v", task, err)
			}
			return nil
		},
	}
}

func gnnLabelCollectCommand() *cli.Command {
	return &cli.Command{
		Name:      "collect",
		Usage:     "merge the shards of a SLURM labelling batch into the labels file",
		UsageText: "verify gnn label collect --out FILE",
		Description: "Appends every shard record missing from FILE (rewritten atomically), lists\n" +
			"unreadable formulas and unfinished tasks (with sacct states when available) and\n" +
			"prints the sbatch command that resubmits exactly those tasks.\n" +
			"Exit 0 when complete, 1 when formulas were unreadable, 3 when tasks are unfinished.\n\n" +
			"Example:\n  verify gnn label collect --out /shared/labels.jsonl",
		Flags: []cli.Flag{&cli.StringFlag{Name: "out", Usage: "the batch's labels file", Required: true}},
		Action: func(c *cli.Context) error {
			b, err := corpus.LoadSlurmBatch(c.String("out"))
			if err != nil {
				return failure("gnn label collect: %v", err)
			}
			res, err := b.Collect()
			if err != nil {
				return failure("gnn label collect: %v", err)
			}
			fmt.Fprintf(c.App.Writer, "%d records added to %s\n", res.Added, b.Plan.Out)
			for _, f := range res.Failed {
				fmt.Fprintf(c.App.ErrWriter, "gnn label collect: unreadable: %s (see %s)\n", f, filepath.Join(b.Dir, "shards"))
			}
			if len(res.Missing) > 0 {
				slurm.ReportMissing(c.Context, c.App.ErrWriter, b.Job, res.Missing, "formulas without a record")
				return exitStatus(exitIncomplete)
			}
			if len(res.Failed) > 0 {
				return failure("gnn label collect: %d formulas could not be read", len(res.Failed))
			}
			return nil
		},
	}
}
