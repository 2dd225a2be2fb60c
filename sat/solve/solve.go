// Package solve is the solve pipeline of `verify solve`: read a DIMACS
// formula, build the phase seeds (seed.go: a phase file, random phases, GNN
// predictions), solve with the chosen engine, and report the answer the
// SAT-competition way ('c' comments, one 's' line, 'v' lines). Every model
// is checked against the clauses as read before it is reported (the
// engines call sat.CheckModel); a failing check is an error, never an
// answer.
package solve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/verify-tools/verify/sat"
)

// Options configure one run of the pipeline. The zero value solves File
// with the best engine of the build, the embedded GNN's phases and no
// limit.
type Options struct {
	// File is the DIMACS file (plain, .gz, .bz2, .xz); sat.StdinName reads
	// standard input.
	File string
	// Strict rejects what the lenient reader accepts with a warning.
	Strict bool
	// Engine is an engine name of sat.EngineNames; "" is the build's best.
	Engine string
	// NoPreprocess turns off gini's preprocessor.
	NoPreprocess bool
	// Proof is the DRAT proof file to write (cadical engine only).
	Proof string
	// Timeout bounds the search; 0 is none.
	Timeout time.Duration
	// Seeds say where the initial phases come from.
	Seeds SeedOptions
	// NoModel omits the 'v' lines, Stats prints the search statistics,
	// Quiet prints only the 's' and 'v' lines.
	NoModel, Stats, Quiet bool
	// Version names the tool in the first comment line.
	Version string
	// Warnings receives the reader's warnings (FILE:LINE: warning: ...);
	// nil discards them.
	Warnings io.Writer
}

// Result is what a run found. Its zero Status is sat.Unknown.
type Result struct {
	sat.Result
	// Seeds is the number of seed literals the engine applied last
	// (the GNN's, merged under the explicit ones, once they arrived).
	Seeds int
	// SeedsAgree counts the seeds that the model satisfies (SAT answers).
	SeedsAgree int
	// ParseTime is the time spent reading the formula.
	ParseTime time.Duration
}

// ExitCode is the SAT-competition exit code of the answer: 10 SAT, 20
// UNSAT, 0 unknown.
func (r *Result) ExitCode() int { return r.Status.ExitCode() }

// Run reads, seeds, solves and reports to out. Cancelling ctx stops the
// search: the answer is then UNKNOWN with the statistics so far, reported
// as an interruption by signal (the timeout has its own line). An error
// means no answer was reported; what out has received is flushed.
func Run(ctx context.Context, opts Options, out io.Writer) (*Result, error) {
	w := bufio.NewWriter(out)
	defer w.Flush()
	r := &report{w: w, quiet: opts.Quiet}
	res := &Result{}

	engine, err := sat.NewEngine(sat.EngineConfig{Name: opts.Engine, Proof: opts.Proof, NoPreprocess: opts.NoPreprocess})
	if err != nil {
		return nil, &OptionsError{Err: err}
	}
	r.comment("verify %s solve, engine %s", opts.Version, engine.Name())

	f, err := read(opts, r, res)
	if err != nil {
		w.Flush()
		return nil, err
	}
	phases, err := Seeds(opts.Seeds, f, r.comment)
	if err != nil {
		return nil, err
	}
	res.Seeds = len(phases)
	w.Flush()
	// Inference runs next to the search; its lines are flushed at once.
	// Until gnn.Stop only its goroutine writes to w.
	say := func(format string, args ...any) {
		r.comment(format, args...)
		w.Flush()
	}
	gnn, err := StartGNN(ctx, opts.Seeds, f, phases, say)
	if err != nil {
		return nil, err
	}

	sopts := sat.Options{Timeout: opts.Timeout, Phases: phases}
	if gnn != nil {
		sopts.LatePhases = gnn.Phases
	}
	sr, err := engine.Solve(ctx, f, sopts)
	var late []int32
	if gnn != nil {
		finished, _ := gnn.Stop()
		if !finished {
			r.comment("gnn: search ended before inference (cancelled): no predictions seeded")
		}
		late = gnn.Seeds()
	}
	if err != nil {
		var me *sat.ModelError
		if errors.As(err, &me) {
			fmt.Fprintln(w, "s UNKNOWN")
		}
		return nil, fmt.Errorf("solve: %w", err)
	}
	res.Result = sr
	applied := phases
	switch {
	case lateApplied(sr.Stats):
		applied = late
		res.Seeds = len(late)
	case gnn != nil && (gnn.Held() || len(late) > 0):
		r.comment("gnn: the search ended before the predictions were applied (--gnn-delay %s): none seeded", opts.Seeds.GNNDelay)
	}
	r.outcome(ctx, opts, res, applied)
	fmt.Fprintf(w, "s %s\n", res.Status)
	if res.Status == sat.Sat && !opts.NoModel {
		w.Flush()
		if err := sat.WriteModel(w, res.Model); err != nil {
			return nil, fmt.Errorf("solve: writing model: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return nil, fmt.Errorf("solve: writing output: %w", err)
	}
	return res, nil
}

// lateApplied says whether the engine applied late (GNN) seeds.
func lateApplied(st sat.Stats) bool {
	for _, round := range st.SeedRounds {
		if round.Late {
			return true
		}
	}
	return false
}

// read parses the formula and says what it holds.
func read(opts Options, r *report, res *Result) (*sat.CNF, error) {
	t0 := time.Now()
	f, warns, err := sat.ReadFile(opts.File, sat.ReadOptions{Strict: opts.Strict})
	res.ParseTime = time.Since(t0)
	if opts.Warnings != nil {
		for _, w := range warns {
			fmt.Fprintln(opts.Warnings, w)
		}
	}
	if err != nil {
		return nil, err
	}
	r.comment("file %s: %d variables, %d clauses, %d literals, parsed in %.3fs",
		opts.File, f.NumVars, f.NumClauses(), f.NumLiterals(), res.ParseTime.Seconds())
	if f.NumVars > sat.MaxVars {
		return nil, fmt.Errorf("%s: %d variables; at most %d are supported", opts.File, f.NumVars, sat.MaxVars)
	}
	return f, nil
}

// OptionsError is an engine choice the build cannot serve (an unknown
// engine, a proof from an engine that writes none): a usage error.
type OptionsError struct{ Err error }

func (e *OptionsError) Error() string { return "solve: " + e.Err.Error() }
func (e *OptionsError) Unwrap() error { return e.Err }
