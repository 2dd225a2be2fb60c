package engine

import (
	"context"
	"errors"
	"time"

	"github.com/go-air/gini"
	"github.com/go-air/gini/z"

	"github.com/verify-tools/verify/sat"
)

// giniSpec is the pure-Go engine (github.com/go-air/gini), in every build.
var giniSpec = Spec{
	Name:    "gini",
	Built:   true,
	Version: func() string { return moduleVersion("github.com/go-air/gini") },
	New: func(cfg Config) (searcher, error) {
		if cfg.Proof != "" {
			return nil, errors.New("the gini engine cannot write DRAT proofs; use --engine cadical (in binaries built by 'make build' where libcadical-dev is installed)")
		}
		return giniSearcher{preprocess: !cfg.NoPreprocess}, nil
	},
	NewIncremental: func(f *sat.CNF) (Incremental, error) { return newGiniIncremental(f), nil },
	Configurations: []string{"default"},
}

// Gini is the pure-Go engine, in every build, with or without the
// preprocessor: for callers whose result must not depend on the build
// (generators that check their instances).
func Gini(preprocess bool) *Engine {
	return &Engine{name: giniSpec.Name, s: giniSearcher{preprocess: preprocess}}
}

// giniSearcher solves with gini, behind the pure-Go preprocessor
// (package sat/preprocess) when preprocess is set: the model is then
// extended back to the original variables.
type giniSearcher struct{ preprocess bool }

// A running solve is checked for an answer or a cancelled context first
// after minPoll, then at intervals doubling up to maxPoll, so tiny formulas
// answer in microseconds and long solves cost nothing noticeable.
const (
	minPoll = 20 * time.Microsecond
	maxPoll = 2 * time.Millisecond
	// pollInterval is the steady polling interval for other solve loops.
	pollInterval = maxPoll
)

func (e giniSearcher) search(ctx context.Context, f *sat.CNF, opts Options) (Result, error) {
	if e.preprocess {
		return solvePreprocessed(ctx, f, opts)
	}
	res, _ := giniSearch(ctx, f, opts, nil)
	return res, nil
}

// giniSearch solves f with gini on the seed schedule (drive), late seeds
// mapped by mapLate when not nil. It returns the result (model unchecked)
// and the seeds last applied.
func giniSearch(ctx context.Context, f *sat.CNF, opts Options, mapLate func([]int32) []int32) (Result, []int32) {
	g := newGini(f)
	var res Result
	start := time.Now()
	d := drive(ctx, giniPausable{g}, opts, mapLate, &res.Stats)
	res.Stats.SolveTime = time.Since(start) - res.Stats.SeedTime
	res.Status, res.Interrupted = d.status, d.status == sat.Unknown
	fillStats(&res.Stats, g)
	if d.status == sat.Sat {
		res.Model = make([]bool, f.NumVars+1)
		top := int(g.MaxVar()) // variables in no clause stay false
		for v := 1; v <= min(f.NumVars, top); v++ {
			res.Model[v] = g.Value(z.Var(v).Pos())
		}
	}
	return res, d.seeds
}

// newGini loads the clauses into a fresh gini instance.
func newGini(f *sat.CNF) *gini.Gini {
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

// giniPausable is gini as a pausable search: seeds become saved phases
// (seedPhases), a stretch runs GoSolve until the conflict count reaches
// its end, read while the search is paused.
type giniPausable struct{ g *gini.Gini }

func (p giniPausable) place(ctx context.Context, lits []int32, first bool) (sat.Status, int) {
	return seedPhases(ctx, p.g, lits, !first)
}

func (giniPausable) forces() bool       { return false }
func (giniPausable) release([]int32)    {}
func (p giniPausable) conflicts() int64 { return giniConflicts(p.g) }

// run runs gini's Solve in its own goroutine until it answers, ctx ends,
// late seeds arrive or, when limit ≥ 0, limit more conflicts are reached.
func (p giniPausable) run(ctx context.Context, limit int64, late <-chan []int32) (sat.Status, []int32, bool) {
	due := int64(-1)
	if limit >= 0 {
		due = giniConflicts(p.g) + limit
	}
	h := p.g.GoSolve()
	wait := minPoll
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		if r, done := h.Test(); done {
			return sat.Status(r), nil, false
		}
		select {
		case <-ctx.Done():
			return sat.Status(h.Stop()), nil, false
		case got := <-late:
			if len(got) == 0 {
				late = nil // closed without seeds: the search goes on undisturbed
				continue
			}
			return sat.Status(h.Stop()), got, true
		case <-timer.C:
			wait = min(2*wait, maxPoll)
			timer.Reset(wait)
			if due < 0 {
				continue
			}
			r, ok := h.Pause()
			if !ok {
				return sat.Status(r), nil, false
			}
			reached := giniConflicts(p.g) >= due
			h.Unpause()
			if reached {
				return sat.Status(h.Stop()), nil, false
			}
		}
	}
}
