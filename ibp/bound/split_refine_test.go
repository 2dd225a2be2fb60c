package bound

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/verify-tools/verify/ibp/network"
)

// nearMarginNet is a 16-input, 2-class network whose logits are 0 and
// h = sum(x) + b: the margin of class 1 over an ε-box of the all-grey
// image is h's lower bound there, 16·(128/255 − ε) + b, which b puts just
// above 0, by less than float32's rounding allowance and far more than
// float64's. The bias is searched (its float32 value is what the model
// holds) until float32 bounds leave the margin below 0 and float64 ones
// certify it.
func nearMarginNet(t *testing.T, raw []byte, eps float64) *Net {
	t.Helper()
	w := make([]float64, 16)
	for i := range w {
		w[i] = 1
	}
	build := func(b float64) *Net {
		return compile(t, flat16Model(2, []network.Layer{
			{Kind: network.KindFlatten},
			{Kind: network.KindLinear, In: 16, Out: 1, Weight: "w1", Bias: "b1"},
			{Kind: network.KindLinear, In: 1, Out: 2, Weight: "w2"},
		}, map[string]*network.Tensor{
			"w1": {Shape: []int{1, 16}, Data: w},
			"b1": {Shape: []int{1}, Data: []float64{b}},
			"w2": {Shape: []int{2, 1}, Data: []float64{0, 1}},
		}))
	}
	lb := func(n *Net, p Precision) float64 {
		out, err := n.MarginLowerBatch([][]byte{raw}, []int{1}, eps, MethodIBP, CrownOptions{}, p)
		if err != nil {
			t.Fatal(err)
		}
		return MinMargin(out[0])
	}
	base := lb(build(0), Float64)
	for _, gap := range []float64{1e-7, 3e-7, 1e-6, 3e-6, 1e-5} {
		n := build(float64(float32(gap - base)))
		if lb(n, Float32) <= 0 && lb(n, Float64) > 0 {
			return n
		}
	}
	t.Fatal("no bias puts the margin between float32's and float64's rounding")
	return nil
}

// TestSplitRefineIsAuto: MarginLowerBatchSplit followed by
// MarginLowerBatchRefine on the samples it marks for a re-run, in other
// batches than the first pass's, gives Auto's bounds bit for bit; on
// nearMarginNet the re-run is what certifies the sample
// (float32 alone does not), so the test can fail.
func TestSplitRefineIsAuto(t *testing.T) {
	if !BatchIndependent() {
		t.Skipf("%s: results are sound but may differ in the last bits with the batch", BLAS())
	}
	grey := make([]byte, 16)
	for i := range grey {
		grey[i] = 128
	}
	rng := rand.New(rand.NewPCG(3, 3))
	small := compile(t, ibpInitModel(t, archMeta(t, "smallcnn", []int{1, 28, 28}, true), 1))
	var sraws [][]byte
	var sys []int
	for range 9 {
		sraws, sys = append(sraws, randomImage(rng, small.InputLen())), append(sys, rng.IntN(small.Classes))
	}
	for _, tc := range []struct {
		name      string
		n         *Net
		raws      [][]byte
		ys        []int
		eps       float64
		mustRetry bool
	}{
		{"nearmargin", nearMarginNet(t, grey, 0.25), [][]byte{grey, grey}, []int{1, 0}, 0.25, true},
		{"smallcnn", small, sraws, sys, 0.005, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := tc.n.MarginLowerBatch(tc.raws, tc.ys, tc.eps, MethodIBP, CrownOptions{}, Auto)
			if err != nil {
				t.Fatal(err)
			}
			lbs, retry, err := tc.n.MarginLowerBatchSplit(tc.raws, tc.ys, tc.eps, MethodIBP, CrownOptions{})
			if err != nil {
				t.Fatal(err)
			}
			raised := false
			for s, r := range retry {
				if !r {
					continue
				}
				before := Certified(lbs[s])
				// one sample at a time: another batch than the first pass's
				if err := tc.n.MarginLowerBatchRefine(tc.raws[s:s+1], tc.ys[s:s+1], tc.eps, MethodIBP, CrownOptions{}, lbs[s:s+1]); err != nil {
					t.Fatal(err)
				}
				raised = raised || !before && Certified(lbs[s])
			}
			if tc.mustRetry && !raised {
				t.Fatalf("no re-run certified a sample (retry %v): the test shows nothing", retry)
			}
			for s := range want {
				for j := range want[s] {
					if math.Float64bits(lbs[s][j]) != math.Float64bits(want[s][j]) {
						t.Errorf("sample %d margin %d: split and refine give %v, Auto %v", s, j, lbs[s][j], want[s][j])
					}
				}
			}
		})
	}
	n := nearTieNet(t)
	if err := n.MarginLowerBatchRefine([][]byte{grey}, []int{1}, 0, MethodIBP, CrownOptions{}, nil); err == nil {
		t.Error("Refine accepted 1 image with 0 bounds")
	}
}
