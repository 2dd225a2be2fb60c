//go:build torch

package certtrain

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/libtorch"
)

// TestPreciseBNIsPopulationStats: after the pass over a data set cut into
// batches of unequal size, the running mean and variance of the BN layer
// after a conv equal the per-channel mean and unbiased variance of the
// conv's outputs over the whole set, computed directly in float64.
func TestPreciseBNIsPopulationStats(t *testing.T) {
	meta := testMeta(t, []int{1, 3, 3}, []network.Layer{
		{Kind: network.KindConv2d, In: 1, Out: 2, Kernel: 2, Stride: 1},
		{Kind: network.KindBatchNorm},
		{Kind: network.KindReLU},
		{Kind: network.KindFlatten},
		{Kind: network.KindLinear, In: 8, Out: 4},
		{Kind: network.KindBatchNorm},
		{Kind: network.KindReLU},
		{Kind: network.KindLinear, In: 4, Out: 3},
	})
	net := randomNet(t, meta, 4)
	m := net.Model()
	rng := rand.New(rand.NewPCG(7, 8))
	const total, batch = 37, 10
	xs := make([]float32, total*9)
	for i := range xs {
		xs[i] = float32(rng.Float64())
	}
	start := 0
	err := net.preciseBN(func() *ts.Tensor {
		if start >= total {
			return nil
		}
		end := min(start+batch, total)
		x := ts.MustOfSlice(slices.Clone(xs[start*9:end*9])).MustView([]int64{int64(end - start), 1, 3, 3}, true)
		start = end
		return x
	})
	if err != nil {
		t.Fatal(err)
	}
	// the conv's outputs, directly
	w, b := m.Tensors[meta.Layers[0].Weight].Data, m.Tensors[meta.Layers[0].Bias].Data
	mean0, std0 := meta.Normalization.Mean[0], meta.Normalization.Std[0]
	var vals [2][]float64
	for s := 0; s < total; s++ {
		for o := 0; o < 2; o++ {
			for oy := 0; oy < 2; oy++ {
				for ox := 0; ox < 2; ox++ {
					v := b[o]
					for ky := 0; ky < 2; ky++ {
						for kx := 0; kx < 2; kx++ {
							x := (float64(xs[s*9+(oy+ky)*3+ox+kx]) - mean0) / std0
							v += w[(o*2+ky)*2+kx] * x
						}
					}
					vals[o] = append(vals[o], v)
				}
			}
		}
	}
	gotMean, gotVar := values(net.layers[1].runMean), values(net.layers[1].runVar)
	for o := 0; o < 2; o++ {
		mu, vr := meanVar(vals[o], true)
		if math.Abs(gotMean[o]-mu) > 1e-5*(1+math.Abs(mu)) || math.Abs(gotVar[o]-vr) > 1e-4*(1+vr) {
			t.Errorf("channel %d: running mean %v var %v, want %v %v (over all %d values)", o, gotMean[o], gotVar[o], mu, vr, len(vals[o]))
		}
	}
	// the second BN's statistics changed too, and no BN is left gathering
	if slices.Equal(values(net.layers[5].runMean), m.Tensors[meta.Layers[5].RunningMean].Data) {
		t.Error("the second BN layer's running mean did not change")
	}
	for _, l := range net.layers {
		if l.pop != nil {
			t.Error("a BN layer still gathers statistics after the pass")
		}
	}
}

// TestLossMix: with κ = 0.7 and an L1 coefficient, the loss is
// 0.7·robust + 0.3·clean + l1·Σ|W| over the conv and linear weights.
func TestLossMix(t *testing.T) {
	meta := testMeta(t, []int{1, 4, 4}, []network.Layer{
		{Kind: network.KindConv2d, In: 1, Out: 2, Kernel: 2, Stride: 2},
		{Kind: network.KindBatchNorm},
		{Kind: network.KindReLU},
		{Kind: network.KindFlatten},
		{Kind: network.KindLinear, In: 8, Out: 3},
	})
	net := randomNet(t, meta, 5)
	rng := rand.New(rand.NewPCG(1, 1))
	xs := make([]float32, 6*16)
	for i := range xs {
		xs[i] = float32(rng.Float64())
	}
	x, y := toDevice(xs, []int64{0, 1, 2, 0, 1, 2}, [3]int{1, 4, 4}, gotch.CPU)
	absSum := 0.0
	m := net.Model()
	for _, l := range meta.Layers {
		if l.Kind == network.KindConv2d || l.Kind == network.KindLinear {
			for _, v := range m.Tensors[l.Weight].Data {
				absSum += math.Abs(v)
			}
		}
	}
	for _, mix := range []lossMix{{}, {cleanWeight: 0.3}, {cleanWeight: 0.3, l1: 0.01}, {l1: 2e-6}} {
		var a libtorch.Arena
		p := net.batchLoss(x, y, 0.05, 0, 0.5, false, mix, &a)
		total, rob, cl := scalar(p.total), scalar(p.robust), scalar(p.clean)
		want := (1-mix.cleanWeight)*rob + mix.cleanWeight*cl + mix.l1*absSum
		if math.Abs(total-want) > 1e-5*(1+math.Abs(want)) {
			t.Errorf("mix %+v: loss %v, want %v (robust %v, clean %v, Σ|W| %v)", mix, total, want, rob, cl, absSum)
		}
		if mix.l1 != 0 && math.Abs(scalar(p.l1)-absSum) > 1e-5*absSum {
			t.Errorf("mix %+v: L1 part %v, want %v", mix, scalar(p.l1), absSum)
		}
		a.Free()
	}
}

// TestCTBenchRunResume: a run with every CTBench option records them in its
// checkpoint, trains at the factor's ε while evaluating at the target, logs
// the L1 part and the precise-BN time, and resumes exactly.
func TestCTBenchRunResume(t *testing.T) {
	base := quickConfig(t, "")
	base.LimitTrain, base.LimitTest, base.Epochs = 300, 100, 2
	base.EpsStart, base.EpsLength = 1, 1
	base.PreciseBN, base.TrainEpsFactor, base.L1 = true, 2, 2e-6
	base.SetRobustWeight(0.7)
	a, b := base, base
	a.Out, b.Out = t.TempDir(), t.TempDir()
	sum, err := Run(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	last := sum.Records[len(sum.Records)-1]
	if math.Abs(last.Eps-0.2) > 1e-12 || last.TestEps != 0.1 {
		t.Errorf("last batch ε %v, test ε %v; want 0.2 and 0.1", last.Eps, last.TestEps)
	}
	if !(last.LossL1 > 0) || !(last.PreciseBNSecs > 0) {
		t.Errorf("record lacks the L1 part or the precise-BN time: %+v", last)
	}
	ck, err := loadCheckpoint(filepath.Join(a.Out, FileCheckpoint))
	if err != nil {
		t.Fatal(err)
	}
	if c := ck.state.Config; !c.PreciseBN || c.CleanWeight != base.CleanWeight || c.TrainEpsFactor != 2 || c.L1 != 2e-6 {
		t.Errorf("checkpoint config %+v lacks the CTBench options", c)
	}
	b.Epochs = 1
	if _, err := Run(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	resume := b
	resume.Epochs, resume.Resume = 2, true
	resume.PreciseBN, resume.CleanWeight, resume.TrainEpsFactor, resume.L1 = false, 0, 0, 0 // the checkpoint's settings win
	if _, err := Run(context.Background(), resume); err != nil {
		t.Fatal(err)
	}
	ta, tb := tensorsOf(t, filepath.Join(a.Out, FileCheckpoint)), tensorsOf(t, filepath.Join(b.Out, FileCheckpoint))
	for name, x := range ta {
		if !slices.Equal(x.Data, tb[name].Data) {
			t.Errorf("tensor %s differs after resume", name)
		}
	}
}
