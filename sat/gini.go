package sat

import (
	"context"
	"fmt"
	"time"

	"github.com/go-air/gini"
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
	res, _ := giniSearch(ctx, f, opts, nil)
	return checked(f, res)
}

// giniSearch solves f with gini, applying the seeds on opts.Schedule: at
// the start (or when late seeds arrive, mapped by mapLate when not nil),
// then at stop points after growing numbers of conflicts: the search is
// stopped, the seeds become the saved phases again, and it resumes with
// its learned clauses. It returns the result (model unchecked) and the
// seeds last applied.
func giniSearch(ctx context.Context, f *CNF, opts Options, mapLate func([]int32) []int32) (Result, []int32) {
	g := newGini(f)
	var res Result
	sched := opts.Schedule.orDefault()
	seeds := opts.Phases
	late, watch := opts.LatePhases, opts.LatePhases != nil
	start := time.Now()
	next, due, isLate := 0, int64(-1), false
	// apply places the seeds (application next) and sets the next stop.
	apply := func() Status {
		t := time.Now()
		lits := seeds
		if sched.inverted(next) {
			lits = negated(seeds)
		}
		conflicts := giniConflicts(g)
		st, n := seedPhases(ctx, g, lits, len(res.Stats.SeedRounds) > 0 || isLate)
		res.Stats.SeedTime += time.Since(t)
		res.Stats.SeedRounds = append(res.Stats.SeedRounds, SeedRound{Seeds: len(lits), Placed: n,
			Inverted: sched.inverted(next), Late: isLate, Conflicts: conflicts, At: time.Since(start)})
		if len(res.Stats.SeedRounds) == 1 {
			res.Stats.SeededVars = n
		}
		due = -1
		if next < sched.Rounds {
			due = conflicts + sched.gap(next)
		}
		next++
		return st
	}
	st := Unknown
	if len(seeds) > 0 {
		st = apply()
	}
	for st == Unknown {
		var stop giniStop
		var got []int32
		st, stop, got = giniRun(ctx, g, due, late, watch)
		if st != Unknown {
			break
		}
		switch stop {
		case stopCtx:
			res.Interrupted = true
		case stopLate:
			watch = false
			if mapLate != nil {
				got = mapLate(got)
			}
			if len(got) > 0 {
				seeds, next, isLate = got, 0, true
				st = apply()
			}
		case stopDue:
			st = apply()
		}
		if res.Interrupted {
			break
		}
	}
	res.Stats.SolveTime = time.Since(start) - res.Stats.SeedTime
	res.Status = st
	fillStats(&res.Stats, g)
	if st == Sat {
		res.Model = make([]bool, f.NumVars+1)
		top := int(g.MaxVar()) // variables in no clause stay false
		for v := 1; v <= min(f.NumVars, top); v++ {
			res.Model[v] = g.Value(z.Var(v).Pos())
		}
	}
	return res, seeds
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

// giniStop says why giniRun stopped a search without an answer.
type giniStop int

const (
	stopCtx  giniStop = iota // ctx ended
	stopLate                 // late seeds arrived
	stopDue                  // the conflict count reached due
)

// giniRun runs gini's Solve in its own goroutine until it answers, ctx
// ends, late seeds arrive (while watch is set) or, when due ≥ 0, the
// conflict count reaches due (read while the search is paused).
func giniRun(ctx context.Context, g *gini.Gini, due int64, late <-chan []int32, watch bool) (Status, giniStop, []int32) {
	if !watch {
		late = nil // a nil channel never delivers
	}
	h := g.GoSolve()
	wait := minPoll
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		if r, done := h.Test(); done {
			return Status(r), stopCtx, nil
		}
		select {
		case <-ctx.Done():
			return Status(h.Stop()), stopCtx, nil
		case got := <-late:
			if len(got) == 0 {
				late = nil // closed without seeds: the search goes on undisturbed
				continue
			}
			return Status(h.Stop()), stopLate, got
		case <-timer.C:
			wait = min(2*wait, maxPoll)
			timer.Reset(wait)
			if due < 0 {
				continue
			}
			r, ok := h.Pause()
			if !ok {
				return Status(r), stopCtx, nil
			}
			reached := giniConflicts(g) >= due
			h.Unpause()
			if reached {
				return Status(h.Stop()), stopDue, nil
			}
		}
	}
}
