package gen

import (
	"context"
	"math/rand/v2"

	sgen "github.com/verify-tools/verify/sat/gen"

	"github.com/verify-tools/verify/sat"
)

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
func genCard(_ context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	type point struct{ n, subsets, width int }
	var grid []point
	ns, shapes := []int{40, 60, 80}, [][2]int{{3, 12}, {5, 10}, {4, 20}}
	if size == Medium {
		ns, shapes = []int{100, 150, 200}, [][2]int{{6, 20}, {8, 24}}
	}
	for _, n := range ns {
		for _, sh := range shapes {
			grid = append(grid, point{n, sh[0], sh[1]})
		}
	}
	p := pick(grid, index)
	model := sgen.RandomModel(r, p.n)
	f := sat.NewCNF(p.n)
	c := make([]int32, 3)
	for f.NumClauses() < 3*p.n {
		for i, v := range sgen.DistinctVars(r, p.n, 3) {
			c[i] = sgen.RandLit(r, v)
		}
		if sgen.Satisfied(model, c) {
			f.AddClause(c...)
		}
	}
	next := int32(p.n)
	for range p.subsets {
		vs := sgen.DistinctVars(r, p.n, p.width)
		lits := make([]int32, len(vs))
		trueCount := 0
		for i, v := range vs {
			lits[i] = sgen.RandLit(r, v)
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
	return draw{
		cnf:  f,
		grid: []Param{{"n", itoa(p.n)}, {"ratio", "3"}, {"constraints", itoa(p.subsets)}, {"width", itoa(p.width)}},
	}, nil
}
