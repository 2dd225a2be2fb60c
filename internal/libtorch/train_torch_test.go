//go:build torch

package libtorch

import (
	"math/rand"
	"os"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// TestTrainStep runs forward, cross-entropy, backward and an SGD update on
// the first CUDA device when there is one, else on the CPU, and checks that
// the loss on the batch goes down. With VERIFY_REQUIRE_CUDA=1 (the GPU proof
// script, benchmarks/gpu) a missing GPU is a failure, not a CPU fallback.
func TestTrainStep(t *testing.T) {
	SetThreads(0)
	dev := Device()
	if os.Getenv("VERIFY_REQUIRE_CUDA") == "1" && !dev.IsCuda() {
		t.Fatalf("VERIFY_REQUIRE_CUDA=1 but libtorch sees no CUDA device (CUDA build %t, libtorch %s at %s)",
			CUDABuild(), LibtorchVersion(), LibtorchRoot())
	}
	shape := SmallShape{InC: 1, OutC: 8, K: 3, H: 12, W: 12, Classes: 10}
	net, err := RandomSmallNet(shape, 1, gotch.Float, dev)
	if err != nil {
		t.Fatal(err)
	}
	const batch = 32
	r := rand.New(rand.NewSource(2))
	xs := make([]float32, batch*shape.InC*shape.H*shape.W)
	for i := range xs {
		xs[i] = float32(r.NormFloat64())
	}
	ys := make([]int64, batch)
	for i := range ys {
		ys[i] = int64(r.Intn(int(shape.Classes)))
	}
	x := ts.MustOfSlice(xs).MustView([]int64{batch, shape.InC, shape.H, shape.W}, true).MustTo(dev, true)
	y := ts.MustOfSlice(ys).MustTo(dev, true)
	lossOf := func() *ts.Tensor {
		return net.Forward(x, true).CrossEntropyForLogits(y)
	}
	first := lossOf()
	before := first.Float64Values()[0]
	first.MustBackward()
	net.SGDStep(0.1)
	first.MustDrop()
	var after float64
	for step := 0; step < 4; step++ {
		l := lossOf()
		after = l.Float64Values()[0]
		l.MustBackward()
		net.SGDStep(0.1)
		l.MustDrop()
	}
	t.Logf("device %s: loss %.4f -> %.4f after 5 SGD steps (libtorch %s, %d threads)",
		dev.Name, before, after, LibtorchVersion(), Threads())
	if !(after < before) {
		t.Errorf("loss did not decrease: %.4f -> %.4f", before, after)
	}
	if got := net.Params[0].MustDevice(); got.Name != dev.Name {
		t.Errorf("parameters on %v, want %v", got, dev)
	}
}
