package engine

import (
	"context"
	"time"

	"github.com/verify-tools/verify/sat"
)

// Incremental is a SAT solver kept across calls on one formula, as
// backbone extraction needs: clauses are added between calls, and each
// call solves under assumptions that hold for that call only.
type Incremental interface {
	// AddClause adds a clause of DIMACS literals; it must not be called
	// while Solve runs.
	AddClause(lits ...int32)
	// Solve solves the clauses under the assumptions (DIMACS literals,
	// true for this call only). It returns Unknown when limit (if
	// positive) passes or ctx ends first; the solver stays usable.
	Solve(ctx context.Context, assumptions []int32, limit time.Duration) sat.Status
	// Value is variable v's value in the model of the last Solve that
	// answered Sat; a variable the solver never saw is false.
	Value(v int32) bool
	// Close releases the solver.
	Close()
}

// Propagator is an Incremental that can refute assumptions without
// search: gini by unit propagation (its Test), CaDiCaL by the units it
// has fixed at the root level.
type Propagator interface {
	// Refuted reports whether the assumptions were shown to conflict
	// with the clauses without search. False proves nothing.
	Refuted(assumptions []int32) bool
}

// PhaseResetter is an Incremental whose saved phases can be set, so that
// a search stopped by a limit does not leave its phases to the next call.
type PhaseResetter interface {
	// ResetPhases makes lits the saved phases of their variables.
	ResetPhases(ctx context.Context, lits []int32)
}
