package gen

import (
	"math/big"
	"math/rand/v2"
)

// RandomPrime draws a prime with exactly bits bits (2 ≤ bits ≤ 63).
// math/big's primality test is deterministic for a given number.
func RandomPrime(r *rand.Rand, bits int) uint64 {
	for {
		p := uint64(1)<<(bits-1) | r.Uint64N(uint64(1)<<(bits-1)) | 1
		if new(big.Int).SetUint64(p).ProbablyPrime(20) {
			return p
		}
	}
}

// RandomModel draws a random assignment of n variables (index 0 unused).
func RandomModel(r *rand.Rand, n int) []bool {
	m := make([]bool, n+1)
	for v := 1; v <= n; v++ {
		m[v] = r.IntN(2) == 1
	}
	return m
}

// DistinctVars draws k distinct variables from 1..n.
func DistinctVars(r *rand.Rand, n, k int) []int32 {
	out := make([]int32, 0, k)
	for len(out) < k {
		v := int32(1 + r.IntN(n))
		dup := false
		for _, w := range out {
			dup = dup || w == v
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// RandLit returns v or -v with equal probability.
func RandLit(r *rand.Rand, v int32) int32 {
	if r.IntN(2) == 0 {
		return -v
	}
	return v
}

// Satisfied reports whether model makes clause c true.
func Satisfied(model []bool, c []int32) bool {
	for _, l := range c {
		v := l
		if v < 0 {
			v = -v
		}
		if model[v] == (l > 0) {
			return true
		}
	}
	return false
}

// xorClauses returns the 2^(k-1) clauses saying that the XOR of vars is
// odd (true) or even (false).
func xorClauses(vars []int32, odd bool) [][]int32 {
	k := len(vars)
	var out [][]int32
	for mask := 0; mask < 1<<k; mask++ {
		neg := 0
		for i := 0; i < k; i++ {
			if mask>>i&1 == 1 {
				neg++
			}
		}
		// A clause excludes the assignment where the negated variables
		// are true and the others false; that assignment has parity neg.
		if (neg%2 == 1) == odd {
			continue
		}
		c := make([]int32, k)
		for i, v := range vars {
			if mask>>i&1 == 1 {
				c[i] = -v
			} else {
				c[i] = v
			}
		}
		out = append(out, c)
	}
	return out
}
