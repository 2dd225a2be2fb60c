package bound

import (
	"testing"

	"github.com/verify-tools/verify/ibp/network"
)

// nearTieNet is a 16-input, 2-class network whose hidden unit at the
// all-white image is 1/1024, from weights ±1000 that cancel, and whose
// logits are 0 and that unit: float32's rounding bound on the hidden
// product (about 0.015) cannot tell the two logits apart, float64's (about
// 1e-11) can.
func nearTieNet(t *testing.T) *Net {
	t.Helper()
	w := make([]float64, 16)
	for i := range w {
		w[i] = 1000
		if i%2 == 1 {
			w[i] = -1000
		}
	}
	m := &network.Model{
		Meta: network.Meta{
			Format: network.FormatVersion, Arch: "test", InputShape: []int{1, 4, 4}, NumClasses: 2, Dataset: "test",
			Normalization: network.Normalization{Mean: []float64{0}, Std: []float64{1}},
			Layers: []network.Layer{
				{Kind: network.KindFlatten},
				{Kind: network.KindLinear, In: 16, Out: 1, Weight: "w1", Bias: "b1"},
				{Kind: network.KindLinear, In: 1, Out: 2, Weight: "w2"},
			},
		},
		Tensors: map[string]*network.Tensor{
			"w1": {Shape: []int{1, 16}, Data: w},
			"b1": {Shape: []int{1}, Data: []float64{1.0 / 1024}},
			"w2": {Shape: []int{2, 1}, Data: []float64{0, 1}},
		},
	}
	return compile(t, m)
}

// TestAutoDecidesNearTies: with Auto, a point that float32 bounds cannot
// decide is decided by float64 ones — the clean point of a misclassified
// sample is proven misclassified (attacked, not unknown) and its
// prediction is proven — while Float32 alone cannot, which shows the
// test can fail.
func TestAutoDecidesNearTies(t *testing.T) {
	n := nearTieNet(t)
	raw := make([]byte, 16)
	for i := range raw {
		raw[i] = 255
	}
	x := CleanPoint(raw, 0.01)
	for _, tc := range []struct {
		p    Precision
		want int
	}{{Float32, -1}, {Auto, 1}, {Float64, 1}} {
		vs, err := n.CheckAdversarialBatch([][]byte{raw}, []int{0}, 0.01, [][]float32{x}, tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if vs[0].Class != tc.want {
			t.Errorf("precision %v: class beating label 0 = %d (%v), want %d", tc.p, vs[0].Class, vs[0].Err, tc.want)
		}
	}
	p, err := n.PredictBatch([][]byte{raw}, Auto)
	if err != nil {
		t.Fatal(err)
	}
	if p[0] != 1 {
		t.Errorf("PredictBatch = %d, want 1", p[0])
	}
}
