package bound

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/verify-tools/verify/ibp/network"
)

type soundCase struct {
	name string
	meta network.Meta
	eps  float64
}

func soundCases(t *testing.T) []soundCase {
	return []soundCase{
		{"all-kinds", allKindsMeta(), 0.02},
		{"all-kinds-wide", allKindsMeta(), 0.1},
		{"smallcnn-bn", archMeta(t, "smallcnn", []int{1, 8, 8}, true), 0.01},
		{"smallcnn-nobn", archMeta(t, "smallcnn", []int{1, 8, 8}, false), 0.05},
		{"mlp-bn", archMeta(t, "mlp", []int{1, 4, 4}, true), 0.03},
	}
}

// samplePoints returns points of the inner box: its corners in random
// combinations and uniform random points.
func samplePoints(rng *rand.Rand, box Box, count int) [][]float64 {
	pts := make([][]float64, 0, count)
	for i := 0; i < count; i++ {
		x := make([]float64, len(box.L))
		for j := range x {
			switch {
			case i%3 == 0 && rng.IntN(2) == 0:
				x[j] = box.L[j]
			case i%3 == 0:
				x[j] = box.U[j]
			default:
				x[j] = box.L[j] + rng.Float64()*(box.U[j]-box.L[j])
			}
		}
		pts = append(pts, x)
	}
	return pts
}

// TestBoundsContainSampledOutputs: the lower bounds of every method lie
// below the exact (256-bit) margins of sampled points, CROWN and CROWN-IBP
// are never below IBP, and no sample whose sampled margins go negative is
// certified by any method.
func TestBoundsContainSampledOutputs(t *testing.T) {
	for _, tc := range soundCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 7))
			for trial := 0; trial < 4; trial++ {
				m := randomModel(t, tc.meta, uint64(trial+1))
				n := compile(t, m)
				raw := randomImage(rng, n.InputLen())
				y := rng.IntN(n.Classes)
				lbs := map[Method][]float64{}
				for _, method := range testMethods() {
					lb, err := n.MarginLower(raw, y, tc.eps, method, DefaultCrownOptions())
					if err != nil {
						t.Fatal(err)
					}
					lbs[method] = lb
				}
				ibp := lbs[MethodIBP]
				for _, method := range []Method{MethodCROWN, MethodCROWNIBP} {
					for j := range ibp {
						if lbs[method][j] < ibp[j] {
							t.Fatalf("class %d: %s lower %v below IBP lower %v", j, method, lbs[method][j], ibp[j])
						}
					}
				}
				box := InnerBox(raw, tc.eps)
				broken := false
				for pi, x := range samplePoints(rng, box, 300) {
					var exact []float64
					if pi < 8 {
						exact = exactMargins(m, x, y)
					} else {
						z := n.Logits(x)
						exact = make([]float64, len(z))
						for j := range z {
							exact[j] = z[y] - z[j]
						}
					}
					for j, v := range exact {
						if j == y {
							continue
						}
						for method, lb := range lbs {
							if v < lb[j] {
								t.Fatalf("trial %d point %d class %d: margin %v below the %s bound %v", trial, pi, j, v, method, lb[j])
							}
						}
						if v <= 0 {
							broken = true
						}
					}
				}
				for method, lb := range lbs {
					if broken && Certified(lb) {
						t.Fatalf("trial %d: a sampled point breaks the sample but %s certifies it", trial, method)
					}
				}
			}
		})
	}
}

// TestCrownTighter: on small boxes CROWN and CROWN-IBP are strictly
// tighter than IBP somewhere (the test would fail if either silently fell
// back to IBP).
func TestCrownTighter(t *testing.T) {
	m := randomModel(t, archMeta(t, "mlp", []int{1, 4, 4}, true), 3)
	n := compile(t, m)
	rng := rand.New(rand.NewPCG(1, 2))
	raw := randomImage(rng, n.InputLen())
	ibp, _ := n.MarginLower(raw, 0, 0.05, MethodIBP, DefaultCrownOptions())
	for _, method := range []Method{MethodCROWN, MethodCROWNIBP} {
		lb, err := n.MarginLower(raw, 0, 0.05, method, DefaultCrownOptions())
		if err != nil {
			t.Fatal(err)
		}
		gain := 0.0
		for j := range ibp {
			if j != 0 {
				gain += lb[j] - ibp[j]
			}
		}
		if !(gain > 0) {
			t.Fatalf("%s gave no gain over IBP: %v vs %v", method, lb, ibp)
		}
	}
}

// TestRoundingMarginsApplied: a network whose exact margin is -0.5 but
// whose naive float64 evaluation gives +0.5: the hidden unit 2^60 x1 - x2
// rounds to 2^60 whatever the summation order, and the classifier then
// computes h1 - 2^60 x3 + 0.5. The sound bounds must not certify it, even
// with eps = 0.
func TestRoundingMarginsApplied(t *testing.T) {
	meta := network.Meta{Format: network.FormatVersion, Arch: "crafted", InputShape: []int{1, 1, 3}, NumClasses: 2,
		Normalization: network.Normalization{Mean: []float64{0}, Std: []float64{1}},
		Layers: []network.Layer{{Kind: network.KindFlatten},
			{Kind: network.KindLinear, In: 3, Out: 2, Weight: "w1"},
			{Kind: network.KindLinear, In: 2, Out: 2, Weight: "w2", Bias: "b2"}}}
	m := &network.Model{Meta: meta, Tensors: map[string]*network.Tensor{
		"w1": {Shape: []int{2, 3}, Data: []float64{0x1p60, -1, 0, 0, 0, 1}},
		"w2": {Shape: []int{2, 2}, Data: []float64{1, -0x1p60, 0, 0}},
		"b2": {Shape: []int{2}, Data: []float64{0.5, 0}},
	}}
	n := compile(t, m)
	raw := []byte{255, 255, 255}
	x := []float64{1, 1, 1}
	if naive := n.FloatMargin(x, 0); naive != 0.5 {
		t.Fatalf("naive float64 margin = %v, the crafted case needs 0.5", naive)
	}
	if ex := exactMargins(m, x, 0); ex[1] != -0.5 {
		t.Fatalf("exact margin %v, want -0.5", ex[1])
	}
	for _, method := range testMethods() {
		lb, err := n.MarginLower(raw, 0, 0, method, DefaultCrownOptions())
		if err != nil {
			t.Fatal(err)
		}
		if lb[1] > -0.5 {
			t.Errorf("%s: lower bound %v above the exact margin -0.5", method, lb[1])
		}
	}
	ub, err := n.PointMarginUpper(x, 0)
	if err != nil {
		t.Fatal(err)
	}
	if ub[1] < -0.5 {
		t.Errorf("upper bound %v below the exact margin -0.5", ub[1])
	}
}

// TestPointBoundsTight: on a point box the outward-rounded bounds enclose
// the exact value and are tight (width far below 1e-6 of its size).
func TestPointBoundsTight(t *testing.T) {
	m := randomModel(t, allKindsMeta(), 11)
	n := compile(t, m)
	rng := rand.New(rand.NewPCG(3, 3))
	raw := randomImage(rng, n.InputLen())
	x := make([]float64, len(raw))
	for j, b := range raw {
		x[j] = float64(b) / 255
	}
	lb, err := n.MarginLower(raw, 1, 0, MethodIBP, DefaultCrownOptions())
	if err != nil {
		t.Fatal(err)
	}
	ub, err := n.PointMarginUpper(x, 1)
	if err != nil {
		t.Fatal(err)
	}
	ex := exactMargins(m, x, 1)
	for j := range ex {
		if j == 1 {
			continue
		}
		if !(lb[j] <= ex[j] && ex[j] <= ub[j]) {
			t.Fatalf("class %d: exact %v not in [%v, %v]", j, ex[j], lb[j], ub[j])
		}
		if w := ub[j] - lb[j]; w > 1e-6*(1+math.Abs(ex[j])) {
			t.Fatalf("class %d: point bounds too wide: %v", j, w)
		}
	}
}

// TestAttackNeverOnCertified: PGD finds a misclassified point for some
// samples of random models, every point it returns is in the box and
// misclassified for certain, and no attacked sample is certified.
func TestAttackNeverOnCertified(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	attacked, certified := 0, 0
	for trial := 0; trial < 12; trial++ {
		m := randomModel(t, archMeta(t, "smallcnn", []int{1, 8, 8}, true), uint64(trial+20))
		n := compile(t, m)
		raw := randomImage(rng, n.InputLen())
		y := n.Predict(PixelBox(raw, 0).L) // start from a correctly classified sample
		for _, eps := range []float64{0.001, 0.05} {
			adv, err := n.Attack(context.Background(), raw, y, eps, DefaultAttackOptions(), rng)
			if err != nil {
				t.Fatal(err)
			}
			lbs := map[Method][]float64{}
			for _, method := range testMethods() {
				lbs[method], err = n.MarginLower(raw, y, eps, method, DefaultCrownOptions())
				if err != nil {
					t.Fatal(err)
				}
			}
			if Certified(lbs[MethodCROWN]) {
				certified++
			}
			if adv == nil {
				continue
			}
			attacked++
			for method, lb := range lbs {
				if Certified(lb) {
					t.Fatalf("trial %d eps %v: certified by %s but attacked", trial, eps, method)
				}
			}
			if _, _, err := n.CheckAdversarial(raw, y, eps, adv.X); err != nil {
				t.Fatal(err)
			}
			if !(adv.Margin < 0) {
				t.Fatalf("adversarial margin %v not negative", adv.Margin)
			}
		}
	}
	if attacked == 0 || certified == 0 {
		t.Fatalf("expected both attacked (%d) and certified (%d) samples", attacked, certified)
	}
}

// TestGradientMatchesFiniteDifference checks the hand-written backward pass.
func TestGradientMatchesFiniteDifference(t *testing.T) {
	m := randomModel(t, allKindsMeta(), 4)
	n := compile(t, m)
	rng := rand.New(rand.NewPCG(9, 9))
	x := make([]float64, n.InputLen())
	for j := range x {
		x[j] = rng.Float64()
	}
	g, base := n.marginGrad(x, 2)
	for _, j := range []int{0, 5, 17, 40, 71} {
		h := 1e-6
		xp := append([]float64(nil), x...)
		xp[j] += h
		_, mp := n.marginGrad(xp, 2)
		fd := (mp - base) / h
		if math.Abs(fd-g[j]) > 1e-4*(1+math.Abs(g[j])) {
			t.Errorf("input %d: gradient %v, finite difference %v", j, g[j], fd)
		}
	}
}

// TestOverflowNeverCertifies: weights near the float32 limit overflow
// float64 intermediate values to infinity; the bounds become infinite or
// stay finite, but nothing is certified on NaN and nothing panics.
func TestOverflowNeverCertifies(t *testing.T) {
	meta := network.Meta{Format: network.FormatVersion, Arch: "deep", InputShape: []int{1, 2, 2}, NumClasses: 4,
		Normalization: network.Normalization{Mean: []float64{0}, Std: []float64{1}},
		Layers:        []network.Layer{{Kind: network.KindFlatten}}}
	for i := 0; i < 10; i++ {
		if i > 0 {
			meta.Layers = append(meta.Layers, network.Layer{Kind: network.KindReLU})
		}
		name := string(rune('a' + i))
		meta.Layers = append(meta.Layers, network.Layer{Kind: network.KindLinear, In: 4, Out: 4, Weight: name + ".w", Bias: name + ".b"})
	}
	m := randomModel(t, meta, 8)
	for name, ten := range m.Tensors {
		for i := range ten.Data {
			if i%2 == 0 {
				ten.Data[i] = 3e38
			} else {
				ten.Data[i] = -3e38
			}
		}
		m.Tensors[name] = ten
	}
	n := compile(t, m)
	raw := randomImage(rand.New(rand.NewPCG(4, 4)), n.InputLen())
	for _, method := range testMethods() {
		lb, err := n.MarginLower(raw, 0, 0.1, method, DefaultCrownOptions())
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range lb {
			if math.IsNaN(v) {
				t.Fatalf("%s: NaN bound for class %d", method, j)
			}
		}
		if Certified(lb) {
			t.Fatalf("%s: certified with overflowing weights: %v", method, lb)
		}
		if !math.IsInf(MinMargin(lb), -1) {
			t.Fatalf("%s: expected an overflow to -Inf, got %v", method, lb)
		}
	}
}
