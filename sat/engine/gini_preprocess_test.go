package engine

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
)

var pre = Gini(true)

func solvePre(tb testing.TB, f *sat.CNF, opts Options) Result {
	tb.Helper()
	res, err := pre.Solve(context.Background(), f, opts)
	if err != nil {
		tb.Fatal(err)
	}
	if res.Preprocess == nil {
		tb.Fatal("no preprocessing statistics: the preprocessor did not run")
	}
	return res
}

// TestPreprocessSATLIB solves every SATLIB instance through the
// preprocessor; each SAT model was extended and checked against the
// original clauses by Solve.
func TestPreprocessSATLIB(t *testing.T) {
	removed := 0
	for _, path := range satlibFiles(t) {
		res := solvePre(t, mustRead(t, path), Options{})
		if want := satlibExpected(path); res.Status != want {
			t.Errorf("%s: %v, want %v", path, res.Status, want)
		}
		if res.Preprocess.VarsAfter < res.Preprocess.VarsBefore {
			removed++
		}
	}
	if removed == 0 {
		t.Error("the preprocessor removed no variable from any SATLIB instance")
	}
}

func TestPreprocessGophersatKnown(t *testing.T) {
	dir := testcorpus.Path(t, "gophersat")
	for name, want := range gophersatKnown {
		t.Run(name, func(t *testing.T) {
			if got := solvePre(t, mustRead(t, filepath.Join(dir, name)), Options{}).Status; got != want {
				t.Errorf("%v, want %v", got, want)
			}
		})
	}
}

// TestPreprocessRandom3SAT compares gini with and without the preprocessor
// on random 3-SAT at the threshold (ratio 4.26).
func TestPreprocessRandom3SAT(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	count := map[sat.Status]int{}
	for i := 0; i < 150; i++ {
		n := 40 + rng.IntN(80)
		f := sat.NewCNF(n)
		for j := 0; j < int(4.26*float64(n)); j++ {
			c := make([]int32, 3)
			for k := range c {
				c[k] = int32(1 + rng.IntN(n))
				if rng.IntN(2) == 0 {
					c[k] = -c[k]
				}
			}
			f.AddClause(c...)
		}
		plain, err := Gini(false).Solve(context.Background(), f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		with := solvePre(t, f, Options{})
		if plain.Status != with.Status {
			t.Fatalf("formula %d: %v without the preprocessor, %v with it", i, plain.Status, with.Status)
		}
		count[with.Status]++
	}
	if count[sat.Sat] < 20 || count[sat.Unsat] < 20 {
		t.Errorf("test set unbalanced: %v", count)
	}
}

// TestPreprocessPhases: seeds reach the variables that remain; seeds on
// eliminated or fixed variables are dropped and counted.
func TestPreprocessPhases(t *testing.T) {
	f := mustRead(t, filepath.Join(testcorpus.Path(t, "gophersat"), "hoons-vbmc-lucky7.cnf"))
	phases := make([]int32, f.NumVars)
	for v := range phases {
		phases[v] = -int32(v + 1)
	}
	res := solvePre(t, f, Options{Phases: phases})
	if res.Status != sat.Unsat {
		t.Fatalf("%v, want UNSATISFIABLE", res.Status)
	}
	if res.PhasesDropped == 0 || res.Stats.SeededVars == 0 {
		t.Errorf("%d seeds dropped, %d variables seeded: want both > 0", res.PhasesDropped, res.Stats.SeededVars)
	}
	if res.PhasesDropped > f.NumVars-res.Preprocess.VarsAfter {
		t.Errorf("%d seeds dropped but only %d variables left the formula", res.PhasesDropped, f.NumVars-res.Preprocess.VarsAfter)
	}
}

func TestPreprocessTimeoutAndTiny(t *testing.T) {
	f := mustRead(t, filepath.Join(testcorpus.Path(t, "gophersat"), "11-pigeons.cnf"))
	t0 := time.Now()
	res := solvePre(t, f, Options{Timeout: 200 * time.Millisecond})
	if res.Status != sat.Unknown || !res.Interrupted {
		t.Fatalf("timeout: status %v interrupted %v", res.Status, res.Interrupted)
	}
	if el := time.Since(t0); el > 3*time.Second {
		t.Errorf("timeout of 200ms took %v", el)
	}
	for _, tc := range []struct {
		clauses [][]int32
		want    sat.Status
	}{
		{nil, sat.Sat},
		{[][]int32{{1}, {-1}}, sat.Unsat},
		{[][]int32{{1, 2}, {-1, 2}, {1, -2}}, sat.Sat},
		{[][]int32{{1, 2}, {-1, 2}, {1, -2}, {-1, -2}}, sat.Unsat},
	} {
		g := sat.NewCNF(3)
		for _, c := range tc.clauses {
			g.AddClause(c...)
		}
		if got := solvePre(t, g, Options{}); got.Status != tc.want || (got.Status == sat.Sat && len(got.Model) != 4) {
			t.Errorf("%v: %v with %d model entries, want %v", tc.clauses, got.Status, len(got.Model), tc.want)
		}
	}
}

func TestPreprocessTime(t *testing.T) {
	for _, tc := range []struct{ timeout, want time.Duration }{
		{0, preprocessMaxTime},
		{10 * time.Second, time.Second},
		{time.Hour, preprocessMaxTime},
	} {
		if got := preprocessTime(tc.timeout); got != tc.want {
			t.Errorf("preprocessTime(%v) = %v, want %v", tc.timeout, got, tc.want)
		}
	}
}

// TestPreprocessSeedsFreeVariables: x1 = x2 = x3 leaves no clause after
// substitution; the seed of the representative decides the model.
func TestPreprocessSeedsFreeVariables(t *testing.T) {
	f := sat.NewCNF(3)
	f.AddClause(1, -2)
	f.AddClause(2, -3)
	f.AddClause(3, -1)
	for _, want := range []bool{true, false} {
		seeds := []int32{1, 2, 3}
		if !want {
			seeds = []int32{-1, -2, -3}
		}
		res := solvePre(t, f, Options{Phases: seeds})
		if res.Status != sat.Sat || res.Model[1] != want || res.Model[2] != want || res.Model[3] != want {
			t.Errorf("seeds %v: %v, model %v", seeds, res.Status, res.Model)
		}
	}
}
