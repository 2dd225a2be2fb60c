package engine

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
)

// equalityCycle returns x1 -> x2 -> ... -> xn -> x1: its only models are
// all-true and all-false.
func equalityCycle(n int) *sat.CNF {
	f := sat.NewCNF(n)
	for v := 1; v <= n; v++ {
		f.AddClause(int32(v), -int32(v%n+1))
	}
	return f
}

func uniform(n int, val bool) []int32 {
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(i + 1)
		if !val {
			out[i] = -out[i]
		}
	}
	return out
}

func TestSeededPhasesTakeEffect(t *testing.T) {
	const n = 50
	for _, val := range []bool{false, true} {
		res, err := Gini(false).Solve(context.Background(), equalityCycle(n), Options{Phases: uniform(n, val)})
		if err != nil || res.Status != sat.Sat {
			t.Fatalf("seed %v: %v %v", val, res.Status, err)
		}
		for v := 1; v <= n; v++ {
			if res.Model[v] != val {
				t.Fatalf("seeded all-%v, model has x%d=%v", val, v, res.Model[v])
			}
		}
		if res.Stats.SeededVars != n {
			t.Errorf("SeededVars = %d, want %d", res.Stats.SeededVars, n)
		}
	}
}

// plantedFormula is a random 3-SAT formula satisfied by the planted
// assignment (every clause keeps at least one literal it makes true).
func plantedFormula(rng *rand.Rand, n, m int) (*sat.CNF, []int32) {
	planted := make([]int32, n)
	for v := range planted {
		planted[v] = int32(v + 1)
		if rng.IntN(2) == 0 {
			planted[v] = -planted[v]
		}
	}
	f := sat.NewCNF(n)
	for len(f.Start)-1 < m {
		c := make([]int32, 3)
		sat := false
		for i := range c {
			v := int32(rng.IntN(n) + 1)
			if rng.IntN(2) == 0 {
				v = -v
			}
			c[i] = v
			sat = sat || v == planted[lit.Var(v)-1]
		}
		if sat {
			f.AddClause(c...)
		}
	}
	return f, planted
}

// TestSeedingAModelReturnsIt: when the seeds form a model, the first
// descent finds it without a conflict, so the answer is exactly the seed.
func TestSeedingAModelReturnsIt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	differs := 0 // unseeded solves that find another model: the control
	for i := 0; i < 20; i++ {
		f, planted := plantedFormula(rng, 200, 600)
		if plain, err := (Gini(false)).Solve(context.Background(), f, Options{}); err == nil && !sameModel(plain.Model, planted) {
			differs++
		}
		res, err := Gini(false).Solve(context.Background(), f, Options{Phases: planted})
		if err != nil || res.Status != sat.Sat {
			t.Fatalf("formula %d: %v %v", i, res.Status, err)
		}
		for _, l := range planted {
			if res.Model[lit.Var(l)] != (l > 0) {
				t.Fatalf("formula %d: model differs from the seeded model at %d", i, l)
			}
		}
	}
	if differs == 0 {
		t.Fatal("control failed: unseeded solves also returned the planted models")
	}
}

func sameModel(model []bool, lits []int32) bool {
	for _, l := range lits {
		if model[lit.Var(l)] != (l > 0) {
			return false
		}
	}
	return true
}

// TestSeedingNeverChangesTheAnswer seeds random, adversarial and
// conflicting phases on SATLIB formulas of both answers.
func TestSeedingNeverChangesTheAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	files := satlibFiles(t)
	for i := 0; i < len(files); i += 15 {
		path := files[i]
		f := mustRead(t, path)
		want := satlibExpected(path)
		seeds := map[string][]int32{
			"all-true":  uniform(f.NumVars, true),
			"all-false": uniform(f.NumVars, false),
			"random":    randomPhases(rng, f.NumVars),
		}
		if want == sat.Sat { // the negation of a model is the worst guess
			res := solveFile(t, path, Options{})
			neg := make([]int32, f.NumVars)
			for v := 1; v <= f.NumVars; v++ {
				neg[v-1] = int32(v)
				if res.Model[v] {
					neg[v-1] = -neg[v-1]
				}
			}
			seeds["anti-model"] = neg
		}
		for name, ph := range seeds {
			res, err := Gini(false).Solve(context.Background(), f, Options{Phases: ph})
			if err != nil {
				t.Fatalf("%s %s: %v", path, name, err)
			}
			if res.Status != want {
				t.Errorf("%s seeded %s: %v, want %v", path, name, res.Status, want)
			}
		}
	}
}

func randomPhases(rng *rand.Rand, n int) []int32 {
	out := uniform(n, true)
	for i := range out {
		if rng.IntN(2) == 0 {
			out[i] = -out[i]
		}
	}
	return out
}

func TestConflictingSeeds(t *testing.T) {
	tests := []struct {
		name  string
		cnf   string
		seeds []int32
		want  sat.Status
	}{
		{"seed against a unit", "p cnf 2 2\n1 0\n-1 2 0\n", []int32{-1, -2}, sat.Sat},
		{"seeds that imply a conflict", "p cnf 3 3\n-1 2 0\n-1 3 0\n-2 -3 0\n", []int32{1}, sat.Sat},
		{"unsat formula", "p cnf 2 4\n1 2 0\n-1 2 0\n1 -2 0\n-1 -2 0\n", []int32{1, 2}, sat.Unsat},
		{"unused variable seed", "p cnf 5 1\n1 0\n", []int32{5, -1}, sat.Sat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := sat.Read(strings.NewReader(tt.cnf), "t", sat.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Gini(false).Solve(context.Background(), f, Options{Phases: tt.seeds})
			if err != nil || res.Status != tt.want {
				t.Fatalf("%v %v, want %v", res.Status, err, tt.want)
			}
		})
	}
}
