package gen

import (
	"context"
	"math/rand/v2"
	"strconv"

	"github.com/verify-tools/verify/sat"
)

func adderMiterFamily() Family {
	return Family{
		Name: "adder-miter",
		Doc:  "miter of a ripple-carry adder against a copy whose carry at one random bit uses OR for AND, some inputs fixed to a planted distinguishing input (SAT)",
		Params: []Param{
			{Name: "bits", Default: 16, Min: 1, Max: 64, Doc: "width of the addends"},
			{Name: "fixed", Default: 4, Min: 0, Max: 100000, Doc: "input bits fixed (drawn with repetition)"},
		},
		Answer: func(Params) string { return "sat" },
		gen:    genAdderMiter,
	}
}

// rippleAdder adds a and b; when bug ≥ 0 the carry of bit bug uses
// (a ∨ b) in place of (a ∧ b), a plausible wiring mistake that differs
// from the correct adder only when exactly one of a, b is set and the
// carry-in is 0 at that bit.
func rippleAdder(c *Circuit, a, b []int32, bug int) []int32 {
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
func genAdderMiter(_ context.Context, r *rand.Rand, p Params) (*sat.CNF, []Value, error) {
	bits := p["bits"]
	bug := r.IntN(bits)
	c := NewCircuit()
	a, b := c.Inputs(bits), c.Inputs(bits)
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
	wa, wb := make([]bool, bits), make([]bool, bits)
	for i := bug + 1; i < bits; i++ {
		wa[i], wb[i] = r.IntN(2) == 1, r.IntN(2) == 1
	}
	if r.IntN(2) == 0 {
		wa[bug] = true
	} else {
		wb[bug] = true
	}
	for range p["fixed"] {
		i := r.IntN(bits)
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
	return c.F, []Value{{"bug-bit", strconv.Itoa(bug)}}, nil
}
