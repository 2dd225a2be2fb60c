package preprocess

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/verify-tools/verify/internal/lit"
)

func TestTechniques(t *testing.T) {
	tests := []struct {
		name string
		n    int
		f    cnf
		opts Options
		// check reads the counter the technique raises.
		check func(Stats) int
		unsat bool
	}{
		{"unit propagation", 3, cnf{{1}, {-1, 2}, {-2, 3}, {-3, 1, 2}}, Options{},
			func(s Stats) int { return s.Units }, false},
		{"unit conflict", 2, cnf{{1}, {-1, 2}, {-2}}, Options{},
			func(s Stats) int { return s.Units }, true},
		{"equivalence", 4, cnf{{-1, 2}, {-2, 1}, {1, 3, 4}, {-2, -3, 4}, {2, 3, -4}},
			Options{NoProbing: true, NoElimination: true},
			func(s Stats) int { return s.Equivalences }, false},
		{"complementary equivalence", 2, cnf{{-1, 2}, {-2, -1}, {1, -2}, {2, 1}},
			Options{NoProbing: true, NoElimination: true},
			func(s Stats) int { return 1 }, true},
		{"failed literal", 4, cnf{{-1, 2}, {-1, 3}, {-2, -3, 4}, {-4, -1}, {1, 2, 3, 4}, {-2, 3, -4}},
			Options{NoEquivalences: true, NoElimination: true, NoSubsumption: true},
			func(s Stats) int { return s.FailedLiterals }, false},
		{"failed root", 3, cnf{{-1, 2}, {1, 2}, {2, 3, -1}, {-2, -3, 1}, {3, 1}},
			Options{NoEquivalences: true, NoElimination: true, NoSubsumption: true},
			func(s Stats) int { return s.FailedLiterals }, false},
		{"subsumption", 4, cnf{{1, 2}, {1, 2, 3}, {1, 2, -4}, {-1, 3, 4}, {-2, -3, 4}, {-1, -2, -4}},
			Options{NoEquivalences: true, NoProbing: true, NoElimination: true},
			func(s Stats) int { return s.Subsumed }, false},
		{"self-subsuming resolution", 4, cnf{{1, 2, 3}, {-1, 2, 3, 4}, {-2, -3}, {-4, 1}, {-1, -4, 3}},
			Options{NoEquivalences: true, NoProbing: true, NoElimination: true},
			func(s Stats) int { return s.Strengthened }, false},
		{"variable elimination", 5, cnf{{1, 2}, {-1, 3}, {2, 4, 5}, {-3, -4}, {-2, -5, 3}},
			Options{NoEquivalences: true, NoProbing: true, NoSubsumption: true},
			func(s Stats) int { return s.Eliminated }, false},
		{"pure literal", 3, cnf{{1, 2}, {1, -3}, {2, 3}, {-2, -3}},
			Options{NoEquivalences: true, NoProbing: true, NoSubsumption: true},
			func(s Stats) int { return s.Eliminated }, false},
		{"elimination refutes", 2, cnf{{1, 2}, {1, -2}, {-1, 2}, {-1, -2}},
			Options{NoEquivalences: true, NoProbing: true, NoSubsumption: true},
			func(s Stats) int { return s.Eliminated }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := crossCheck(t, tc.f, tc.n, tc.opts)
			if r.Unsat != tc.unsat {
				t.Fatalf("Unsat = %v, want %v (stats %+v)", r.Unsat, tc.unsat, r.Stats)
			}
			if got := tc.check(r.Stats); got == 0 {
				t.Errorf("the technique did nothing: stats %+v, left %v", r.Stats, r.Clauses)
			}
		})
	}
}

func TestOffSwitches(t *testing.T) {
	f := cnf{{1, 2}, {-1, 3}, {2, 4, 5}, {-3, -4}, {-2, -5, 3}}
	r := crossCheck(t, f, 5, Options{NoEquivalences: true, NoProbing: true, NoSubsumption: true, NoElimination: true})
	if r.Stats.Eliminated+r.Stats.Subsumed+r.Stats.FailedLiterals+r.Stats.Equivalences != 0 || len(r.Clauses) != len(f) {
		t.Errorf("all techniques off changed the formula: %+v %v", r.Stats, r.Clauses)
	}
}

// TestRandom3SAT cross-checks small random 3-SAT formulas around the
// threshold (ratio 3.5–5) against brute force, with every technique and
// with each one alone.
func TestRandom3SAT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	configs := []Options{
		{},
		{NoProbing: true, NoSubsumption: true, NoElimination: true},
		{NoEquivalences: true, NoSubsumption: true, NoElimination: true},
		{NoEquivalences: true, NoProbing: true, NoElimination: true},
		{NoEquivalences: true, NoProbing: true, NoSubsumption: true},
		{MaxResolvent: 3, MaxOccurrences: 4},
	}
	sat, unsat := 0, 0
	for i := 0; i < 400; i++ {
		n := 6 + rng.IntN(9)
		m := int(float64(n) * (3.5 + 1.5*rng.Float64()))
		f := randomCNF(rng, n, m, 3)
		for _, o := range configs {
			crossCheck(t, f, n, o)
		}
		if bruteForce(f, n) != nil {
			sat++
		} else {
			unsat++
		}
	}
	if sat < 50 || unsat < 50 {
		t.Errorf("test set unbalanced: %d SAT, %d UNSAT", sat, unsat)
	}
}

// TestStructured cross-checks formulas with many binary clauses (equivalence
// chains, implications, failed literals) and duplicate literals.
func TestStructured(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		n := 5 + rng.IntN(10)
		f := randomCNF(rng, n, n+rng.IntN(2*n), 2)
		f = append(f, randomCNF(rng, n, rng.IntN(2*n), 3)...)
		f = append(f, randomCNF(rng, n, rng.IntN(n), 4)...)
		if rng.IntN(4) == 0 {
			f = append(f, []int32{int32(1 + rng.IntN(n))})
		}
		crossCheck(t, f, n, Options{})
	}
}

// TestCircuits cross-checks random AND circuits (Tseitin clauses, where
// elimination finds gates) with random constraints on their signals.
func TestCircuits(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	gates := 0
	for i := 0; i < 300; i++ {
		inputs := 3 + rng.IntN(4)
		n := inputs + 3 + rng.IntN(6)
		var f cnf
		for out := int32(inputs + 1); out <= int32(n); out++ {
			k := 2 + rng.IntN(2)
			long := []int32{out}
			for j := 0; j < k; j++ {
				a := int32(1 + rng.IntN(int(out-1)))
				if rng.IntN(2) == 0 {
					a = -a
				}
				f = append(f, []int32{-out, a})
				long = append(long, -a)
			}
			if rng.IntN(2) == 0 { // the same gate with the output negated
				for _, c := range f[len(f)-k:] {
					c[0] = -c[0]
				}
				long[0] = -long[0]
			}
			f = append(f, long)
		}
		f = append(f, randomCNF(rng, n, 1+rng.IntN(4), 3)...)
		r := crossCheck(t, f, n, Options{NoEquivalences: true, NoProbing: true, NoSubsumption: true})
		gates += r.Stats.Eliminated
	}
	if gates == 0 {
		t.Error("no variable of any circuit was eliminated")
	}
}

func TestBudgets(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n := 14
	var f cnf
	for f == nil || bruteForce(f, n) == nil {
		f = randomCNF(rng, n, 50, 3)
		f = append(f, randomCNF(rng, n, 8, 2)...)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name, stopped string
		ctx           context.Context
		opts          Options
	}{
		{"steps", "step budget", context.Background(), Options{Effort: 1}},
		{"context", "context", ctx, Options{}},
		{"time", "time limit", context.Background(), Options{MaxTime: time.Nanosecond}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDB(n)
			for _, c := range f {
				d.add(c)
			}
			d.budget, d.ctx = 10, tc.ctx
			if tc.name != "steps" {
				d.budget = 1 << 40
			}
			if tc.opts.MaxTime > 0 {
				d.deadline = time.Now().Add(tc.opts.MaxTime)
				time.Sleep(time.Millisecond)
			}
			d.maxResolvent, d.maxOcc = 20, 2500
			d.run(tc.opts)
			if d.stats.Stopped != tc.stopped {
				t.Errorf("stopped by %q, want %q", d.stats.Stopped, tc.stopped)
			}
			r := d.result(0)
			if r.Unsat {
				if bruteForce(f, n) != nil {
					t.Fatal("refuted a satisfiable formula")
				}
				return
			}
			if m := bruteForce(cnf(r.Clauses), n); m != nil {
				r.Extend(m)
				if !f.satisfiedBy(m) {
					t.Fatal("a model extended after an early stop falsifies the input")
				}
			}
		})
	}
	// Through Run, a cancelled context still gives a sound result.
	r, err := Run(ctx, f, n, Options{})
	if err != nil || r.Stats.Stopped != "context" {
		t.Fatalf("Run with a cancelled context: %v, stopped %q", err, r.Stats.Stopped)
	}
}

func TestRunRejectsBadLiterals(t *testing.T) {
	for _, f := range []cnf{{{1, 0}}, {{3}}, {{-4, 1}}} {
		if _, err := Run(context.Background(), f, 2, Options{}); err == nil || !strings.Contains(err.Error(), "outside 1..2") {
			t.Errorf("%v: err %v", f, err)
		}
	}
}

func TestMapPhases(t *testing.T) {
	// 2 was replaced by ¬1, 5 by 2 (so by ¬1), 3 fixed, 6 eliminated.
	r := &Result{
		removed: []bool{false, false, true, true, false, true, true},
		repr:    []int32{0, 0, -1, 0, 0, 2, 0},
	}
	tests := []struct {
		in, want []int32
		dropped  int
	}{
		{[]int32{2, 4}, []int32{-1, 4}, 0},
		{[]int32{-5}, []int32{1}, 0},
		{[]int32{2, 1}, []int32{1}, 1}, // 1's own seed wins
		{[]int32{2, -5}, []int32{-1}, 1},
		{[]int32{3, -6, 4}, []int32{4}, 2},
		{[]int32{9}, nil, 1},
	}
	for _, tc := range tests {
		got, dropped := r.MapPhases(tc.in)
		if !slices.Equal(got, tc.want) || dropped != tc.dropped {
			t.Errorf("MapPhases(%v) = %v, %d dropped; want %v, %d", tc.in, got, dropped, tc.want, tc.dropped)
		}
	}
	// After a real run every mapped seed is on a variable that remains.
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 100; i++ {
		f := randomCNF(rng, 12, 20, 2)
		f = append(f, randomCNF(rng, 12, 20, 3)...)
		res, err := Run(context.Background(), f, 12, Options{})
		if err != nil || res.Unsat {
			continue
		}
		all := make([]int32, 12)
		for v := range all {
			all[v] = int32(v + 1)
		}
		got, dropped := res.MapPhases(all)
		for _, l := range got {
			if res.Removed(int(lit.Var(l))) {
				t.Fatalf("seed %d on a removed variable", l)
			}
		}
		if len(got)+dropped != len(all) {
			t.Fatalf("%d seeds kept + %d dropped != %d", len(got), dropped, len(all))
		}
	}
}

func TestStatsLines(t *testing.T) {
	s := Stats{VarsBefore: 10, VarsAfter: 4, Eliminated: 5, Units: 1, Stopped: "step budget"}
	got := strings.Join(s.Lines(), "\n")
	for _, want := range []string{"10 → 4 variables", "5 variables eliminated", "1 units", "stopped early by the step budget"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q missing in\n%s", want, got)
		}
	}
}
