//go:build torch

package train

import (
	"fmt"
	"math"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// AdamW's constants (PyTorch's defaults).
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-8
)

// adamW is torch.optim.AdamW over a fixed list of parameters, preceded by
// torch.nn.utils.clip_grad_norm_. Its state (moments and step) is plain
// tensors so checkpoints can store and restore it.
type adamW struct {
	params []*ts.Tensor
	m, v   []*ts.Tensor
	step   int64
}

func newAdamW(params []*ts.Tensor) *adamW {
	a := &adamW{params: params}
	for _, p := range params {
		a.m = append(a.m, p.MustDetach(false).MustZerosLike(true))
		a.v = append(a.v, p.MustDetach(false).MustZerosLike(true))
	}
	return a
}

// gradNorm is the L2 norm of all gradients together.
func (a *adamW) gradNorm() float64 {
	var sum float64
	for _, p := range a.params {
		g := p.MustGrad(false)
		sq := g.MustSquare(false).MustSum(gotch.Float, true)
		sum += sq.Float64Values(true)[0]
		g.MustDrop()
	}
	return math.Sqrt(sum)
}

// Step clips the gradients to norm clip (0: none), decays the weights by
// lr·wd, applies the Adam update and clears the gradients. It returns the
// gradient norm before clipping; a non-finite norm is an error and leaves
// the parameters untouched.
func (a *adamW) Step(lr, wd, clip float64) (float64, error) {
	norm := a.gradNorm()
	if math.IsNaN(norm) || math.IsInf(norm, 0) {
		return norm, fmt.Errorf("gradient norm is %v", norm)
	}
	scale := 1.0
	if clip > 0 && norm > clip {
		scale = clip / (norm + 1e-6)
	}
	a.step++
	bc1 := 1 - math.Pow(adamBeta1, float64(a.step))
	bc2 := 1 - math.Pow(adamBeta2, float64(a.step))
	noGrad(func() {
		for i, p := range a.params {
			g := p.MustGrad(false)
			if scale != 1 {
				g = g.MustMulScalar(ts.FloatScalar(scale), true)
			}
			if wd > 0 {
				p.MustMulScalar_(ts.FloatScalar(1 - lr*wd))
			}
			a.m[i].MustMulScalar_(ts.FloatScalar(adamBeta1))
			a.m[i].MustAdd_(g.MustMulScalar(ts.FloatScalar(1-adamBeta1), false))
			a.v[i].MustMulScalar_(ts.FloatScalar(adamBeta2))
			a.v[i].MustAdd_(g.MustSquare(false).MustMulScalar(ts.FloatScalar(1-adamBeta2), true))
			denom := a.v[i].MustSqrt(false).MustDivScalar(ts.FloatScalar(math.Sqrt(bc2)), true).
				MustAddScalar(ts.FloatScalar(adamEps), true)
			upd := a.m[i].MustDiv(denom, false).MustMulScalar(ts.FloatScalar(-lr/bc1), true)
			p.MustAdd_(upd)
			upd.MustDrop()
			denom.MustDrop()
			g.MustDrop()
			p.ZeroGrad()
		}
	})
	return norm, nil
}
