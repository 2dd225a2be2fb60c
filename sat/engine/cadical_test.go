//go:build cadical

package engine_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/drat"
	"github.com/verify-tools/verify/sat/engine"
)

func expected(path string) sat.Status {
	dir, name := filepath.Base(filepath.Dir(path)), filepath.Base(path)
	switch {
	case strings.HasPrefix(dir, "sat-"), strings.Contains(name, "-yes"):
		return sat.Sat
	case strings.HasPrefix(dir, "unsat-"), strings.Contains(name, "-no-"):
		return sat.Unsat
	}
	return sat.Unknown
}

// TestCadicalSATLIBWithProofs solves all 2,185 SATLIB instances with the
// CaDiCaL engine and checks the DRAT proof of every UNSAT answer with the
// independent checker.
func TestCadicalSATLIBWithProofs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testcorpus.Path(t, "satlib"), "*", "*.cnf"))
	sort.Strings(files)
	if len(files) != 2185 {
		t.Fatalf("%d SATLIB files, want 2185", len(files))
	}
	dir := t.TempDir()
	proofs := 0
	for i, path := range files {
		f, _, err := sat.ReadFile(path, sat.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		proof := filepath.Join(dir, "p.drat")
		res, err := cadical(t, proof).Solve(context.Background(), f, engine.Options{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if want := expected(path); res.Status != want {
			t.Errorf("%s: %v, want %v", path, res.Status, want)
			continue
		}
		if res.Status == sat.Unsat {
			steps, err := drat.ReadFile(proof)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := drat.Check(context.Background(), f, steps, proof); err != nil {
				t.Errorf("%s: proof rejected: %v", path, err)
			}
			proofs++
		}
		_ = i
	}
	if proofs < 1000 {
		t.Errorf("only %d proofs checked", proofs)
	}
}

func TestCadicalGophersatProofs(t *testing.T) {
	dir := testcorpus.Path(t, "gophersat")
	known := map[string]sat.Status{
		"25.cnf": sat.Sat, "225.cnf": sat.Sat, "8-queens.cnf": sat.Sat,
		"125.cnf": sat.Unsat, "150.cnf": sat.Unsat, "175.cnf": sat.Unsat, "200.cnf": sat.Unsat,
		"hoons-vbmc-lucky7.cnf": sat.Unsat, "8-pigeons.cnf": sat.Unsat,
	}
	for name, want := range known {
		f, _, err := sat.ReadFile(filepath.Join(dir, name), sat.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		proof := filepath.Join(t.TempDir(), "p.drat")
		res, err := cadical(t, proof).Solve(context.Background(), f, engine.Options{})
		if err != nil || res.Status != want {
			t.Fatalf("%s: %v %v, want %v", name, res.Status, err, want)
		}
		if want == sat.Unsat {
			steps, _ := drat.ReadFile(proof)
			if _, err := drat.Check(context.Background(), f, steps, proof); err != nil {
				t.Errorf("%s: proof rejected: %v", name, err)
			}
		}
	}
}

func TestCadicalPhasesAndLimits(t *testing.T) {
	// A formula whose seeded model is returned exactly: the seeds satisfy
	// every clause, so the first descent with forced phases finds them.
	// Random 3-SAT near the threshold, so that lucky search (on) finds no
	// model of its own first.
	n := 300
	rng := rand.New(rand.NewPCG(11, 12))
	seeds := make([]int32, n)
	for v := 1; v <= n; v++ {
		seeds[v-1] = int32(v)
		if rng.IntN(2) == 0 {
			seeds[v-1] = -int32(v)
		}
	}
	f := sat.NewCNF(n)
	for f.NumClauses() < 1260 {
		c := []int32{int32(1 + rng.IntN(n)), int32(1 + rng.IntN(n)), int32(1 + rng.IntN(n))}
		ok := false
		for i := range c {
			if rng.IntN(2) == 0 {
				c[i] = -c[i]
			}
			ok = ok || c[i] == seeds[abs(c[i])-1]
		}
		if ok {
			f.AddClause(c...)
		}
	}
	if err := sat.CheckModel(f, modelOf(seeds, n)); err != nil {
		t.Fatalf("test formula is not satisfied by its seeds: %v", err)
	}
	plain, err := cadical(t, "").Solve(context.Background(), f, engine.Options{})
	if err != nil || plain.Status != sat.Sat {
		t.Fatalf("unseeded: %v %v", plain.Status, err)
	}
	if sat.CheckModel(f, plain.Model) == nil && equalModels(plain.Model, modelOf(seeds, n)) {
		t.Fatal("control failed: the unseeded solve already returns the seeded model")
	}
	res, err := cadical(t, "").Solve(context.Background(), f, engine.Options{Phases: seeds})
	if err != nil || res.Status != sat.Sat {
		t.Fatalf("%v %v", res.Status, err)
	}
	for _, l := range seeds {
		v := l
		if v < 0 {
			v = -v
		}
		if res.Model[v] != (l > 0) {
			t.Fatalf("seeded phases not taken: variable %d", v)
		}
	}

	hard, _, err := sat.ReadFile(filepath.Join(testcorpus.Path(t, "gophersat"), "11-pigeons.cnf"), sat.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	res, err = cadical(t, "").Solve(context.Background(), hard, engine.Options{Timeout: 300 * time.Millisecond})
	if err != nil || res.Status != sat.Unknown || !res.Interrupted {
		t.Fatalf("timeout: %v %+v", err, res)
	}
	if el := time.Since(t0); el > 5*time.Second {
		t.Errorf("300ms timeout took %v", el)
	}
}

func abs(l int32) int32 {
	if l < 0 {
		return -l
	}
	return l
}

func modelOf(lits []int32, n int) []bool {
	m := make([]bool, n+1)
	for _, l := range lits {
		if l > 0 {
			m[l] = true
		}
	}
	return m
}

func equalModels(a, b []bool) bool {
	for i := 1; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCadicalSeededProof: a search in several windows (forced seeds,
// unphased, re-applied) still writes one DRAT refutation that checks.
func TestCadicalSeededProof(t *testing.T) {
	const n = 7 // pigeons n+1 into n holes
	p := func(i, j int) int32 { return int32(i*n + j + 1) }
	f := sat.NewCNF((n + 1) * n)
	for i := 0; i <= n; i++ {
		c := make([]int32, n)
		for j := range c {
			c[j] = p(i, j)
		}
		f.AddClause(c...)
		for j := 0; j < n; j++ {
			for k := i + 1; k <= n; k++ {
				f.AddClause(-p(i, j), -p(k, j))
			}
		}
	}
	seeds := make([]int32, f.NumVars)
	for v := range seeds {
		seeds[v] = int32(v + 1)
	}
	proof := filepath.Join(t.TempDir(), "p.drat")
	sched := engine.SeedSchedule{Forced: 50, Interval: 100, Rounds: 3, Invert: true}
	res, err := cadical(t, proof).Solve(context.Background(), f, engine.Options{Phases: seeds, Schedule: sched})
	if err != nil || res.Status != sat.Unsat {
		t.Fatalf("%v %v", res.Status, err)
	}
	if len(res.Stats.SeedRounds) < 2 {
		t.Fatalf("%d applications: the search did not run in several windows", len(res.Stats.SeedRounds))
	}
	steps, err := drat.ReadFile(proof)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := drat.Check(context.Background(), f, steps, proof); err != nil {
		t.Fatalf("proof of a windowed search: %v", err)
	}
}

// cadical is the CaDiCaL engine, writing a DRAT proof to proof when set.
func cadical(t *testing.T, proof string) *engine.Engine {
	t.Helper()
	e, err := engine.New(engine.Config{Name: "cadical", Proof: proof})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
