//go:build torch

package certtrain

import (
	"fmt"
	"math"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"

	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/libtorch"
)

// bnMomentum is PyTorch's default BatchNorm momentum.
const bnMomentum = 0.1

// tlayer is one layer of a Net with its tensors on the device.
type tlayer struct {
	network.Layer
	w, b            *ts.Tensor // weight and bias (BN: scale and shift); b may be nil
	runMean, runVar *ts.Tensor // BN running statistics (not trained)
	pop             *popStats  // during a precise-BN pass: the statistics gathered instead of the momentum update
}

// Net is a network.Meta network held as libtorch tensors in float32.
type Net struct {
	Meta   network.Meta
	Dev    gotch.Device
	layers []*tlayer
	// params are the trainable tensors in a fixed order, with their names.
	params []*ts.Tensor
	names  []string
	// mean and std of the input normalisation, shaped [1, C, 1, 1].
	mean, std *ts.Tensor
}

func tensorOf(t *network.Tensor, dev gotch.Device) *ts.Tensor {
	v := make([]float32, len(t.Data))
	for i, x := range t.Data {
		v[i] = float32(x)
	}
	shape := make([]int64, len(t.Shape))
	for i, d := range t.Shape {
		shape[i] = int64(d)
	}
	out, err := ts.NewTensorFromData(v, shape)
	if err != nil {
		panic(fmt.Sprintf("train: tensor of %d values with shape %v: %v", len(v), shape, err)) // shapes come from a validated model
	}
	return out.MustTo(dev, true)
}

// NewNet loads a model's tensors onto dev; trainable tensors require grad.
func NewNet(m *network.Model, dev gotch.Device) (*Net, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	n := &Net{Meta: m.Meta, Dev: dev}
	for _, l := range m.Meta.Layers {
		tl := &tlayer{Layer: l}
		param := func(name string) *ts.Tensor {
			if name == "" {
				return nil
			}
			t := tensorOf(m.Tensors[name], dev).MustSetRequiresGrad(true, true)
			n.params = append(n.params, t)
			n.names = append(n.names, name)
			return t
		}
		tl.w, tl.b = param(l.Weight), param(l.Bias)
		if l.Kind == network.KindBatchNorm {
			tl.runMean = tensorOf(m.Tensors[l.RunningMean], dev)
			tl.runVar = tensorOf(m.Tensors[l.RunningVar], dev)
		}
		n.layers = append(n.layers, tl)
	}
	c := int64(m.Meta.InputShape[0])
	n.mean = tensorOf(&network.Tensor{Shape: []int{1, int(c), 1, 1}, Data: m.Meta.Normalization.Mean}, dev)
	n.std = tensorOf(&network.Tensor{Shape: []int{1, int(c), 1, 1}, Data: m.Meta.Normalization.Std}, dev)
	return n, nil
}

// state lists every tensor of the network by its model name: parameters
// and BN running statistics.
func (n *Net) state() map[string]*ts.Tensor {
	out := map[string]*ts.Tensor{}
	for i, name := range n.names {
		out[name] = n.params[i]
	}
	for _, l := range n.layers {
		if l.Kind == network.KindBatchNorm {
			out[l.RunningMean] = l.runMean
			out[l.RunningVar] = l.runVar
		}
	}
	return out
}

// valuesOf copies a tensor to the host.
func valuesOf(t *ts.Tensor) *network.Tensor {
	vals, shape := libtorch.Values(t)
	return &network.Tensor{Shape: shape, Data: vals}
}

// Model copies the network back to a network.Model (for saving).
func (n *Net) Model() *network.Model {
	m := &network.Model{Meta: n.Meta, Tensors: map[string]*network.Tensor{}}
	for name, t := range n.state() {
		m.Tensors[name] = valuesOf(t)
	}
	return m
}

// affine is a per-channel map x·scale + shift: BatchNorm with fixed
// statistics. Shapes [C] are broadcast over [N, C] or [N, C, H, W].
type affine struct{ scale, shift *ts.Tensor }

// apply maps x (with |scale| and without the shift for radii) in one
// operation.
func (m affine) apply(x *ts.Tensor, abs bool, withShift bool, a *libtorch.Arena) *ts.Tensor {
	s, b := m.scale, m.shift
	if x.Dim() == 4 {
		c := s.MustSize()[0]
		s = a.Keep(s.MustView([]int64{1, c, 1, 1}, false))
		b = a.Keep(b.MustView([]int64{1, c, 1, 1}, false))
	}
	if abs {
		s = a.Keep(s.MustAbs(false))
	}
	if withShift {
		return a.Keep(b.MustAddcmul(x, s, false))
	}
	return a.Keep(x.MustMul(s, false))
}

// bnAffine returns layer l's BatchNorm as an affine map. With train set the
// statistics are those of the batch x (biased variance, as PyTorch
// normalises with, from one fused variance-and-mean operation) and the
// running statistics are updated; otherwise the running statistics are used.
func (l *tlayer) bnAffine(x *ts.Tensor, train bool, a *libtorch.Arena) affine {
	var mean, variance *ts.Tensor
	if train {
		dims := []int64{0}
		if x.Dim() == 4 {
			dims = []int64{0, 2, 3}
		}
		variance, mean = x.MustVarMeanDim(dims, false, false, false)
		a.Keep(variance)
		a.Keep(mean)
		count := float64(x.Numel()) / float64(mean.MustSize()[0])
		if l.pop != nil {
			m, _ := libtorch.Values(mean)
			v, _ := libtorch.Values(variance)
			if err := l.pop.add(m, v, count); err != nil {
				panic(err) // unreachable: one layer's channel count never changes
			}
		} else {
			libtorch.NoGrad(func() {
				unbiased := count / math.Max(count-1, 1)
				l.runMean.MustMulScalar_(ts.FloatScalar(1 - bnMomentum))
				l.runMean.MustAdd_(mean.MustDetach(false).MustMulScalar(ts.FloatScalar(bnMomentum), true))
				l.runVar.MustMulScalar_(ts.FloatScalar(1 - bnMomentum))
				l.runVar.MustAdd_(variance.MustDetach(false).MustMulScalar(ts.FloatScalar(bnMomentum*unbiased), true))
			})
		}
	} else {
		mean, variance = l.runMean, l.runVar
	}
	scale := a.Keep(variance.MustAddScalar(ts.FloatScalar(l.Eps), false).MustRsqrt(true).MustMul(l.w, true))
	shift := a.Keep(l.b.MustSub(a.Keep(mean.MustMul(scale, false)), false))
	return affine{scale: scale, shift: shift}
}

// normalize maps pixels in [0, 1] to the network's input space.
func (n *Net) normalize(x *ts.Tensor) *ts.Tensor {
	return x.MustSub(n.mean, false).MustDiv(n.std, true)
}

// Forward maps normalised inputs to logits. In training mode BN uses the
// batch statistics, updates the running ones and returns the affine maps it
// applied (one per BN layer, in order) for the interval pass.
func (n *Net) Forward(x *ts.Tensor, train bool) (*ts.Tensor, []affine) {
	outs, bns := n.trace(x, train, nil, nil)
	return outs[len(outs)-1], bns
}

// trace runs the network and returns every layer's output. BN uses fixed
// when given (one map per BN layer), else the batch statistics (train) or
// the running statistics. Intermediate tensors go to a (may be nil). With
// an arena, each layer's output is freed as soon as the next layer has used
// it (autograd keeps its own references to what backward needs), so only
// the last output is still valid; this keeps the step's peak memory at the
// autograd graph plus one layer instead of every intermediate. Without an
// arena every output stays valid (Go's finalisers free them).
func (n *Net) trace(x *ts.Tensor, train bool, fixed []affine, a *libtorch.Arena) ([]*ts.Tensor, []affine) {
	var bns []affine
	var outs []*ts.Tensor
	h := x
	for _, l := range n.layers {
		prev := h
		switch l.Kind {
		case network.KindLinear:
			h = a.Keep(ts.MustLinear(h, l.w, orNone(l.b)))
		case network.KindConv2d:
			s, p := int64(l.Stride), int64(l.Padding)
			h = a.Keep(ts.MustConv2d(h, l.w, orNone(l.b), []int64{s, s}, []int64{p, p}, []int64{1, 1}, 1))
		case network.KindBatchNorm:
			var m affine
			if fixed != nil {
				m = fixed[len(bns)]
			} else {
				m = l.bnAffine(h, train, a)
			}
			bns = append(bns, m)
			h = m.apply(h, false, true, a)
		case network.KindReLU:
			h = a.Keep(h.MustRelu(false))
		case network.KindFlatten:
			h = a.Keep(h.MustFlatten(1, -1, false))
		}
		if a != nil && prev != x {
			prev.MustDrop() // also in a: a second drop does nothing
		}
		outs = append(outs, h)
	}
	return outs, bns
}

// orNone stands for an absent bias.
func orNone(t *ts.Tensor) *ts.Tensor {
	if t == nil {
		return ts.NewTensor()
	}
	return t
}
