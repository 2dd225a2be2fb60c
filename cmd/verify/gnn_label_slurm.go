package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/slurm"
)

// labelPlan is what every labelling worker needs.
type labelPlan struct {
	Files   []string `json:"files"`
	Out     string   `json:"out"`
	PerCall string   `json:"per_call"`
	Total   string   `json:"total"`
	Jobs    int      `json:"jobs"`
}

// labelBatchDir is the folder of a labels file's SLURM batch.
func labelBatchDir(out string) string { return out + ".slurm" }

func submitLabelSlurm(c *cli.Context, out string, plan labelPlan, perCall, total time.Duration) error {
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	plan.Out = out
	for i, f := range plan.Files {
		if plan.Files[i], err = filepath.Abs(f); err != nil {
			return err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	per := max(1, c.Int("per-task"))
	tasks := (len(plan.Files) + per - 1) / per
	if tasks == 0 {
		return fmt.Errorf("no formulas to label")
	}
	limit := total
	if limit <= 0 {
		limit = time.Hour // no per-formula limit: budget an hour each
	}
	taskTime, memMB := slurm.Limits(limit, 0, per, plan.Jobs)
	payload, err := json.Marshal(plan)
	if err != nil {
		return err
	}
	dir := labelBatchDir(out)
	job := &slurm.Job{Kind: "label", Tasks: tasks, Spec: slurmSpec(c, "verify-label", taskTime, memMB, plan.Jobs), Payload: payload}
	return submitArray(c, dir, job, []string{self, "gnn", "label", "worker", "--out", out},
		"verify gnn label collect --out "+out)
}

// labelFromJob loads the plan of a labels file's SLURM batch.
func labelFromJob(out string) (labelPlan, *slurm.Job, string, error) {
	host, _ := os.Hostname()
	out, err := filepath.Abs(out)
	if err != nil {
		return labelPlan{}, nil, "", err
	}
	dir := labelBatchDir(out)
	if _, err := os.Stat(dir); err != nil {
		return labelPlan{}, nil, "", fmt.Errorf("batch folder %s is not visible from node %s: it must be on a filesystem shared by all nodes (%w)", dir, host, err)
	}
	job, err := slurm.LoadJob(dir, "label")
	if err != nil {
		return labelPlan{}, nil, "", err
	}
	var plan labelPlan
	if err := json.Unmarshal(job.Payload, &plan); err != nil {
		return labelPlan{}, nil, "", fmt.Errorf("%s: %w", slurm.JobFile(dir), err)
	}
	return plan, job, dir, nil
}

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
			task, err := strconv.Atoi(c.Args().First())
			if c.NArg() != 1 || err != nil {
				return cli.Exit("gnn label worker: want one TASK index", 1)
			}
			plan, job, dir, err := labelFromJob(c.String("out"))
			if err != nil {
				return cli.Exit("gnn label worker: "+err.Error(), 1)
			}
			perCall, err := parseTimeout(plan.PerCall)
			if err != nil {
				return cli.Exit("gnn label worker: "+err.Error(), 1)
			}
			total, err := parseTimeout(plan.Total)
			if err != nil {
				return cli.Exit("gnn label worker: "+err.Error(), 1)
			}
			opts := corpus.LabelOptions{Jobs: plan.Jobs, Backbone: sat.BackboneOptions{PerCall: perCall, Total: total}, Log: os.Stderr}
			sum, err := corpus.LabelTask(c.Context, plan.Files, task, job.Tasks, plan.Out, dir, opts)
			fmt.Printf("task %d: %d records written, %d failed\n", task, sum.Labelled, len(sum.Failed))
			if err != nil {
				return cli.Exit(fmt.Sprintf("gnn label worker: task %d: %v", task, err), 1)
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
			plan, job, dir, err := labelFromJob(c.String("out"))
			if err != nil {
				return cli.Exit("gnn label collect: "+err.Error(), 1)
			}
			res, err := corpus.MergeShards(plan.Files, job.Tasks, plan.Out, dir)
			if err != nil {
				return cli.Exit("gnn label collect: "+err.Error(), 1)
			}
			fmt.Printf("%d records added to %s\n", res.Added, plan.Out)
			for _, f := range res.Failed {
				fmt.Fprintf(os.Stderr, "gnn label collect: unreadable: %s (see %s)\n", f, filepath.Join(dir, "shards"))
			}
			if len(res.Missing) > 0 {
				reportMissing(c, job, res.Missing, "formulas without a record")
				return cli.Exit("", collectExit)
			}
			if len(res.Failed) > 0 {
				return cli.Exit(fmt.Sprintf("gnn label collect: %d formulas could not be read", len(res.Failed)), 1)
			}
			return nil
		},
	}
}
