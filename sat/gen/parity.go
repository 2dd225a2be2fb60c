package gen

import (
	"context"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func parityFamily() Family {
	return Family{
		Name: "parity",
		Doc:  "XOR constraints of width 3–5 with a planted solution, Tseitin-encoded as chains of 2-input XORs, plus planted random 3-clauses (SAT)",
		Params: []Param{
			{Name: "n", Default: 60, Min: 5, Max: 1000000, Doc: "variables (before the XOR chains' gates)"},
			{Name: "xors", Default: 48, Min: 0, Max: 1000000, Doc: "XOR constraints"},
			{Name: "clauses", Default: 120, Min: 0, Max: 10000000, Doc: "planted 3-clauses"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genParity,
	}
}

// genParity draws XOR constraints of width 3..5 over n variables whose
// right-hand sides agree with a planted model, Tseitin-encodes each as a
// chain of 2-input XOR gates, and adds planted random 3-clauses so that
// the formula is not pure linear algebra.
func genParity(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	n := p["n"]
	c := NewCircuit()
	x := c.Inputs(n)
	model := RandomModel(r, n)
	for range p["xors"] {
		vs := DistinctVars(r, n, 3+r.IntN(3))
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
	for added := 0; added < p["clauses"]; {
		for i, v := range DistinctVars(r, n, 3) {
			cl[i] = RandLit(r, x[v-1])
		}
		if Satisfied(model, cl) {
			c.Assert(cl...)
			added++
		}
	}
	return c.F, nil, nil
}
