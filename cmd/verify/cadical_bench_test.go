//go:build cadical

package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// cadicalBenchSet: gophersat instances CaDiCaL solves in 0.4–10 s each.
var cadicalBenchSet = []string{
	"150.cnf", "200.cnf", "225.cnf", "275.cnf", "9-pigeons.cnf",
	"hoons-vbmc-lucky7.cnf", "manol-pipe-c9.cnf", "xinetd_vc56703.cnf",
}

// BenchmarkCadicalOverhead compares `verify solve --engine cadical` with
// Debian's cadical binary (same CaDiCaL 1.5.3 sources) on the same
// instances, alternating the two per instance, and reports the wall-time
// ratio summed over the set: the overhead of our path (parse, cgo, model
// check). The cadical binary runs with its default options, ours with
// CaDiCaL's defaults through the library.
func BenchmarkCadicalOverhead(b *testing.B) {
	if _, err := exec.LookPath("cadical"); err != nil {
		b.Skip("cadical binary not installed (apt-get install cadical)")
	}
	var ours, theirs time.Duration
	for i := 0; i < b.N; i++ {
		for _, name := range cadicalBenchSet {
			p := filepath.Join("..", "..", "testdata", "external", "gophersat", name)
			ours += timeRun(b, verifyBin, "solve", "--engine", "cadical", "--no-gnn", "-q", "--no-model", p)
			theirs += timeRun(b, "cadical", "-q", "-n", p)
		}
	}
	b.ReportMetric(ours.Seconds()/float64(b.N), "verify-s/op")
	b.ReportMetric(theirs.Seconds()/float64(b.N), "cadical-s/op")
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "verify/cadical")
}
