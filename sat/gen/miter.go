package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func miterFamily() Family {
	return Family{
		Name: "miter",
		Doc:  "commutativity miter a×b ≠ b×a of two array multipliers, some input bits fixed at random (UNSAT)",
		Params: []Param{
			{Name: "bits", Default: 10, Min: 2, Max: 32, Doc: "width of a and b"},
			{Name: "fixed", Default: 0, Min: 0, Max: 64, Doc: "input bits fixed to random values (fewer: harder)"},
		},
		Answer: func(Params) string { return "unsat" },
		gen:    genMiter,
	}
}

func genMiter(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	bits, fixed := p["bits"], p["fixed"]
	if fixed > 2*bits {
		return nil, nil, fmt.Errorf("fixed=%d exceeds the %d input bits", fixed, 2*bits)
	}
	c := NewCircuit()
	a, b := c.Inputs(bits), c.Inputs(bits)
	x, y := c.Multiply(a, b), c.Multiply(b, a)
	var diff []int32
	for i := range x {
		switch {
		case x[i] == 0 && y[i] == 0:
		case x[i] == 0:
			diff = append(diff, y[i])
		case y[i] == 0:
			diff = append(diff, x[i])
		default:
			diff = append(diff, c.Xor(x[i], y[i]))
		}
	}
	c.Assert(diff...)
	ins := append(append([]int32{}, a...), b...)
	for _, i := range r.Perm(len(ins))[:fixed] {
		c.Assert(RandLit(r, ins[i]))
	}
	return c.F, nil, nil
}
