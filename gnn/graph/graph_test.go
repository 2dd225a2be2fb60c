package graph

import (
	"strings"
	"testing"

	"github.com/verify-tools/verify/sat"
)

func TestBuild(t *testing.T) {
	tests := []struct {
		name       string
		cnf        string
		vars, meta int
		edges      int
	}{
		// two components: {1,2,3} and {5,6}; variable 4 occurs nowhere
		{"components", "p cnf 6 4\n1 -2 0\n2 3 0\n5 -6 0\n-5 0\n", 5, 2, 7 + 4},
		{"single", "p cnf 2 1\n1 -2 0\n", 2, 1, 2 + 1},
		{"empty clause is its own component", "p cnf 1 2\n1 0\n0\n", 1, 2, 1 + 2},
		{"empty formula", "p cnf 3 0\n", 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := sat.Read(strings.NewReader(tt.cnf), "t", sat.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			g, err := Build(f)
			if err != nil {
				t.Fatal(err)
			}
			if g.NumVars() != tt.vars || g.NumMeta != tt.meta || g.NumEdges() != tt.edges {
				t.Fatalf("vars %d meta %d edges %d, want %d %d %d", g.NumVars(), g.NumMeta, g.NumEdges(), tt.vars, tt.meta, tt.edges)
			}
			// Both edge groupings list the same edges.
			seen := make([]int, len(g.EdgeVar))
			for v := 0; v < g.NumVars(); v++ {
				for _, e := range g.VarEdge[g.VarStart[v]:g.VarStart[v+1]] {
					if int(g.EdgeVar[e]) != v {
						t.Fatalf("edge %d listed under variable node %d, belongs to %d", e, v, g.EdgeVar[e])
					}
					seen[e]++
				}
			}
			for e, n := range seen {
				if n != 1 {
					t.Fatalf("edge %d listed %d times", e, n)
				}
			}
			// Clauses sharing a variable share the meta node.
			for e := range g.EdgeVar {
				c := g.EdgeClause[e]
				for _, e2 := range g.VarEdge[g.VarStart[g.EdgeVar[e]]:g.VarStart[g.EdgeVar[e]+1]] {
					if g.ClauseMeta[g.EdgeClause[e2]] != g.ClauseMeta[c] {
						t.Fatal("clauses sharing a variable in different components")
					}
				}
			}
		})
	}
}

// TestBuildSizesByOccurringVariables: a header announcing far more
// variables than the clauses use does not make the index that large.
func TestBuildSizesByOccurringVariables(t *testing.T) {
	f := sat.NewCNF(1 << 30)
	f.AddClause(3, -7)
	g, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.NodeOfVar) != 8 || g.NumVars() != 2 || g.NodeOfVar[7] != 1 {
		t.Fatalf("NodeOfVar has %d entries, %d variable nodes", len(g.NodeOfVar), g.NumVars())
	}
}
