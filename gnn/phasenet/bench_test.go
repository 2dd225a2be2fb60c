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
// (−benchmem gives the allocation, a bound on the peak memory).
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
		b.Run(name, func(b *testing.B) {
			b.ReportMetric(float64(f.NumLiterals()), "literals")
			for i := 0; i < b.N; i++ {
				g, err := graph.Build(f)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := m.Predict(context.Background(), g); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
