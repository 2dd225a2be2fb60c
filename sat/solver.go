package sat

import (
	"context"
	"fmt"
	"time"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat/preprocess"
)

// Status is a solver answer.
type Status int

// Answers, numbered as gini and most solvers' APIs do.
const (
	Unknown Status = 0
	Sat     Status = 1
	Unsat   Status = -1
)

// String gives the SAT-competition spelling.
func (s Status) String() string {
	switch s {
	case Sat:
		return "SATISFIABLE"
	case Unsat:
		return "UNSATISFIABLE"
	}
	return "UNKNOWN"
}

// ExitCode is the SAT-competition exit code: 10 SAT, 20 UNSAT, 0 unknown.
func (s Status) ExitCode() int {
	switch s {
	case Sat:
		return 10
	case Unsat:
		return 20
	}
	return 0
}

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

// Result is the outcome of a solve. For Sat, Model[v] is the value of
// variable v (index 0 unused) and has been checked against every clause.
type Result struct {
	Status Status
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

// Engine is a SAT solver backend.
type Engine interface {
	Name() string
	Solve(ctx context.Context, f *CNF, opts Options) (Result, error)
}

// ModelError reports a model that falsifies a clause: an engine bug that
// must never reach the user as an answer.
type ModelError struct {
	Clause int
	Lits   []int32
}

func (e *ModelError) Error() string {
	return fmt.Sprintf("internal error: model falsifies clause %d %v", e.Clause, e.Lits)
}

// CheckModel verifies that model satisfies every clause of f.
func CheckModel(f *CNF, model []bool) error {
	for i := 0; i < f.NumClauses(); i++ {
		ok := false
		for _, l := range f.Clause(i) {
			v := int(lit.Var(l))
			if v < len(model) && model[v] == (l > 0) {
				ok = true
				break
			}
		}
		if !ok {
			return &ModelError{Clause: i, Lits: f.Clause(i)}
		}
	}
	return nil
}

// checked finishes a result: a SAT answer must pass CheckModel.
func checked(f *CNF, r Result) (Result, error) {
	if r.Status == Sat {
		if err := CheckModel(f, r.Model); err != nil {
			return Result{Status: Unknown, Stats: r.Stats}, err
		}
	}
	return r, nil
}
