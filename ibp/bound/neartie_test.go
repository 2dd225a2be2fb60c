package bound

import (
	"math/rand/v2"
	"slices"
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
	return compile(t, nearTieModel())
}

// nearTieModel is nearTieNet's model.
func nearTieModel() *network.Model {
	w := make([]float64, 16)
	for i := range w {
		w[i] = 1000
		if i%2 == 1 {
			w[i] = -1000
		}
	}
	return flat16Model(2, []network.Layer{
		{Kind: network.KindFlatten},
		{Kind: network.KindLinear, In: 16, Out: 1, Weight: "w1", Bias: "b1"},
		{Kind: network.KindLinear, In: 1, Out: 2, Weight: "w2"},
	}, map[string]*network.Tensor{
		"w1": {Shape: []int{1, 16}, Data: w},
		"b1": {Shape: []int{1}, Data: []float64{1.0 / 1024}},
		"w2": {Shape: []int{2, 1}, Data: []float64{0, 1}},
	})
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

// TestPredictCleanBatch: the merged prediction pass predicts what
// PredictBatch predicts, proves the near-tie network's clean point
// misclassified only with Auto (as CheckAdversarialBatch does), and on
// random CNNs every clean point it proves misclassified is proven so by
// the per-sample float64 reference too, with the same class where that
// reference's margin gap is clear.
func TestPredictCleanBatch(t *testing.T) {
	n := nearTieNet(t)
	raw := make([]byte, 16)
	for i := range raw {
		raw[i] = 255
	}
	for _, tc := range []struct {
		p    Precision
		want int
	}{{Float32, -1}, {Auto, 1}, {Float64, 1}} {
		_, vs, xs, err := n.PredictCleanBatch([][]byte{raw}, []int{0}, 0.01, tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if vs[0].Class != tc.want {
			t.Fatalf("%v: clean verdict class %d, want %d (%v)", tc.p, vs[0].Class, tc.want, vs[0].Err)
		}
		if want := CleanPoint(raw, 0.01); !slices.Equal(xs[0], want) {
			t.Fatalf("%v: clean point %v, want %v", tc.p, xs[0], want)
		}
	}

	rng := rand.New(rand.NewPCG(5, 5))
	proved := 0
	for _, arch := range []string{"smallcnn", "cnn7"} {
		n := compile(t, ibpInitModel(t, archMeta(t, arch, []int{1, 28, 28}, true), 3))
		raws, ys := labelledImages(rng, n, 12)
		for _, eps := range []float64{0, 0.05} {
			want, err := n.PredictBatch(raws, Auto)
			if err != nil {
				t.Fatal(err)
			}
			got, vs, xs, err := n.PredictCleanBatch(raws, ys, eps, Auto)
			if err != nil {
				t.Fatal(err)
			}
			for i := range raws {
				if got[i] != want[i] {
					t.Errorf("%s eps %v image %d: merged pass predicts %d, PredictBatch %d", arch, eps, i, got[i], want[i])
				}
				if vs[i].Class >= 0 && got[i] == ys[i] {
					t.Errorf("%s eps %v image %d: label %d, prediction %d, clean verdict %d (%v)", arch, eps, i, ys[i], got[i], vs[i].Class, vs[i].Err)
				}
				if vs[i].Class < 0 {
					continue
				}
				proved++
				cls, _, err := n.CheckAdversarial(raws[i], ys[i], eps, xs[i])
				if err != nil {
					t.Errorf("%s eps %v image %d: the merged pass proves the clean point misclassified, the reference does not: %v", arch, eps, i, err)
				} else if cls != vs[i].Class {
					t.Logf("%s eps %v image %d: class %d, reference %d (a near tie)", arch, eps, i, vs[i].Class, cls)
				}
			}
		}
	}
	if proved == 0 {
		t.Fatal("no clean point proven misclassified: the test checks nothing")
	}
	t.Logf("%d clean points proven misclassified", proved)
}

// tieNet is a 16-input, 3-class network whose logits are 0, 1 and 1 at
// every input: no bounds decide its prediction (classes 1 and 2 tie), yet
// every bound proves label 0 beaten.
func tieNet(t *testing.T, claim Claim) *Net {
	t.Helper()
	m := flat16Model(3, []network.Layer{
		{Kind: network.KindFlatten},
		{Kind: network.KindLinear, In: 16, Out: 3, Weight: "w", Bias: "b"},
	}, map[string]*network.Tensor{
		"w": {Shape: []int{3, 16}, Data: make([]float64, 48)},
		"b": {Shape: []int{3}, Data: []float64{0, 1, 1}},
	})
	n, err := CompileClaim(m, claim)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCleanVerdictWithoutPrediction: the prediction pass proves a clean
// point misclassified from its boxes even where they decide no prediction
// (a tie between two classes that both beat the label), in both claims and
// every precision.
func TestCleanVerdictWithoutPrediction(t *testing.T) {
	raw := make([]byte, 16)
	for i := range raw {
		raw[i] = byte(16 * i)
	}
	for _, claim := range []Claim{ClaimReal, ClaimDeployed32} {
		n := tieNet(t, claim)
		for _, p := range []Precision{Float32, Float64, Auto} {
			preds, vs, _, err := n.PredictCleanBatch([][]byte{raw}, []int{0}, 0.01, p)
			if err != nil {
				t.Fatal(err)
			}
			if preds[0] == 0 || vs[0].Class != 1 || vs[0].Margin != -1 {
				t.Errorf("%v %v: prediction %d, clean verdict %+v; want a prediction other than 0 and class 1 at margin -1",
					claim, p, preds[0], vs[0])
			}
		}
	}
}

// flat16Model is a model of 4×4 one-channel inputs (identity
// normalisation) with the given layers and tensors.
func flat16Model(classes int, layers []network.Layer, tensors map[string]*network.Tensor) *network.Model {
	return &network.Model{
		Meta: network.Meta{
			Format: network.FormatVersion, Arch: "test", InputShape: []int{1, 4, 4}, NumClasses: classes, Dataset: "test",
			Normalization: network.Normalization{Mean: []float64{0}, Std: []float64{1}},
			Layers:        layers,
		},
		Tensors: tensors,
	}
}
