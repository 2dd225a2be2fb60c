package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/sat/bench"
	"github.com/verify-tools/verify/sat/slurm"
)

// slurmFlags are the flags that submit a batch as a SLURM job array.
func slurmFlags(unit string) []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "slurm", Usage: "submit the work as a SLURM job array (sbatch) instead of running it here"},
		&cli.StringFlag{Name: "partition", Usage: "SLURM partition (default: the cluster's)"},
		&cli.IntFlag{Name: "per-task", Usage: unit + " per array task", Value: 10},
		&cli.IntFlag{Name: "array-throttle", Usage: "array tasks running at once (0 = no limit)"},
		&cli.StringSliceFlag{Name: "sbatch-opt", Usage: "extra sbatch option, verbatim (repeatable), e.g. --sbatch-opt=--account=lab"},
	}
}

// slurmSpec builds the array spec from the flags and derived limits.
func slurmSpec(c *cli.Context, name string, taskTime time.Duration, memMB int64, cpus int) slurm.Spec {
	return slurm.Spec{
		JobName: name, Partition: c.String("partition"), Time: taskTime, MemMB: memMB,
		CPUsPerTask: cpus, Throttle: c.Int("array-throttle"), Extra: c.StringSlice("sbatch-opt"),
	}
}

// submitArray writes the script and job file, submits every task and says
// how to collect.
func submitArray(c *cli.Context, out string, job *slurm.Job, workerArgv []string, collect string) error {
	script, err := slurm.WriteScript(out, job.Spec, workerArgv)
	if err != nil {
		return err
	}
	job.Script = script
	if err := job.Save(out); err != nil {
		return err
	}
	tasks := make([]int, job.Tasks)
	for i := range tasks {
		tasks[i] = i
	}
	id, err := slurm.Submit(c.Context, job.Spec, script, tasks)
	if err != nil {
		return err
	}
	job.JobIDs = append(job.JobIDs, id)
	if err := job.Save(out); err != nil {
		return err
	}
	fmt.Printf("submitted SLURM job %s: %d array tasks (time %s, memory %d MB, %d CPUs each)\n",
		id, job.Tasks, slurm.FormatTime(job.Spec.Time), job.Spec.MemMB, job.Spec.CPUsPerTask)
	fmt.Printf("when it has finished: %s\n", collect)
	return nil
}

// benchPlan is what every bench worker needs to rebuild the batch.
type benchPlan struct {
	Suites  []string `json:"suites"`
	Solvers []string `json:"solvers"`
	Self    string   `json:"self"`
	Root    string   `json:"root"`
	Timeout string   `json:"timeout"`
	Mem     string   `json:"mem"`
	Jobs    int      `json:"jobs"`
}

// submitBenchSlurm submits the batch b as an array of workers.
func submitBenchSlurm(c *cli.Context, b *bench.Batch, plan benchPlan) error {
	out, err := filepath.Abs(b.Out)
	if err != nil {
		return err
	}
	for i, s := range plan.Suites {
		if plan.Suites[i], err = filepath.Abs(s); err != nil {
			return err
		}
	}
	pairs := len(b.Instances) * len(b.Solvers)
	per := max(1, c.Int("per-task"))
	tasks := (pairs + per - 1) / per
	taskTime, memMB := slurm.Limits(b.Config.Timeout, int64(b.Config.MemBytes), per, b.Config.Jobs)
	payload, err := json.Marshal(plan)
	if err != nil {
		return err
	}
	job := &slurm.Job{Kind: "bench", Tasks: tasks, Spec: slurmSpec(c, "verify-bench", taskTime, memMB, b.Config.Jobs), Payload: payload}
	return submitArray(c, out, job, []string{plan.Self, "bench", "worker", "--out", out},
		"verify bench collect "+out)
}

// benchFromJob rebuilds the batch of a submitted job, failing clearly when
// a path the job names is not visible from this node.
func benchFromJob(out string) (*bench.Batch, *slurm.Job, error) {
	host, _ := os.Hostname()
	if _, err := os.Stat(out); err != nil {
		return nil, nil, fmt.Errorf("output folder %s is not visible from node %s: it must be on a filesystem shared by all nodes (%w)", out, host, err)
	}
	job, err := slurm.LoadJob(out, "bench")
	if err != nil {
		return nil, nil, err
	}
	var plan benchPlan
	if err := json.Unmarshal(job.Payload, &plan); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", slurm.JobFile(out), err)
	}
	for _, p := range append([]string{plan.Self}, plan.Suites...) {
		if _, err := os.Stat(p); err != nil {
			return nil, nil, fmt.Errorf("%s is not visible from node %s: binaries and suites must be on a shared filesystem at the same path (%w)", p, host, err)
		}
	}
	timeout, err := parseTimeout(plan.Timeout)
	if err != nil {
		return nil, nil, err
	}
	mem, err := bench.ParseSize(plan.Mem)
	if err != nil {
		return nil, nil, err
	}
	insts, err := bench.LoadSuites(plan.Suites, plan.Root)
	if err != nil {
		return nil, nil, fmt.Errorf("on node %s: %w", host, err)
	}
	var solvers []bench.Solver
	for _, arg := range plan.Solvers {
		s, err := bench.ParseSolver(arg, plan.Self)
		if err != nil {
			return nil, nil, err
		}
		solvers = append(solvers, s)
	}
	b, err := bench.PlanBatch(insts, solvers, bench.Config{Timeout: timeout, MemBytes: mem, Jobs: plan.Jobs}, out)
	return b, job, err
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
			task, err := strconv.Atoi(c.Args().First())
			if c.NArg() != 1 || err != nil {
				return cli.Exit("bench worker: want one TASK index", 1)
			}
			b, job, err := benchFromJob(c.String("out"))
			if err != nil {
				return cli.Exit("bench worker: "+err.Error(), 1)
			}
			n, err := b.RunTask(c.Context, task, job.Tasks, nil)
			if err != nil {
				return cli.Exit(fmt.Sprintf("bench worker: task %d: %v (%d runs recorded)", task, err, n), 1)
			}
			fmt.Printf("task %d: %d runs recorded in %s\n", task, n, bench.ShardPath(b.Out, task))
			return nil
		},
	}
}

// collectExit is the exit code of a collect that found unfinished tasks.
const collectExit = 3

func benchCollectCommand() *cli.Command {
	return &cli.Command{
		Name:      "collect",
		Usage:     "merge the shards of a SLURM batch into results.csv, summary and plots",
		UsageText: "verify bench collect DIR",
		Description: "Merges DIR/results.csv and DIR/shards/*.csv into DIR/results.csv, writes the\n" +
			"summary and plots like a local run, lists tasks with unfinished pairs (with their\n" +
			"sacct state when the cluster keeps accounting) and prints the sbatch command that\n" +
			"resubmits exactly those. Exit 0 when complete, 2 when answers are flagged,\n" +
			"3 when tasks are unfinished.\n\n" +
			"Example:\n  verify bench collect /shared/runs/gs",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit("bench collect: want the batch's output folder DIR", 1)
			}
			out, err := filepath.Abs(c.Args().First())
			if err != nil {
				return cli.Exit("bench collect: "+err.Error(), 1)
			}
			b, job, err := benchFromJob(out)
			if err != nil {
				return cli.Exit("bench collect: "+err.Error(), 1)
			}
			res, err := b.Collect(job.Tasks)
			if err != nil {
				return cli.Exit("bench collect: "+err.Error(), 1)
			}
			sum, err := bench.Report(out, os.Stdout)
			if err != nil {
				return cli.Exit("bench collect: "+err.Error(), 1)
			}
			if len(res.Missing) > 0 {
				reportMissing(c, job, res.Missing, fmt.Sprintf("%d pairs", res.MissingPairs))
				return cli.Exit("", collectExit)
			}
			fmt.Fprintf(os.Stderr, "bench collect: all %d tasks complete, %d records in %s\n", job.Tasks, res.Records, filepath.Join(out, bench.ResultsFile))
			return problemsExit(sum)
		},
	}
}

// reportMissing lists unfinished tasks with their sacct states and the
// command that resubmits exactly them.
func reportMissing(c *cli.Context, job *slurm.Job, missing []int, what string) {
	states, err := slurm.TaskStates(c.Context, job.JobIDs)
	var parts []string
	for _, t := range missing {
		if s, ok := states[t]; ok {
			parts = append(parts, fmt.Sprintf("%d (%s)", t, s))
		} else {
			parts = append(parts, strconv.Itoa(t))
		}
	}
	fmt.Fprintf(os.Stderr, "collect: %d of %d tasks unfinished (%s): %s\n", len(missing), job.Tasks, what, strings.Join(parts, ", "))
	if err != nil {
		fmt.Fprintf(os.Stderr, "collect: task states unknown: %v\n", err)
	}
	fmt.Fprintf(os.Stderr, "resubmit exactly those (finished pairs are never redone):\n  %s\n",
		slurm.ResubmitCommand(job.Spec, job.Script, missing))
}
