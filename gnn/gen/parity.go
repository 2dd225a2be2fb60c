package gen

import (
	"context"
	"math/rand/v2"

	sgen "github.com/verify-tools/verify/sat/gen"
)

// genParity draws XOR constraints of width 3..5 over n variables whose
// right-hand sides agree with a planted model, Tseitin-encodes each as a
// chain of 2-input XOR gates, and adds planted random 3-clauses so that
// the formula is not pure linear algebra.
func genParity(_ context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	type point struct{ n, xors, clauses int }
	var grid []point
	ns, xorShares := []int{30, 40, 50, 60}, []float64{0.6, 0.8}
	if size == Medium {
		ns = []int{80, 100, 120}
	}
	for _, n := range ns {
		for _, x := range xorShares {
			grid = append(grid, point{n, int(x * float64(n)), 2 * n})
		}
	}
	p := pick(grid, index)
	c := sgen.NewCircuit()
	x := c.Inputs(p.n)
	model := sgen.RandomModel(r, p.n)
	for range p.xors {
		vs := sgen.DistinctVars(r, p.n, 3+r.IntN(3))
		parity := false
		acc := x[vs[0]-1]
		parity = parity != model[vs[0]]
		for _, v := range vs[1:] {
			acc = c.Xor(acc, x[v-1])
			parity = parity != model[v]
		}
		if parity {
			c.Assert(acc)
		} else {
			c.Assert(-acc)
		}
	}
	cl := make([]int32, 3)
	for added := 0; added < p.clauses; {
		for i, v := range sgen.DistinctVars(r, p.n, 3) {
			cl[i] = sgen.RandLit(r, x[v-1])
		}
		if sgen.Satisfied(model, cl) {
			c.Assert(cl...)
			added++
		}
	}
	return draw{
		cnf:  c.F,
		grid: []Param{{"n", itoa(p.n)}, {"xors", itoa(p.xors)}, {"clauses", itoa(p.clauses)}},
	}, nil
}
