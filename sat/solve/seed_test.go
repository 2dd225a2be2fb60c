package solve

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/verify-tools/verify/sat"
)

// pigeonholeCNF puts 3 pigeons into 2 holes (variable 2(p-1)+h: pigeon p
// in hole h): unsatisfiable, so every complete assignment falsifies a
// clause.
func pigeonholeCNF() *sat.CNF {
	f := sat.NewCNF(6)
	v := func(p, h int) int32 { return int32(2*(p-1) + h) }
	for p := 1; p <= 3; p++ {
		f.AddClause(v(p, 1), v(p, 2))
	}
	for h := 1; h <= 2; h++ {
		for p := 1; p <= 3; p++ {
			for q := p + 1; q <= 3; q++ {
				f.AddClause(-v(p, h), -v(q, h))
			}
		}
	}
	return f
}

// TestGNNConsistencyGate: at threshold 0.5 every variable is seeded, and
// on an unsatisfiable formula a complete assignment falsifies a clause
// whatever the model predicts, so the gate must drop the predictions, and
// hand them over when told to keep them; the c line says which.
func TestGNNConsistencyGate(t *testing.T) {
	tests := []struct {
		name  string
		keep  bool
		seeds int
		line  string
	}{
		{"dropped", false, 0, "inconsistent, none seeded, default phases"},
		{"kept", true, 6, "handed to the engine all the same (--gnn-keep-inconsistent)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var lines []string
			say := func(format string, args ...any) {
				mu.Lock()
				defer mu.Unlock()
				lines = append(lines, fmt.Sprintf(format, args...))
			}
			opts := SeedOptions{GNN: true, GNNThreshold: 0.5, GNNKeepInconsistent: tc.keep}
			g, err := StartGNN(context.Background(), opts, pigeonholeCNF(), nil, say)
			if err != nil || g == nil {
				t.Fatalf("StartGNN: %v, %v", g, err)
			}
			var got []int32
			for s := range g.Phases {
				got = s
			}
			finished, _ := g.Stop()
			if !finished {
				t.Errorf("Stop says inference did not finish")
			}
			if len(got) != tc.seeds || len(g.Seeds()) != tc.seeds {
				t.Errorf("delivered %v (Seeds %v), want %d seeds", got, g.Seeds(), tc.seeds)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(lines) != 1 || !strings.Contains(lines[0], "falsifies") || !strings.Contains(lines[0], tc.line) {
				t.Errorf("c lines %q, want one naming the falsified clauses and %q", lines, tc.line)
			}
			// Inference leaves the search a core of its own.
			cores := "(next to the search, 1 core)"
			if n := runtime.GOMAXPROCS(0) - 1; n > 1 {
				cores = fmt.Sprintf("(next to the search, %d cores)", n)
			}
			if len(lines) == 1 && !strings.Contains(lines[0], cores) {
				t.Errorf("c line %q does not say %q", lines[0], cores)
			}
		})
	}
}
