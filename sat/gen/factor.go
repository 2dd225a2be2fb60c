package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/verify-tools/verify/sat"
)

func factorFamily() Family {
	return Family{
		Name: "factor",
		Doc:  "a × b = N through an array multiplier, a, b > 1: N a semiprime (SAT) or a prime (UNSAT)",
		Params: []Param{
			{Name: "bits", Default: 32, Min: 6, Max: 62, Doc: "bits of N (a has bits/2, b the rest)"},
			{Name: "prime", Default: 0, Min: 0, Max: 1, Doc: "1: N is prime (UNSAT); 0: N = p·q (SAT)"},
		},
		Answer: func(p Params) string {
			if p["prime"] == 1 {
				return "unsat"
			}
			return "sat"
		},
		gen:   genFactor,
		notes: factorNotes,
	}
}

// factorNotes says N and its factors in one line: "N = 2257 = 61 × 37",
// "N = 2003 (prime)".
func factorNotes(v []Value) []string {
	if len(v) == 3 {
		return []string{fmt.Sprintf("N = %s = %s × %s", v[0].Value, v[1].Value, v[2].Value)}
	}
	return []string{fmt.Sprintf("N = %s (prime)", v[0].Value)}
}

func genFactor(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	bits := p["bits"]
	ha, hb := bits/2, bits-bits/2
	var n uint64
	var values []Value
	if p["prime"] == 1 {
		n = RandomPrime(r, bits)
		values = []Value{{"N", fmt.Sprint(n)}}
	} else {
		x, y := RandomPrime(r, ha), RandomPrime(r, hb)
		n = x * y
		values = []Value{{"N", fmt.Sprint(n)}, {"p", fmt.Sprint(x)}, {"q", fmt.Sprint(y)}}
	}
	c := NewCircuit()
	a, b := c.Inputs(ha), c.Inputs(hb)
	for i, o := range c.Multiply(a, b) {
		bit := n>>i&1 == 1
		switch {
		case o == 0 && bit:
			return nil, nil, fmt.Errorf("internal error: product bit %d is constant 0", i)
		case o == 0:
		case bit:
			c.Assert(o)
		default:
			c.Assert(-o)
		}
	}
	// a > 1 and b > 1: some bit above bit 0 is set.
	c.Assert(a[1:]...)
	c.Assert(b[1:]...)
	return c.F, values, nil
}
