//go:build torch

package certtrain

import (
	"runtime"

	"github.com/sugarme/gotch/ts"

	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/libtorch"
)

// preciseBN sets every BN layer's running mean and variance to population
// statistics (CTBench's use_pop_bn_stats, "precise BN"): one pass without
// gradients over the clean inputs of batches (each a [N, C, H, W] pixel
// tensor), in training mode as PyTorch's and CTBench's pass run — every BN
// layer normalises with its batch's statistics — where each BN layer's
// input statistics are gathered over the whole pass (popStats: the
// mean and unbiased variance over every value, not a momentum average).
// Batches are taken one at a time from next until it returns nil.
func (n *Net) preciseBN(next func() *ts.Tensor) error {
	var bns []*tlayer
	for _, l := range n.layers {
		if l.Kind == network.KindBatchNorm {
			l.pop = &popStats{}
			bns = append(bns, l)
		}
	}
	defer func() {
		for _, l := range bns {
			l.pop = nil
		}
	}()
	if len(bns) == 0 {
		return nil
	}
	for x := next(); x != nil; x = next() {
		var a libtorch.Arena
		libtorch.NoGrad(func() {
			n.trace(a.Keep(n.normalize(x)), true, nil, &a)
		})
		a.Free()
		x.MustDrop()
		runtime.GC()
	}
	for _, l := range bns {
		if l.pop.n == 0 {
			continue
		}
		mean, variance := l.pop.result()
		c := len(mean)
		m := tensorOf(&network.Tensor{Shape: []int{c}, Data: mean}, n.Dev)
		v := tensorOf(&network.Tensor{Shape: []int{c}, Data: variance}, n.Dev)
		l.runMean.MustDrop()
		l.runVar.MustDrop()
		l.runMean, l.runVar = m, v
	}
	return nil
}

// preciseBN runs Net.preciseBN over the run's training samples (the
// --limit-train prefix), in batches of --batch, without augmentation.
func (r *run) preciseBN() error {
	n := r.train.Len()
	if r.cfg.LimitTrain > 0 && r.cfg.LimitTrain < n {
		n = r.cfg.LimitTrain
	}
	size := r.train.ImageSize()
	start := 0
	return r.net.preciseBN(func() *ts.Tensor {
		if start >= n {
			return nil
		}
		end := min(start+r.cfg.Batch, n)
		xs := make([]float32, 0, (end-start)*size)
		ys := make([]int64, end-start)
		for i := start; i < end; i++ {
			xs = append(xs, r.train.Image(i)...)
		}
		start = end
		x, y := toDevice(xs, ys, r.train.Shape, r.dev)
		y.MustDrop()
		return x
	})
}
