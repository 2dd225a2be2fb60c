// Package graph turns a CNF formula into the NeuroBack graph: one node per
// variable that occurs, one node per clause, one meta node per connected
// component; variable–clause edges typed positive or negative by the
// literal's sign, and meta–clause edges. Construction is linear in the
// formula size and keeps only index arrays (no copy of the clauses).
package graph

import (
	"fmt"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/sat"
)

// Edge types.
const (
	Pos  = 0 // variable occurs positively in the clause
	Neg  = 1 // variable occurs negatively
	Meta = 2 // clause belongs to the meta node's component
)

// Graph is the variable–clause–meta graph of one formula. Nodes are
// numbered: variables 0..NumVars-1, clauses NumVars..NumVars+NumClauses-1,
// meta nodes after them.
type Graph struct {
	// Var maps a variable node to its DIMACS variable (1-based).
	Var []int32
	// NodeOfVar maps a DIMACS variable to its node, -1 when it occurs in
	// no clause; it extends to the largest variable that occurs.
	NodeOfVar  []int32
	NumClauses int
	NumMeta    int
	// Literal edges, grouped by clause (CSR): clause c has edges
	// ClauseStart[c]..ClauseStart[c+1]; EdgeVar is the variable node and
	// EdgeNeg its sign.
	ClauseStart []int
	EdgeVar     []int32
	EdgeNeg     []bool
	// EdgeClause is the clause of each literal edge.
	EdgeClause []int32
	// VarStart/VarEdge group the same edges by variable node (indices into
	// EdgeVar/EdgeNeg), so both directions aggregate without a search.
	VarStart []int
	VarEdge  []int32
	// ClauseMeta is the meta node (0..NumMeta-1) of each clause; MetaStart
	// and MetaClause list each meta node's clauses.
	ClauseMeta []int32
	MetaStart  []int
	MetaClause []int32
}

// NumVars is the number of variable nodes.
func (g *Graph) NumVars() int { return len(g.Var) }

// NumNodes counts all nodes.
func (g *Graph) NumNodes() int { return len(g.Var) + g.NumClauses + g.NumMeta }

// NumEdges counts literal edges plus meta edges.
func (g *Graph) NumEdges() int { return len(g.EdgeVar) + len(g.ClauseMeta) }

// Build makes the graph of f. Empty clauses get a clause node with no
// literal edges; duplicate literals give parallel edges, as in the formula.
func Build(f *sat.CNF) (*Graph, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	// Size the variable index by the largest variable that occurs: a
	// header may announce far more than the clauses use.
	top := int32(0)
	for _, l := range f.Lits {
		top = max(top, lit.Var(l))
	}
	g := &Graph{NumClauses: f.NumClauses(), NodeOfVar: make([]int32, top+1)}
	for i := range g.NodeOfVar {
		g.NodeOfVar[i] = -1
	}
	for _, l := range f.Lits {
		v := lit.Var(l)
		if g.NodeOfVar[v] < 0 {
			g.NodeOfVar[v] = 0 // mark; numbered below in variable order
		}
	}
	for v := 1; v <= int(top); v++ {
		if g.NodeOfVar[v] == 0 {
			g.NodeOfVar[v] = int32(len(g.Var))
			g.Var = append(g.Var, int32(v))
		}
	}
	g.ClauseStart = f.Start // shared with the formula, not copied
	g.EdgeClause = make([]int32, len(f.Lits))
	for c := 0; c < g.NumClauses; c++ {
		for i := f.Start[c]; i < f.Start[c+1]; i++ {
			g.EdgeClause[i] = int32(c)
		}
	}
	g.EdgeVar = make([]int32, len(f.Lits))
	g.EdgeNeg = make([]bool, len(f.Lits))
	counts := make([]int, len(g.Var)+1)
	for i, l := range f.Lits {
		n := g.NodeOfVar[lit.Var(l)]
		g.EdgeVar[i] = n
		g.EdgeNeg[i] = l < 0
		counts[n+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	g.VarStart = append([]int(nil), counts...)
	g.VarEdge = make([]int32, len(f.Lits))
	for i, n := range g.EdgeVar {
		g.VarEdge[counts[n]] = int32(i)
		counts[n]++
	}
	g.components()
	return g, nil
}

// components assigns each clause the meta node of its connected component
// (clauses sharing a variable are connected), with union–find over
// variable nodes.
func (g *Graph) components() {
	parent := make([]int32, len(g.Var))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for c := 0; c < g.NumClauses; c++ {
		s, e := g.ClauseStart[c], g.ClauseStart[c+1]
		for i := s + 1; i < e; i++ {
			a, b := find(g.EdgeVar[s]), find(g.EdgeVar[i])
			if a != b {
				parent[a] = b
			}
		}
	}
	meta := make([]int32, len(g.Var)) // root -> meta id + 1
	g.ClauseMeta = make([]int32, g.NumClauses)
	for c := 0; c < g.NumClauses; c++ {
		s, e := g.ClauseStart[c], g.ClauseStart[c+1]
		if s == e { // empty clause: a component of its own
			g.ClauseMeta[c] = int32(g.NumMeta)
			g.NumMeta++
			continue
		}
		r := find(g.EdgeVar[s])
		if meta[r] == 0 {
			g.NumMeta++
			meta[r] = int32(g.NumMeta)
		}
		g.ClauseMeta[c] = meta[r] - 1
	}
	counts := make([]int, g.NumMeta+1)
	for _, m := range g.ClauseMeta {
		counts[m+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	g.MetaStart = append([]int(nil), counts...)
	g.MetaClause = make([]int32, g.NumClauses)
	for c, m := range g.ClauseMeta {
		g.MetaClause[counts[m]] = int32(c)
		counts[m]++
	}
}
