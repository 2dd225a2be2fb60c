package phasenet

import "github.com/verify-tools/verify/gnn/graph"

// relation is one directed edge type in CSR form over global node
// indices: target node first+i has sources src[start[i]:start[i+1]].
type relation struct {
	first int // first target node
	start []int
	src   []int32
	// srcLo..srcHi is the block of nodes sources come from (one kind).
	srcLo, srcHi int
}

func (r *relation) targets() int { return len(r.start) - 1 }

// nodeLayout gives the first global index of each node kind: variables,
// then clauses, then meta nodes.
type nodeLayout struct{ vars, clauses, metas, total int }

func layout(g *graph.Graph) nodeLayout {
	v, c := g.NumVars(), g.NumClauses
	return nodeLayout{vars: 0, clauses: v, metas: v + c, total: v + c + g.NumMeta}
}

// relations builds the six directed relations of g.
func relations(g *graph.Graph) [NumRelations]relation {
	lay := layout(g)
	var rels [NumRelations]relation
	// Variables to clauses, split by sign.
	for k, neg := range []bool{false, true} {
		r := relation{first: lay.clauses, start: make([]int, 1, g.NumClauses+1)}
		for c := 0; c < g.NumClauses; c++ {
			for e := g.ClauseStart[c]; e < g.ClauseStart[c+1]; e++ {
				if g.EdgeNeg[e] == neg {
					r.src = append(r.src, g.EdgeVar[e])
				}
			}
			r.start = append(r.start, len(r.src))
		}
		r.srcLo, r.srcHi = lay.vars, lay.clauses
		rels[RelVarToClausePos+k] = r
	}
	// Clauses to variables, split by sign.
	for k, neg := range []bool{false, true} {
		r := relation{first: lay.vars, start: make([]int, 1, g.NumVars()+1)}
		for v := 0; v < g.NumVars(); v++ {
			for _, e := range g.VarEdge[g.VarStart[v]:g.VarStart[v+1]] {
				if g.EdgeNeg[e] == neg {
					r.src = append(r.src, int32(lay.clauses)+g.EdgeClause[e])
				}
			}
			r.start = append(r.start, len(r.src))
		}
		r.srcLo, r.srcHi = lay.clauses, lay.metas
		rels[RelClauseToVarPos+k] = r
	}
	toMeta := relation{first: lay.metas, start: make([]int, g.NumMeta+1), src: make([]int32, g.NumClauses)}
	copy(toMeta.start, g.MetaStart)
	for i, c := range g.MetaClause {
		toMeta.src[i] = int32(lay.clauses) + c
	}
	toMeta.srcLo, toMeta.srcHi = lay.clauses, lay.metas
	rels[RelClauseToMeta] = toMeta
	fromMeta := relation{first: lay.clauses, start: make([]int, g.NumClauses+1), src: make([]int32, g.NumClauses)}
	for c, m := range g.ClauseMeta {
		fromMeta.start[c+1] = c + 1
		fromMeta.src[c] = int32(lay.metas) + m
	}
	fromMeta.srcLo, fromMeta.srcHi = lay.metas, lay.total
	rels[RelMetaToClause] = fromMeta
	return rels
}
