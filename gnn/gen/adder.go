package gen

import (
	"context"
	"math/rand/v2"

	sgen "github.com/verify-tools/verify/sat/gen"
)

// rippleAdder adds a and b; when bug ≥ 0 the carry of bit bug uses
// (a ∨ b) in place of (a ∧ b), a plausible wiring mistake that differs
// from the correct adder only when exactly one of a, b is set and the
// carry-in is 0 at that bit.
func rippleAdder(c *sgen.Circuit, a, b []int32, bug int) []int32 {
	out := make([]int32, 0, len(a)+1)
	var carry int32
	for i := range a {
		t := c.Xor(a[i], b[i])
		gen := c.And(a[i], b[i])
		if i == bug {
			gen = c.Or(a[i], b[i])
		}
		if carry == 0 {
			out = append(out, t)
			carry = gen
			continue
		}
		out = append(out, c.Xor(t, carry))
		carry = c.Or(gen, c.And(carry, t))
	}
	return append(out, carry)
}

// genAdderMiter builds the miter of a correct ripple-carry adder and one
// with a bug at a random bit, plus random input constraints that keep a
// witness: satisfiable exactly when some input tells them apart, which
// the planted witness guarantees.
func genAdderMiter(_ context.Context, r *rand.Rand, size Size, index int) (draw, error) {
	type point struct{ bits, fixed int }
	var grid []point
	widths, shares := []int{8, 12, 16, 24}, []float64{0.25, 0.5}
	if size == Medium {
		widths = []int{32, 48, 64}
	}
	for _, w := range widths {
		for _, s := range shares {
			grid = append(grid, point{w, int(s * float64(w))})
		}
	}
	p := pick(grid, index)
	bug := r.IntN(p.bits)
	c := sgen.NewCircuit()
	a, b := c.Inputs(p.bits), c.Inputs(p.bits)
	good := rippleAdder(c, a, b, -1)
	bad := rippleAdder(c, a, b, bug)
	diff := make([]int32, len(good))
	for i := range good {
		diff[i] = c.Xor(good[i], bad[i])
	}
	c.Assert(diff...)
	// A witness: a and b differ at the bug bit and the carry into it is 0
	// (all lower bits of a and b zero). Fix some random input bits to the
	// values of a random witness so instances differ in their backbone.
	wa, wb := make([]bool, p.bits), make([]bool, p.bits)
	for i := bug + 1; i < p.bits; i++ {
		wa[i], wb[i] = r.IntN(2) == 1, r.IntN(2) == 1
	}
	if r.IntN(2) == 0 {
		wa[bug] = true
	} else {
		wb[bug] = true
	}
	for range p.fixed {
		i := r.IntN(p.bits)
		x, w := a[i], wa[i]
		if r.IntN(2) == 0 {
			x, w = b[i], wb[i]
		}
		if w {
			c.Assert(x)
		} else {
			c.Assert(-x)
		}
	}
	return draw{
		cnf:  c.F,
		grid: []Param{{"bits", itoa(p.bits)}, {"fixed", itoa(p.fixed)}},
		info: []Param{{"bug-bit", itoa(bug)}},
	}, nil
}
