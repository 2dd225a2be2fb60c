//go:build torch

package train

import (
	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
	"github.com/verify-tools/verify/ibp/model"
)

// box is an interval in centre–radius form: [c − r, c + r].
type box struct{ c, r *ts.Tensor }

func (b box) lower() *ts.Tensor { return b.c.MustSub(b.r, false) }
func (b box) upper() *ts.Tensor { return b.c.MustAdd(b.r, false) }

// inputBox is the L∞ ball of radius eps around pixels x ∈ [0, 1], clipped
// to valid pixels, in the network's (normalised) input space. Per channel,
// normalising divides the radius by std.
func (n *Net) inputBox(x *ts.Tensor, eps float64) box {
	lo := x.MustSubScalar(ts.FloatScalar(eps), false).MustClampMin(ts.FloatScalar(0), true)
	hi := x.MustAddScalar(ts.FloatScalar(eps), false).MustClampMax(ts.FloatScalar(1), true)
	c := n.normalize(lo.MustAdd(hi, false).MustMulScalar(ts.FloatScalar(0.5), true))
	r := hi.MustSub(lo, false).MustMulScalar(ts.FloatScalar(0.5), true).MustDiv(n.std, true)
	return box{c: c, r: r}
}

// ibpLinear and ibpConv propagate a box through an affine layer:
// c' = W c + b, r' = |W| r.
func ibpLinear(in box, w, b *ts.Tensor) box {
	c := ts.MustLinear(in.c, w, orNone(b))
	r := ts.MustLinear(in.r, w.MustAbs(false), ts.NewTensor())
	return box{c: c, r: r}
}

func ibpConv(in box, l *tlayer) box {
	s, p := []int64{int64(l.Stride), int64(l.Stride)}, []int64{int64(l.Padding), int64(l.Padding)}
	c := ts.MustConv2d(in.c, l.w, orNone(l.b), s, p, []int64{1, 1}, 1)
	r := ts.MustConv2d(in.r, l.w.MustAbs(false), ts.NewTensor(), s, p, []int64{1, 1}, 1)
	return box{c: c, r: r}
}

func ibpReLU(in box) box {
	l := in.lower().MustRelu(true)
	u := in.upper().MustRelu(true)
	c := l.MustAdd(u, false).MustMulScalar(ts.FloatScalar(0.5), true)
	r := u.MustSub(l, true).MustMulScalar(ts.FloatScalar(0.5), true)
	return box{c: c, r: r}
}

// ibpResult is an interval pass's outcome.
type ibpResult struct {
	// lb holds the lower bounds of the margins z_y − z_j, [N, classes];
	// lb[i][y_i] is exactly 0.
	lb *ts.Tensor
	// pre are the boxes entering every ReLU (after BN), in order.
	pre []box
	// layers are the boxes after every layer but the last.
	layers []box
}

// IBP propagates the input box through the network and folds the last
// (linear) layer with the margin specification of labels y: the margin
// weights W_y − W_j are formed per sample, so the bound on z_y − z_j is
// computed directly rather than from bounds on the logits. bns are the BN
// maps of the clean training-mode pass over the same batch; with nil, BN
// uses the running statistics (evaluation).
func (n *Net) IBP(in box, y *ts.Tensor, bns []affine) ibpResult {
	var res ibpResult
	h := in
	bn := 0
	last := len(n.layers) - 1
	for i, l := range n.layers {
		if i == last {
			break
		}
		switch l.Kind {
		case model.KindLinear:
			h = ibpLinear(h, l.w, l.b)
		case model.KindConv2d:
			h = ibpConv(h, l)
		case model.KindBatchNorm:
			var a affine
			if bns != nil {
				a = bns[bn]
			} else {
				a = l.bnAffine(h.c, false)
			}
			bn++
			h = box{c: a.apply(h.c, false, true), r: a.apply(h.r, true, false)}
		case model.KindReLU:
			res.pre = append(res.pre, h)
			h = ibpReLU(h)
		case model.KindFlatten:
			h = box{c: h.c.MustFlatten(1, -1, false), r: h.r.MustFlatten(1, -1, false)}
		}
		res.layers = append(res.layers, h)
	}
	res.lb = marginLower(h, n.layers[last], y)
	return res
}

// marginLower bounds z_y − z_j from below for the last linear layer (w
// [K, H], b [K]) over the box h ([N, H]).
func marginLower(h box, l *tlayer, y *ts.Tensor) *ts.Tensor {
	wy := l.w.MustIndexSelect(0, y, false).MustUnsqueeze(1, true) // [N, 1, H]
	wm := wy.MustSub(l.w.MustUnsqueeze(0, false), true)           // [N, K, H]
	c := wm.MustBmm(h.c.MustUnsqueeze(2, false), false).MustSqueezeDim(2, true)
	r := wm.MustAbs(false).MustBmm(h.r.MustUnsqueeze(2, false), true).MustSqueezeDim(2, true)
	lb := c.MustSub(r, true)
	if l.b != nil {
		by := l.b.MustIndexSelect(0, y, false).MustUnsqueeze(1, true) // [N, 1]
		lb = lb.MustAdd(by.MustSub(l.b.MustUnsqueeze(0, false), true), true)
	}
	return lb
}

// robustLoss is the cross-entropy over the logits −lb: entry y is 0, so it
// equals the paper's cross-entropy over [0, −lb_j (j ≠ y)] with label 0.
func robustLoss(lb, y *ts.Tensor) *ts.Tensor {
	return lb.MustNeg(false).CrossEntropyForLogits(y)
}

// verifiedCount counts samples whose every margin lower bound (j ≠ y) is
// positive; lb_y = 0 is never positive, so that is classes − 1 positives.
func verifiedCount(lb *ts.Tensor) int64 {
	k := lb.MustSize()[1]
	pos := lb.MustGt(ts.FloatScalar(0), false).MustSumDimIntlist([]int64{1}, false, gotch.Int64, true)
	return pos.MustEq(ts.IntScalar(k-1), true).MustSum(gotch.Int64, true).Int64Values(true)[0]
}

// wrongCount counts samples whose largest logit is not the label.
func wrongCount(logits, y *ts.Tensor) int64 {
	pred := logits.MustArgmax([]int64{1}, false, false)
	return pred.MustNotEqualTensor(y, true).MustSum(gotch.Int64, true).Int64Values(true)[0]
}
