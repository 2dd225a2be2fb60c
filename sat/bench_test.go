package sat

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

// BenchmarkReadDIMACS measures parsing throughput (MB/s of DIMACS text) on
// the largest gophersat instance, plain and gzip-compressed.
func BenchmarkReadDIMACS(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testcorpus.Path(b, "gophersat"), "hsat_vc11803.cnf"))
	if err != nil {
		b.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data)
	w.Close()
	for _, in := range []struct {
		name string
		data []byte
	}{{"plain", data}, {"gzip", gz.Bytes()}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, _, err := Read(bytes.NewReader(in.data), "hsat", ReadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

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
				if _, err := (Gini{}).Solve(context.Background(), f, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
