package phasenet

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/gnn/graph"
	"github.com/verify-tools/verify/sat"
)

// BenchmarkPredict measures graph construction plus inference of the
// default-size model on gophersat instances from small to the largest
// (−benchmem gives the allocation, a bound on the peak memory), on one
// core (what `verify solve` gives inference on a 2-core machine, the
// search having the other) and on all of them (`verify gnn predict`).
func BenchmarkPredict(b *testing.B) {
	m, err := New(DefaultConfig(), 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"100.cnf", "hoons-vbmc-lucky7.cnf", "manol-pipe-c9.cnf", "gss-13-s100.cnf", "hsat_vc11803.cnf"} {
		path := filepath.Join("..", "..", "testdata", "external", "gophersat", name)
		f, _, err := sat.ReadFile(path, sat.ReadOptions{})
		if err != nil {
			b.Skipf("%s: %v (run 'make testdata')", path, err)
		}
		for _, workers := range []int{1, 0} {
			cores := "cores=all"
			if workers == 1 {
				cores = "cores=1"
			}
			b.Run(name+"/"+cores, func(b *testing.B) {
				b.ReportMetric(float64(f.NumLiterals()), "literals")
				for i := 0; i < b.N; i++ {
					g, err := graph.Build(f)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := m.PredictWorkers(context.Background(), g, workers); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
