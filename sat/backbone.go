package sat

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/go-air/gini"
	"github.com/go-air/gini/z"

	"github.com/verify-tools/verify/internal/lit"
)

// BackboneOptions bound a backbone extraction. Zero means no limit.
type BackboneOptions struct {
	// PerCall bounds each solver call, the first (model-finding) one
	// included. A candidate whose call runs out is left unproven.
	PerCall time.Duration
	// Total bounds the whole extraction.
	Total time.Duration
}

// BackboneResult is the outcome of Backbone.
type BackboneResult struct {
	// Status is Sat when a model was found, Unsat when the formula has
	// none, Unknown when the first solve ran out of time.
	Status Status
	// Backbone holds the literals proven true in every model, sorted by
	// variable. Only proven literals are listed, also when incomplete.
	Backbone []int32
	// Model is the first model found (index 0 unused), checked against
	// every clause; nil unless Status is Sat.
	Model []bool
	// Complete is true when every candidate was decided, so Backbone is
	// the whole backbone (or the formula was proven unsatisfiable).
	Complete bool
	// Calls counts the CDCL solver calls, the first one included; literals
	// settled by unit propagation alone cost no call.
	Calls int
	// Propagated counts backbone literals proven by unit propagation.
	Propagated int
	// SolveTime is the time of the first, model-finding call; Time is the
	// wall-clock time of the whole extraction.
	SolveTime, Time time.Duration
}

// Backbone computes the backbone of f: the literals true in every model.
//
// It finds one model and takes its literals as candidates. Each candidate
// l is tested by assuming ¬l: a conflict under unit propagation or an
// UNSAT answer proves l (it is then added as a unit clause, which helps
// the later calls); a new model drops every candidate it falsifies; a
// call that runs out of time leaves l unproven and the result incomplete.
// Variables that occur in no clause are never backbone.
//
// An unsatisfiable f gives Status Unsat, Complete true and no error. The
// error is non-nil only for an engine bug (a model that fails the check).
func Backbone(ctx context.Context, f *CNF, opts BackboneOptions) (BackboneResult, error) {
	t0 := time.Now()
	if opts.Total > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Total)
		defer cancel()
	}
	g := newGini(f)
	var res BackboneResult

	st := solveLimited(ctx, g, opts.PerCall)
	res.SolveTime = time.Since(t0)
	res.Calls++
	switch st {
	case Unsat:
		res.Status, res.Complete = Unsat, true
		res.Time = time.Since(t0)
		return res, nil
	case Unknown:
		res.Time = time.Since(t0)
		return res, nil
	}
	res.Status = Sat
	top := min(f.NumVars, int(g.MaxVar()))
	res.Model = make([]bool, f.NumVars+1)
	for v := 1; v <= top; v++ {
		res.Model[v] = g.Value(z.Var(v).Pos())
	}
	if err := CheckModel(f, res.Model); err != nil {
		return BackboneResult{Status: Unknown, Calls: res.Calls, Time: time.Since(t0)}, fmt.Errorf("backbone: first model: %w", err)
	}

	occurs := make([]bool, f.NumVars+1)
	for _, l := range f.Lits {
		occurs[lit.Var(l)] = true
	}
	// alive[v]: variable v is still a candidate with phase res.Model[v].
	alive := make([]bool, f.NumVars+1)
	var cands []int32
	for v := 1; v <= top; v++ {
		if occurs[v] {
			alive[v] = true
			cands = append(cands, int32(v))
		}
	}
	modelLit := func(v int32) int32 {
		if res.Model[v] {
			return v
		}
		return -v
	}

	modelLits := make([]int32, len(cands))
	for i, v := range cands {
		modelLits[i] = modelLit(v)
	}

	res.Complete = true
	for _, v := range cands {
		if !alive[v] {
			continue
		}
		if ctx.Err() != nil {
			res.Complete = false
			break
		}
		l := modelLit(v)
		neg := z.Dimacs2Lit(int(-l))
		// Unit propagation alone may refute ¬l: no search needed.
		g.Assume(neg)
		r, _ := g.Test(nil)
		g.Untest()
		if r == -1 {
			res.Backbone = append(res.Backbone, l)
			res.Propagated++
			alive[v] = false
			addUnit(g, l)
			continue
		}
		g.Assume(neg)
		st := solveLimited(ctx, g, opts.PerCall)
		res.Calls++
		switch st {
		case Unsat:
			res.Backbone = append(res.Backbone, l)
			alive[v] = false
			addUnit(g, l)
		case Sat:
			alive[v] = false // the new model falsifies l
			for _, w := range cands {
				if alive[w] && g.Value(z.Var(w).Pos()) != res.Model[w] {
					alive[w] = false
				}
			}
		default:
			alive[v] = false
			res.Complete = false
			// The stopped search leaves its phases behind (here those of
			// ¬l's hard subproblem); put back the model's, or the later
			// calls run into the same wall and time out in turn.
			if ctx.Err() == nil {
				seedPhases(ctx, g, modelLits, true)
			}
		}
	}
	slices.SortFunc(res.Backbone, func(a, b int32) int { return int(lit.Var(a) - lit.Var(b)) })
	res.Time = time.Since(t0)
	return res, nil
}

// addUnit adds the proven literal l as a unit clause.
func addUnit(g *gini.Gini, l int32) {
	g.Add(z.Dimacs2Lit(int(l)))
	g.Add(z.LitNull)
}

// solveLimited runs one solve under the pending assumptions, stopping it
// when limit (if positive) passes or ctx ends. It never uses gini's Try,
// whose deadline would stick to later calls.
func solveLimited(ctx context.Context, g *gini.Gini, limit time.Duration) Status {
	var deadline time.Time
	if limit > 0 {
		deadline = time.Now().Add(limit)
	}
	h := g.GoSolve()
	// Most calls on small formulas end in microseconds: poll with a
	// backoff that starts short, so they are not charged a whole tick.
	wait := 5 * time.Microsecond
	for {
		if r, done := h.Test(); done {
			return Status(r)
		}
		if ctx.Err() != nil || (!deadline.IsZero() && time.Now().After(deadline)) {
			return Status(h.Stop())
		}
		time.Sleep(wait)
		wait = min(2*wait, pollInterval)
	}
}
