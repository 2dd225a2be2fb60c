//go:build torch

package libtorch

import (
	"fmt"
	"math"
	"runtime"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// NoGrad runs fn with autograd off. Autograd's mode is per OS thread, so
// the goroutine stays on its thread meanwhile (gotch's NoGrad alone could
// switch it off on one thread and back on on another).
func NoGrad(fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ts.NoGrad(fn)
}

// Adam's constants (PyTorch's defaults).
const (
	AdamBeta1 = 0.9
	AdamBeta2 = 0.999
	AdamEps   = 1e-8
)

// Adam is torch.optim.Adam, or AdamW with a weight decay, over a fixed list
// of parameters, preceded by torch.nn.utils.clip_grad_norm_. Its state
// (moments and step count) is plain tensors so checkpoints can store and
// restore it.
type Adam struct {
	Params []*ts.Tensor
	M, V   []*ts.Tensor
	Steps  int64
}

// NewAdam starts an optimiser with zero moments.
func NewAdam(params []*ts.Tensor) *Adam {
	a := &Adam{Params: params}
	for _, p := range params {
		a.M = append(a.M, p.MustDetach(false).MustZerosLike(true))
		a.V = append(a.V, p.MustDetach(false).MustZerosLike(true))
	}
	return a
}

// GradNorm is the L2 norm of all gradients together.
func (a *Adam) GradNorm() float64 {
	var sum float64
	for _, p := range a.Params {
		g := p.MustGrad(false)
		sq := g.MustSquare(false).MustSum(gotch.Float, true)
		sum += sq.Float64Values(true)[0]
		g.MustDrop()
	}
	return math.Sqrt(sum)
}

// Step clips the gradients to norm clip (0: none), decays the weights by
// lr·wd (decoupled, as AdamW; 0 gives Adam), applies the Adam update and
// clears the gradients. It returns the gradient norm before clipping; a
// non-finite norm is an error and leaves the parameters untouched.
func (a *Adam) Step(lr, wd, clip float64) (float64, error) {
	norm := a.GradNorm()
	if math.IsNaN(norm) || math.IsInf(norm, 0) {
		return norm, fmt.Errorf("gradient norm is %v", norm)
	}
	scale := 1.0
	if clip > 0 && norm > clip {
		scale = clip / (norm + 1e-6)
	}
	a.Steps++
	bc1 := 1 - math.Pow(AdamBeta1, float64(a.Steps))
	bc2 := 1 - math.Pow(AdamBeta2, float64(a.Steps))
	NoGrad(func() {
		for i, p := range a.Params {
			g := p.MustGrad(false)
			if scale != 1 {
				g = g.MustMulScalar(ts.FloatScalar(scale), true)
			}
			w := p.MustDetach(false)
			if wd > 0 {
				w.MustMulScalar_(ts.FloatScalar(1 - lr*wd))
			}
			a.M[i].MustMulScalar_(ts.FloatScalar(AdamBeta1))
			a.M[i].MustAdd_(g.MustMulScalar(ts.FloatScalar(1-AdamBeta1), false))
			a.V[i].MustMulScalar_(ts.FloatScalar(AdamBeta2))
			a.V[i].MustAdd_(g.MustSquare(false).MustMulScalar(ts.FloatScalar(1-AdamBeta2), true))
			denom := a.V[i].MustSqrt(false).MustDivScalar(ts.FloatScalar(math.Sqrt(bc2)), true).
				MustAddScalar(ts.FloatScalar(AdamEps), true)
			upd := a.M[i].MustDiv(denom, false).MustMulScalar(ts.FloatScalar(-lr/bc1), true)
			w.MustAdd_(upd)
			upd.MustDrop()
			denom.MustDrop()
			g.MustDrop()
			w.MustDrop()
			p.ZeroGrad()
		}
	})
	return norm, nil
}
