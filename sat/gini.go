package sat

import (
	"context"
	"fmt"
	"time"

	"github.com/go-air/gini"
	"github.com/go-air/gini/inter"
	"github.com/go-air/gini/z"
)

// Gini is the pure-Go CDCL engine (github.com/go-air/gini).
type Gini struct {
	// Preprocess runs the pure-Go preprocessor (package sat/preprocess)
	// before the search; the model is extended back and checked against
	// the original clauses.
	Preprocess bool
}

// Name implements Engine.
func (Gini) Name() string { return "gini" }

// A running solve is checked for an answer or a cancelled context first
// after minPoll, then at intervals doubling up to maxPoll, so tiny formulas
// answer in microseconds and long solves cost nothing noticeable.
const (
	minPoll = 20 * time.Microsecond
	maxPoll = 2 * time.Millisecond
	// pollInterval is the steady polling interval for other solve loops.
	pollInterval = maxPoll
)

// MaxVars bounds the variable count the engines accept: the model alone
// takes a byte per variable and the solvers several words.
const MaxVars = 1 << 28

// Solve implements Engine.
func (e Gini) Solve(ctx context.Context, f *CNF, opts Options) (Result, error) {
	if f.NumVars > MaxVars {
		return Result{}, fmt.Errorf("formula has %d variables; gini supports at most %d", f.NumVars, MaxVars)
	}
	if e.Preprocess {
		r, err := e.solvePreprocessed(ctx, f, opts)
		if err != nil {
			return r, err
		}
		return checked(f, r)
	}
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
	// Capacity hints only; a header may announce far more variables than
	// the clauses use.
	g := gini.NewVc(min(f.NumVars, len(f.Lits)+1), f.NumClauses())
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
	wait := minPoll
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		if r, done := h.Test(); done {
			return Status(r), false
		}
		select {
		case <-ctx.Done():
			r := h.Stop()
			return Status(r), Status(r) == Unknown
		case <-timer.C:
			wait = min(2*wait, maxPoll)
			timer.Reset(wait)
		}
	}
}
