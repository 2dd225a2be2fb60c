package certtrain

import (
	"math"
	"testing"
)

func TestEpsSchedule(t *testing.T) {
	// 10 batches per epoch, ramp over epochs 2..5 (40 batches, polynomial
	// for the first 10). a = 0.4 / (10⁴ + 4·10³·30) = 0.4 / 130000.
	s := EpsSchedule{Target: 0.4, Start: 2, Length: 4, StepsPerEpoch: 10}
	a := 0.4 / 130000.0
	cases := []struct {
		epoch, batch int
		want         float64
	}{
		{1, 0, 0}, {1, 9, 0},
		{2, 0, a},                          // k = 1
		{2, 4, a * 625},                    // k = 5
		{2, 9, a * 10000},                  // k = 10: end of the polynomial part
		{3, 0, a*10000 + 4*a*1000*1},       // k = 11
		{4, 4, a*10000 + 4*a*1000*(25-10)}, // k = 25
		{5, 9, 0.4},                        // last batch of epoch Start+Length−1
		{6, 0, 0.4}, {70, 3, 0.4},
	}
	for _, c := range cases {
		if got := s.At(c.epoch, c.batch); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("At(%d, %d) = %.10g, want %.10g", c.epoch, c.batch, got, c.want)
		}
	}
	// Continuous slope at the joint: the polynomial's derivative 4a·m³ at
	// m = 10 equals the line's slope.
	left := s.At(2, 9) - s.At(2, 8)
	right := s.At(3, 1) - s.At(3, 0)
	if math.Abs(left-right)/right > 0.2 {
		t.Errorf("slope jumps at the joint: %g vs %g", left, right)
	}
	prev := -1.0
	for e := 1; e <= 6; e++ {
		for b := 0; b < 10; b++ {
			v := s.At(e, b)
			if v < prev || v > 0.4 {
				t.Fatalf("not monotone in [0, target] at epoch %d batch %d: %g after %g", e, b, v, prev)
			}
			prev = v
		}
	}
	if !s.Ramping(1, 0) || !s.Ramping(5, 8) || s.Ramping(5, 9) {
		t.Error("Ramping wrong around the ramp's ends")
	}
	if got := s.Lambda(0.5, 1, 0); got != 0.5 {
		t.Errorf("λ at ε=0: %g, want 0.5", got)
	}
	if got, want := s.Lambda(0.5, 4, 4), 0.5*(1-s.At(4, 4)/0.4); math.Abs(got-want) > 1e-15 {
		t.Errorf("λ mid-ramp: %g, want %g", got, want)
	}
	if got := s.Lambda(0.5, 6, 0); got != 0 {
		t.Errorf("λ after the ramp: %g, want 0", got)
	}
	// A zero-length ramp jumps to the target at Start.
	z := EpsSchedule{Target: 0.1, Start: 3, Length: 0, StepsPerEpoch: 5}
	if z.At(2, 4) != 0 || z.At(3, 0) != 0.1 {
		t.Errorf("zero-length ramp: %g, %g", z.At(2, 4), z.At(3, 0))
	}
}

func TestLRAt(t *testing.T) {
	ms := []int{50, 60}
	for _, c := range []struct {
		epoch int
		want  float64
	}{{1, 5e-4}, {50, 5e-4}, {51, 1e-4}, {60, 1e-4}, {61, 2e-5}, {70, 2e-5}} {
		if got := LRAt(5e-4, 0.2, ms, c.epoch); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("epoch %d: lr %g, want %g", c.epoch, got, c.want)
		}
	}
}
