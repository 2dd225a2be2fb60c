//go:build torch

package certtrain

import (
	"math"
	"testing"

	"github.com/sugarme/gotch/ts"
)

func tensor(v ...float32) *ts.Tensor { return ts.MustOfSlice(v) }

func boxOf(c []float32, r float32) box {
	rs := make([]float32, len(c))
	for i := range rs {
		rs[i] = r
	}
	return box{c: tensor(c...), r: tensor(rs...)}
}

func TestTightLoss(t *testing.T) {
	const tau = 0.5
	r0 := tensor(0.1, 0.1, 0.1, 0.1) // mean input radius 0.1
	cases := []struct {
		name string
		pre  []box
		want float64
	}{
		// ratios 0.1/0.4 = 0.25 and 0.1/0.1 = 1: (ReLU(0.5−0.25) + 0)/(0.5·2).
		{"two layers", []box{boxOf([]float32{1, -1}, 0.4), boxOf([]float32{0, 2, 3}, 0.1)}, 0.25 / (tau * 2)},
		// ratio 0.1/1 = 0.1: ReLU(0.4)/(0.5·1).
		{"wide", []box{boxOf([]float32{0, 0}, 1)}, 0.4 / tau},
		// a layer of radius 0 has a huge ratio: no penalty.
		{"point", []box{boxOf([]float32{5}, 0)}, 0},
	}
	for _, c := range cases {
		got := scalar(tightLoss(r0, c.pre, tau))
		if math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: L_tight = %.7f, want %.7f", c.name, got, c.want)
		}
	}
	if tightLoss(r0, nil, tau) != nil {
		t.Error("L_tight of no layers should be absent")
	}
}

func TestReLULoss(t *testing.T) {
	const tau = 0.5
	// Centres 3, 1, −0.5, −0.5, 0.5 with radius 0.2: l = 2.8, 0.8, −0.7,
	// −0.7, 0.3 (active: 3, 1, 0.5); u = 3.2, 1.2, −0.3, −0.3, 0.7
	// (inactive: −0.5, −0.5).
	layer := boxOf([]float32{3, 1, -0.5, -0.5, 0.5}, 0.2)
	alpha := (3 + 1 + 0.5) / (0.5 + 0.5) // 4.5 → min(α, 1/α) = 2/9
	mean := (3 + 1 - 0.5 - 0.5 + 0.5) / 5.0
	sq := func(v float64) float64 { return (v - mean) * (v - mean) }
	beta := (sq(3) + sq(1) + sq(0.5)) / (sq(-0.5) + sq(-0.5)) // 5.42/2.88
	term := math.Max(0, tau-math.Min(alpha, 1/alpha)) + math.Max(0, tau-math.Min(beta, 1/beta))
	// A second layer with no inactive neuron has α = ∞: skipped, but it
	// still counts in m.
	allActive := boxOf([]float32{1, 2}, 0.1)
	// β < 1 case: active centres close to the mean, inactive far.
	layer2 := boxOf([]float32{0.5, 0.6, -0.1, -3}, 0.05)
	a2 := (0.5 + 0.6) / (0.1 + 3)
	m2 := (0.5 + 0.6 - 0.1 - 3) / 4
	s2 := func(v float64) float64 { return (v - m2) * (v - m2) }
	b2 := (s2(0.5) + s2(0.6)) / (s2(-0.1) + s2(-3))
	term2 := math.Max(0, tau-math.Min(a2, 1/a2)) + math.Max(0, tau-math.Min(b2, 1/b2))
	cases := []struct {
		name string
		pre  []box
		want float64
	}{
		{"one layer", []box{layer}, term / tau},
		{"skipped layer", []box{layer, allActive}, term / (2 * tau)},
		{"two layers", []box{layer, layer2}, (term + term2) / (2 * tau)},
	}
	if term == 0 || term2 == 0 {
		t.Fatal("test data gives no penalty")
	}
	for _, c := range cases {
		got := scalar(reluLoss(c.pre, tau))
		if math.Abs(got-c.want) > 1e-5 {
			t.Errorf("%s: L_relu = %.7f, want %.7f", c.name, got, c.want)
		}
	}
	if got := reluLoss([]box{allActive}, tau); got != nil {
		t.Errorf("L_relu of only skipped layers = %v, want absent", scalar(got))
	}
}
