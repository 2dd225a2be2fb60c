package bound

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/verify-tools/verify/ibp/network"
)

// deployCancelModel is a 2-pixel network whose hidden layer is three constant
// units (weights 0, bias 1) and whose margin z_0 − z_1 is
// M h_a − M h_b + d h_c + b0 with M = 2^20 and d = 2^-6: in real
// arithmetic it is d + b0 at every input, while float32 can lose d (below
// half an ulp of M) in the order (M + d) − M.
func deployCancelModel(dSign, b0 float64) *network.Model {
	const M, d = 0x1p20, 0x1p-6
	meta := network.Meta{
		Format: network.FormatVersion, Arch: "test", InputShape: []int{1, 1, 2}, NumClasses: 2, Dataset: "test",
		Normalization: network.Normalization{Mean: []float64{0}, Std: []float64{1}},
		Layers: []network.Layer{
			{Kind: network.KindFlatten},
			{Kind: network.KindLinear, In: 2, Out: 3, Weight: "h.w", Bias: "h.b"},
			{Kind: network.KindReLU},
			{Kind: network.KindLinear, In: 3, Out: 2, Weight: "c.w", Bias: "c.b"},
		},
	}
	return &network.Model{Meta: meta, Tensors: map[string]*network.Tensor{
		"h.w": {Shape: []int{3, 2}, Data: make([]float64, 6)},
		"h.b": {Shape: []int{3}, Data: []float64{1, 1, 1}},
		"c.w": {Shape: []int{2, 3}, Data: []float64{M, -M, dSign * d, 0, 0, 0}},
		"c.b": {Shape: []int{2}, Data: []float64{b0, 0}},
	}}
}

// exactMargin is z_0 − z_1 of deployCancelModel in exact arithmetic (the hidden
// units are 1 at every input).
func exactMargin(m *network.Model) *big.Float {
	w, b := m.Tensors["c.w"].Data, m.Tensors["c.b"].Data
	s := new(big.Float).SetPrec(0).SetFloat64(b[0])
	s.SetPrec(2000)
	for _, v := range w[:3] {
		s.Add(s, new(big.Float).SetFloat64(v))
	}
	return s
}

// f32LeftToRight sums float32 terms in the given order, rounding each sum.
func f32Sum(terms []float32) float32 {
	var acc float32
	for _, t := range terms {
		acc = float32(acc + t)
	}
	return acc
}

func certifiedUnder(t *testing.T, m *network.Model, claim Claim, eps float64) bool {
	t.Helper()
	n, err := CompileClaim(m, claim)
	if err != nil {
		t.Fatal(err)
	}
	// float64 products: float32 ones charge their own rounding, u32·M ≈ 0.06
	// per term here, more than the margin
	lb, err := n.MarginLowerBatch([][]byte{{128, 7}}, []int{0}, eps, MethodIBP, CrownOptions{}, Float64)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := n.MarginLower([]byte{128, 7}, 0, eps, MethodIBP, CrownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if Certified(lb[0]) != Certified(ref) {
		t.Fatalf("%s: batched and per-sample bounds disagree: %v vs %v", claim, lb[0], ref)
	}
	return Certified(lb[0])
}

func TestDeployedSeparatesClaims(t *testing.T) {
	const M, d = float32(0x1p20), float32(0x1p-6)
	for _, tc := range []struct {
		name           string
		dSign, b0      float64
		orderSign      float32 // sign of the float32 margin in the order (M + d h_c) − M + b0
		real, deployed bool
		exactPositive  bool
	}{
		// real margin d/2 > 0 everywhere; float32 (M + d) − M − d/2 = −d/2
		{"cancellation hides a positive margin", 1, -0x1p-7, -1, true, false, true},
		// real margin −d/2 < 0; float32 (M − d) − M + d/2 = +d/2
		{"cancellation fakes a positive margin", -1, 0x1p-7, 1, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := deployCancelModel(tc.dSign, tc.b0)
			if got := exactMargin(m).Sign() > 0; got != tc.exactPositive {
				t.Fatalf("exact margin %v, want positive %v", exactMargin(m), tc.exactPositive)
			}
			// the hidden units are fl(0·x + 1) = 1 exactly for every float32 x
			f := f32Sum([]float32{M, float32(tc.dSign) * d, -M, float32(tc.b0)})
			if f*tc.orderSign <= 0 {
				t.Fatalf("float32 margin in the order (M + d) − M + b0 is %v, want sign %v", f, tc.orderSign)
			}
			for _, eps := range []float64{0, 0.1} {
				if got := certifiedUnder(t, m, ClaimReal, eps); got != tc.real {
					t.Errorf("eps %v: real claim certified %v, want %v", eps, got, tc.real)
				}
				if got := certifiedUnder(t, m, ClaimDeployed32, eps); got != tc.deployed {
					t.Errorf("eps %v: deployed claim certified %v, want %v", eps, got, tc.deployed)
				}
			}
		})
	}
}

func TestDeployedRefusesCROWN(t *testing.T) {
	n, err := CompileClaim(deployCancelModel(1, 0), ClaimDeployed32)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Method{MethodCROWN, MethodCROWNIBP} {
		if _, err := n.MarginLowerBatch([][]byte{{1, 2}}, []int{0}, 0.1, m, DefaultCrownOptions(), Auto); err == nil {
			t.Errorf("%s under the deployed claim: no error", m)
		}
	}
	if _, err := ParseClaim("float16"); err == nil {
		t.Error("ParseClaim accepted float16")
	}
}

// sumOrder sums float32 products w_i x_i and a bias in one of several
// orders, rounding every operation to float32 (fma: one rounding per
// multiply-add, computed exactly with big.Float).
type sumOrder int

const (
	orderForward sumOrder = iota
	orderReverse
	orderPairwise
	orderLargestFirst
	orderFMA
	numOrders
)

func dot32(ws, xs []float32, b float32, o sumOrder) float32 {
	if o == orderFMA {
		acc := b
		for i := range ws {
			acc = fma32(ws[i], xs[i], acc)
		}
		return acc
	}
	terms := make([]float32, 0, len(ws)+1)
	for i := range ws {
		terms = append(terms, float32(ws[i]*xs[i]))
	}
	terms = append(terms, b)
	switch o {
	case orderReverse:
		slices.Reverse(terms)
	case orderLargestFirst:
		slices.SortFunc(terms, func(a, b float32) int {
			return -cmpAbs(a, b)
		})
	case orderPairwise:
		for len(terms) > 1 {
			var next []float32
			for i := 0; i+1 < len(terms); i += 2 {
				next = append(next, float32(terms[i]+terms[i+1]))
			}
			if len(terms)%2 == 1 {
				next = append(next, terms[len(terms)-1])
			}
			terms = next
		}
		return terms[0]
	}
	return f32Sum(terms)
}

func cmpAbs(a, b float32) int {
	x, y := math.Abs(float64(a)), math.Abs(float64(b))
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// fma32 is a·b + c rounded once to float32.
func fma32(a, b, c float32) float32 {
	p := new(big.Float).SetPrec(200).SetFloat64(float64(a))
	p.Mul(p, new(big.Float).SetFloat64(float64(b)))
	p.Add(p, new(big.Float).SetFloat64(float64(c)))
	f, _ := p.Float32()
	return f
}

// eval32 is a float32 evaluation of m at pixels x (already float32): the
// normalisation (x − mean)/std, every dot product in order o, batch norm as
// (z − mean)/sqrt(var + eps)·γ + β (or, with folded, z·s + t with s and t
// precomputed in float32), ReLU and flatten.
func eval32(m *network.Model, x []float32, o sumOrder, folded bool) []float32 {
	meta := m.Meta
	shapes, _ := meta.Shapes()
	f := func(name string) []float32 {
		v := make([]float32, len(m.Tensors[name].Data))
		for i, d := range m.Tensors[name].Data {
			v[i] = float32(d)
		}
		return v
	}
	h := make([]float32, len(x))
	hw := meta.InputShape[1] * meta.InputShape[2]
	for j, v := range x {
		c := j / hw
		h[j] = (v - float32(meta.Normalization.Mean[c])) / float32(meta.Normalization.Std[c])
	}
	for i, l := range meta.Layers {
		in, out := shapes[i], shapes[i+1]
		switch l.Kind {
		case network.KindReLU:
			for j, v := range h {
				h[j] = max(v, 0)
			}
		case network.KindFlatten:
		case network.KindBatchNorm:
			g, b, mu, vr := f(l.Weight), f(l.Bias), f(l.RunningMean), f(l.RunningVar)
			per := len(h) / len(g)
			for j := range h {
				c := j / per
				if folded {
					s := g[c] / float32(math.Sqrt(float64(vr[c]+float32(l.Eps))))
					h[j] = h[j]*s + (b[c] - mu[c]*s)
				} else {
					h[j] = (h[j]-mu[c])/float32(math.Sqrt(float64(vr[c]+float32(l.Eps))))*g[c] + b[c]
				}
			}
		case network.KindLinear:
			w := f(l.Weight)
			var b []float32
			if l.Bias != "" {
				b = f(l.Bias)
			}
			y := make([]float32, l.Out)
			for k := range y {
				var bk float32
				if b != nil {
					bk = b[k]
				}
				y[k] = dot32(w[k*l.In:(k+1)*l.In], h, bk, o)
			}
			h = y
		case network.KindConv2d:
			w := f(l.Weight)
			var b []float32
			if l.Bias != "" {
				b = f(l.Bias)
			}
			y := make([]float32, out.Size())
			ho, wo := out[1], out[2]
			for oc := 0; oc < l.Out; oc++ {
				for oy := 0; oy < ho; oy++ {
					for ox := 0; ox < wo; ox++ {
						var ws, xs []float32
						for ic := 0; ic < l.In; ic++ {
							for ky := 0; ky < l.Kernel; ky++ {
								for kx := 0; kx < l.Kernel; kx++ {
									iy, ix := oy*l.Stride-l.Padding+ky, ox*l.Stride-l.Padding+kx
									if iy < 0 || iy >= in[1] || ix < 0 || ix >= in[2] {
										continue
									}
									ws = append(ws, w[((oc*l.In+ic)*l.Kernel+ky)*l.Kernel+kx])
									xs = append(xs, h[(ic*in[1]+iy)*in[2]+ix])
								}
							}
						}
						var bk float32
						if b != nil {
							bk = b[oc]
						}
						y[(oc*ho+oy)*wo+ox] = dot32(ws, xs, bk, o)
					}
				}
			}
			h = y
		}
	}
	return h
}

// below32 counts the float32 evaluations of models of allKindsMeta, at
// points sampled in the box (corners and random points, rounded to
// float32), in five summation orders (FMA among them) and two batch norm
// formulas, whose margin falls below the lower bound that claim and
// precision p give.
func below32(t *testing.T, claim Claim, p Precision) (below, total int) {
	t.Helper()
	meta := allKindsMeta()
	rng := rand.New(rand.NewPCG(3, 4))
	for seed := uint64(1); seed <= 3; seed++ {
		m := ibpInitModel(t, meta, seed)
		n, err := CompileClaim(m, claim)
		if err != nil {
			t.Fatal(err)
		}
		for trial, eps := range []float64{0, 0, 0.01, 0.05} {
			raw := randomImage(rng, n.InputLen())
			y := rng.IntN(meta.NumClasses)
			lbs, err := n.MarginLowerBatch([][]byte{raw}, []int{y}, eps, MethodIBP, CrownOptions{}, p)
			if err != nil {
				t.Fatal(err)
			}
			lb := lbs[0]
			box := PixelBox(raw, eps)
			for pt := 0; pt < 6; pt++ {
				x := make([]float32, len(raw))
				for j := range x {
					v := box.L[j] + rng.Float64()*(box.U[j]-box.L[j])
					if pt < 2 || trial < 2 { // corners (the clean point at eps 0)
						v = []float64{box.L[j], box.U[j]}[rng.IntN(2)]
					}
					x[j] = float32(math.Min(1, math.Max(0, v)))
				}
				for o := sumOrder(0); o < numOrders; o++ {
					for _, folded := range []bool{false, true} {
						z := eval32(m, x, o, folded)
						for j := range z {
							if j == y {
								continue
							}
							total++
							if got := float64(z[y]) - float64(z[j]); got < lb[j] {
								below++
							}
						}
					}
				}
			}
		}
	}
	return below, total
}

// TestDeployedBoundHoldsForFloat32Evaluations: no float32 evaluation falls
// below the deployed bounds; the real claim's float64 bounds, tight at
// eps 0, are crossed by some (so the sampling does see float32 rounding).
func TestDeployedBoundHoldsForFloat32Evaluations(t *testing.T) {
	for _, p := range []Precision{Float32, Float64} {
		if below, total := below32(t, ClaimDeployed32, p); below > 0 {
			t.Errorf("precision %v: %d of %d float32 margins below the deployed bound", p, below, total)
		}
	}
	if below, total := below32(t, ClaimReal, Float64); below == 0 {
		t.Errorf("no float32 margin of %d below the real claim's float64 bound: the sampling does not exercise rounding", total)
	}
}

// TestDeployedIsLooser: the deployed bounds are never above the real ones.
func TestDeployedIsLooser(t *testing.T) {
	meta := allKindsMeta()
	m := ibpInitModel(t, meta, 9)
	rng := rand.New(rand.NewPCG(5, 6))
	real, dep := compile(t, m), func() *Net { n, _ := CompileClaim(m, ClaimDeployed32); return n }()
	for trial := 0; trial < 5; trial++ {
		raw := randomImage(rng, real.InputLen())
		for _, p := range []Precision{Float32, Float64} {
			a, err := real.MarginLowerBatch([][]byte{raw}, []int{1}, 0.02, MethodIBP, CrownOptions{}, p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := dep.MarginLowerBatch([][]byte{raw}, []int{1}, 0.02, MethodIBP, CrownOptions{}, p)
			for j := range a[0] {
				if j != 1 && !(b[0][j] <= a[0][j]) {
					t.Fatalf("class %d: deployed bound %v above the real one %v", j, b[0][j], a[0][j])
				}
			}
		}
	}
}

// TestInputBoxes: the per-byte table gives the boxes of normalizeBox(
// PixelBox) bit for bit, with and without a normalisation, in both claims.
func TestInputBoxes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	m := ibpInitModel(t, archMeta(t, "smallcnn", []int{1, 28, 28}, true), 3)
	for _, norm := range [][2]float64{{0, 1}, {0.1307, 0.3081}} {
		for _, dep := range []bool{false, true} {
			n := compile(t, m)
			n.Mean, n.Std, n.deployed = []float64{norm[0]}, []float64{norm[1]}, dep
			raws := [][]byte{make([]byte, n.InputLen()), randomImage(rng, n.InputLen())}
			for j := range raws[0] {
				raws[0][j] = byte(j) // every byte value
			}
			for _, eps := range []float64{0, 0.1, 0.3} {
				got := n.inputBoxes(raws, eps)
				for i, raw := range raws {
					want := n.normalizeBox(PixelBox(raw, eps))
					if !slices.Equal(got[i].L, want.L) || !slices.Equal(got[i].U, want.U) {
						t.Fatalf("norm %v deployed %v eps %v image %d: the table's boxes differ from normalizeBox", norm, dep, eps, i)
					}
				}
			}
		}
	}
}
