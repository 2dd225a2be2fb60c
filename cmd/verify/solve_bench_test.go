package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// minisatBenchSet: instances both solvers finish in seconds on two cores.
var minisatBenchSet = []string{
	"gophersat/225.cnf", "gophersat/200.cnf", "gophersat/8-pigeons.cnf",
	"gophersat/hoons-vbmc-lucky7.cnf", "gophersat/manol-pipe-c9.cnf",
	"gophersat/8-queens.cnf", "gophersat/zebra.cnf",
}

// BenchmarkSolveVsMinisat runs `verify solve` and Debian's minisat on the
// same instances in the same benchmark and reports the wall-time ratio
// (verify/minisat, summed over the set). Alternating the two per instance
// spreads machine noise over both.
func BenchmarkSolveVsMinisat(b *testing.B) {
	if _, err := exec.LookPath("minisat"); err != nil {
		b.Skip("minisat not installed (apt-get install minisat)")
	}
	var paths []string
	for _, rel := range minisatBenchSet {
		paths = append(paths, filepath.Join("..", "..", "testdata", "external", rel))
	}
	var ours, theirs time.Duration
	for i := 0; i < b.N; i++ {
		for _, p := range paths {
			ours += timeRun(b, verifyBin, "solve", "--no-gnn", "--no-model", p)
			theirs += timeRun(b, "minisat", "-verb=0", p)
		}
	}
	b.ReportMetric(ours.Seconds()/float64(b.N), "verify-s/op")
	b.ReportMetric(theirs.Seconds()/float64(b.N), "minisat-s/op")
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "verify/minisat")
}

// timeRun measures one process run; exit codes 10 and 20 are answers.
func timeRun(b *testing.B, bin string, args ...string) time.Duration {
	t0 := time.Now()
	err := exec.Command(bin, args...).Run()
	el := time.Since(t0)
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || (ee.ExitCode() != 10 && ee.ExitCode() != 20)) {
		b.Fatalf("%s %v: %v", bin, args, err)
	}
	return el
}
