package main

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/sat/bench"
	"github.com/verify-tools/verify/sat/slurm"
)

// slurmFlags are the flags that submit a batch as a SLURM job array.
func slurmFlags(unit string) []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "slurm", Usage: "submit the work as a SLURM job array (sbatch) instead of running it here"},
		&cli.StringFlag{Name: "partition", Usage: "SLURM partition (default: the cluster's)"},
		&cli.IntFlag{Name: "per-task", Usage: unit + " per array task", Value: slurm.DefaultPerTask},
		&cli.IntFlag{Name: "array-throttle", Usage: "array tasks running at once (0 = no limit)"},
		&cli.StringSliceFlag{Name: "sbatch-opt", Usage: "extra sbatch option, verbatim (repeatable), e.g. --sbatch-opt=--account=lab"},
	}
}

// arrayOptions reads the slurmFlags.
func arrayOptions(c *cli.Context) slurm.ArrayOptions {
	return slurm.ArrayOptions{Partition: c.String("partition"), PerTask: c.Int("per-task"),
		Throttle: c.Int("array-throttle"), Extra: c.StringSlice("sbatch-opt")}
}

// taskArg is the TASK argument of a worker command.
func taskArg(c *cli.Context, cmd string) (int, error) {
	task, err := strconv.Atoi(c.Args().First())
	if c.NArg() != 1 || err != nil || task < 0 {
		return 0, usageError("%s: want one TASK index", cmd)
	}
	return task, nil
}

func benchWorkerCommand() *cli.Command {
	return &cli.Command{
		Name:      "worker",
		Usage:     "run one SLURM array task of a batch submitted with 'verify bench --slurm'",
		UsageText: "verify bench worker --out DIR TASK",
		Description: "Runs the instance × solver pairs of chunk TASK that no results file or shard\n" +
			"holds yet, writing each record into DIR/shards/task-TASK.csv atomically.\n" +
			"The job script of 'verify bench --slurm' calls it; run it by hand to redo a task.\n\n" +
			"Example:\n  verify bench worker --out /shared/runs/gs 3",
		Flags: []cli.Flag{&cli.StringFlag{Name: "out", Usage: "the batch's output folder", Required: true}},
		Action: func(c *cli.Context) error {
			task, err := taskArg(c, "bench worker")
			if err != nil {
				return err
			}
			b, job, err := bench.FromJob(c.String("out"))
			if err != nil {
				return failure("bench worker: %v", err)
			}
			for _, w := range b.Warnings {
				fmt.Fprintln(c.App.ErrWriter, "bench worker: warning:", w)
			}
			n, err := b.RunTask(c.Context, task, job.Tasks, nil)
			if err != nil {
				return failure("bench worker: task %d: %v (%d runs recorded)", task, err, n)
			}
			fmt.Fprintf(c.App.Writer, "task %d: %d runs recorded in %s\n", task, n, bench.ShardPath(b.Out, task))
			return nil
		},
	}
}

func benchCollectCommand() *cli.Command {
	return &cli.Command{
		Name:      "collect",
		Usage:     "merge the shards of a SLURM batch into results.csv, summary and plots",
		UsageText: "verify bench collect [--clock wall|cpu] DIR",
		Flags:     []cli.Flag{clockFlag},
		Description: "Merges DIR/results.csv and DIR/shards/*.csv into DIR/results.csv, writes the\n" +
			"summary and plots like a local run, lists tasks with unfinished pairs (with their\n" +
			"sacct state when the cluster keeps accounting) and prints the sbatch command that\n" +
			"resubmits exactly those. Exit 0 when complete, 3 when tasks are unfinished,\n" +
			"4 when answers are flagged.\n\n" +
			"Example:\n  verify bench collect /shared/runs/gs",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError("bench collect: want the batch's output folder DIR")
			}
			clock, err := clockArg(c)
			if err != nil {
				return err
			}
			out, err := filepath.Abs(c.Args().First())
			if err != nil {
				return failure("bench collect: %v", err)
			}
			b, job, err := bench.FromJob(out)
			if err != nil {
				return failure("bench collect: %v", err)
			}
			res, err := b.Collect(job.Tasks)
			if err != nil {
				return failure("bench collect: %v", err)
			}
			sum, err := bench.Report(out, clock, c.App.Writer)
			if err != nil {
				return failure("bench collect: %v", err)
			}
			if len(res.Missing) > 0 {
				slurm.ReportMissing(c.Context, c.App.ErrWriter, job, res.Missing, fmt.Sprintf("%d pairs", res.MissingPairs))
				return exitStatus(exitIncomplete)
			}
			fmt.Fprintf(c.App.ErrWriter, "bench collect: all %d tasks complete, %d records in %s\n", job.Tasks, res.Records, filepath.Join(out, bench.ResultsFile))
			return problemsExit(sum)
		},
	}
}
