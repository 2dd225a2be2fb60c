//go:build torch

package train

import (
	"fmt"
	"math"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// Adam's constants (PyTorch's defaults; no weight decay).
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-8
)

// adam is the Adam optimiser over a fixed list of parameters, with
// gradient-norm clipping before the update, as torch.nn.utils.clip_grad_norm_
// followed by torch.optim.Adam.
type adam struct {
	params []*ts.Tensor
	m, v   []*ts.Tensor
	step   int64
}

func newAdam(params []*ts.Tensor) *adam {
	a := &adam{params: params}
	for _, p := range params {
		a.m = append(a.m, p.MustDetach(false).MustZerosLike(true))
		a.v = append(a.v, p.MustDetach(false).MustZerosLike(true))
	}
	return a
}

// gradNorm is the L2 norm of all gradients together.
func (a *adam) gradNorm() float64 {
	var total *ts.Tensor
	for _, p := range a.params {
		sq := p.MustGrad(false).MustSquare(true).MustSum(gotch.Float, true)
		total = accumulate(total, sq)
	}
	return math.Sqrt(scalar(total))
}

// Step clips the gradients to norm clip (0: no clipping), applies one Adam
// update with learning rate lr and clears the gradients. It returns the
// gradient norm before clipping; a non-finite norm is an error and leaves
// the parameters untouched.
func (a *adam) Step(lr, clip float64) (float64, error) {
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
			a.m[i].MustMulScalar_(ts.FloatScalar(adamBeta1))
			a.m[i].MustAdd_(g.MustMulScalar(ts.FloatScalar(1-adamBeta1), false))
			a.v[i].MustMulScalar_(ts.FloatScalar(adamBeta2))
			a.v[i].MustAdd_(g.MustSquare(false).MustMulScalar(ts.FloatScalar(1-adamBeta2), true))
			denom := a.v[i].MustSqrt(false).MustDivScalar(ts.FloatScalar(math.Sqrt(bc2)), true).
				MustAddScalar(ts.FloatScalar(adamEps), true)
			upd := a.m[i].MustDiv(denom, false).MustMulScalar(ts.FloatScalar(-lr/bc1), true)
			p.MustDetach(false).MustAdd_(upd)
			upd.MustDrop()
			denom.MustDrop()
			g.MustDrop()
			p.ZeroGrad()
		}
	})
	return norm, nil
}
