package engine

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
)

// backboneSets are satisfiable external instances, relative to the sat
// package directory (fetched by `make testdata`).
var backboneSets = []struct {
	name  string
	glob  string
	limit int // files taken, in name order; 0 = all
}{
	{"uf20-91", "../testdata/external/satlib/sat-uniform-20-91/*.cnf", 100},
	{"flat125", "../testdata/external/satlib/sat-flat125-301/*.cnf", 20},
	{"aim-yes", "../testdata/external/satlib/file-dimacs-aim/*yes*.cnf", 0},
	{"gophersat-small", "../testdata/external/gophersat/{25,50,75,100,8-queens,zebra}.cnf", 0},
	{"gophersat-225", "../testdata/external/gophersat/225.cnf", 0},
}

// globSet expands a pattern with one optional {a,b,...} alternation.
func globSet(pattern string) []string {
	pats := []string{pattern}
	if i, j := strings.IndexByte(pattern, '{'), strings.IndexByte(pattern, '}'); i >= 0 && j > i {
		pats = pats[:0]
		for _, alt := range strings.Split(pattern[i+1:j], ",") {
			pats = append(pats, pattern[:i]+alt+pattern[j+1:])
		}
	}
	var files []string
	for _, p := range pats {
		m, _ := filepath.Glob(p)
		files = append(files, m...)
	}
	sort.Strings(files)
	return files
}

// needExternal skips (or, under CI, fails) when the corpora are missing.
func needExternal(tb testing.TB, files []string, what string) {
	tb.Helper()
	if len(files) > 0 {
		return
	}
	testcorpus.Missing(tb, what+": external corpus missing: run make testdata")
}

// BenchmarkBackbone times gini's backbone extraction against one plain
// gini solve of the same formulas, measured in the same run. Metrics per set and
// iteration: solve-ms, backbone-ms, ratio (backbone/solve), calls per
// formula and backbone fraction of the variables.
func BenchmarkBackbone(b *testing.B) {
	for _, set := range backboneSets {
		b.Run(set.name, func(b *testing.B) {
			files := globSet(set.glob)
			if set.limit > 0 && len(files) > set.limit {
				files = files[:set.limit]
			}
			needExternal(b, files, set.name)
			cnfs := make([]*sat.CNF, len(files))
			for i, name := range files {
				f, _, err := sat.ReadFile(name, sat.ReadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				cnfs[i] = f
			}
			ctx := context.Background()
			var solveT, bbT time.Duration
			var calls, bbLits, vars int
			b.ResetTimer()
			for range b.N {
				for i, f := range cnfs {
					t0 := time.Now()
					r, err := Gini(false).Solve(ctx, f, Options{})
					solveT += time.Since(t0)
					if err != nil || r.Status != sat.Sat {
						b.Fatalf("%s: plain solve %v %v", files[i], r.Status, err)
					}
					t0 = time.Now()
					bb, err := Backbone(ctx, f, BackboneOptions{Engine: "gini"})
					bbT += time.Since(t0)
					if err != nil || bb.Status != sat.Sat || !bb.Complete {
						b.Fatalf("%s: backbone %v complete=%v %v", files[i], bb.Status, bb.Complete, err)
					}
					calls += bb.Calls
					bbLits += len(bb.Backbone)
					vars += f.NumVars
				}
			}
			n := float64(b.N)
			b.ReportMetric(float64(solveT.Milliseconds())/n, "solve-ms")
			b.ReportMetric(float64(bbT.Milliseconds())/n, "backbone-ms")
			b.ReportMetric(bbT.Seconds()/solveT.Seconds(), "ratio")
			b.ReportMetric(float64(calls)/n/float64(len(cnfs)), "calls/formula")
			b.ReportMetric(float64(bbLits)/float64(vars), "bb-frac")
		})
	}
}

// uniform3SAT draws satisfiable uniform random 3-SAT formulas (n
// variables, m clauses of three distinct variables), as SATLIB's uf sets,
// rejecting unsatisfiable draws; seeds are deterministic.
func uniform3SAT(tb testing.TB, count, n, m int) []*sat.CNF {
	tb.Helper()
	var out []*sat.CNF
	for seed := uint64(0); len(out) < count; seed++ {
		if seed > uint64(20*count) {
			tb.Fatalf("uf%d-%d: only %d satisfiable formulas in %d draws", n, m, len(out), seed)
		}
		r := rand.New(rand.NewPCG(seed, uint64(n)<<32|uint64(m)))
		f := sat.NewCNF(n)
		for range m {
			perm := r.Perm(n)[:3]
			c := make([]int32, 3)
			for i, v := range perm {
				c[i] = int32(v + 1)
				if r.IntN(2) == 0 {
					c[i] = -c[i]
				}
			}
			f.AddClause(c...)
		}
		res, err := Gini(false).Solve(context.Background(), f, Options{})
		if err != nil {
			tb.Fatal(err)
		}
		if res.Status == sat.Sat {
			out = append(out, f)
		}
	}
	return out
}

// BenchmarkBackboneEngines labels the same satisfiable uniform random
// 3-SAT formulas (near the threshold, 4.26 clauses per variable) with
// every incremental engine of the build. Metrics per formula: ENGINE-ms
// and ENGINE-calls for each engine, and, in a build with CaDiCaL,
// gini/cadical, the time ratio measured in the same run.
func BenchmarkBackboneEngines(b *testing.B) {
	sets := []struct {
		name     string
		n, m, nf int
	}{
		{"uf50-218", 50, 218, 8},
		{"uf100-430", 100, 430, 8},
		{"uf150-645", 150, 645, 4},
	}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			cnfs := uniform3SAT(b, set.nf, set.n, set.m)
			engines := Names()
			spent := make([]time.Duration, len(engines))
			calls := make([]int, len(engines))
			ctx := context.Background()
			b.ResetTimer()
			for range b.N {
				for _, f := range cnfs {
					var want []int32
					for i, e := range engines {
						t0 := time.Now()
						bb, err := Backbone(ctx, f, BackboneOptions{Engine: e})
						spent[i] += time.Since(t0)
						if err != nil || bb.Status != sat.Sat || !bb.Complete {
							b.Fatalf("%s: %v complete=%v %v", e, bb.Status, bb.Complete, err)
						}
						calls[i] += bb.Calls
						if i == 0 {
							want = bb.Backbone
						} else if !slices.Equal(bb.Backbone, want) {
							b.Fatalf("%s and %s disagree on a backbone", e, engines[0])
						}
					}
				}
			}
			per := float64(b.N * len(cnfs))
			for i, e := range engines {
				b.ReportMetric(float64(spent[i].Microseconds())/1000/per, e+"-ms")
				b.ReportMetric(float64(calls[i])/per, e+"-calls")
			}
			if len(engines) == 2 {
				b.ReportMetric(spent[1].Seconds()/spent[0].Seconds(), engines[1]+"/"+engines[0])
			}
		})
	}
}
