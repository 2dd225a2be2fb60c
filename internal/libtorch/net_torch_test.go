//go:build torch

package libtorch

import (
	"math"
	"math/rand"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

var testShape = SmallShape{InC: 2, OutC: 3, K: 3, H: 5, W: 5, Classes: 4}

func randSlice(r *rand.Rand, n int64, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * r.NormFloat64()
	}
	return v
}

// fixture returns parameter values, an input batch [N, InC, H, W] and
// weights R [N, Classes] of the scalar test loss Σ R ⊙ logits.
func fixture() (params [][]float64, x, w []float64) {
	r := rand.New(rand.NewSource(7))
	for _, s := range testShape.ParamShapes() {
		params = append(params, randSlice(r, numel(s), 0.5))
	}
	const batch = 4
	x = randSlice(r, batch*testShape.InC*testShape.H*testShape.W, 1)
	w = randSlice(r, batch*testShape.Classes, 1)
	return params, x, w
}

// loss runs the network in training mode (batch statistics) in double
// precision and returns Σ R ⊙ logits; with grads set it also runs backward
// and returns each parameter's gradient.
func loss(t *testing.T, params [][]float64, x, w []float64, grads bool) (float64, [][]float64) {
	t.Helper()
	net, err := NewSmallNet(testShape, params, gotch.Double, gotch.CPU)
	if err != nil {
		t.Fatal(err)
	}
	batch := int64(len(w)) / testShape.Classes
	xt := ts.MustOfSlice(x).MustView([]int64{batch, testShape.InC, testShape.H, testShape.W}, true)
	wt := ts.MustOfSlice(w).MustView([]int64{batch, testShape.Classes}, true)
	out := net.Forward(xt, true)
	if got := out.MustSize(); len(got) != 2 || got[0] != batch || got[1] != testShape.Classes {
		t.Fatalf("logits shape %v, want [%d %d]", got, batch, testShape.Classes)
	}
	l := out.MustMul(wt, true).MustSum(gotch.Double, true)
	v := l.Float64Values()[0]
	if !grads {
		return v, nil
	}
	l.MustBackward()
	var g [][]float64
	for _, p := range net.Params {
		g = append(g, p.MustGrad(false).Float64Values(true))
	}
	return v, g
}

// TestGradientsMatchFiniteDifferences checks libtorch's backward pass of
// conv → BN (batch statistics) → ReLU → linear against central differences
// in double precision, on every parameter entry.
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	SetThreads(0)
	params, x, w := fixture()
	_, grads := loss(t, params, x, w, true)
	names := []string{"conv.weight", "conv.bias", "bn.weight", "bn.bias", "linear.weight", "linear.bias"}
	const h = 1e-6
	checked := 0
	for i := range params {
		if len(grads[i]) != len(params[i]) {
			t.Fatalf("%s: %d gradient entries for %d parameters", names[i], len(grads[i]), len(params[i]))
		}
		for j := range params[i] {
			orig := params[i][j]
			params[i][j] = orig + h
			up, _ := loss(t, params, x, w, false)
			params[i][j] = orig - h
			down, _ := loss(t, params, x, w, false)
			params[i][j] = orig
			fd := (up - down) / (2 * h)
			if diff := math.Abs(fd - grads[i][j]); diff > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("%s[%d]: backward %.10g, finite difference %.10g", names[i], j, grads[i][j], fd)
			}
			checked++
		}
	}
	t.Logf("%d gradient entries match finite differences", checked)
	// BN cancels the conv bias: its true gradient is zero.
	for j, g := range grads[1] {
		if math.Abs(g) > 1e-9 {
			t.Errorf("conv.bias[%d] gradient %g, want 0 (BatchNorm removes the bias)", j, g)
		}
	}
}

// In eval mode BN uses the running statistics: after one training-mode
// forward they have moved away from (0, 1).
func TestBatchNormRunningStatistics(t *testing.T) {
	params, x, _ := fixture()
	net, err := NewSmallNet(testShape, params, gotch.Double, gotch.CPU)
	if err != nil {
		t.Fatal(err)
	}
	xt := ts.MustOfSlice(x).MustView([]int64{4, testShape.InC, testShape.H, testShape.W}, true)
	net.Forward(xt, true).MustDrop()
	mean := net.RunMean.Float64Values()
	for c, m := range mean {
		if m == 0 {
			t.Errorf("running mean[%d] still 0 after a training-mode forward", c)
		}
	}
	out := net.Forward(xt, false)
	if got := out.MustSize(); got[1] != testShape.Classes {
		t.Fatalf("eval logits shape %v", got)
	}
}

func TestSetThreads(t *testing.T) {
	if got := SetThreads(1); got != 1 {
		t.Errorf("SetThreads(1) = %d", got)
	}
	if got := SetThreads(0); got < 1 {
		t.Errorf("SetThreads(0) = %d", got)
	}
	if LibtorchVersion() == "" {
		t.Error("no libtorch version recorded in the prepared gotch copy")
	}
	t.Logf("libtorch %s at %s, CUDA build %t, %d CUDA devices, %d threads",
		LibtorchVersion(), LibtorchRoot(), CUDABuild(), CUDADevices(), Threads())
}
