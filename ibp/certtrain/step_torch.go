//go:build torch

package certtrain

import (
	"fmt"
	"math"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"

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

// stepResult holds one training batch's numbers.
type stepResult struct {
	loss, robust, tight, relu, clean float64
	wrong, verified                  int64
	gradNorm                         float64
}

// lossParts is the training loss of one batch, still in the graph.
type lossParts struct {
	total, robust, tight, relu, clean *ts.Tensor
	wrong, verified                   int64
}

// batchLoss runs the clean pass (BN in training mode, batch statistics)
// and, unless clean is set, the interval pass at ε with the same BN maps,
// and combines L = L_rob + λ·(L_tight + L_relu). x holds pixels in [0, 1].
// Intermediate tensors go to a.
func (n *Net) batchLoss(x, y *ts.Tensor, eps, lambda, tol float64, clean bool, a *libtorch.Arena) lossParts {
	outs, bns := n.trace(a.Keep(n.normalize(x)), true, nil, a)
	logits := outs[len(outs)-1]
	var p lossParts
	p.clean = logits.CrossEntropyForLogits(y)
	p.wrong = wrongCount(a.Keep(logits.MustDetach(false)), y)
	if clean {
		p.total = p.clean
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
	return p
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
func trainStep(n *Net, opt *libtorch.Adam, x, y *ts.Tensor, eps, lambda, tol, lr, clip float64, clean bool, probe func(stage string)) (stepResult, error) {
	if probe == nil {
		probe = func(string) {}
	}
	var a libtorch.Arena
	defer a.Free()
	p := n.batchLoss(x, y, eps, lambda, tol, clean, &a)
	var r stepResult
	r.loss = scalar(p.total)
	r.clean = scalar(p.clean)
	r.wrong, r.verified = p.wrong, p.verified
	for _, part := range []struct {
		t   *ts.Tensor
		dst *float64
	}{{p.robust, &r.robust}, {p.tight, &r.tight}, {p.relu, &r.relu}} {
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
