package bench

import (
	"fmt"
	"testing"

	"github.com/verify-tools/verify/sat"
)

// BenchmarkSummarize measures the summary of a SATLIB-sized results file:
// 2,185 instances × 4 solvers.
func BenchmarkSummarize(b *testing.B) {
	statuses := []Status{StatusSat, StatusUnsat, StatusTimeout, StatusSat, StatusCrash}
	var recs []Record
	for i := 0; i < 2185; i++ {
		for s := 0; s < 4; s++ {
			recs = append(recs, rec(fmt.Sprintf("i%d", i), fmt.Sprintf("s%d", s), statuses[(i+s)%len(statuses)], float64(i%97)))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		Summarize(recs)
	}
}

// BenchmarkJudgeSat measures reading and checking a SAT answer of a
// formula with 100,000 variables and 400,000 clauses.
func BenchmarkJudgeSat(b *testing.B) {
	const n = 100000
	f := sat.NewCNF(n)
	model := make([]bool, n+1)
	for v := 1; v <= n; v++ {
		model[v] = v%3 == 0
	}
	for c := 0; c < 4*n; c++ {
		a, bb, d := int32(c%n+1), int32((c*7)%n+1), int32((c*13)%n+1)
		f.AddClause(a, -bb, d)
		if !model[a] && model[bb] && !model[d] {
			f.Lits[len(f.Lits)-3] = -a
		}
	}
	var stdout []byte
	stdout = append(stdout, "s SATISFIABLE\n"...)
	for v := 1; v <= n; v++ {
		if v%10 == 1 {
			stdout = append(stdout, "\nv"...)
		}
		if !model[v] {
			stdout = append(stdout, fmt.Sprintf(" -%d", v)...)
		} else {
			stdout = append(stdout, fmt.Sprintf(" %d", v)...)
		}
	}
	stdout = append(stdout, " 0\n"...)
	load := func(string) (*sat.CNF, error) { return f, nil }
	ex := execution{ExitCode: 10}
	b.ResetTimer()
	for b.Loop() {
		if r := judge(Instance{ID: "x"}, Solver{Name: "s"}, ex, output{Stdout: stdout}, limits{}, load); r.Status != StatusSat {
			b.Fatalf("status %s: %s", r.Status, r.Note)
		}
	}
}
