package phasetrain

import (
	"math"

	"github.com/verify-tools/verify/gnn/phasenet"
)

// Batch is the disjoint union of a few samples' graphs as the index arrays
// the torch forward pass uses. Each sample's nodes are contiguous and in
// the order of docs/gnn.md (variables, clauses, meta nodes), so the union
// is exact: no message crosses from one sample to another.
type Batch struct {
	Nodes int
	Kind  []int64 // node kind (phasenet.KindVar, KindClause, KindMeta)
	// Src and Dst list the edges of each relation; Scale is the edge's
	// 1/sqrt(in-degree of Dst in that relation), so a scaled index_add is
	// the GIN aggregation.
	Src, Dst [phasenet.NumRelations][]int64
	Scale    [phasenet.NumRelations][]float32
	// VarNodes lists the variable nodes, sample after sample; sample i
	// owns VarNodes[VarStart[i]:VarStart[i+1]].
	VarNodes []int64
	VarStart []int
	// Labelled indexes VarNodes' backbone variables; Target is their
	// phase (1 true) and Weight their class-balanced loss weight.
	Labelled []int64
	Target   []float32
	Weight   []float32
	// Labels are each sample's per-variable labels, for the metrics.
	Labels [][]int8
}

// NewBatch joins samples into one batch. The loss weights balance the
// phases over the batch: each phase present gets half the total weight
// (all of it when only one is present), shared equally by its variables,
// so the weighted sum of per-variable losses is a balanced mean.
func NewBatch(samples []*Sample) *Batch {
	b := &Batch{VarStart: []int{0}}
	for _, s := range samples {
		b.add(s)
	}
	b.balance()
	b.scale()
	return b
}

func (b *Batch) add(s *Sample) {
	g := s.Graph
	base := int64(b.Nodes)
	nv, nc := int64(g.NumVars()), int64(g.NumClauses)
	clause := base + nv
	meta := clause + nc
	for i := int64(0); i < nv; i++ {
		b.Kind = append(b.Kind, phasenet.KindVar)
		b.VarNodes = append(b.VarNodes, base+i)
	}
	for i := int64(0); i < nc; i++ {
		b.Kind = append(b.Kind, phasenet.KindClause)
	}
	for i := 0; i < g.NumMeta; i++ {
		b.Kind = append(b.Kind, phasenet.KindMeta)
	}
	edge := func(r int, src, dst int64) {
		b.Src[r] = append(b.Src[r], src)
		b.Dst[r] = append(b.Dst[r], dst)
	}
	for c := 0; c < g.NumClauses; c++ {
		cn := clause + int64(c)
		for e := g.ClauseStart[c]; e < g.ClauseStart[c+1]; e++ {
			v := base + int64(g.EdgeVar[e])
			if g.EdgeNeg[e] {
				edge(phasenet.RelVarToClauseNeg, v, cn)
				edge(phasenet.RelClauseToVarNeg, cn, v)
			} else {
				edge(phasenet.RelVarToClausePos, v, cn)
				edge(phasenet.RelClauseToVarPos, cn, v)
			}
		}
		m := meta + int64(g.ClauseMeta[c])
		edge(phasenet.RelClauseToMeta, cn, m)
		edge(phasenet.RelMetaToClause, m, cn)
	}
	b.Labels = append(b.Labels, s.Label)
	first := len(b.VarNodes) - int(nv)
	for i, l := range s.Label {
		if l == LabelUnknown {
			continue
		}
		b.Labelled = append(b.Labelled, int64(first+i))
		b.Target = append(b.Target, float32(l))
	}
	b.Nodes += int(nv+nc) + g.NumMeta
	b.VarStart = append(b.VarStart, len(b.VarNodes))
}

func (b *Batch) balance() {
	var pos, neg int
	for _, t := range b.Target {
		if t == 1 {
			pos++
		} else {
			neg++
		}
	}
	share := 0.5
	if pos == 0 || neg == 0 {
		share = 1
	}
	b.Weight = make([]float32, len(b.Target))
	for i, t := range b.Target {
		if t == 1 {
			b.Weight[i] = float32(share / float64(pos))
		} else {
			b.Weight[i] = float32(share / float64(neg))
		}
	}
}

func (b *Batch) scale() {
	deg := make([]int32, b.Nodes)
	for r := range b.Dst {
		clear(deg)
		for _, d := range b.Dst[r] {
			deg[d]++
		}
		b.Scale[r] = make([]float32, len(b.Dst[r]))
		for i, d := range b.Dst[r] {
			b.Scale[r][i] = float32(1 / math.Sqrt(float64(deg[d])))
		}
	}
}

// EvalBatchEdges bounds the relation edges of one evaluation batch (about
// 0.3 KB of torch memory per edge in the lean forward pass at d = 48), so
// scoring a set of large formulas cannot take the machine's memory; a
// formula with more edges is scored alone.
const EvalBatchEdges = 4 << 20

// batches cuts samples into training batches of n samples, in the order
// perm gives (nil: as they are).
func batches(samples []*Sample, n int, perm []int) []*Batch {
	return cut(samples, n, 0, perm)
}

// evalBatches cuts samples, in order, into evaluation batches of at most n
// samples and EvalBatchEdges edges.
func evalBatches(samples []*Sample, n int) []*Batch {
	return cut(samples, n, EvalBatchEdges, nil)
}

// cut closes a batch at n samples or, when maxEdges > 0, before the sample
// that would take it past maxEdges edges.
func cut(samples []*Sample, n, maxEdges int, perm []int) []*Batch {
	var out []*Batch
	var part []*Sample
	edges := 0
	for i := range samples {
		s := samples[i]
		if perm != nil {
			s = samples[perm[i]]
		}
		e := s.Edges()
		if len(part) == n || (maxEdges > 0 && len(part) > 0 && edges+e > maxEdges) {
			out = append(out, NewBatch(part))
			part, edges = nil, 0
		}
		part = append(part, s)
		edges += e
	}
	if len(part) > 0 {
		out = append(out, NewBatch(part))
	}
	return out
}
