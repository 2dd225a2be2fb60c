//go:build torch

package certtrain

import (
	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/libtorch"
)

// box is an interval in centre–radius form: [c − r, c + r]. A box entering
// a ReLU may carry the masks of its active (l > 0) and inactive (u < 0)
// neurons, made while its bounds were at hand, for the ReLU regulariser.
type box struct {
	c, r             *ts.Tensor
	active, inactive *ts.Tensor // boolean; nil: not computed
}

func (b box) lower() *ts.Tensor { return b.c.MustSub(b.r, false) }
func (b box) upper() *ts.Tensor { return b.c.MustAdd(b.r, false) }

// inputBox is the L∞ ball of radius eps around pixels x ∈ [0, 1], clipped
// to valid pixels, in the network's (normalised) input space. Per channel,
// normalising divides the radius by std.
func (n *Net) inputBox(x *ts.Tensor, eps float64) box {
	lo := x.MustSubScalar(ts.FloatScalar(eps), false).MustClampMin(ts.FloatScalar(0), true)
	hi := x.MustAddScalar(ts.FloatScalar(eps), false).MustClampMax(ts.FloatScalar(1), true)
	c := n.normalize(lo.MustAdd(hi, false).MustMulScalar(ts.FloatScalar(0.5), true))
	r := hi.MustSub(lo, true).MustMulScalar(ts.FloatScalar(0.5), true).MustDiv(n.std, true)
	lo.MustDrop()
	return box{c: c, r: r}
}

// absWeights holds |W| of every affine layer, computed once per pass.
type absWeights map[*tlayer]*ts.Tensor

func (aw absWeights) of(l *tlayer, a *libtorch.Arena) *ts.Tensor {
	if w, ok := aw[l]; ok {
		return w
	}
	w := a.Keep(l.w.MustAbs(false))
	aw[l] = w
	return w
}

// ibpLinear and ibpConv propagate a box through an affine layer:
// c' = W c + b, r' = |W| r.
func ibpLinear(in box, l *tlayer, absW *ts.Tensor, a *libtorch.Arena) box {
	c := a.Keep(ts.MustLinear(in.c, l.w, orNone(l.b)))
	r := a.Keep(ts.MustLinear(in.r, absW, ts.NewTensor()))
	return box{c: c, r: r}
}

func ibpConv(in box, l *tlayer, absW *ts.Tensor, a *libtorch.Arena) box {
	s, p := []int64{int64(l.Stride), int64(l.Stride)}, []int64{int64(l.Padding), int64(l.Padding)}
	c := a.Keep(ts.MustConv2d(in.c, l.w, orNone(l.b), s, p, []int64{1, 1}, 1))
	r := a.Keep(ts.MustConv2d(in.r, absW, ts.NewTensor(), s, p, []int64{1, 1}, 1))
	return box{c: c, r: r}
}

// ibpReLU propagates a box through a ReLU: l' = ReLU(c − r), u' = ReLU(c +
// r), returned as centre and radius. With masks set, the incoming box gets
// its neuron masks for the regulariser. (No in-place operations: gotch's
// in-place methods replace the tensor's handle and leak the old one, and
// with it the storage of a temporary.)
//
// Every temporary is dropped as soon as it is used (del = true): autograd
// keeps what backward needs (the ReLU outputs), and the pre-ReLU bounds and
// the sum and difference would otherwise hold four activations per layer
// until the end of the step.
func ibpReLU(in *box, masks bool, a *libtorch.Arena) box {
	l := in.c.MustSub(in.r, false)
	u := in.c.MustAdd(in.r, false)
	if masks {
		in.active = a.Keep(l.MustGt(ts.FloatScalar(0), false))
		in.inactive = a.Keep(u.MustLt(ts.FloatScalar(0), false))
	}
	l = l.MustRelu(true)
	u = u.MustRelu(true)
	c := a.Keep(l.MustAdd(u, false).MustMulScalar(ts.FloatScalar(0.5), true))
	r := a.Keep(u.MustSub(l, false).MustMulScalar(ts.FloatScalar(0.5), true))
	l.MustDrop()
	u.MustDrop()
	return box{c: c, r: r}
}

// ibpResult is an interval pass's outcome.
type ibpResult struct {
	// lb holds the lower bounds of the margins z_y − z_j, [N, classes];
	// lb[i][y_i] is exactly 0.
	lb *ts.Tensor
	// pre are the boxes entering every ReLU (after BN), in order.
	pre []box
	// layers are the boxes after every layer but the last (only when
	// ibpOptions.layers is set).
	layers []box
}

// ibpOptions choose what an interval pass keeps beyond the margin bounds.
type ibpOptions struct {
	masks  bool            // neuron masks on the pre-ReLU boxes (ReLU regulariser)
	layers bool            // every layer's box (tests)
	arena  *libtorch.Arena // where intermediate tensors go (nil: Go's finalisers free them)
}

// keeps reports whether the pass must keep a box it has passed on to a
// layer of kind k: every box for the tests (layers) or without an arena
// (the finalisers free them), and the pre-ReLU boxes for the regularisers
// (masks).
func (o ibpOptions) keeps(k string) bool {
	return o.layers || o.arena == nil || o.masks && k == network.KindReLU
}

// IBP propagates the input box through the network and folds the last
// (linear) layer with the margin specification of labels y, so the bound
// on z_y − z_j is computed directly rather than from bounds on the logits.
// bns are the BN maps of the clean training-mode pass over the same batch;
// with nil, BN uses the running statistics (evaluation).
func (n *Net) IBP(in box, y *ts.Tensor, bns []affine, opt ibpOptions) ibpResult {
	var res ibpResult
	a := opt.arena
	abs := absWeights{}
	h := in
	bn := 0
	last := len(n.layers) - 1
	for i, l := range n.layers {
		if i == last {
			break
		}
		prev := h
		switch l.Kind {
		case network.KindLinear:
			h = ibpLinear(h, l, abs.of(l, a), a)
		case network.KindConv2d:
			h = ibpConv(h, l, abs.of(l, a), a)
		case network.KindBatchNorm:
			var m affine
			if bns != nil {
				m = bns[bn]
			} else {
				m = l.bnAffine(h.c, false, a)
			}
			bn++
			h = box{c: m.apply(h.c, false, true, a), r: m.apply(h.r, true, false, a)}
		case network.KindReLU:
			next := ibpReLU(&h, opt.masks, a)
			res.pre = append(res.pre, h)
			h = next
		case network.KindFlatten:
			h = box{c: a.Keep(h.c.MustFlatten(1, -1, false)), r: a.Keep(h.r.MustFlatten(1, -1, false))}
		}
		if opt.layers {
			res.layers = append(res.layers, h)
		}
		// A box the next layer has used is freed now (autograd keeps what
		// backward needs), unless the caller owns it or wants it back.
		if !opt.keeps(l.Kind) && prev.c != in.c {
			prev.c.MustDrop()
			prev.r.MustDrop()
		}
	}
	if !opt.keeps(network.KindReLU) {
		res.pre = nil // freed
	}
	res.lb = marginLower(h, n.layers[last], y, a)
	return res
}

// marginLower bounds z_y − z_j from below for the last linear layer (w
// [K, H], b [K]) over the box h ([N, H]): the centre term is the difference
// of the centre's logits, z_y(c) − z_j(c) (bias included), and the radius
// term |W_y − W_j|·r comes from one product of r with the K² rows
// |W_a − W_b|, from which each sample takes the K rows of its label. No
// per-sample copy of the weights is made.
func marginLower(h box, l *tlayer, y *ts.Tensor, a *libtorch.Arena) *ts.Tensor {
	k, hid := l.w.MustSize()[0], l.w.MustSize()[1]
	n := y.MustSize()[0]
	z := a.Keep(ts.MustLinear(h.c, l.w, orNone(l.b)))                                     // [N, K]
	zy := a.Keep(z.MustGather(1, a.Keep(y.MustView([]int64{n, 1}, false)), false, false)) // [N, 1]
	pair := a.Keep(a.Keep(l.w.MustUnsqueeze(1, false)).MustSub(a.Keep(l.w.MustUnsqueeze(0, false)), false))
	pair = a.Keep(pair.MustAbs(false))
	d := a.Keep(pair.MustView([]int64{k * k, hid}, false)) // rows |W_a − W_b|
	rr := a.Keep(ts.MustLinear(h.r, d, ts.NewTensor()))    // [N, K·K]
	idx := a.Keep(a.Keep(y.MustView([]int64{n, 1, 1}, false)).MustExpand([]int64{n, 1, k}, false, false))
	rm := a.Keep(a.Keep(rr.MustView([]int64{n, k, k}, false)).MustGather(1, idx, false, false)) // [N, 1, K]
	rm = a.Keep(rm.MustSqueezeDim(1, false))
	return zy.MustSub(z, false).MustSub(rm, true)
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
