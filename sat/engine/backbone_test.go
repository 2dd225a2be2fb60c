package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
)

// bruteBackbone enumerates every assignment of f's variables and returns
// whether f is satisfiable and its backbone, sorted by variable.
func bruteBackbone(f *sat.CNF) (bool, []int32) {
	n := f.NumVars
	occurs := make([]bool, n+1)
	for _, l := range f.Lits {
		occurs[lit.Var(l)] = true
	}
	model := make([]bool, n+1)
	var posAll, negAll []bool // literal v / -v true in every model so far
	found := false
	for bits := 0; bits < 1<<n; bits++ {
		for v := 1; v <= n; v++ {
			model[v] = bits>>(v-1)&1 == 1
		}
		if sat.CheckModel(f, model) != nil {
			continue
		}
		if !found {
			found = true
			posAll = make([]bool, n+1)
			negAll = make([]bool, n+1)
			for v := 1; v <= n; v++ {
				posAll[v], negAll[v] = model[v], !model[v]
			}
			continue
		}
		for v := 1; v <= n; v++ {
			posAll[v] = posAll[v] && model[v]
			negAll[v] = negAll[v] && !model[v]
		}
	}
	var bb []int32
	for v := 1; found && v <= n; v++ {
		switch {
		case !occurs[v]:
		case posAll[v]:
			bb = append(bb, int32(v))
		case negAll[v]:
			bb = append(bb, -int32(v))
		}
	}
	return found, bb
}

// randomFormula draws m clauses of width 1..3 over n variables; the last
// variable never occurs, so free variables are covered too.
func randomFormula(r *rand.Rand, n, m int) *sat.CNF {
	f := sat.NewCNF(n)
	for range m {
		w := 3
		switch x := r.IntN(10); {
		case x == 0:
			w = 1
		case x < 4:
			w = 2
		}
		c := make([]int32, 0, w)
		for range w {
			l := int32(1 + r.IntN(n-1))
			if r.IntN(2) == 0 {
				l = -l
			}
			c = append(c, l)
		}
		f.AddClause(c...)
	}
	return f
}

func TestBackboneMatchesBruteForce(t *testing.T) {
	tests := []struct {
		name    string
		n, m    int
		seeds   int
		wantSat bool // at least one satisfiable formula expected
	}{
		{"tiny", 4, 4, 60, true},
		{"sparse", 8, 10, 60, true},
		{"medium", 12, 30, 60, true},
		{"dense", 14, 45, 60, true},
	}
	for _, engine := range Names() {
		for _, tc := range tests {
			t.Run(engine+"/"+tc.name, func(t *testing.T) {
				testBackboneBrute(t, engine, tc.n, tc.m, tc.seeds)
			})
		}
	}
}

// testBackboneBrute checks the engine's backbones of seeds random
// formulas (n variables, m clauses) against enumeration.
func testBackboneBrute(t *testing.T, engine string, n, m, seeds int) {
	nSat, nUnsat, nonEmpty := 0, 0, 0
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), uint64(n)))
		f := randomFormula(r, n, m)
		wantSat, want := bruteBackbone(f)
		res, err := Backbone(context.Background(), f, BackboneOptions{Engine: engine})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if res.Engine != engine {
			t.Fatalf("engine %q ran, want %q", res.Engine, engine)
		}
		if !res.Complete {
			t.Fatalf("seed %d: incomplete without limits", seed)
		}
		if !wantSat {
			nUnsat++
			if res.Status != sat.Unsat || res.Backbone != nil || res.Model != nil {
				t.Fatalf("seed %d: want unsat, got %v %v", seed, res.Status, res.Backbone)
			}
			continue
		}
		nSat++
		if len(want) > 0 {
			nonEmpty++
		}
		if res.Status != sat.Sat {
			t.Fatalf("seed %d: status %v, want SAT", seed, res.Status)
		}
		if err := sat.CheckModel(f, res.Model); err != nil {
			t.Fatalf("seed %d: model: %v", seed, err)
		}
		if !slices.Equal(res.Backbone, want) {
			t.Fatalf("seed %d: backbone %v, want %v", seed, res.Backbone, want)
		}
	}
	if nSat == 0 || nonEmpty == 0 {
		t.Fatalf("weak table row: %d sat (%d with backbone), %d unsat", nSat, nonEmpty, nUnsat)
	}
	t.Logf("%d sat (%d with a backbone), %d unsat", nSat, nonEmpty, nUnsat)
}

func TestBackboneUnsat(t *testing.T) {
	f := sat.NewCNF(2)
	for _, c := range [][]int32{{1, 2}, {-1, 2}, {1, -2}, {-1, -2}} {
		f.AddClause(c...)
	}
	for _, engine := range Names() {
		t.Run(engine, func(t *testing.T) {
			res, err := Backbone(context.Background(), f, BackboneOptions{PerCall: time.Second, Engine: engine})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != sat.Unsat || !res.Complete || res.Backbone != nil || res.Model != nil || res.Calls != 1 {
				t.Fatalf("got %+v, want a complete UNSAT result after one call", res)
			}
		})
	}
}

func TestBackboneEmptyFormula(t *testing.T) {
	for _, engine := range Names() {
		t.Run(engine, func(t *testing.T) {
			res, err := Backbone(context.Background(), sat.NewCNF(3), BackboneOptions{Engine: engine})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != sat.Sat || !res.Complete || len(res.Backbone) != 0 || len(res.Model) != 4 {
				t.Fatalf("got %+v", res)
			}
		})
	}
}

func TestBackboneEngineErrors(t *testing.T) {
	f := sat.NewCNF(1)
	f.AddClause(1)
	tests := []struct {
		engine, wantErr string
	}{
		{"minisat", "unknown engine"},
	}
	if !cadicalBuilt {
		tests = append(tests, struct{ engine, wantErr string }{"cadical", "no cadical engine"})
	}
	for _, tc := range tests {
		t.Run(tc.engine, func(t *testing.T) {
			_, err := Backbone(context.Background(), f, BackboneOptions{Engine: tc.engine})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// pigeonChain is satisfiable with a known backbone (x1..x4 true by a unit
// chain) plus a pigeonhole part with one spare hole that is hard for CDCL
// to refute under a wrong assumption — slow enough to hit tiny limits.
func pigeonChain(holes int) (*sat.CNF, []int32) {
	f := sat.NewCNF(4)
	f.AddClause(1)
	f.AddClause(-1, 2)
	f.AddClause(-2, 3)
	f.AddClause(-3, 4)
	// holes+1 pigeons into holes holes, but only when x5 is false:
	// (x5 ∨ pigeon p in some hole), at most one pigeon per hole.
	base := int32(5)
	v := func(p, h int) int32 { return base + 1 + int32(p*holes+h) }
	for p := 0; p <= holes; p++ {
		c := []int32{base}
		for h := 0; h < holes; h++ {
			c = append(c, v(p, h))
		}
		f.AddClause(c...)
	}
	for h := 0; h < holes; h++ {
		for p := 0; p <= holes; p++ {
			for q := p + 1; q <= holes; q++ {
				f.AddClause(-v(p, h), -v(q, h))
			}
		}
	}
	// x5 is backbone: refuting ¬x5 is the pigeonhole problem.
	return f, []int32{1, 2, 3, 4, base}
}

func TestBackboneLimitsAreSound(t *testing.T) {
	f, full := pigeonChain(9)
	tests := []struct {
		name string
		opts BackboneOptions
	}{
		{"per-call", BackboneOptions{PerCall: 20 * time.Millisecond}},
		{"total", BackboneOptions{Total: 30 * time.Millisecond}},
	}
	for _, engine := range Names() {
		for _, tc := range tests {
			t.Run(engine+"/"+tc.name, func(t *testing.T) {
				opts := tc.opts
				opts.Engine = engine
				res, err := Backbone(context.Background(), f, opts)
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != sat.Sat {
					t.Fatalf("status %v", res.Status)
				}
				if res.Complete {
					t.Fatalf("complete within %+v: the pigeonhole refutation should not fit", opts)
				}
				for _, l := range res.Backbone {
					if !slices.Contains(full, l) {
						t.Fatalf("unproven literal %d reported in %v", l, res.Backbone)
					}
				}
				if slices.Contains(res.Backbone, full[len(full)-1]) {
					t.Fatalf("the pigeonhole literal was proven within %+v", opts)
				}
				if res.Time > time.Second {
					t.Fatalf("limits ignored: took %v", res.Time)
				}
			})
		}
	}
}

func TestBackboneCancelled(t *testing.T) {
	f, _ := pigeonChain(9)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, engine := range Names() {
		t.Run(engine, func(t *testing.T) {
			res, err := Backbone(ctx, f, BackboneOptions{Engine: engine})
			if err != nil {
				t.Fatal(err)
			}
			if res.Complete {
				t.Fatalf("cancelled extraction reported complete: %+v", res)
			}
		})
	}
}

// TestBackboneEnginesAgreeOnCorpus labels a few external satisfiable
// instances with every engine of the build and checks each backbone
// against an independent oracle: for every variable that occurs, two
// fresh one-shot solves of f ∧ v and f ∧ ¬v.
func TestBackboneEnginesAgreeOnCorpus(t *testing.T) {
	var files []string
	for _, pat := range []string{"satlib/sat-uniform-20-91/*.cnf", "satlib/sat-flat125-301/*.cnf", "satlib/file-dimacs-aim/*yes*.cnf"} {
		m := testcorpus.Glob(t, pat)
		files = append(files, m[:min(2, len(m))]...)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f, _, err := sat.ReadFile(name, sat.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := oracleBackbone(t, f)
			for _, engine := range Names() {
				res, err := Backbone(context.Background(), f, BackboneOptions{Engine: engine, Total: time.Minute})
				if err != nil {
					t.Fatalf("%s: %v", engine, err)
				}
				if res.Status != sat.Sat || !res.Complete {
					t.Fatalf("%s: status %v complete %v", engine, res.Status, res.Complete)
				}
				if !slices.Equal(res.Backbone, want) {
					t.Fatalf("%s: backbone %v, oracle %v", engine, res.Backbone, want)
				}
			}
		})
	}
}

// oracleBackbone finds the backbone of a satisfiable f with two plain
// gini solves per occurring variable.
func oracleBackbone(t *testing.T, f *sat.CNF) []int32 {
	t.Helper()
	occurs := make([]bool, f.NumVars+1)
	for _, l := range f.Lits {
		occurs[lit.Var(l)] = true
	}
	satWith := func(l int32) bool {
		g := sat.NewCNF(f.NumVars)
		for i := 0; i < f.NumClauses(); i++ {
			g.AddClause(f.Clause(i)...)
		}
		g.AddClause(l)
		r, err := Gini(false).Solve(context.Background(), g, Options{})
		if err != nil || r.Status == sat.Unknown {
			t.Fatalf("oracle: %v %v", r.Status, err)
		}
		return r.Status == sat.Sat
	}
	var bb []int32
	for v := int32(1); v <= int32(f.NumVars); v++ {
		if !occurs[v] {
			continue
		}
		pos, neg := satWith(v), satWith(-v)
		switch {
		case pos && !neg:
			bb = append(bb, v)
		case neg && !pos:
			bb = append(bb, -v)
		case !pos && !neg:
			t.Fatalf("oracle: formula unsatisfiable")
		}
	}
	return bb
}

func ExampleBackbone() {
	f := sat.NewCNF(3)
	f.AddClause(1, 2)
	f.AddClause(-2)
	f.AddClause(2, 3, -1)
	res, _ := Backbone(context.Background(), f, BackboneOptions{})
	fmt.Println(res.Status, res.Backbone, res.Complete)
	// Output: SATISFIABLE [1 -2 3] true
}
