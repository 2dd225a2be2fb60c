package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func cardFamily() Family {
	return Family{
		Name: "card",
		Doc:  "planted random 3-SAT with 3n clauses plus sequential-counter at-most-k and at-least-k constraints over random literal sets, k the planted model's count (SAT)",
		Params: []Param{
			{Name: "n", Default: 80, Min: 3, Max: 1000000, Doc: "variables (before the counters' auxiliaries)"},
			{Name: "constraints", Default: 4, Min: 0, Max: 100000, Doc: "cardinality constraints"},
			{Name: "width", Default: 12, Min: 1, Max: 100000, Doc: "literals per constraint (at most n)"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genCard,
	}
}

// atMost adds Sinz's sequential-counter encoding of "at most k of lits
// are true" to f, with fresh auxiliary variables from *next.
func atMost(f *sat.CNF, lits []int32, k int, next *int32) {
	n := len(lits)
	if k >= n {
		return
	}
	if k == 0 {
		for _, l := range lits {
			f.AddClause(-l)
		}
		return
	}
	// s[i][j]: at least j+1 of lits[0..i] are true.
	s := make([][]int32, n-1)
	for i := range s {
		s[i] = make([]int32, k)
		for j := range s[i] {
			*next++
			s[i][j] = *next
		}
	}
	f.AddClause(-lits[0], s[0][0])
	for j := 1; j < k; j++ {
		f.AddClause(-s[0][j])
	}
	for i := 1; i < n-1; i++ {
		f.AddClause(-lits[i], s[i][0])
		f.AddClause(-s[i-1][0], s[i][0])
		for j := 1; j < k; j++ {
			f.AddClause(-lits[i], -s[i-1][j-1], s[i][j])
			f.AddClause(-s[i-1][j], s[i][j])
		}
		f.AddClause(-lits[i], -s[i-1][k-1])
	}
	f.AddClause(-lits[n-1], -s[n-2][k-1])
}

// atLeast adds "at least k of lits are true" as at most len-k false.
func atLeast(f *sat.CNF, lits []int32, k int, next *int32) {
	neg := make([]int32, len(lits))
	for i, l := range lits {
		neg[i] = -l
	}
	atMost(f, neg, len(lits)-k, next)
}

// genCard draws planted 3-SAT below the threshold and adds cardinality
// constraints over random variable subsets: at most / at least the
// number of them the planted model sets true, so the model still
// satisfies everything.
func genCard(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n, width := p["n"], p["width"]
	if width > n {
		return nil, nil, fmt.Errorf("width=%d exceeds the %d variables", width, n)
	}
	model := RandomModel(r, n)
	f := randomKSAT(r, 3, n, 3*n, model)
	next := int32(n)
	for range p["constraints"] {
		vs := DistinctVars(r, n, width)
		lits := make([]int32, len(vs))
		trueCount := 0
		for i, v := range vs {
			lits[i] = RandLit(r, v)
			if model[v] == (lits[i] > 0) {
				trueCount++
			}
		}
		if r.IntN(2) == 0 {
			atMost(f, lits, trueCount, &next)
		} else {
			atLeast(f, lits, trueCount, &next)
		}
	}
	f.NumVars = max(f.NumVars, int(next))
	return f, nil, nil
}
