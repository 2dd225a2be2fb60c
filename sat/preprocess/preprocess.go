// Package preprocess simplifies a CNF formula before a CDCL search, as
// SatELite and MiniSat's simplifier do: unit propagation, equivalent-literal
// substitution, failed-literal probing, subsumption and self-subsuming
// resolution, and bounded variable elimination. The simplified formula keeps
// the input's variable numbering; Result.Extend turns a model of it into a
// model of the input, which the caller then checks against the input's
// clauses.
//
// All work is bounded: by a step budget proportional to the formula's size,
// by Options.MaxTime and by the context. When a bound is hit the
// preprocessor stops and returns what it has, which is always sound.
package preprocess

import (
	"context"
	"fmt"
	"time"

	"github.com/verify-tools/verify/internal/lit"
)

// Formula is the input: clauses of DIMACS literals over 1..NumVars.
type Formula interface {
	NumClauses() int
	Clause(i int) []int32
}

// Options bound and select the work.
type Options struct {
	// MaxTime bounds the wall-clock time; 0 means only the step budget.
	MaxTime time.Duration
	// Effort scales the step budget: Effort × literals + a constant.
	// 0 means DefaultEffort.
	Effort int64
	// MaxResolvent is the longest resolvent variable elimination may add
	// (0 = 20, MiniSat's clause limit); MaxOccurrences skips variables
	// whose occurrence lists multiply to more than this (0 = 2,500).
	MaxResolvent, MaxOccurrences int
	// Disable switches techniques off, for tests and measurements.
	NoEquivalences, NoProbing, NoSubsumption, NoElimination bool
}

// DefaultEffort is the step budget per input literal.
const DefaultEffort = 60

// baseSteps is the step budget every formula gets on top of Effort × literals.
const baseSteps = 2_000_000

// Stats say what the preprocessor removed.
type Stats struct {
	VarsBefore, VarsAfter       int // variables occurring in the clauses
	ClausesBefore, ClausesAfter int
	LitsBefore, LitsAfter       int
	Units                       int // variables fixed at top level (failed literals included)
	FailedLiterals              int // literals whose probing gave a conflict (or lifted units)
	Equivalences                int // variables substituted by an equivalent literal
	Eliminated                  int // variables removed by bounded variable elimination
	Subsumed                    int // clauses removed as subsumed
	Strengthened                int // literals removed by self-subsuming resolution
	Steps                       int64
	// Stopped names the bound that cut the work short ("" when none did).
	Stopped string
	Time    time.Duration
}

// Lines renders the statistics as solver comment lines (without "c ").
func (s Stats) Lines() []string {
	lines := []string{
		fmt.Sprintf("preprocess: %d → %d variables, %d → %d clauses, %d → %d literals in %.3fs",
			s.VarsBefore, s.VarsAfter, s.ClausesBefore, s.ClausesAfter, s.LitsBefore, s.LitsAfter, s.Time.Seconds()),
		fmt.Sprintf("preprocess: %d units (%d from failed literals), %d equivalent variables substituted, %d variables eliminated, %d clauses subsumed, %d literals strengthened away",
			s.Units, s.FailedLiterals, s.Equivalences, s.Eliminated, s.Subsumed, s.Strengthened),
	}
	if s.Stopped != "" {
		lines = append(lines, "preprocess: stopped early by the "+s.Stopped)
	}
	return lines
}

// Result is the simplified formula and what is needed to undo it.
type Result struct {
	// Unsat is true when preprocessing refuted the formula.
	Unsat bool
	// NumVars is the input's variable count; Clauses use the same numbers.
	NumVars int
	Clauses [][]int32
	Stats   Stats

	stack   []entry
	repr    []int32 // var → equivalent literal it was replaced by (0: none)
	removed []bool  // var fixed, substituted or eliminated
}

// Run simplifies f over variables 1..numVars. It returns an error only when
// the input is malformed (a literal outside 1..numVars or zero).
func Run(ctx context.Context, f Formula, numVars int, opts Options) (*Result, error) {
	t0 := time.Now()
	d := newDB(numVars)
	d.clauses = make([]clause, 0, f.NumClauses())
	lits := 0
	for i := 0; i < f.NumClauses(); i++ {
		c := f.Clause(i)
		for _, l := range c {
			if l == 0 || lit.Var(l) > int32(numVars) {
				return nil, fmt.Errorf("preprocess: clause %d: literal %d outside 1..%d", i, l, numVars)
			}
		}
		lits += len(c)
		d.add(c)
	}
	d.stats.ClausesBefore, d.stats.LitsBefore, d.stats.VarsBefore = f.NumClauses(), lits, countVars(f, numVars)
	effort := opts.Effort
	if effort <= 0 {
		effort = DefaultEffort
	}
	d.budget = baseSteps + effort*int64(lits)
	d.ctx = ctx
	if opts.MaxTime > 0 {
		d.deadline = t0.Add(opts.MaxTime)
	}
	d.maxResolvent, d.maxOcc = opts.MaxResolvent, opts.MaxOccurrences
	if d.maxResolvent <= 0 {
		d.maxResolvent = 20
	}
	if d.maxOcc <= 0 {
		d.maxOcc = 2500
	}
	d.run(opts)
	return d.result(time.Since(t0)), nil
}

// run applies the techniques, cheapest first, twice at most.
func (d *db) run(opts Options) {
	d.propagate()
	for round := 0; round < 2 && !d.unsat && !d.exhausted(); round++ {
		before := d.changes()
		if !opts.NoEquivalences {
			d.substituteEquivalences()
		}
		if !opts.NoSubsumption && !d.unsat {
			d.subsumeAll()
		}
		if !opts.NoElimination && !d.unsat {
			d.eliminate()
		}
		if !opts.NoProbing && !d.unsat {
			d.probe()
		}
		if d.changes() == before {
			break
		}
	}
}

// changes sums the counters that a round can raise.
func (d *db) changes() int {
	s := &d.stats
	return s.Units + s.Equivalences + s.Eliminated + s.Subsumed + s.Strengthened
}

func (d *db) result(took time.Duration) *Result {
	r := &Result{Unsat: d.unsat, NumVars: d.nvars, stack: d.stack, repr: d.repr, removed: d.removed}
	d.stats.Time = took
	if !d.unsat {
		occurs := make([]bool, d.nvars+1)
		for i := range d.clauses {
			c := &d.clauses[i]
			if c.deleted {
				continue
			}
			r.Clauses = append(r.Clauses, c.lits)
			d.stats.LitsAfter += len(c.lits)
			for _, l := range c.lits {
				if !occurs[lit.Var(l)] {
					occurs[lit.Var(l)] = true
					d.stats.VarsAfter++
				}
			}
		}
	}
	d.stats.ClausesAfter = len(r.Clauses)
	r.Stats = d.stats
	return r
}

func countVars(f Formula, numVars int) int {
	seen := make([]bool, numVars+1)
	n := 0
	for i := 0; i < f.NumClauses(); i++ {
		for _, l := range f.Clause(i) {
			if !seen[lit.Var(l)] {
				seen[lit.Var(l)] = true
				n++
			}
		}
	}
	return n
}
