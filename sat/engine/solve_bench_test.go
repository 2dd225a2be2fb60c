package engine

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

// solveBenchSet is a fixed set of instances that gini solves in well under
// a minute each, SAT and UNSAT.
var solveBenchSet = []string{
	"gophersat/225.cnf", "gophersat/200.cnf", "gophersat/8-pigeons.cnf",
	"gophersat/hoons-vbmc-lucky7.cnf", "gophersat/manol-pipe-c9.cnf",
	"satlib/sat-flat125-301/flat125-1.cnf", "satlib/unsat-dimacs-dubois/dubois100.cnf",
	"satlib/file-dimacs-aim/aim-200-2_0-no-1.cnf",
}

// BenchmarkSolve measures gini solve time per instance of the fixed set.
func BenchmarkSolve(b *testing.B) {
	root := filepath.Dir(testcorpus.Path(b, "gophersat"))
	for _, rel := range solveBenchSet {
		f := mustRead(b, filepath.Join(root, rel))
		b.Run(filepath.Base(rel), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Gini(false).Solve(context.Background(), f, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
