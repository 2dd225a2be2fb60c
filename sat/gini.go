package sat

import (
	"context"
	"time"

	"github.com/go-air/gini"
	"github.com/go-air/gini/inter"
	"github.com/go-air/gini/z"
)

// Gini is the pure-Go CDCL engine (github.com/go-air/gini).
type Gini struct{}

// Name implements Engine.
func (Gini) Name() string { return "gini" }

// pollInterval is how often a running solve is checked for an answer or a
// cancelled context.
const pollInterval = 2 * time.Millisecond

// Solve implements Engine.
func (Gini) Solve(ctx context.Context, f *CNF, opts Options) (Result, error) {
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	g := newGini(f)
	var res Result
	if len(opts.Phases) > 0 {
		t0 := time.Now()
		st, n := seedPhases(ctx, g, opts.Phases)
		res.Stats.SeedTime = time.Since(t0)
		res.Stats.SeededVars = n
		if st == Unsat {
			res.Status = Unsat
			fillStats(&res.Stats, g)
			return res, nil
		}
	}
	t0 := time.Now()
	st, interrupted := goSolve(ctx, g)
	res.Stats.SolveTime = time.Since(t0)
	res.Status, res.Interrupted = st, interrupted
	fillStats(&res.Stats, g)
	if st == Sat {
		res.Model = make([]bool, f.NumVars+1)
		top := int(g.MaxVar()) // variables in no clause stay false
		for v := 1; v <= min(f.NumVars, top); v++ {
			res.Model[v] = g.Value(z.Var(v).Pos())
		}
	}
	return checked(f, res)
}

// newGini loads the clauses into a fresh gini instance.
func newGini(f *CNF) *gini.Gini {
	g := gini.NewVc(f.NumVars, f.NumClauses())
	for i := 0; i < f.NumClauses(); i++ {
		for _, l := range f.Clause(i) {
			g.Add(z.Dimacs2Lit(int(l)))
		}
		g.Add(z.LitNull)
	}
	return g
}

// goSolve runs gini's Solve in its own goroutine and stops it when ctx
// ends; interrupted reports that the answer is unknown for that reason.
func goSolve(ctx context.Context, g inter.GoSolvable) (Status, bool) {
	h := g.GoSolve()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		if r, done := h.Test(); done {
			return Status(r), false
		}
		select {
		case <-ctx.Done():
			r := h.Stop()
			return Status(r), Status(r) == Unknown
		case <-tick.C:
		}
	}
}
