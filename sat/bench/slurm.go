package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/slurm"
)

// SlurmPlan is what every `verify bench worker` of a SLURM batch needs to
// rebuild the batch: the command line's suites, solvers and limits as
// given, and this binary.
type SlurmPlan struct {
	Suites  []string `json:"suites"`
	Split   string   `json:"split,omitempty"`
	Solvers []string `json:"solvers"`
	Self    string   `json:"self"`
	Root    string   `json:"root"`
	Timeout string   `json:"timeout"`
	Mem     string   `json:"mem"`
	Jobs    int      `json:"jobs"`
	Pin     PinMode  `json:"pin,omitempty"` // resolved on each node
}

// SubmitSlurm submits the batch b as a job array of `verify bench worker`
// tasks (plan.Self is the binary they run) and tells w how to collect.
func SubmitSlurm(ctx context.Context, b *Batch, plan SlurmPlan, arr slurm.ArrayOptions, w io.Writer) error {
	out, err := filepath.Abs(b.Out)
	if err != nil {
		return err
	}
	plan.Suites = append([]string(nil), plan.Suites...)
	for i, s := range plan.Suites {
		if plan.Suites[i], err = filepath.Abs(s); err != nil {
			return err
		}
	}
	pairs := len(b.Instances) * len(b.Solvers)
	per := max(1, arr.PerTask)
	taskTime, memMB := slurm.Limits(b.Config.Timeout, int64(b.Config.MemBytes), per, b.Config.Jobs)
	payload, err := json.Marshal(plan)
	if err != nil {
		return err
	}
	job := &slurm.Job{Kind: "bench", Tasks: arr.Tasks(pairs), Spec: arr.Spec("verify-bench", taskTime, memMB, b.Config.Jobs), Payload: payload}
	return slurm.SubmitArray(ctx, out, job, []string{plan.Self, "bench", "worker", "--out", out},
		"verify bench collect "+out, w)
}

// FromJob rebuilds the batch of a job submitted into out, failing clearly
// when a path the job names is not visible from this node.
func FromJob(out string) (*Batch, *slurm.Job, error) {
	host, _ := os.Hostname()
	if _, err := os.Stat(out); err != nil {
		return nil, nil, fmt.Errorf("output folder %s is not visible from node %s: it must be on a filesystem shared by all nodes (%w)", out, host, err)
	}
	job, err := slurm.LoadJob(out, "bench")
	if err != nil {
		return nil, nil, err
	}
	var plan SlurmPlan
	if err := json.Unmarshal(job.Payload, &plan); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", slurm.JobFile(out), err)
	}
	for _, p := range append([]string{plan.Self}, plan.Suites...) {
		if _, err := os.Stat(p); err != nil {
			return nil, nil, fmt.Errorf("%s is not visible from node %s: binaries and suites must be on a shared filesystem at the same path (%w)", p, host, err)
		}
	}
	timeout, err := sat.ParseTimeout(plan.Timeout)
	if err != nil {
		return nil, nil, err
	}
	mem, err := ParseSize(plan.Mem)
	if err != nil {
		return nil, nil, err
	}
	insts, err := LoadSplit(plan.Suites, plan.Split, plan.Root)
	if err != nil {
		return nil, nil, fmt.Errorf("on node %s: %w", host, err)
	}
	var solvers []Solver
	for _, arg := range plan.Solvers {
		s, err := ParseSolver(arg, plan.Self)
		if err != nil {
			return nil, nil, err
		}
		solvers = append(solvers, s)
	}
	pin, warning, err := ResolvePin(plan.Pin, plan.Jobs)
	if err != nil {
		return nil, nil, fmt.Errorf("on node %s: %w", host, err)
	}
	b, err := PlanBatch(insts, solvers, Config{Timeout: timeout, MemBytes: mem, Jobs: plan.Jobs, Pin: pin}, out)
	if b != nil && warning != "" {
		b.Warnings = append(b.Warnings, fmt.Sprintf("on node %s: %s", host, warning))
	}
	return b, job, err
}
