package gen

import "github.com/verify-tools/verify/sat"

// circuit builds a Tseitin encoding gate by gate: every gate output is a
// fresh variable constrained to equal its function of the inputs.
type circuit struct {
	f *sat.CNF
}

func newCircuit() *circuit { return &circuit{f: sat.NewCNF(0)} }

// input returns a fresh unconstrained variable.
func (c *circuit) input() int32 {
	c.f.NumVars++
	c.f.HeaderVars = c.f.NumVars
	return int32(c.f.NumVars)
}

func (c *circuit) and(a, b int32) int32 {
	o := c.input()
	c.f.AddClause(-o, a)
	c.f.AddClause(-o, b)
	c.f.AddClause(o, -a, -b)
	return o
}

func (c *circuit) or(a, b int32) int32 { return -c.and(-a, -b) }

func (c *circuit) xor(a, b int32) int32 {
	o := c.input()
	c.f.AddClause(-o, a, b)
	c.f.AddClause(-o, -a, -b)
	c.f.AddClause(o, -a, b)
	c.f.AddClause(o, a, -b)
	return o
}

// fullAdder returns sum and carry of a+b+cin; carry = ab ∨ cin(a⊕b).
func (c *circuit) fullAdder(a, b, cin int32) (sum, carry int32) {
	t := c.xor(a, b)
	return c.xor(t, cin), c.or(c.and(a, b), c.and(cin, t))
}

// halfAdder returns sum and carry of a+b.
func (c *circuit) halfAdder(a, b int32) (sum, carry int32) {
	return c.xor(a, b), c.and(a, b)
}

// assert adds the clause (l): l must be true.
func (c *circuit) assert(lits ...int32) { c.f.AddClause(lits...) }

// inputs returns n fresh variables, least significant first.
func (c *circuit) inputs(n int) []int32 {
	out := make([]int32, n)
	for i := range out {
		out[i] = c.input()
	}
	return out
}

// multiply is an array multiplier: the product of a and b, len(a)+len(b)
// bits, least significant first.
func (c *circuit) multiply(a, b []int32) []int32 {
	// acc holds the running sum of partial products; nil means constant 0.
	acc := make([]int32, len(a)+len(b))
	for j, bj := range b {
		var carry int32
		for i, ai := range a {
			pp := c.and(ai, bj)
			k := i + j
			switch {
			case acc[k] == 0 && carry == 0:
				acc[k] = pp
			case acc[k] == 0:
				acc[k], carry = c.halfAdder(pp, carry)
			case carry == 0:
				acc[k], carry = c.halfAdder(acc[k], pp)
			default:
				acc[k], carry = c.fullAdder(acc[k], pp, carry)
			}
		}
		for k := len(a) + j; carry != 0; k++ {
			if acc[k] == 0 {
				acc[k], carry = carry, 0
			} else {
				acc[k], carry = c.halfAdder(acc[k], carry)
			}
		}
	}
	return acc
}
