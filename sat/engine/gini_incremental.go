package engine

import (
	"context"
	"runtime"
	"time"

	"github.com/go-air/gini"
	"github.com/go-air/gini/z"

	"github.com/verify-tools/verify/sat"
)

// giniIncremental is gini behind the Incremental interface; it is also a
// Propagator (gini's Test) and a PhaseResetter (seedPhases).
type giniIncremental struct {
	g *gini.Gini
}

func newGiniIncremental(f *sat.CNF) *giniIncremental { return &giniIncremental{g: newGini(f)} }

// AddClause implements Incremental.
func (s *giniIncremental) AddClause(lits ...int32) {
	for _, l := range lits {
		s.g.Add(z.Dimacs2Lit(int(l)))
	}
	s.g.Add(z.LitNull)
}

// Solve implements Incremental.
func (s *giniIncremental) Solve(ctx context.Context, assumptions []int32, limit time.Duration) sat.Status {
	s.assume(assumptions)
	return solveLimited(ctx, s.g, limit)
}

// Value implements Incremental.
func (s *giniIncremental) Value(v int32) bool {
	if z.Var(v) > s.g.MaxVar() {
		return false // in no clause: gini never saw it
	}
	return s.g.Value(z.Var(v).Pos())
}

// Close implements Incremental; gini holds no resources beyond memory.
func (s *giniIncremental) Close() {}

// Refuted implements Propagator.
func (s *giniIncremental) Refuted(assumptions []int32) bool {
	s.assume(assumptions)
	r, _ := s.g.Test(nil)
	s.g.Untest()
	return r == -1
}

// ResetPhases implements PhaseResetter.
func (s *giniIncremental) ResetPhases(ctx context.Context, lits []int32) {
	seedPhases(ctx, s.g, lits, true)
}

func (s *giniIncremental) assume(lits []int32) {
	for _, l := range lits {
		s.g.Assume(z.Dimacs2Lit(int(l)))
	}
}

// spinFor is how long solveLimited yields before it starts sleeping.
const spinFor = 50 * time.Microsecond

// solveLimited runs one solve under the pending assumptions, stopping it
// when limit (if positive) passes or ctx ends. It never uses gini's Try,
// whose deadline would stick to later calls.
func solveLimited(ctx context.Context, g *gini.Gini, limit time.Duration) sat.Status {
	var deadline time.Time
	if limit > 0 {
		deadline = time.Now().Add(limit)
	}
	h := g.GoSolve()
	// Most calls on small formulas end in microseconds: first yield to
	// the solver for up to spinFor (a sleep's wake-up alone can cost
	// more than such a call), then poll with a backoff.
	spinEnd := time.Now().Add(spinFor)
	for time.Now().Before(spinEnd) {
		if r, done := h.Test(); done {
			return sat.Status(r)
		}
		runtime.Gosched()
	}
	wait := 5 * time.Microsecond
	for {
		if r, done := h.Test(); done {
			return sat.Status(r)
		}
		if ctx.Err() != nil || (!deadline.IsZero() && time.Now().After(deadline)) {
			return sat.Status(h.Stop())
		}
		time.Sleep(wait)
		wait = min(2*wait, pollInterval)
	}
}
