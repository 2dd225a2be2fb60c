package engine

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/preprocess"
)

// industrialBenchSet: gophersat's industrial/BMC instances that gini solves
// in seconds, with and without the preprocessor.
var industrialBenchSet = []string{"hoons-vbmc-lucky7.cnf", "manol-pipe-c9.cnf", "gus-md5-04.cnf"}

// BenchmarkGiniPreprocess compares gini alone with the preprocessor in
// front, alternated per instance, and reports search rates (conflicts and
// propagations per second of search) next to the time per solve. Run with
// -cpuprofile to see where the search spends its time.
func BenchmarkGiniPreprocess(b *testing.B) {
	dir := testcorpus.Path(b, "gophersat")
	for _, name := range industrialBenchSet {
		f := mustRead(b, filepath.Join(dir, name))
		for _, e := range []struct {
			name string
			gini *Engine
		}{{"nopre", Gini(false)}, {"pre", Gini(true)}} {
			b.Run(name+"/"+e.name, func(b *testing.B) {
				var conflicts, props int64
				var search float64
				for i := 0; i < b.N; i++ {
					r, err := e.gini.Solve(context.Background(), f, Options{})
					if err != nil || r.Status == sat.Unknown {
						b.Fatalf("%v %v", r.Status, err)
					}
					conflicts += r.Stats.Conflicts
					props += r.Stats.Propagations
					search += r.Stats.SolveTime.Seconds()
				}
				b.ReportMetric(float64(conflicts)/search, "conflicts/s")
				b.ReportMetric(float64(props)/search, "props/s")
				b.ReportMetric(float64(conflicts)/float64(b.N), "conflicts/op")
			})
		}
	}
}

// BenchmarkPreprocess measures the preprocessor alone on the largest
// gophersat instances (literals per second of input).
func BenchmarkPreprocess(b *testing.B) {
	dir := testcorpus.Path(b, "gophersat")
	for _, name := range []string{"manol-pipe-c9.cnf", "gus-md5-04.cnf", "hsat_vc11803.cnf"} {
		f := mustRead(b, filepath.Join(dir, name))
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(f.NumLiterals()))
			for i := 0; i < b.N; i++ {
				if _, err := preprocess.Run(context.Background(), f, f.NumVars, preprocess.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
