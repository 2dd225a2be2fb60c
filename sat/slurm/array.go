package slurm

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ArrayOptions are the user's choices for an array, the same for every
// kind of batch (the --slurm flags).
type ArrayOptions struct {
	Partition string   // "" is the cluster's default
	PerTask   int      // units of work per array task; < 1 counts as 1
	Throttle  int      // array tasks running at once, 0 = no limit
	Extra     []string // further sbatch options, verbatim
}

// DefaultPerTask is the units of work per array task unless told.
const DefaultPerTask = 10

// Tasks is the number of array tasks for n units of work.
func (o ArrayOptions) Tasks(n int) int {
	per := max(1, o.PerTask)
	return (n + per - 1) / per
}

// Spec is the array spec for jobs named name with the derived limits.
func (o ArrayOptions) Spec(name string, taskTime time.Duration, memMB int64, cpus int) Spec {
	return Spec{
		JobName: name, Partition: o.Partition, Time: taskTime, MemMB: memMB,
		CPUsPerTask: cpus, Throttle: o.Throttle, Extra: o.Extra,
	}
}

// SubmitArray writes the job script and job file into out, submits every
// task and tells w the job id and the command (collect) that merges the
// results.
func SubmitArray(ctx context.Context, out string, job *Job, workerArgv []string, collect string, w io.Writer) error {
	script, err := WriteScript(out, job.Spec, workerArgv)
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
	id, err := Submit(ctx, job.Spec, script, tasks)
	if err != nil {
		return err
	}
	job.JobIDs = append(job.JobIDs, id)
	if err := job.Save(out); err != nil {
		return err
	}
	fmt.Fprintf(w, "submitted SLURM job %s: %d array tasks (time %s, memory %d MB, %d CPUs each)\n",
		id, job.Tasks, FormatTime(job.Spec.Time), job.Spec.MemMB, job.Spec.CPUsPerTask)
	fmt.Fprintf(w, "when it has finished: %s\n", collect)
	return nil
}

// ReportMissing tells w the unfinished tasks (what they lack), with their
// sacct states where the cluster keeps accounting, and the command that
// resubmits exactly them.
func ReportMissing(ctx context.Context, w io.Writer, job *Job, missing []int, what string) {
	states, err := TaskStates(ctx, job.JobIDs)
	var parts []string
	for _, t := range missing {
		if s, ok := states[t]; ok {
			parts = append(parts, fmt.Sprintf("%d (%s)", t, s))
		} else {
			parts = append(parts, strconv.Itoa(t))
		}
	}
	fmt.Fprintf(w, "collect: %d of %d tasks unfinished (%s): %s\n", len(missing), job.Tasks, what, strings.Join(parts, ", "))
	if err != nil {
		fmt.Fprintf(w, "collect: task states unknown: %v\n", err)
	}
	fmt.Fprintf(w, "resubmit exactly those (finished pairs are never redone):\n  %s\n",
		ResubmitCommand(job.Spec, job.Script, missing))
}
