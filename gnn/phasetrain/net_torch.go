//go:build torch

package phasetrain

import (
	"fmt"
	"math"
	"sort"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"

	"github.com/verify-tools/verify/internal/libtorch"

	"github.com/verify-tools/verify/gnn/phasenet"
)

// Net is the torch copy of the phase predictor: one leaf tensor per entry
// of phasenet.Config.Shapes, under the same name, requiring gradients.
type Net struct {
	Config phasenet.Config
	Params map[string]*ts.Tensor
	Names  []string // sorted parameter names, the optimiser's order
}

// NewNet copies m's weights into torch tensors.
func NewNet(m *phasenet.Model) (*Net, error) {
	if err := m.Config.Validate(); err != nil {
		return nil, err
	}
	n := &Net{Config: m.Config, Params: map[string]*ts.Tensor{}}
	for name, shape := range m.Config.Shapes() {
		w, ok := m.Weights[name]
		if !ok {
			return nil, fmt.Errorf("tensor %q missing", name)
		}
		t, err := tensorOf(w, shape)
		if err != nil {
			return nil, fmt.Errorf("tensor %q: %w", name, err)
		}
		n.Params[name] = t.MustSetRequiresGrad(true, true)
		n.Names = append(n.Names, name)
	}
	sort.Strings(n.Names)
	return n, nil
}

func tensorOf(w []float32, shape []int) (*ts.Tensor, error) {
	sh := make([]int64, len(shape))
	size := 1
	for i, s := range shape {
		sh[i] = int64(s)
		size *= s
	}
	if len(w) != size {
		return nil, fmt.Errorf("%d values for shape %v", len(w), shape)
	}
	return ts.NewTensorFromData(w, sh)
}

func values(t *ts.Tensor) []float32 {
	d := t.MustDetach(false)
	defer d.MustDrop()
	return append([]float32(nil), d.Vals().([]float32)...)
}

// Model copies the current weights into a pure-Go model (Config as is).
func (n *Net) Model() (*phasenet.Model, error) {
	m := &phasenet.Model{Config: n.Config, Weights: map[string][]float32{}}
	for _, name := range n.Names {
		w := values(n.Params[name])
		for i, v := range w {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("tensor %q holds a non-finite value at %d", name, i)
			}
		}
		m.Weights[name] = w
	}
	return m, nil
}

// batchTensors are a Batch's index arrays on the torch side.
type batchTensors struct {
	nodes    int64
	kind     *ts.Tensor
	src, dst [phasenet.NumRelations]*ts.Tensor
	scale    [phasenet.NumRelations]*ts.Tensor // [E, 1]
	vars     *ts.Tensor
	labelled *ts.Tensor
	target   *ts.Tensor
	weight   *ts.Tensor
}

func newBatchTensors(b *Batch, a *libtorch.Arena) (*batchTensors, error) {
	var err error
	long := func(x []int64) *ts.Tensor {
		if err != nil {
			return nil
		}
		var t *ts.Tensor
		t, err = ts.NewTensorFromData(x, []int64{int64(len(x))})
		if err != nil {
			return nil
		}
		return a.Keep(t)
	}
	float := func(x []float32, shape ...int64) *ts.Tensor {
		if err != nil {
			return nil
		}
		var t *ts.Tensor
		t, err = ts.NewTensorFromData(x, shape)
		if err != nil {
			return nil
		}
		return a.Keep(t)
	}
	bt := &batchTensors{nodes: int64(b.Nodes)}
	bt.kind = long(b.Kind)
	for r := range b.Src {
		bt.src[r], bt.dst[r] = long(b.Src[r]), long(b.Dst[r])
		bt.scale[r] = float(b.Scale[r], int64(len(b.Scale[r])), 1)
	}
	bt.vars = long(b.VarNodes)
	bt.labelled = long(b.Labelled)
	bt.target = float(b.Target, int64(len(b.Target)))
	bt.weight = float(b.Weight, int64(len(b.Weight)))
	return bt, err
}

// Forward returns the logits of the batch's variable nodes ([len(VarNodes)]),
// following docs/gnn.md step by step, keeping every intermediate tensor in a
// for the backward pass.
func (n *Net) Forward(bt *batchTensors, a *libtorch.Arena) *ts.Tensor {
	return n.forward(bt, a, false)
}

// forwardLean is Forward for a pass without gradients (inside
// libtorch.NoGrad only): each relation's intermediate tensors are freed as
// soon as its message is summed, so the pass holds one relation's edge
// tensors at a time instead of the whole pass's. Scoring the harder
// corpus's test set (8 bmc formulas of up to 1.4 M literals in one batch)
// needed more than 24 GiB the other way.
func (n *Net) forwardLean(bt *batchTensors, a *libtorch.Arena) *ts.Tensor {
	return n.forward(bt, a, true)
}

func (n *Net) forward(bt *batchTensors, a *libtorch.Arena, lean bool) *ts.Tensor {
	h := a.Keep(n.Params["embed"].MustIndexSelect(0, bt.kind, false))
	for l := 0; l < n.Config.GINLayers; l++ {
		h = scope(a, lean, func(la *libtorch.Arena) *ts.Tensor { return n.gin(l, h, bt, la, lean) })
	}
	for l := 0; l < n.Config.AttnLayers; l++ {
		h = scope(a, lean, func(la *libtorch.Arena) *ts.Tensor { return n.attention(l, h, bt, la, lean) })
	}
	hv := a.Keep(h.MustIndexSelect(0, bt.vars, false))
	x := n.layerNorm("head.ln", hv, a)
	out := n.mlp("head", x, a) // [V, 1]
	return a.Keep(out.MustSqueezeDim(1, false))
}

// scope runs f, a piece of the forward pass. Without lean, f keeps its
// tensors in a. With lean (no gradients), f keeps them in an arena of its
// own that is freed when f returns; its result survives as a new handle on
// the same storage, kept in a.
func scope(a *libtorch.Arena, lean bool, f func(*libtorch.Arena) *ts.Tensor) *ts.Tensor {
	if !lean {
		return f(a)
	}
	var own libtorch.Arena
	defer own.Free()
	return a.Keep(f(&own).MustDetach(false))
}

// gin is relational GIN layer l: h + MLP((1 + eps) h + Σ_r W_r agg_r(h)).
func (n *Net) gin(l int, h *ts.Tensor, bt *batchTensors, a *libtorch.Arena, lean bool) *ts.Tensor {
	p := n.Params
	pre := fmt.Sprintf("gin.%d", l)
	d := int64(n.Config.Hidden)
	scale := a.Keep(p[pre+".eps"].MustAddScalar(ts.FloatScalar(1), false))
	z := a.Keep(h.MustMul(scale, false))
	for r := 0; r < phasenet.NumRelations; r++ {
		z = scope(a, lean, func(ra *libtorch.Arena) *ts.Tensor {
			msg := ra.Keep(h.MustIndexSelect(0, bt.src[r], false))
			msg = ra.Keep(msg.MustMul(bt.scale[r], false))
			agg := ra.Keep(ra.Keep(ts.MustZeros([]int64{bt.nodes, d}, gotch.Float, gotch.CPU)).MustIndexAdd(0, bt.dst[r], msg, false))
			return ra.Keep(z.MustAdd(n.linear(agg, fmt.Sprintf("%s.rel.%d.weight", pre, r), "", ra), false))
		})
	}
	return a.Keep(h.MustAdd(n.mlp(pre+".mlp", z, a), false))
}

// attention is block l: h + Σ_r GATv2_r(LN1(h)), then h + MLP(LN2(h)).
func (n *Net) attention(l int, h *ts.Tensor, bt *batchTensors, a *libtorch.Arena, lean bool) *ts.Tensor {
	pre := fmt.Sprintf("attn.%d", l)
	x := n.layerNorm(pre+".ln1", h, a)
	out := h
	for r := 0; r < phasenet.NumRelations; r++ {
		out = scope(a, lean, func(ra *libtorch.Arena) *ts.Tensor {
			return ra.Keep(out.MustAdd(n.gat(fmt.Sprintf("%s.rel.%d", pre, r), r, x, bt, ra), false))
		})
	}
	x2 := n.layerNorm(pre+".ln2", out, a)
	return a.Keep(out.MustAdd(n.mlp(pre+".mlp", x2, a), false))
}

// gat is relation r's one-head GATv2 message sum over x, with the tensors
// q.wl, q.wr, q.b and q.a.
func (n *Net) gat(q string, r int, x *ts.Tensor, bt *batchTensors, a *libtorch.Arena) *ts.Tensor {
	d := int64(n.Config.Hidden)
	xl := n.linear(x, q+".wl", "", a)
	xr := n.linear(x, q+".wr", q+".b", a)
	left := a.Keep(xl.MustIndexSelect(0, bt.src[r], false))
	e := a.Keep(left.MustAdd(a.Keep(xr.MustIndexSelect(0, bt.dst[r], false)), false))
	// LeakyReLU with slope 0.2: 0.2 e + 0.8 ReLU(e).
	lr := a.Keep(a.Keep(e.MustMulScalar(ts.FloatScalar(0.2), false)).MustAdd(
		a.Keep(a.Keep(e.MustRelu(false)).MustMulScalar(ts.FloatScalar(0.8), false)), false))
	s := a.Keep(lr.MustMatmul(n.Params[q+".a"], false)) // [E]
	// Softmax over each target's sources, shifted by the target's
	// maximum score (a constant per target: no gradient needed).
	sd := a.Keep(s.MustDetach(false))
	zeros := a.Keep(ts.MustZeros([]int64{bt.nodes}, gotch.Float, gotch.CPU))
	smax := a.Keep(zeros.MustIndexReduce(0, bt.dst[r], sd, "amax", false, false))
	ex := a.Keep(a.Keep(s.MustSub(a.Keep(smax.MustIndexSelect(0, bt.dst[r], false)), false)).MustExp(false))
	den := a.Keep(zeros.MustIndexAdd(0, bt.dst[r], ex, false))
	alpha := a.Keep(ex.MustDiv(a.Keep(den.MustIndexSelect(0, bt.dst[r], false)), false))
	msg := a.Keep(left.MustMul(a.Keep(alpha.MustUnsqueeze(1, false)), false))
	return a.Keep(a.Keep(ts.MustZeros([]int64{bt.nodes, d}, gotch.Float, gotch.CPU)).MustIndexAdd(0, bt.dst[r], msg, false))
}

// linear is x·Wᵀ (+ b when bias names a tensor).
func (n *Net) linear(x *ts.Tensor, weight, bias string, a *libtorch.Arena) *ts.Tensor {
	wt := a.Keep(n.Params[weight].MustT(false))
	y := a.Keep(x.MustMatmul(wt, false))
	if bias != "" {
		y = a.Keep(y.MustAdd(n.Params[bias], false))
	}
	return y
}

// mlp is Lin2(ReLU(Lin1(x))) with the tensors prefix.0.* and prefix.2.*.
func (n *Net) mlp(prefix string, x *ts.Tensor, a *libtorch.Arena) *ts.Tensor {
	h := a.Keep(n.linear(x, prefix+".0.weight", prefix+".0.bias", a).MustRelu(false))
	return n.linear(h, prefix+".2.weight", prefix+".2.bias", a)
}

func (n *Net) layerNorm(prefix string, x *ts.Tensor, a *libtorch.Arena) *ts.Tensor {
	d := int64(n.Config.Hidden)
	return a.Keep(ts.MustLayerNorm(x, []int64{d}, n.Params[prefix+".weight"], n.Params[prefix+".bias"], 1e-5, false))
}

// Loss is the class-balanced BCE of the batch's backbone variables: the
// weighted sum of per-variable losses (the weights of a Batch sum to 1).
func (n *Net) Loss(logits *ts.Tensor, bt *batchTensors, a *libtorch.Arena) *ts.Tensor {
	x := a.Keep(logits.MustIndexSelect(0, bt.labelled, false))
	// Stable BCE with logits: max(x, 0) − x·y + log(1 + exp(−|x|)).
	soft := a.Keep(a.Keep(a.Keep(a.Keep(x.MustAbs(false)).MustNeg(false)).MustExp(false)).MustLog1p(false))
	l := a.Keep(a.Keep(x.MustRelu(false)).MustSub(a.Keep(x.MustMul(bt.target, false)), false))
	l = a.Keep(l.MustAdd(soft, false))
	return a.Keep(a.Keep(l.MustMul(bt.weight, false)).MustSum(gotch.Float, false))
}

// Probabilities runs the forward pass without gradients and returns each
// sample's variable probabilities.
func (n *Net) Probabilities(b *Batch) ([][]float32, error) {
	var a libtorch.Arena
	defer a.Free()
	bt, err := newBatchTensors(b, &a)
	if err != nil {
		return nil, err
	}
	var p []float32
	libtorch.NoGrad(func() {
		logits := n.forwardLean(bt, &a)
		p = values(a.Keep(logits.MustSigmoid(false)))
	})
	out := make([][]float32, len(b.VarStart)-1)
	for i := range out {
		out[i] = p[b.VarStart[i]:b.VarStart[i+1]]
	}
	return out, nil
}
