//go:build torch

package certtrain

import (
	"math"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// ratioFloor keeps 1/x finite for the ratios below.
const ratioFloor = 1e-12

// hinge is ReLU(τ − x).
func hinge(tol float64, x *ts.Tensor) *ts.Tensor {
	return x.MustRsubScalar(ts.FloatScalar(tol), false).MustRelu(true)
}

// symRatio is min(x, 1/x), 1/x with x floored at ratioFloor.
func symRatio(x *ts.Tensor) *ts.Tensor {
	inv := x.MustClampMin(ts.FloatScalar(ratioFloor), false).MustReciprocal(true)
	return x.MustMinimum(inv, true)
}

func scalar(t *ts.Tensor) float64 { return t.MustDetach(false).Float64Values(true)[0] }

// tightLoss is L_tight = 1/(τ·m) Σ_i ReLU(τ − mean(r_0)/mean(r_i)) over the
// m pre-ReLU boxes, r_0 the input radius. Non-finite terms are skipped.
func tightLoss(r0 *ts.Tensor, pre []box, tol float64) *ts.Tensor {
	if len(pre) == 0 || tol == 0 {
		return nil
	}
	m0 := r0.MustMean(gotch.Float, false)
	var sum *ts.Tensor
	for _, b := range pre {
		mi := b.r.MustMean(gotch.Float, false).MustClampMin(ts.FloatScalar(ratioFloor), true)
		term := hinge(tol, m0.MustDiv(mi, false))
		if !finite(scalar(term)) {
			continue
		}
		sum = accumulate(sum, term)
	}
	if sum == nil {
		return nil
	}
	return sum.MustDivScalar(ts.FloatScalar(tol*float64(len(pre))), true)
}

// reluLoss is L_relu = 1/(τ·m) Σ_i [ReLU(τ − min(α_i, 1/α_i)) +
// ReLU(τ − min(β_i, 1/β_i))]: with bound centres c, α_i is the active
// neurons' (l > 0) sum of c over minus the inactive neurons' (u < 0), β_i
// the same ratio of Σ (c − mean c)². A layer whose term is not finite (no
// inactive neuron, say) is skipped. The masked sums are sums of
// where(mask, x, 0) with the boxes' boolean masks (made by the interval
// pass, or here when absent): the backward pass keeps one byte per neuron
// and mask, not float copies (measured faster than masked_select, and than
// float masks with dot products).
func reluLoss(pre []box, tol float64) *ts.Tensor {
	if len(pre) == 0 || tol == 0 {
		return nil
	}
	var sum *ts.Tensor
	for _, b := range pre {
		act, inact := b.active, b.inactive
		if act == nil || inact == nil {
			act = b.lower().MustGt(ts.FloatScalar(0), true)
			inact = b.upper().MustLt(ts.FloatScalar(0), true)
		}
		maskedSum := func(x, mask *ts.Tensor) *ts.Tensor {
			return x.MustWhereScalarother(mask, ts.FloatScalar(0), false).MustSum(gotch.Float, true)
		}
		c := b.c
		alpha := maskedSum(c, act).MustDiv(maskedSum(c, inact).MustNeg(true), true)
		dev := c.MustSub(c.MustMean(gotch.Float, false), false).MustSquare(true)
		beta := maskedSum(dev, act).MustDiv(maskedSum(dev, inact), true)
		dev.MustDrop()
		// A ratio with a zero denominator would give a NaN gradient even
		// where min(x, 1/x) picks the finite side, so such a layer is
		// skipped as a whole.
		if !finite(scalar(alpha)) || !finite(scalar(beta)) {
			continue
		}
		term := hinge(tol, symRatio(alpha)).MustAdd(hinge(tol, symRatio(beta)), true)
		sum = accumulate(sum, term)
	}
	if sum == nil {
		return nil
	}
	return sum.MustDivScalar(ts.FloatScalar(tol*float64(len(pre))), true)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func accumulate(sum, term *ts.Tensor) *ts.Tensor {
	if sum == nil {
		return term
	}
	return sum.MustAdd(term, true)
}
