package engine

import (
	"context"
	"time"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/preprocess"
)

// Preprocessing budget: a step budget proportional to the formula
// (preprocess.DefaultEffort per literal) and a wall-clock cap of
// preprocessShare of the timeout, never more than preprocessMaxTime.
const (
	preprocessShare   = 0.1
	preprocessMaxTime = 30 * time.Second
)

// preprocessTime caps preprocessing for a solve with the given timeout.
func preprocessTime(timeout time.Duration) time.Duration {
	if timeout <= 0 {
		return preprocessMaxTime
	}
	return min(preprocessMaxTime, time.Duration(preprocessShare*float64(timeout)))
}

// solvePreprocessed simplifies f, solves what remains with gini and
// extends the model to f's variables; the wrapper checks it against f.
// ctx carries the timeout; opts.Timeout sizes the preprocessing budget.
func solvePreprocessed(ctx context.Context, f *sat.CNF, opts Options) (Result, error) {
	pre, err := preprocess.Run(ctx, f, f.NumVars, preprocess.Options{MaxTime: preprocessTime(opts.Timeout)})
	if err != nil {
		return Result{}, err
	}
	res := Result{Preprocess: &pre.Stats}
	if pre.Unsat {
		res.Status = sat.Unsat
		res.Stats.Conflicts, res.Stats.Decisions, res.Stats.Propagations, res.Stats.Restarts = 0, 0, 0, 0
		return res, nil
	}
	g := sat.NewCNF(f.NumVars)
	for _, c := range pre.Clauses {
		g.AddClause(c...)
	}
	inner := opts
	if len(opts.Phases) > 0 {
		inner.Phases, res.PhasesDropped = pre.MapPhases(opts.Phases)
	}
	// Late seeds are mapped like the early ones when they arrive; their
	// dropped count replaces the early one, as they replace those seeds.
	mapLate := func(p []int32) []int32 {
		mapped, dropped := pre.MapPhases(p)
		res.PhasesDropped = dropped
		return mapped
	}
	r, seeds := giniSearch(ctx, g, inner, mapLate)
	r.Preprocess, r.PhasesDropped = res.Preprocess, res.PhasesDropped
	if r.Status == sat.Sat {
		seedFree(g, r.Model, seeds)
		pre.Extend(r.Model)
	}
	return r, nil
}

// seedFree gives the variables that occur in no clause of g (the search
// never set them) the value of their seed, before reconstruction derives
// the removed variables from them.
func seedFree(g *sat.CNF, model []bool, phases []int32) {
	if len(phases) == 0 {
		return
	}
	occurs := make([]bool, len(model))
	for _, l := range g.Lits {
		occurs[lit.Var(l)] = true
	}
	for _, l := range phases {
		if v := lit.Var(l); int(v) < len(model) && !occurs[v] {
			model[v] = l > 0
		}
	}
}
