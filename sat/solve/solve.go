// Package solve is the solve pipeline of `verify solve`: read a DIMACS
// formula, build the phase seeds (seed.go: a phase file, random phases, and
// a Seeder working next to the search, such as the GNN's in gnn/guide,
// which the command wires in), solve with the chosen engine of
// sat/engine, and report the answer the SAT-competition way ('c'
// comments, one 's' line, 'v' lines). Every model is checked against the
// clauses as read before it is reported (sat/engine's wrapper calls
// sat.CheckModel); a failing check is an error, never an answer.
package solve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// Options configure one run of the pipeline. The zero value solves File
// with the best engine of the build, the engine's own phases and no
// limit.
type Options struct {
	// File is the DIMACS file (plain, .gz, .bz2, .xz); sat.StdinName reads
	// standard input.
	File string
	// Strict rejects what the lenient reader accepts with a warning.
	Strict bool
	// Engine is an engine name of engine.Names; "" is the build's best.
	Engine string
	// NoPreprocess turns off gini's preprocessor.
	NoPreprocess bool
	// Configuration is a built-in configuration of the engine
	// (CaDiCaL's default, plain, sat, unsat); "" is its default.
	Configuration string
	// Chooser, when not nil, picks the configuration from the formula
	// before the search; Configuration must then be "".
	Chooser Chooser
	// Proof is the DRAT proof file to write (cadical engine only).
	Proof string
	// Timeout bounds the search; 0 is none.
	Timeout time.Duration
	// Seeds say where the seeds known before the search come from.
	Seeds SeedOptions
	// Seeder, when not nil, computes seeds next to the search.
	Seeder Seeder
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
	engine.Result
	// Seeds is the number of seed literals the engine applied last
	// (the Seeder's, merged under the explicit ones, once they arrived).
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

	eng, err := engine.New(engine.Config{Name: opts.Engine, Proof: opts.Proof, NoPreprocess: opts.NoPreprocess, Configuration: opts.Configuration})
	if err != nil {
		return nil, &OptionsError{Err: err}
	}
	if opts.Chooser != nil && opts.Configuration != "" {
		return nil, &OptionsError{Err: errors.New("a configuration chooser and an explicit configuration exclude each other")}
	}
	if opts.Configuration != "" {
		r.comment("verify %s solve, engine %s, configuration %s", opts.Version, eng.Name(), opts.Configuration)
	} else {
		r.comment("verify %s solve, engine %s", opts.Version, eng.Name())
	}

	f, err := read(opts, r, res)
	if err != nil {
		w.Flush()
		return nil, err
	}
	if opts.Chooser != nil {
		if eng, err = choose(ctx, opts, f, r); err != nil {
			return nil, err
		}
	}
	phases, err := Seeds(opts.Seeds, f, r.comment)
	if err != nil {
		return nil, err
	}
	res.Seeds = len(phases)
	w.Flush()
	sopts := engine.Options{Timeout: opts.Timeout, Phases: phases}
	var late Late
	var delivered *seedBox
	if opts.Seeder != nil {
		// The seeder works next to the search; its lines are flushed at
		// once. Until late.Stop only its goroutine writes to w.
		say := func(format string, args ...any) {
			r.comment(format, args...)
			w.Flush()
		}
		if late, err = opts.Seeder.Start(ctx, f, say); err != nil {
			return nil, fmt.Errorf("solve: %w", err)
		}
		if late != nil {
			sopts.LatePhases, delivered = mergedUnder(late.Phases(), phases)
		}
	}
	sr, err := eng.Solve(ctx, f, sopts)
	applied := phases
	if late != nil {
		lateSeeds := lateApplied(sr.Stats)
		if line := late.Stop(lateSeeds); line != "" {
			r.comment("%s", line)
		}
		if lateSeeds {
			applied = delivered.get()
			res.Seeds = len(applied)
		}
	}
	if err != nil {
		var me *sat.ModelError
		if errors.As(err, &me) {
			fmt.Fprintln(w, "s UNKNOWN")
		}
		return nil, fmt.Errorf("solve: %w", err)
	}
	res.Result = sr
	r.late = nameOf(opts.Seeder)
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

// choose asks the Chooser for the configuration and makes the engine
// that runs it.
func choose(ctx context.Context, opts Options, f *sat.CNF, r *report) (*engine.Engine, error) {
	spec, err := engine.Lookup(opts.Engine)
	if err != nil {
		return nil, &OptionsError{Err: err}
	}
	config, line, err := opts.Chooser.Choose(ctx, f, spec.Configurations)
	if err != nil {
		return nil, fmt.Errorf("solve: %w", err)
	}
	r.comment("%s", line)
	eng, err := engine.New(engine.Config{Name: opts.Engine, Proof: opts.Proof, NoPreprocess: opts.NoPreprocess, Configuration: config})
	if err != nil {
		return nil, fmt.Errorf("solve: chosen configuration: %w", err)
	}
	return eng, nil
}

// lateApplied says whether the engine applied late (a Seeder's) seeds.
func lateApplied(st engine.Stats) bool {
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
	if f.NumVars > engine.MaxVars {
		return nil, fmt.Errorf("%s: %d variables; at most %d are supported", opts.File, f.NumVars, engine.MaxVars)
	}
	return f, nil
}

// OptionsError is an engine choice the build cannot serve (an unknown
// engine, a proof from an engine that writes none): a usage error.
type OptionsError struct{ Err error }

func (e *OptionsError) Error() string { return "solve: " + e.Err.Error() }
func (e *OptionsError) Unwrap() error { return e.Err }

// seedBox holds the late seeds that were handed to the engine.
type seedBox struct {
	mu    sync.Mutex
	seeds []int32
}

func (b *seedBox) get() []int32 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.seeds
}

// mergedUnder forwards the late seeds merged under the explicit ones, and
// keeps what it forwarded.
func mergedUnder(in <-chan []int32, explicit []int32) (<-chan []int32, *seedBox) {
	out := make(chan []int32, 1)
	box := &seedBox{}
	go func() {
		defer close(out)
		for s := range in {
			m := MergePhases(s, explicit)
			box.mu.Lock()
			box.seeds = m
			box.mu.Unlock()
			out <- m
		}
	}()
	return out, box
}

// nameOf names a seeder in the c lines ("" for none).
func nameOf(s Seeder) string {
	if s == nil {
		return ""
	}
	return s.Name()
}
