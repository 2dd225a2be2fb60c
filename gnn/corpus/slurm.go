package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
	"github.com/verify-tools/verify/sat/slurm"
)

// SlurmPlan is what every labelling worker of a SLURM batch needs: the
// formulas, the labels file, the limits as given on the command line and
// the engine.
type SlurmPlan struct {
	Files   []string `json:"files"`
	Out     string   `json:"out"`
	PerCall string   `json:"per_call"`
	Total   string   `json:"total"`
	Jobs    int      `json:"jobs"`
	// Engine labels the formulas ("" in a batch submitted before the
	// field existed: the worker build's default engine).
	Engine string `json:"engine,omitempty"`
}

// BatchDir is the folder of a labels file's SLURM batch.
func BatchDir(out string) string { return out + ".slurm" }

// SubmitSlurm submits the labelling of plan.Files into plan.Out as a job
// array whose tasks run self's `gnn label worker`, and tells w how to
// collect.
func SubmitSlurm(ctx context.Context, self string, plan SlurmPlan, arr slurm.ArrayOptions, w io.Writer) error {
	total, err := sat.ParseTimeout(plan.Total)
	if err != nil {
		return fmt.Errorf("total: %w", err)
	}
	out, err := filepath.Abs(plan.Out)
	if err != nil {
		return err
	}
	plan.Out = out
	plan.Files = append([]string(nil), plan.Files...)
	for i, f := range plan.Files {
		if plan.Files[i], err = filepath.Abs(f); err != nil {
			return err
		}
	}
	tasks := arr.Tasks(len(plan.Files))
	if tasks == 0 {
		return fmt.Errorf("no formulas to label")
	}
	limit := total
	if limit <= 0 {
		limit = time.Hour // no per-formula limit: budget an hour each
	}
	taskTime, memMB := slurm.Limits(limit, 0, max(1, arr.PerTask), plan.Jobs)
	payload, err := json.Marshal(plan)
	if err != nil {
		return err
	}
	job := &slurm.Job{Kind: "label", Tasks: tasks, Spec: arr.Spec("verify-label", taskTime, memMB, plan.Jobs), Payload: payload}
	return slurm.SubmitArray(ctx, BatchDir(out), job, []string{self, "gnn", "label", "worker", "--out", out},
		"verify gnn label collect --out "+out, w)
}

// SlurmBatch is a labelling batch loaded back from its job file.
type SlurmBatch struct {
	Plan SlurmPlan
	Job  *slurm.Job
	Dir  string // BatchDir of the labels file
}

// LoadSlurmBatch loads the batch of the labels file out.
func LoadSlurmBatch(out string) (*SlurmBatch, error) {
	host, _ := os.Hostname()
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	dir := BatchDir(out)
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("batch folder %s is not visible from node %s: it must be on a filesystem shared by all nodes (%w)", dir, host, err)
	}
	job, err := slurm.LoadJob(dir, "label")
	if err != nil {
		return nil, err
	}
	b := &SlurmBatch{Job: job, Dir: dir}
	if err := json.Unmarshal(job.Payload, &b.Plan); err != nil {
		return nil, fmt.Errorf("%s: %w", slurm.JobFile(dir), err)
	}
	return b, nil
}

// RunTask labels the formulas of array task task that have no record yet
// (LabelTask) with the plan's limits, reporting unreadable formulas to log.
func (b *SlurmBatch) RunTask(ctx context.Context, task int, log io.Writer) (LabelSummary, error) {
	perCall, err := sat.ParseTimeout(b.Plan.PerCall)
	if err != nil {
		return LabelSummary{}, err
	}
	total, err := sat.ParseTimeout(b.Plan.Total)
	if err != nil {
		return LabelSummary{}, err
	}
	opts := LabelOptions{Jobs: b.Plan.Jobs, Backbone: engine.BackboneOptions{PerCall: perCall, Total: total, Engine: b.Plan.Engine}, Log: log}
	return LabelTask(ctx, b.Plan.Files, task, b.Job.Tasks, b.Plan.Out, b.Dir, opts)
}

// Collect merges the shards into the labels file (MergeShards).
func (b *SlurmBatch) Collect() (MergeResult, error) {
	return MergeShards(b.Plan.Files, b.Job.Tasks, b.Plan.Out, b.Dir)
}
