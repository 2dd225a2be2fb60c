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

// epsFloor is the ε used while the schedule gives 0, so that the interval
// pass and the regularisers have boxes to work on (as the reference does).
const epsFloor = 1e-6

// The stages of a training step that trainStep reports to its probe.
const (
	stageForward  = "forward"
	stageGraph    = "graph"
	stageBackward = "backward"
	stageUpdate   = "update"
)

// lossMix holds CTBench's loss options; its zero value is Shi et al.'s
// loss (robust cross-entropy only, no L1).
type lossMix struct {
	cleanWeight float64 // 1 − κ: loss = κ·robust + (1−κ)·clean
	l1          float64 // coefficient of Σ|W| over conv and linear weights
}

// mixOf is cfg's lossMix.
func mixOf(cfg Config) lossMix {
	_, clean := cfg.LossWeights()
	return lossMix{cleanWeight: clean, l1: cfg.L1}
}

// stepResult holds one training batch's numbers.
type stepResult struct {
	loss, robust, tight, relu, clean, l1 float64
	wrong, verified                      int64
	gradNorm                             float64
}

// lossParts is the training loss of one batch, still in the graph.
type lossParts struct {
	total, robust, tight, relu, clean, l1 *ts.Tensor
	wrong, verified                       int64
}

// batchLoss runs the clean pass (BN in training mode, batch statistics)
// and, unless clean is set, the interval pass at ε with the same BN maps,
// and combines L = κ·L_rob + (1−κ)·L_clean + λ·(L_tight + L_relu) +
// l1·Σ|W| (κ = 1 and l1 = 0 unless mix says otherwise). x holds pixels in
// [0, 1]. Intermediate tensors go to a.
func (n *Net) batchLoss(x, y *ts.Tensor, eps, lambda, tol float64, clean bool, mix lossMix, a *libtorch.Arena) lossParts {
	outs, bns := n.trace(a.Keep(n.normalize(x)), true, nil, a)
	logits := outs[len(outs)-1]
	var p lossParts
	p.clean = logits.CrossEntropyForLogits(y)
	p.wrong = wrongCount(a.Keep(logits.MustDetach(false)), y)
	if clean {
		p.total = p.clean
		n.addL1(&p, mix.l1, a)
		return p
	}
	in := n.inputBox(x, max(eps, epsFloor))
	a.Keep(in.c)
	a.Keep(in.r)
	res := n.IBP(in, y, bns, ibpOptions{masks: lambda > 0, arena: a})
	a.Keep(res.lb)
	p.robust = robustLoss(res.lb, y)
	p.verified = verifiedCount(a.Keep(res.lb.MustDetach(false)))
	p.total = p.robust
	if mix.cleanWeight != 0 {
		rob := a.Keep(p.robust.MustMulScalar(ts.FloatScalar(1-mix.cleanWeight), false))
		cl := a.Keep(p.clean.MustMulScalar(ts.FloatScalar(mix.cleanWeight), false))
		p.total = rob.MustAdd(cl, false)
	}
	if lambda > 0 {
		p.tight = tightLoss(in.r, res.pre, tol)
		p.relu = reluLoss(res.pre, tol)
		// λ·(L_tight + L_relu), built without touching the parts (they
		// are read back for the record).
		var reg *ts.Tensor
		for _, part := range []*ts.Tensor{p.tight, p.relu} {
			if part != nil {
				reg = accumulate(reg, part.MustMulScalar(ts.FloatScalar(lambda), false))
			}
		}
		if reg != nil {
			p.total = p.total.MustAdd(reg, false)
		}
	}
	n.addL1(&p, mix.l1, a)
	return p
}

// addL1 adds l1·Σ|W| over every conv and linear weight (not biases, not
// BN) to the loss, as CTBench's L1 regulariser does; nothing when l1 is 0.
func (n *Net) addL1(p *lossParts, l1 float64, a *libtorch.Arena) {
	if l1 == 0 {
		return
	}
	var sum *ts.Tensor
	for _, l := range n.layers {
		if l.Kind == network.KindLinear || l.Kind == network.KindConv2d {
			s := l.w.MustAbs(false).MustSum(gotch.Float, true)
			if sum == nil {
				sum = s
			} else {
				sum = a.Keep(sum).MustAdd(s, false)
				a.Keep(s)
			}
		}
	}
	if sum == nil {
		return
	}
	p.l1 = sum
	pen := a.Keep(sum.MustMulScalar(ts.FloatScalar(l1), false))
	if p.total != p.clean && p.total != p.robust {
		a.Keep(p.total)
	}
	p.total = p.total.MustAdd(pen, false)
}

// trainStep runs one optimisation step. A non-finite loss or gradient is
// an error and the parameters are not updated. Every intermediate tensor is
// freed before the backward pass, which then releases each saved
// activation as soon as it has used it: the step's peak memory is the
// activations autograd needs, not everything the forward pass made. probe,
// when not nil, is called at the stage boundaries (stageForward: loss
// computed, every intermediate still held; stageGraph: intermediates freed,
// the autograd graph left; stageBackward: gradients computed, graph gone;
// stageUpdate: parameters updated), for the memory profile of
// BenchmarkTrainStep.
func trainStep(n *Net, opt *libtorch.Adam, x, y *ts.Tensor, eps, lambda, tol, lr, clip float64, clean bool, mix lossMix, probe func(stage string)) (stepResult, error) {
	if probe == nil {
		probe = func(string) {}
	}
	var a libtorch.Arena
	defer a.Free()
	p := n.batchLoss(x, y, eps, lambda, tol, clean, mix, &a)
	var r stepResult
	r.loss = scalar(p.total)
	r.clean = scalar(p.clean)
	r.wrong, r.verified = p.wrong, p.verified
	for _, part := range []struct {
		t   *ts.Tensor
		dst *float64
	}{{p.robust, &r.robust}, {p.tight, &r.tight}, {p.relu, &r.relu}, {p.l1, &r.l1}} {
		if part.t != nil {
			*part.dst = scalar(part.t)
			if part.t != p.total {
				a.Keep(part.t)
			}
		}
	}
	if p.clean != p.total {
		a.Keep(p.clean)
	}
	defer p.total.MustDrop()
	if !finite(r.loss) {
		return r, fmt.Errorf("loss is %v (robust %v, tight %v, relu %v)", r.loss, r.robust, r.tight, r.relu)
	}
	probe(stageForward)
	a.Free() // the graph keeps what backward needs
	probe(stageGraph)
	p.total.MustBackward()
	probe(stageBackward)
	norm, err := opt.Step(lr, 0, clip)
	r.gradNorm = norm
	probe(stageUpdate)
	return r, err
}

// evalResult counts a test pass's errors.
type evalResult struct {
	n, wrong, unverified int64
}

// evaluate runs the network in eval mode (BN running statistics) over the
// first n samples of set-like data given by fill, and counts clean errors
// and samples not IBP-verified at eps.
func (n *Net) evaluate(x, y *ts.Tensor, eps float64) evalResult {
	var r evalResult
	var a libtorch.Arena
	defer a.Free()
	libtorch.NoGrad(func() {
		outs, _ := n.trace(a.Keep(n.normalize(x)), false, nil, &a)
		r.wrong = wrongCount(outs[len(outs)-1], y)
		in := n.inputBox(x, eps)
		a.Keep(in.c)
		a.Keep(in.r)
		res := n.IBP(in, y, nil, ibpOptions{arena: &a})
		r.n = y.MustSize()[0]
		r.unverified = r.n - verifiedCount(a.Keep(res.lb))
	})
	return r
}

// toDevice makes a batch's tensors: pixels [N, C, H, W] and labels [N].
func toDevice(xs []float32, ys []int64, shape [3]int, dev gotch.Device) (*ts.Tensor, *ts.Tensor) {
	n := int64(len(ys))
	x := ts.MustOfSlice(xs).MustView([]int64{n, int64(shape[0]), int64(shape[1]), int64(shape[2])}, true).MustTo(dev, true)
	y := ts.MustOfSlice(ys).MustTo(dev, true)
	return x, y
}

func nanValue() float64 { return math.NaN() }
