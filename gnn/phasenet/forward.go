package phasenet

import (
	"context"
	"fmt"
	"math"

	"github.com/verify-tools/verify/gnn/graph"
)

// Predict returns, for every variable node of g (in g.Var order), the
// predicted probability that the variable is true in the backbone.
//
// Forward pass (docs/gnn.md is the reference both this and training follow):
//
//	h = embed[kind]
//	GIN layer l:  z = (1+eps) h + Σ_r W_r · agg_r(h),  h = h + MLP(z)
//	              agg_r(h)_v = Σ_{u ∈ N_r(v)} h_u / sqrt(|N_r(v)|)
//	attention l:  x = LN1(h);  h = h + Σ_r GATv2_r(x);  h = h + MLP(LN2(h))
//	              GATv2_r(x)_v = Σ_u softmax_u(a·LeakyReLU_0.2(Wl x_u + Wr x_v + b)) Wl x_u
//	head:         p = sigmoid(MLP(LN(h)))  on variable nodes
//
// It uses every core (GOMAXPROCS); PredictWorkers bounds them.
func (m *Model) Predict(ctx context.Context, g *graph.Graph) ([]float32, error) {
	return m.PredictWorkers(ctx, g, 0)
}

// PredictWorkers is Predict on at most workers goroutines (≤ 0: GOMAXPROCS).
// The result does not depend on workers: every row is computed by the same
// code in the same order whichever goroutine runs it.
func (m *Model) PredictWorkers(ctx context.Context, g *graph.Graph, workers int) ([]float32, error) {
	p := newPool(workers)
	if err := m.check(); err != nil {
		return nil, err
	}
	d := m.Config.Hidden
	lay := layout(g)
	rels := relations(g)
	n := lay.total
	h := make([]float32, n*d)
	embed := m.Weights["embed"]
	for v := 0; v < n; v++ {
		k := KindVar
		if v >= lay.metas {
			k = KindMeta
		} else if v >= lay.clauses {
			k = KindClause
		}
		copy(h[v*d:(v+1)*d], embed[k*d:(k+1)*d])
	}
	z := make([]float32, n*d)
	agg := make([]float32, n*d)
	tmp := make([]float32, n*d)
	for l := 0; l < m.Config.GINLayers; l++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.ginLayer(m, l, rels[:], h, z, agg, tmp, n, d)
	}
	for l := 0; l < m.Config.AttnLayers; l++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.attnLayer(m, l, rels[:], h, z, agg, tmp, n, d)
	}
	// Head on the variable rows only.
	nv := g.NumVars()
	p.layerNorm(h, nv, d, m.Weights["head.ln.weight"], m.Weights["head.ln.bias"], z)
	logit := make([]float32, nv)
	p.mlp2(m, "head", z, nv, d, 1, tmp, logit, false)
	for i, x := range logit {
		logit[i] = sigmoid(x)
	}
	return logit, nil
}

// check verifies that every tensor of the architecture is present with
// the right size, so a hand-built Model cannot index out of range.
func (m *Model) check() error {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	for name, shape := range m.Config.Shapes() {
		size := 1
		for _, s := range shape {
			size *= s
		}
		w, ok := m.Weights[name]
		if !ok {
			return fmt.Errorf("tensor %q missing", name)
		}
		if len(w) != size {
			return fmt.Errorf("tensor %q has %d values, want %d", name, len(m.Weights[name]), size)
		}
	}
	return nil
}

// ginLayer: z = (1+eps) h + Σ_r W_r agg_r(h); h += MLP(z).
func (p rowPool) ginLayer(m *Model, l int, rels []relation, h, z, agg, tmp []float32, n, d int) {
	pre := fmt.Sprintf("gin.%d", l)
	scale := 1 + m.Weights[pre+".eps"][0]
	for i, v := range h[:n*d] {
		z[i] = scale * v
	}
	for r := range rels {
		rel := &rels[r]
		t := rel.targets()
		p.aggregate(rel, h, agg, d)
		p.linear(agg, t, d, m.Weights[fmt.Sprintf("%s.rel.%d.weight", pre, r)], d, nil, z[rel.first*d:], true)
	}
	p.mlp2(m, pre+".mlp", z, n, d, d, tmp, h, true)
}

// aggregate writes agg_r(h) for the relation's targets into out[0:t*d].
func (p rowPool) aggregate(rel *relation, h, out []float32, d int) {
	p.rows(rel.targets(), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			o := out[i*d : (i+1)*d]
			clear(o)
			src := rel.src[rel.start[i]:rel.start[i+1]]
			if len(src) == 0 {
				continue
			}
			for _, u := range src {
				hu := h[int(u)*d : int(u+1)*d]
				for j := range o {
					o[j] += hu[j]
				}
			}
			s := float32(1 / math.Sqrt(float64(len(src))))
			for j := range o {
				o[j] *= s
			}
		}
	})
}

// attnLayer: x = LN1(h); h += Σ_r GATv2_r(x); h += MLP(LN2(h)).
func (p rowPool) attnLayer(m *Model, l int, rels []relation, h, x, xl, tmp []float32, n, d int) {
	pre := fmt.Sprintf("attn.%d", l)
	w := m.Weights
	p.layerNorm(h, n, d, w[pre+".ln1.weight"], w[pre+".ln1.bias"], x)
	xr := make([]float32, n*d)
	for r := range rels {
		rel := &rels[r]
		q := fmt.Sprintf("%s.rel.%d", pre, r)
		// Wl x for the source block, Wr x + b for the targets.
		p.linear(x[rel.srcLo*d:], rel.srcHi-rel.srcLo, d, w[q+".wl"], d, nil, xl[rel.srcLo*d:], false)
		t := rel.targets()
		p.linear(x[rel.first*d:], t, d, w[q+".wr"], d, w[q+".b"], xr, false)
		p.gatv2(rel, xl, xr, w[q+".a"], h, d)
	}
	p.layerNorm(h, n, d, w[pre+".ln2.weight"], w[pre+".ln2.bias"], x)
	p.mlp2(m, pre+".mlp", x, n, d, d, tmp, h, true)
}

// gatv2 adds the attention-weighted messages of one relation to h.
func (p rowPool) gatv2(rel *relation, xl, xr, a, h []float32, d int) {
	p.rows(rel.targets(), func(lo, hi int) {
		var scores []float32
		for i := lo; i < hi; i++ {
			src := rel.src[rel.start[i]:rel.start[i+1]]
			if len(src) == 0 {
				continue
			}
			right := xr[i*d : (i+1)*d]
			scores = scores[:0]
			maxS := float32(math.Inf(-1))
			for _, u := range src {
				left := xl[int(u)*d : int(u+1)*d]
				var s float32
				for j := range right {
					e := left[j] + right[j]
					if e < 0 {
						e *= 0.2
					}
					s += a[j] * e
				}
				scores = append(scores, s)
				maxS = max(maxS, s)
			}
			var sum float64
			for k, s := range scores {
				e := float32(math.Exp(float64(s - maxS)))
				scores[k] = e
				sum += float64(e)
			}
			out := h[(rel.first+i)*d : (rel.first+i+1)*d]
			for k, u := range src {
				alpha := float32(float64(scores[k]) / sum)
				left := xl[int(u)*d : int(u+1)*d]
				for j := range out {
					out[j] += alpha * left[j]
				}
			}
		}
	})
}
