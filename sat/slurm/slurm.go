// Package slurm runs a batch as a SLURM job array: it derives the limits,
// writes the job script, submits it with sbatch, asks sacct for task
// states and prints the command that resubmits exactly the missing tasks.
// What a task does (a bench or labelling worker) is the caller's business;
// each task runs this binary in a worker mode that writes its own shard.
package slurm

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// Spec is what sbatch is told about every task of the array.
type Spec struct {
	JobName     string        `json:"job_name"`
	Partition   string        `json:"partition,omitempty"`
	Time        time.Duration `json:"time"`            // per task
	MemMB       int64         `json:"mem_mb"`          // per task
	CPUsPerTask int           `json:"cpus"`            // also the runs a task does at once
	Throttle    int           `json:"throttle"`        // array tasks running at once, 0 = no limit
	Extra       []string      `json:"extra,omitempty"` // further sbatch options, verbatim
}

// Job is a submitted (or planned) array, saved as DIR/slurm/job.json.
type Job struct {
	Kind   string   `json:"kind"` // "bench" or "label"
	Tasks  int      `json:"tasks"`
	Spec   Spec     `json:"spec"`
	Script string   `json:"script"`
	JobIDs []string `json:"job_ids"` // every submission, first to last
	// Payload is the worker's plan, owned by the caller.
	Payload json.RawMessage `json:"payload"`
}

// Dir is the folder of the SLURM files inside a batch's output folder.
func Dir(out string) string { return filepath.Join(out, "slurm") }

// JobFile is the path of job.json in a batch's output folder.
func JobFile(out string) string { return filepath.Join(Dir(out), "job.json") }

// Save writes the job file atomically.
func (j *Job) Save(out string) error {
	data, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(Dir(out), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(JobFile(out), append(data, '\n'), 0o644)
}

// LoadJob reads DIR/slurm/job.json, checking it is of the expected kind.
func LoadJob(out, kind string) (*Job, error) {
	data, err := os.ReadFile(JobFile(out))
	if err != nil {
		return nil, fmt.Errorf("no SLURM job in %s (was it submitted with --slurm?): %w", out, err)
	}
	var j Job
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("%s: %w", JobFile(out), err)
	}
	if j.Kind != kind {
		return nil, fmt.Errorf("%s holds a %q job, not %q", JobFile(out), j.Kind, kind)
	}
	return &j, nil
}

// Headroom used when deriving SLURM limits from the per-run limits.
const (
	perRunOverhead = 30 * time.Second // start, parse, model check, shard write
	timeFactor     = 1.2
	taskSlack      = 5 * time.Minute
	memFactor      = 1.25
	workerMemMB    = 512 // the worker process itself
)

// Limits derives a task's time and memory from the per-run limits: runs
// runs per task, parallel at a time, each within timeout and memBytes
// (0 = unlimited, then perRunMemMB is used).
func Limits(timeout time.Duration, memBytes int64, runs, parallel int) (time.Duration, int64) {
	parallel = max(1, parallel)
	waves := (runs + parallel - 1) / parallel
	t := time.Duration(float64(time.Duration(waves)*(timeout+perRunOverhead))*timeFactor) + taskSlack
	memMB := int64(4096)
	if memBytes > 0 {
		memMB = memBytes >> 20
	}
	return t.Round(time.Minute), int64(float64(memMB*int64(parallel))*memFactor) + workerMemMB
}

// FormatTime writes a duration the way sbatch --time reads it: D-HH:MM:SS.
func FormatTime(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d-%02d:%02d:%02d", s/86400, s%86400/3600, s%3600/60, s%60)
}

// WriteScript writes the array job script: every task runs argv with the
// task index appended, its output in DIR/slurm/logs.
func WriteScript(out string, spec Spec, argv []string) (string, error) {
	logs := filepath.Join(Dir(out), "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("#!/bin/bash\n# Written by verify; one array task per chunk of work.\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", spec.JobName)
	if spec.Partition != "" {
		fmt.Fprintf(&b, "#SBATCH --partition=%s\n", spec.Partition)
	}
	fmt.Fprintf(&b, "#SBATCH --time=%s\n", FormatTime(spec.Time))
	fmt.Fprintf(&b, "#SBATCH --mem=%dM\n", spec.MemMB)
	fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", max(1, spec.CPUsPerTask))
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(logs, "%A_%a.out"))
	b.WriteString("set -eu\n")
	quoted := make([]string, len(argv))
	for i, a := range argv {
		quoted[i] = shellQuote(a)
	}
	fmt.Fprintf(&b, "exec %s \"$SLURM_ARRAY_TASK_ID\"\n", strings.Join(quoted, " "))
	path := filepath.Join(Dir(out), "job.sh")
	if err := atomicfile.WriteFile(path, []byte(b.String()), 0o755); err != nil {
		return "", err
	}
	return path, nil
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '=' || r == ',' || r == ':' || r == '%' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ArraySpec is the --array value for the given task indices, with the
// throttle: "0-9%4" for a full range, "1,4,7" otherwise.
func ArraySpec(tasks []int, throttle int) string {
	t := append([]int(nil), tasks...)
	sort.Ints(t)
	var s string
	if len(t) > 0 && t[len(t)-1]-t[0] == len(t)-1 && len(t) > 1 {
		s = fmt.Sprintf("%d-%d", t[0], t[len(t)-1])
	} else {
		parts := make([]string, len(t))
		for i, x := range t {
			parts[i] = strconv.Itoa(x)
		}
		s = strings.Join(parts, ",")
	}
	if throttle > 0 {
		s += "%" + strconv.Itoa(throttle)
	}
	return s
}

// SbatchArgs are the arguments of the sbatch call that submits tasks.
func SbatchArgs(spec Spec, script string, tasks []int) []string {
	args := []string{"--parsable", "--array=" + ArraySpec(tasks, spec.Throttle)}
	args = append(args, spec.Extra...)
	return append(args, script)
}

// Submit runs sbatch and returns the job ID.
func Submit(ctx context.Context, spec Spec, script string, tasks []int) (string, error) {
	if len(tasks) == 0 {
		return "", fmt.Errorf("no tasks to submit")
	}
	cmd := exec.CommandContext(ctx, "sbatch", SbatchArgs(spec, script, tasks)...)
	out, err := cmd.Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("sbatch: %s", msg)
	}
	id := strings.TrimSpace(string(out))
	if i := strings.IndexByte(id, ';'); i >= 0 { // "jobid;cluster"
		id = id[:i]
	}
	if id == "" {
		return "", fmt.Errorf("sbatch printed no job ID")
	}
	return id, nil
}

// ResubmitCommand is the shell command that submits exactly tasks again.
func ResubmitCommand(spec Spec, script string, tasks []int) string {
	args := SbatchArgs(spec, script, tasks)
	q := make([]string, 0, len(args)+1)
	q = append(q, "sbatch")
	for _, a := range args {
		if a == "--parsable" {
			continue
		}
		q = append(q, shellQuote(a))
	}
	return strings.Join(q, " ")
}

// TaskStates asks sacct for the state of every array task of the jobs;
// the last submission's state wins. It fails when sacct is missing or the
// cluster keeps no accounting.
func TaskStates(ctx context.Context, jobIDs []string) (map[int]string, error) {
	if len(jobIDs) == 0 {
		return nil, nil
	}
	out, err := exec.CommandContext(ctx, "sacct", "-n", "-P", "-X", "--format=JobID,State",
		"-j", strings.Join(jobIDs, ",")).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("sacct: %s", strings.TrimSpace(string(out)))
	}
	return parseSacct(string(out), jobIDs), nil
}

// parseSacct reads "JOBID_TASK|STATE" lines; later job IDs override.
func parseSacct(out string, jobIDs []string) map[int]string {
	rank := map[string]int{}
	for i, id := range jobIDs {
		rank[id] = i
	}
	states, from := map[int]string{}, map[int]int{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) < 2 {
			continue
		}
		job, task, ok := strings.Cut(f[0], "_")
		if !ok {
			continue
		}
		t, err := strconv.Atoi(task)
		if err != nil {
			continue // pending ranges like "123_[4-9]"
		}
		r, known := rank[job]
		if !known {
			continue
		}
		if prev, seen := from[t]; !seen || r >= prev {
			states[t], from[t] = strings.Fields(f[1])[0], r
		}
	}
	return states
}
