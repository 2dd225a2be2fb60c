package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Batch is a local run: its pairs, limits and output folder.
type Batch struct {
	Instances []Instance
	Solvers   []Solver
	Config    Config
	Out       string // output folder holding results.csv
	// Previous are the records already in Out/results.csv.
	Previous []Record
	// Pending are the pairs that still need a run.
	Pending []Pair
	// Warnings are what the batch's user should know before trusting
	// its timings (set by FromJob for the node's pinning).
	Warnings []string
}

// PlanBatch reads the results already in out and lists the pairs that
// still need a run. It also fills the work and log folders of cfg.
func PlanBatch(insts []Instance, solvers []Solver, cfg Config, out string) (*Batch, error) {
	seen := make(map[string]bool)
	for _, s := range solvers {
		if seen[s.Name] {
			return nil, fmt.Errorf("solver name %s given twice", s.Name)
		}
		seen[s.Name] = true
	}
	if len(solvers) == 0 {
		return nil, fmt.Errorf("no solvers")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	prev, err := ReadResults(filepath.Join(out, ResultsFile))
	if err != nil {
		return nil, err
	}
	if cfg.Host == (Host{}) {
		cfg.Host = ThisHost()
	}
	cfg.WorkDir = filepath.Join(out, "tmp")
	cfg.LogDir = filepath.Join(out, "logs")
	cfg.NormDir = filepath.Join(out, "normalized")
	return &Batch{Instances: insts, Solvers: solvers, Config: cfg, Out: out, Previous: prev,
		Pending: Pairs(insts, solvers, Done(prev))}, nil
}

// LimitMismatch returns a warning when earlier records of this batch's
// pairs ran under another wall-clock limit, "" otherwise.
func (b *Batch) LimitMismatch() string {
	want := b.Config.Timeout.Seconds()
	for _, r := range b.Previous {
		if r.Timeout != want {
			return fmt.Sprintf("%s holds runs with a %gs limit, this run uses %gs: PAR-2 mixes both",
				filepath.Join(b.Out, ResultsFile), r.Timeout, want)
		}
	}
	return ""
}

// HostMismatch returns a warning when earlier records of this batch were
// timed on another CPU model than this machine's, "" otherwise.
func (b *Batch) HostMismatch() string {
	other := make(map[string]int)
	for _, r := range b.Previous {
		if r.CPUModel != "" && r.CPUModel != b.Config.Host.CPUModel {
			other[r.CPUModel]++
		}
	}
	if len(other) == 0 {
		return ""
	}
	var parts []string
	for m, n := range other {
		parts = append(parts, fmt.Sprintf("%d on %s", n, m))
	}
	sort.Strings(parts)
	return fmt.Sprintf("%s holds runs timed on other machines (%s), this one is %s: compare solvers on rows of one machine (the summary lists the instances with mixed rows)",
		filepath.Join(b.Out, ResultsFile), strings.Join(parts, "; "), b.Config.Host.CPUModel)
}

// Run executes the pending pairs, appending each record to results.csv as
// it finishes; progress (may be nil) sees every record. On cancellation
// the finished records stay and a rerun resumes.
func (b *Batch) Run(ctx context.Context, progress func(Record)) error {
	rw, err := AppendResults(filepath.Join(b.Out, ResultsFile))
	if err != nil {
		return err
	}
	runErr := Run(ctx, b.Pending, b.Config, func(r Record) error {
		if err := rw.Write(r); err != nil {
			return err
		}
		if progress != nil {
			progress(r)
		}
		return nil
	})
	if err := rw.Close(); err != nil && runErr == nil {
		runErr = fmt.Errorf("closing results: %w", err)
	}
	os.Remove(b.Config.WorkDir) // empty unless a run was cut short
	return runErr
}
