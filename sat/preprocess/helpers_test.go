package preprocess

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/verify-tools/verify/internal/lit"
)

// cnf is a test formula.
type cnf [][]int32

func (f cnf) NumClauses() int      { return len(f) }
func (f cnf) Clause(i int) []int32 { return f[i] }
func (f cnf) satisfiedBy(m []bool) bool {
	for _, c := range f {
		ok := false
		for _, l := range c {
			if m[lit.Var(l)] == (l > 0) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// bruteForce returns a model of f over n variables, or nil when none exists.
func bruteForce(f cnf, n int) []bool {
	m := make([]bool, n+1)
	for bits := 0; bits < 1<<n; bits++ {
		for v := 1; v <= n; v++ {
			m[v] = bits&(1<<(v-1)) != 0
		}
		if f.satisfiedBy(m) {
			return m
		}
	}
	return nil
}

// randomCNF draws m clauses of length k over n variables.
func randomCNF(rng *rand.Rand, n, m, k int) cnf {
	f := make(cnf, m)
	for i := range f {
		c := make([]int32, k)
		for j := range c {
			c[j] = int32(1 + rng.IntN(n))
			if rng.IntN(2) == 0 {
				c[j] = -c[j]
			}
		}
		f[i] = c
	}
	return f
}

// crossCheck preprocesses f and checks it against brute force: the same
// answer, and a brute-force model of the result extends to a model of f.
func crossCheck(t testing.TB, f cnf, n int, opts Options) *Result {
	t.Helper()
	r, err := Run(context.Background(), f, n, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := bruteForce(f, n) != nil
	if r.Unsat {
		if want {
			t.Fatalf("preprocessor refuted a satisfiable formula %v", f)
		}
		return r
	}
	m := bruteForce(cnf(r.Clauses), n)
	if (m != nil) != want {
		t.Fatalf("simplified formula satisfiable=%v, original %v\noriginal %v\nsimplified %v", m != nil, want, f, r.Clauses)
	}
	if m != nil {
		r.Extend(m)
		if !f.satisfiedBy(m) {
			t.Fatalf("extended model %v falsifies the original %v (simplified %v)", m, f, r.Clauses)
		}
	}
	return r
}
