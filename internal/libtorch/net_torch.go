//go:build torch

package libtorch

import (
	"fmt"
	"math/rand"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// SmallShape fixes the layers of SmallNet: conv K×K (InC→OutC, stride 1,
// padding K/2) → BatchNorm2d → ReLU → flatten → linear (OutC·H·W → Classes).
type SmallShape struct {
	InC, OutC, K, H, W, Classes int64
}

// ParamShapes lists the shapes of SmallNet's parameters in the order of
// SmallNet.Params: conv weight, conv bias, BN scale, BN shift, linear
// weight, linear bias.
func (s SmallShape) ParamShapes() [][]int64 {
	return [][]int64{
		{s.OutC, s.InC, s.K, s.K}, {s.OutC},
		{s.OutC}, {s.OutC},
		{s.Classes, s.OutC * s.H * s.W}, {s.Classes},
	}
}

// SmallNet is the smallest network with every layer kind the IBP models use
// (conv, BN, ReLU, linear). It exists to prove the libtorch build path:
// forward, backward and gradients, on the CPU or a GPU.
type SmallNet struct {
	Shape  SmallShape
	Params []*ts.Tensor // see SmallShape.ParamShapes; leaves that require grad
	// BN running statistics (updated in training mode, used in eval mode).
	RunMean, RunVar *ts.Tensor
}

// NewSmallNet builds the network on dev with dtype kind from flat parameter
// values (row-major, one slice per ParamShapes entry).
func NewSmallNet(s SmallShape, values [][]float64, kind gotch.DType, dev gotch.Device) (*SmallNet, error) {
	shapes := s.ParamShapes()
	if len(values) != len(shapes) {
		return nil, fmt.Errorf("libtorch: %d parameter slices, want %d", len(values), len(shapes))
	}
	n := &SmallNet{Shape: s}
	for i, shape := range shapes {
		if want := numel(shape); int64(len(values[i])) != want {
			return nil, fmt.Errorf("libtorch: parameter %d has %d values, want %d", i, len(values[i]), want)
		}
		t, err := ts.NewTensorFromData(values[i], shape)
		if err != nil {
			return nil, err
		}
		t = t.MustTotype(kind, true).MustTo(dev, true).MustSetRequiresGrad(true, true)
		n.Params = append(n.Params, t)
	}
	n.RunMean = ts.MustZeros([]int64{s.OutC}, kind, dev)
	n.RunVar = ts.MustOnes([]int64{s.OutC}, kind, dev)
	return n, nil
}

// Forward maps a batch [N, InC, H, W] to logits [N, Classes]. With train set,
// BatchNorm normalises with the batch statistics (and updates the running
// ones); otherwise it uses the running statistics.
func (n *SmallNet) Forward(x *ts.Tensor, train bool) *ts.Tensor {
	p := n.Params
	pad := n.Shape.K / 2
	h := ts.MustConv2d(x, p[0], p[1], []int64{1, 1}, []int64{pad, pad}, []int64{1, 1}, 1)
	h2 := ts.MustBatchNorm(h, p[2], p[3], n.RunMean, n.RunVar, train, 0.1, 1e-5, false)
	h.MustDrop()
	h3 := h2.MustRelu(true).MustFlatten(1, -1, true)
	out := ts.MustLinear(h3, p[4], p[5])
	h3.MustDrop()
	return out
}

func numel(shape []int64) int64 {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	return n
}

// SGDStep applies one plain gradient-descent update p -= lr·∇p to every
// parameter and clears the gradients. It exists to prove a full training
// step (forward, backward, update) on a device; real training uses Adam.
//
// The update goes through a detached view of each parameter (like PyTorch's
// p.data), not through ts.NoGrad: libtorch's grad mode is thread-local and a
// goroutine can move between OS threads between two cgo calls, so gotch's
// NoGrad is only reliable under runtime.LockOSThread.
func (n *SmallNet) SGDStep(lr float64) {
	for _, p := range n.Params {
		g := p.MustGrad(false)
		upd := g.MustMulScalar(ts.FloatScalar(-lr), false)
		data := p.MustDetach(false)
		data.MustAdd_(upd)
		data.MustDrop()
		upd.MustDrop()
		g.MustDrop()
		p.ZeroGrad()
	}
}

// RandomSmallNet builds a SmallNet with N(0, 0.1²) parameters from seed.
func RandomSmallNet(s SmallShape, seed int64, kind gotch.DType, dev gotch.Device) (*SmallNet, error) {
	r := rand.New(rand.NewSource(seed))
	var values [][]float64
	for _, shape := range s.ParamShapes() {
		v := make([]float64, numel(shape))
		for i := range v {
			v[i] = 0.1 * r.NormFloat64()
		}
		values = append(values, v)
	}
	return NewSmallNet(s, values, kind, dev)
}
