// Package engine holds the SAT engines and what drives them: the engine
// table (table.go), the wrapper every engine's search goes through for the
// size limit, the timeout and the model check (this file), the seed
// schedule and its one driver over a pausable search (schedule.go,
// driver.go), incremental solving and backbones. The engines are gini
// (pure Go, behind the sat/preprocess preprocessor) and, with the cadical
// build tag, CaDiCaL.
//
// Package sat below it is the vocabulary (CNF, DIMACS, answers, phase
// files, the model check); sat/solve above it is `verify solve`'s pipeline.
package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/preprocess"
)

// MaxVars bounds the variable count the engines accept: the model alone
// takes a byte per variable and the solvers several words.
const MaxVars = 1 << 28

// Options configure one solve.
type Options struct {
	// Timeout bounds the wall-clock solve time; 0 means none. Cancelling
	// the context stops the solve as well.
	Timeout time.Duration
	// Phases are signed literals giving initial phases: literal v seeds
	// variable v true, -v false. Variables not listed keep the engine's
	// default. Seeds guide the search only; they never change the answer.
	Phases []int32
	// LatePhases, when not nil, delivers seeds computed while the search
	// already runs (a phase predictor): the engine takes at most one
	// value and applies it at its next stop point as if it were Phases,
	// replacing them. A closed channel or a nil value means none and
	// leaves the search undisturbed (no stop, no restart). The search
	// never waits for it.
	LatePhases <-chan []int32
	// Schedule says when the seeds are applied and for how long they are
	// held; the zero value is DefaultSeedSchedule.
	Schedule SeedSchedule
}

// Stats are search statistics; a field an engine cannot report is -1.
type Stats struct {
	Conflicts    int64
	Decisions    int64
	Propagations int64
	Restarts     int64
	// SeededVars counts variables whose phase was set by the first
	// application of the seeds (directly or as implied by seeded literals).
	SeededVars int
	// SeedRounds lists every application of the seeds, in order.
	SeedRounds []SeedRound
	// SeedTime is spent placing the phases; SolveTime is the search.
	SeedTime, SolveTime time.Duration
}

// Result is the outcome of a solve. For sat.Sat, Model[v] is the value of
// variable v (index 0 unused) and has been checked against every clause.
type Result struct {
	Status sat.Status
	Model  []bool
	Stats  Stats
	// Interrupted is true when the solve stopped on a timeout or on
	// cancellation rather than with an answer.
	Interrupted bool
	// Preprocess says what the preprocessor removed (nil when none ran);
	// PhasesDropped counts seeds on variables it fixed or eliminated.
	Preprocess    *preprocess.Stats
	PhasesDropped int
}

// searcher is what an engine implements: the search alone. The size
// limit, the timeout (already in ctx) and the model check are the
// wrapper's (Engine.Solve); a searcher returns its model unchecked.
type searcher interface {
	search(ctx context.Context, f *sat.CNF, opts Options) (Result, error)
}

// Engine is a SAT engine of the build, made by New. Every solve goes
// through Solve, so no engine can return a model that was not checked
// against the formula.
type Engine struct {
	name string
	s    searcher
}

// Name is the engine's name in the table ("gini", "cadical").
func (e *Engine) Name() string { return e.name }

// Solve checks the formula's size, bounds the search by opts.Timeout,
// runs the engine's search and checks a SAT answer's model against every
// clause of f: a model that fails is an error (*sat.ModelError) and the
// status Unknown, never an answer.
func (e *Engine) Solve(ctx context.Context, f *sat.CNF, opts Options) (Result, error) {
	if f.NumVars > MaxVars {
		return Result{}, fmt.Errorf("formula has %d variables; %s supports at most %d", f.NumVars, e.name, MaxVars)
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	r, err := e.s.search(ctx, f, opts)
	if err != nil {
		return r, err
	}
	if r.Status == sat.Sat {
		if err := sat.CheckModel(f, r.Model); err != nil {
			return Result{Status: sat.Unknown, Stats: r.Stats}, err
		}
	}
	return r, nil
}
