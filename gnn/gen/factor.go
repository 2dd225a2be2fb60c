package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	sgen "github.com/verify-tools/verify/sat/gen"
)

// genFactor encodes "a × b = N, a > 1, b > 1" through an array multiplier
// for N = p·q with random primes p, q of the grid's bit widths: the
// factors are the only solutions (in both orders when they fit both).
func genFactor(_ context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	grid := [][2]int{{5, 5}, {5, 6}, {6, 6}, {6, 7}, {7, 7}, {7, 8}, {8, 8}, {8, 9}}
	if size == Medium {
		grid = [][2]int{{10, 10}, {10, 11}, {11, 11}, {11, 12}, {12, 12}, {12, 13}}
	}
	bits := pick(grid, index)
	p, q := sgen.RandomPrime(r, bits[0]), sgen.RandomPrime(r, bits[1])
	n := p * q
	c := sgen.NewCircuit()
	a, b := c.Inputs(bits[0]), c.Inputs(bits[1])
	prod := c.Multiply(a, b)
	for i, o := range prod {
		if o == 0 {
			if n>>i&1 == 1 {
				return draw{}, fmt.Errorf("internal error: product bit %d is constant 0", i)
			}
			continue
		}
		if n>>i&1 == 1 {
			c.Assert(o)
		} else {
			c.Assert(-o)
		}
	}
	// a > 1 and b > 1: some bit above bit 0 is set.
	c.Assert(a[1:]...)
	c.Assert(b[1:]...)
	return draw{
		cnf:  c.F,
		grid: []Param{{"bits-a", itoa(bits[0])}, {"bits-b", itoa(bits[1])}},
		info: []Param{{"N", fmt.Sprint(n)}, {"p", fmt.Sprint(p)}, {"q", fmt.Sprint(q)}},
	}, nil
}
