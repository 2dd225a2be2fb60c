package sat

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/verify-tools/verify/internal/testcorpus"
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

// BenchmarkBackbone times backbone extraction against one plain solve of
// the same formulas, measured in the same run. Metrics per set and
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
			cnfs := make([]*CNF, len(files))
			for i, name := range files {
				f, _, err := ReadFile(name, ReadOptions{})
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
					r, err := Gini{}.Solve(ctx, f, Options{})
					solveT += time.Since(t0)
					if err != nil || r.Status != Sat {
						b.Fatalf("%s: plain solve %v %v", files[i], r.Status, err)
					}
					t0 = time.Now()
					bb, err := Backbone(ctx, f, BackboneOptions{})
					bbT += time.Since(t0)
					if err != nil || bb.Status != Sat || !bb.Complete {
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
