package engine

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
)

// BackboneOptions bound a backbone extraction. Zero means no limit.
type BackboneOptions struct {
	// PerCall bounds each solver call, the first (model-finding) one
	// included. A candidate whose call runs out is left unproven.
	PerCall time.Duration
	// Total bounds the whole extraction.
	Total time.Duration
	// Engine names the incremental engine ("gini", "cadical"); "" is the
	// build's default, EngineNames()[0].
	Engine string
}

// BackboneResult is the outcome of Backbone.
type BackboneResult struct {
	// Status is Sat when a model was found, Unsat when the formula has
	// none, Unknown when the first solve ran out of time.
	Status sat.Status
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
	// Propagated counts backbone literals proven without search (by an
	// engine that is a Propagator: gini's unit propagation, CaDiCaL's
	// root-level units).
	Propagated int
	// SolveTime is the time of the first, model-finding call; Time is the
	// wall-clock time of the whole extraction.
	SolveTime, Time time.Duration
	// Engine is the engine that ran.
	Engine string
}

// Backbone computes the backbone of f: the literals true in every model.
//
// It finds one model and takes its literals as candidates. Each candidate
// l is tested by assuming ¬l: a refutation without search (engines that
// are a Propagator) or an UNSAT answer proves l (it is then added as
// a unit clause, which helps the later calls); a new model drops every
// candidate it falsifies; a call that runs out of time leaves l unproven
// and the result incomplete. Variables that occur in no clause are never
// backbone. The engine (opts.Engine) is an Incremental solver; every
// engine gives the same backbone when the result is complete.
//
// An unsatisfiable f gives Status Unsat, Complete true and no error. The
// error is non-nil for an engine that cannot be made (unknown name, not
// in this build) and for an engine bug (a model that fails the check).
func Backbone(ctx context.Context, f *sat.CNF, opts BackboneOptions) (BackboneResult, error) {
	t0 := time.Now()
	if opts.Total > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Total)
		defer cancel()
	}
	s, err := NewIncremental(opts.Engine, f)
	if err != nil {
		return BackboneResult{}, fmt.Errorf("backbone: %w", err)
	}
	defer s.Close()
	res := BackboneResult{Engine: opts.Engine}
	if res.Engine == "" {
		res.Engine = Names()[0]
	}

	st := s.Solve(ctx, nil, opts.PerCall)
	res.SolveTime = time.Since(t0)
	res.Calls++
	switch st {
	case sat.Unsat:
		res.Status, res.Complete = sat.Unsat, true
		res.Time = time.Since(t0)
		return res, nil
	case sat.Unknown:
		res.Time = time.Since(t0)
		return res, nil
	}
	res.Status = sat.Sat
	res.Model = make([]bool, f.NumVars+1)
	for v := 1; v <= f.NumVars; v++ {
		res.Model[v] = s.Value(int32(v))
	}
	if err := sat.CheckModel(f, res.Model); err != nil {
		return BackboneResult{Status: sat.Unknown, Calls: res.Calls, Time: time.Since(t0), Engine: res.Engine},
			fmt.Errorf("backbone: %s: first model: %w", res.Engine, err)
	}

	occurs := make([]bool, f.NumVars+1)
	for _, l := range f.Lits {
		occurs[lit.Var(l)] = true
	}
	// alive[v]: variable v is still a candidate with phase res.Model[v].
	alive := make([]bool, f.NumVars+1)
	var cands []int32
	for v := 1; v <= f.NumVars; v++ {
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

	prop, _ := s.(Propagator)
	phases, _ := s.(PhaseResetter)
	assume := make([]int32, 1)
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
		assume[0] = -l
		// Unit propagation alone may refute ¬l: no search needed.
		if prop != nil && prop.Refuted(assume) {
			res.Backbone = append(res.Backbone, l)
			res.Propagated++
			alive[v] = false
			s.AddClause(l)
			continue
		}
		st := s.Solve(ctx, assume, opts.PerCall)
		res.Calls++
		switch st {
		case sat.Unsat:
			res.Backbone = append(res.Backbone, l)
			alive[v] = false
			s.AddClause(l)
		case sat.Sat:
			alive[v] = false // the new model falsifies l
			for _, w := range cands {
				if alive[w] && s.Value(w) != res.Model[w] {
					alive[w] = false
				}
			}
		default:
			alive[v] = false
			res.Complete = false
			// The stopped search leaves its phases behind (here those of
			// ¬l's hard subproblem); put back the model's, or the later
			// calls run into the same wall and time out in turn.
			if phases != nil && ctx.Err() == nil {
				phases.ResetPhases(ctx, modelLits)
			}
		}
	}
	slices.SortFunc(res.Backbone, func(a, b int32) int { return int(lit.Var(a) - lit.Var(b)) })
	res.Time = time.Since(t0)
	return res, nil
}
