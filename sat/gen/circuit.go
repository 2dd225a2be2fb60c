package gen

import "github.com/verify-tools/verify/sat"

// Circuit builds a Tseitin encoding gate by gate: every gate output is a
// fresh variable constrained to equal its function of the inputs.
type Circuit struct {
	F *sat.CNF
}

// NewCircuit returns an empty circuit.
func NewCircuit() *Circuit { return &Circuit{F: sat.NewCNF(0)} }

// Input returns a fresh unconstrained variable.
func (c *Circuit) Input() int32 {
	c.F.NumVars++
	c.F.HeaderVars = c.F.NumVars
	return int32(c.F.NumVars)
}

// And returns a ∧ b.
func (c *Circuit) And(a, b int32) int32 {
	o := c.Input()
	c.F.AddClause(-o, a)
	c.F.AddClause(-o, b)
	c.F.AddClause(o, -a, -b)
	return o
}

// Or returns a ∨ b.
func (c *Circuit) Or(a, b int32) int32 { return -c.And(-a, -b) }

// Xor returns a ⊕ b.
func (c *Circuit) Xor(a, b int32) int32 {
	o := c.Input()
	c.F.AddClause(-o, a, b)
	c.F.AddClause(-o, -a, -b)
	c.F.AddClause(o, -a, b)
	c.F.AddClause(o, a, -b)
	return o
}

// FullAdder returns sum and carry of a+b+cin; carry = ab ∨ cin(a⊕b).
func (c *Circuit) FullAdder(a, b, cin int32) (sum, carry int32) {
	t := c.Xor(a, b)
	return c.Xor(t, cin), c.Or(c.And(a, b), c.And(cin, t))
}

// HalfAdder returns sum and carry of a+b.
func (c *Circuit) HalfAdder(a, b int32) (sum, carry int32) {
	return c.Xor(a, b), c.And(a, b)
}

// Assert adds the clause (lits): one of them must be true.
func (c *Circuit) Assert(lits ...int32) { c.F.AddClause(lits...) }

// Inputs returns n fresh variables, least significant first.
func (c *Circuit) Inputs(n int) []int32 {
	out := make([]int32, n)
	for i := range out {
		out[i] = c.Input()
	}
	return out
}

// AssertValue fixes the bits of word (least significant first) to v.
func (c *Circuit) AssertValue(word []int32, v uint64) {
	for i, x := range word {
		if v>>i&1 == 1 {
			c.Assert(x)
		} else {
			c.Assert(-x)
		}
	}
}

// Multiply is an array multiplier: the product of a and b, len(a)+len(b)
// bits, least significant first. A bit that is constant 0 is returned as
// the literal 0.
func (c *Circuit) Multiply(a, b []int32) []int32 {
	// acc holds the running sum of partial products; 0 means constant 0.
	acc := make([]int32, len(a)+len(b))
	for j, bj := range b {
		var carry int32
		for i, ai := range a {
			pp := c.And(ai, bj)
			k := i + j
			switch {
			case acc[k] == 0 && carry == 0:
				acc[k] = pp
			case acc[k] == 0:
				acc[k], carry = c.HalfAdder(pp, carry)
			case carry == 0:
				acc[k], carry = c.HalfAdder(acc[k], pp)
			default:
				acc[k], carry = c.FullAdder(acc[k], pp, carry)
			}
		}
		for k := len(a) + j; carry != 0; k++ {
			if acc[k] == 0 {
				acc[k], carry = carry, 0
			} else {
				acc[k], carry = c.HalfAdder(acc[k], carry)
			}
		}
	}
	return acc
}

// Add returns a+b modulo 2^len(a) (ripple carry; a and b of equal width).
func (c *Circuit) Add(a, b []int32) []int32 {
	out := make([]int32, len(a))
	var carry int32
	for i := range a {
		if i == 0 {
			out[i], carry = c.HalfAdder(a[i], b[i])
			continue
		}
		if i == len(a)-1 {
			out[i] = c.Xor(c.Xor(a[i], b[i]), carry)
			continue
		}
		out[i], carry = c.FullAdder(a[i], b[i], carry)
	}
	return out
}

// XorWords returns a ⊕ b bitwise.
func (c *Circuit) XorWords(a, b []int32) []int32 {
	out := make([]int32, len(a))
	for i := range a {
		out[i] = c.Xor(a[i], b[i])
	}
	return out
}

// Rotl rotates a word left by k bits (no gates: a renaming).
func Rotl(a []int32, k int) []int32 {
	n := len(a)
	out := make([]int32, n)
	for i := range a {
		out[(i+k)%n] = a[i]
	}
	return out
}
