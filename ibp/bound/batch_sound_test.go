package bound

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/verify-tools/verify/ibp/network"
)

// tinyMeta is a net small enough to evaluate exactly thousands of times:
// conv (with BN), ReLU, standalone BN, linear, ReLU, linear.
func tinyMeta() network.Meta {
	n := func(i int, r string) string { return "t" + string(rune('a'+i)) + "." + r }
	bn := func(i int) network.Layer {
		return network.Layer{Kind: network.KindBatchNorm, Eps: 1e-5, Weight: n(i, "w"), Bias: n(i, "b"),
			RunningMean: n(i, "m"), RunningVar: n(i, "v")}
	}
	return network.Meta{
		Format: network.FormatVersion, Arch: "tiny", InputShape: []int{1, 4, 4}, NumClasses: 3, Dataset: "test",
		Normalization: network.Normalization{Mean: []float64{0.3}, Std: []float64{0.7}},
		Layers: []network.Layer{
			{Kind: network.KindConv2d, In: 1, Out: 2, Kernel: 3, Stride: 1, Padding: 1, Weight: n(0, "w"), Bias: n(0, "b")},
			bn(1),
			{Kind: network.KindReLU},
			bn(3),
			{Kind: network.KindFlatten},
			{Kind: network.KindLinear, In: 32, Out: 6, Weight: n(5, "w"), Bias: n(5, "b")},
			{Kind: network.KindReLU},
			{Kind: network.KindLinear, In: 6, Out: 3, Weight: n(7, "w"), Bias: n(7, "b")},
		},
	}
}

// cancelModel is a net whose first layer sums large terms of alternating
// sign that cancel almost exactly on a constant image: W_ij = A (-1)^(i+j)
// (1 + d_ij) with A = 2^scale and tiny d_ij, so its products in float32 lose
// almost all their digits and only the gamma_k |W||x| allowances keep the
// bounds sound. The classifier's row 0 is positive, so the margin rows of
// label 0 meet the same cancellation in CROWN's backward pass.
func cancelModel(rng *rand.Rand, scale int) *network.Model {
	meta := network.Meta{
		Format: network.FormatVersion, Arch: "cancel", InputShape: []int{1, 4, 4}, NumClasses: 3, Dataset: "test",
		Normalization: network.Normalization{Mean: []float64{0}, Std: []float64{1}},
		Layers: []network.Layer{
			{Kind: network.KindFlatten},
			{Kind: network.KindLinear, In: 16, Out: 8, Weight: "a.w", Bias: "a.b"},
			{Kind: network.KindReLU},
			{Kind: network.KindLinear, In: 8, Out: 3, Weight: "b.w", Bias: "b.b"},
		},
	}
	a := math.Ldexp(1, scale)
	w1 := make([]float64, 8*16)
	for i := range 8 {
		for j := range 16 {
			sign := float64(1 - 2*((i+j)%2))
			w1[i*16+j] = float64(float32(a * sign * (1 + math.Ldexp(rng.Float64(), -12))))
		}
	}
	b1 := make([]float64, 8)
	for i := range b1 {
		b1[i] = float64(float32(a * math.Ldexp(rng.Float64(), -10)))
	}
	w2 := make([]float64, 3*8)
	for j := range 8 {
		w2[j] = 2
		w2[8+j] = float64(float32(rng.Float64() - 0.5))
		w2[16+j] = float64(float32(rng.Float64() - 0.5))
	}
	t := func(shape []int, d []float64) *network.Tensor { return &network.Tensor{Shape: shape, Data: d} }
	return &network.Model{Meta: meta, Tensors: map[string]*network.Tensor{
		"a.w": t([]int{8, 16}, w1), "a.b": t([]int{8}, b1),
		"b.w": t([]int{3, 8}, w2), "b.b": t([]int{3}, make([]float64, 3)),
	}}
}

// scaleWeights multiplies every linear and conv weight by one random power
// of two per layer in [2^-lo, 2^hi] and adds, to some entries, values
// 2^-20 times smaller, so that float32 products round and cancel.
func scaleWeights(m *network.Model, rng *rand.Rand, hi int) {
	for _, l := range m.Meta.Layers {
		if l.Kind != network.KindLinear && l.Kind != network.KindConv2d {
			continue
		}
		w := m.Tensors[l.Weight].Data
		f := math.Ldexp(1, rng.IntN(2*hi+1)-hi)
		for j := range w {
			v := w[j] * f
			if rng.IntN(3) == 0 {
				v += math.Ldexp(w[j], -20) * float64(1+rng.IntN(7))
			}
			w[j] = float64(float32(v))
		}
	}
}

// TestBatchBoundsAttacked is the exact-arithmetic attack on the batched
// bounds: on thousands of random boxes of small nets, some with weights
// scaled by powers of two and perturbed in their last bits so that
// float32 rounding matters, the margin lower bounds of every method in
// float32 and float64 never exceed the exact (256-bit) margin of a box
// corner or sampled point; and on nets built to cancel (cancelModel) at
// point boxes, they stay below the exact margins of the box corners. The
// cancelling nets fail this test when the gamma_k terms of either the
// forward products or CROWN's backward products are removed.
func TestBatchBoundsAttacked(t *testing.T) {
	const nets, boxes, points = 16, 64, 3 // 1024 boxes x (3 methods x 2 precisions), 3 exact points each
	rng := rand.New(rand.NewPCG(11, 3))
	checked := 0
	for k := 0; k < nets; k++ {
		meta := tinyMeta()
		m := randomModel(t, meta, uint64(100+k))
		if k%2 == 1 {
			scaleWeights(m, rng, 12)
		}
		n := compile(t, m)
		eps := []float64{0, 1e-6, 0.003, 0.05, 0.3}[k%5]
		raws := make([][]byte, boxes)
		ys := make([]int, boxes)
		for i := range raws {
			raws[i], ys[i] = randomImage(rng, n.InputLen()), rng.IntN(n.Classes)
		}
		for _, method := range testMethods() {
			for _, p := range []Precision{Float32, Float64} {
				lbs, err := n.MarginLowerBatch(raws, ys, eps, method, DefaultCrownOptions(), p)
				if err != nil {
					t.Fatal(err)
				}
				for i, lb := range lbs {
					box := InnerBox(raws[i], eps)
					if box.L[0] > box.U[0] {
						box = PixelBox(raws[i], 0)
					}
					for pi, x := range samplePoints(rng, box, points) {
						if pi == 0 { // a corner for sure
							for j := range x {
								x[j] = box.L[j]
								if rng.IntN(2) == 0 {
									x[j] = box.U[j]
								}
							}
						}
						exact := exactMargins(m, x, ys[i])
						for j, v := range exact {
							if j != ys[i] && lb[j] > v {
								t.Fatalf("net %d %s %s box %d class %d: lower bound %v above exact margin %v", k, method, p, i, j, lb[j], v)
							}
						}
						checked++
					}
				}
			}
		}
	}
	t.Logf("%d exact points checked", checked)
	for k := 0; k < 40; k++ {
		m := cancelModel(rng, 6+k%12)
		n := compile(t, m)
		raws := make([][]byte, 16)
		ys := make([]int, len(raws))
		for i := range raws {
			b := byte(1 + rng.IntN(254))
			raws[i] = make([]byte, n.InputLen())
			for j := range raws[i] {
				raws[i][j] = b
			}
		}
		for _, method := range testMethods() {
			for _, p := range []Precision{Float32, Float64} {
				lbs, err := n.MarginLowerBatch(raws, ys, 0, method, DefaultCrownOptions(), p)
				if err != nil {
					t.Fatal(err)
				}
				for i, lb := range lbs {
					box := PixelBox(raws[i], 0)
					for _, x := range [][]float64{box.L, box.U} {
						for j, v := range exactMargins(m, x, 0) {
							if j != 0 && lb[j] > v {
								t.Fatalf("cancelling net %d %s %s image %d class %d: lower bound %v above exact margin %v", k, method, p, i, j, lb[j], v)
							}
						}
					}
				}
			}
		}
	}
}

// TestBatchMatchesReference: on the sound-test networks, batched bounds in
// float64 are never looser than the per-sample reference by more than
// 1e-6 relative, float32 bounds are below float64 ones only by their
// larger rounding allowance, and neither certifies what sampling breaks.
func TestBatchMatchesReference(t *testing.T) {
	for _, tc := range soundCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, 5))
			m := randomModel(t, tc.meta, 3)
			n := compile(t, m)
			raws := make([][]byte, 12)
			ys := make([]int, len(raws))
			for i := range raws {
				raws[i], ys[i] = randomImage(rng, n.InputLen()), rng.IntN(n.Classes)
			}
			for _, method := range testMethods() {
				l64, err := n.MarginLowerBatch(raws, ys, tc.eps, method, DefaultCrownOptions(), Float64)
				if err != nil {
					t.Fatal(err)
				}
				for i := range raws {
					ref, err := n.MarginLower(raws[i], ys[i], tc.eps, method, DefaultCrownOptions())
					if err != nil {
						t.Fatal(err)
					}
					for j := range ref {
						if j == ys[i] {
							continue
						}
						if l64[i][j] < ref[j]-1e-6*(1+math.Abs(ref[j])) {
							t.Errorf("%s sample %d class %d: batched float64 %v, reference %v", method, i, j, l64[i][j], ref[j])
						}
					}
				}
			}
		})
	}
}

// TestBatchNonFinite: a sample whose bounds overflow is never certified.
func TestBatchNonFinite(t *testing.T) {
	m := randomModel(t, tinyMeta(), 1)
	for _, l := range m.Meta.Layers {
		if l.Kind == network.KindLinear || l.Kind == network.KindConv2d {
			for j := range m.Tensors[l.Weight].Data {
				m.Tensors[l.Weight].Data[j] *= 1e30
			}
		}
	}
	n := compile(t, m)
	raw := randomImage(rand.New(rand.NewPCG(1, 1)), n.InputLen())
	for _, p := range []Precision{Float32, Float64} {
		for _, method := range testMethods() {
			lb, err := n.MarginLowerBatch([][]byte{raw}, []int{0}, 0.01, method, DefaultCrownOptions(), p)
			if err != nil {
				t.Fatal(err)
			}
			if Certified(lb[0]) {
				t.Fatalf("%s %s: certified with overflowing weights: %v", method, p, lb[0])
			}
		}
	}
}

// TestBatchErrors: malformed batches are refused with a reason.
func TestBatchErrors(t *testing.T) {
	n := compile(t, randomModel(t, tinyMeta(), 1))
	img := make([]byte, n.InputLen())
	cases := []struct {
		name   string
		raws   [][]byte
		ys     []int
		eps    float64
		method Method
		want   string
	}{
		{"labels missing", [][]byte{img}, nil, 0.1, MethodIBP, "labels"},
		{"short image", [][]byte{img[:3]}, []int{0}, 0.1, MethodIBP, "values"},
		{"bad label", [][]byte{img}, []int{7}, 0.1, MethodIBP, "label 7"},
		{"negative eps", [][]byte{img}, []int{0}, -1, MethodIBP, "eps"},
		{"bad method", [][]byte{img}, []int{0}, 0.1, "magic", "method"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := n.MarginLowerBatch(tc.raws, tc.ys, tc.eps, tc.method, DefaultCrownOptions(), Auto)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
