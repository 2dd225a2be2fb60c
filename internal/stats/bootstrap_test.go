package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestIntervalExactCases(t *testing.T) {
	tests := []struct {
		name   string
		a, b   []float64
		stat   func(Bootstrap, []float64, []float64) (Interval, error)
		want   float64
		exact  bool // the interval has zero width at want
		within [2]float64
	}{
		{name: "equal ratios have a zero-width interval", a: []float64{1, 2, 4, 10, 0.5, 3}, b: []float64{3, 6, 12, 30, 1.5, 9},
			stat: Bootstrap.GeoMeanRatio, want: 3, exact: true},
		{name: "one pair has a zero-width interval", a: []float64{2}, b: []float64{8},
			stat: Bootstrap.GeoMeanRatio, want: 4, exact: true},
		{name: "equal ratios of sums", a: []float64{1, 2, 4, 8}, b: []float64{0.5, 1, 2, 4},
			stat: Bootstrap.RatioOfSums, want: 0.5, exact: true},
		{name: "geometric mean of 4 and 1/4 is 1", a: []float64{1, 4, 1, 4}, b: []float64{4, 1, 4, 1},
			stat: Bootstrap.GeoMeanRatio, want: 1, within: [2]float64{0.25, 4}},
		{name: "ratio of sums weighs the long runs", a: []float64{1, 100}, b: []float64{10, 100},
			stat: Bootstrap.RatioOfSums, want: 110.0 / 101, within: [2]float64{1, 10}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			iv, err := tc.stat(Default(), tc.a, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(iv.Estimate-tc.want) > 1e-12*tc.want {
				t.Errorf("estimate %v, want %v", iv.Estimate, tc.want)
			}
			if tc.exact {
				if iv.Lo != iv.Estimate || iv.Hi != iv.Estimate {
					t.Errorf("interval [%v, %v] around %v, want zero width", iv.Lo, iv.Hi, iv.Estimate)
				}
				return
			}
			if !(iv.Lo < iv.Estimate && iv.Estimate < iv.Hi) || iv.Lo < tc.within[0] || iv.Hi > tc.within[1] {
				t.Errorf("interval [%v, %v] around %v, want a proper one inside %v", iv.Lo, iv.Hi, iv.Estimate, tc.within)
			}
		})
	}
}

// TestIntervalCoverage draws many samples from a log-normal ratio whose
// geometric mean is known (0.8) and checks that about 95 % of the
// intervals cover it: the percentile bootstrap of 40 pairs covers a little
// less than its nominal level, so 85..99 of 100 are accepted.
func TestIntervalCoverage(t *testing.T) {
	const trueRatio, samples, n = 0.8, 100, 40
	bs := Bootstrap{Resamples: 2000, Seed: 7}
	rng := rand.New(rand.NewPCG(2026, 31))
	covered := 0
	for s := 0; s < samples; s++ {
		a, b := make([]float64, n), make([]float64, n)
		for i := range a {
			a[i] = math.Exp(3 * rng.NormFloat64()) // instance hardness varies widely
			b[i] = a[i] * trueRatio * math.Exp(0.5*rng.NormFloat64())
		}
		iv, err := bs.GeoMeanRatio(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if iv.Hi/iv.Lo > 2 {
			t.Errorf("sample %d: interval [%v, %v] far too wide for 40 pairs of spread 0.5", s, iv.Lo, iv.Hi)
		}
		if iv.Contains(trueRatio) {
			covered++
		}
	}
	if covered < 85 || covered > 99 {
		t.Errorf("%d of %d intervals cover the true ratio, want about 95", covered, samples)
	}
}

func TestIntervalDeterministic(t *testing.T) {
	a := []float64{1, 2, 3, 5, 8, 13, 21}
	b := []float64{2, 1, 4, 4, 9, 20, 11}
	first, err := Default().GeoMeanRatio(a, b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Default().GeoMeanRatio(a, b)
	if first != again {
		t.Errorf("same seed, different intervals: %+v and %+v", first, again)
	}
	other := Default()
	other.Seed = 2
	if iv, _ := other.GeoMeanRatio(a, b); iv == first {
		t.Errorf("seeds 1 and 2 gave the same interval %+v: the seed is not used", iv)
	} else if iv.Estimate != first.Estimate {
		t.Errorf("the seed changed the estimate: %v and %v", iv.Estimate, first.Estimate)
	}
	wider := Default()
	wider.Level = 0.99
	if iv, _ := wider.GeoMeanRatio(a, b); iv.Lo > first.Lo || iv.Hi < first.Hi {
		t.Errorf("99 %% interval [%v, %v] inside the 95 %% one [%v, %v]", iv.Lo, iv.Hi, first.Lo, first.Hi)
	}
}

func TestIntervalErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func() (Interval, error)
		want error // nil: any error
	}{
		{"empty", func() (Interval, error) { return Default().GeoMeanRatio(nil, nil) }, nil},
		{"lengths", func() (Interval, error) { return Default().RatioOfSums([]float64{1}, []float64{1, 2}) }, nil},
		{"zero time in a ratio", func() (Interval, error) { return Default().GeoMeanRatio([]float64{0, 1}, []float64{1, 1}) }, nil},
		{"negative time", func() (Interval, error) { return Default().RatioOfSums([]float64{-1, 1}, []float64{1, 1}) }, nil},
		{"all zero", func() (Interval, error) { return Default().RatioOfSums([]float64{0, 0}, []float64{0, 0}) }, ErrUndefined},
		{"level", func() (Interval, error) { return Bootstrap{Level: 1.5}.GeoMeanRatio([]float64{1}, []float64{1}) }, nil},
		{"resamples", func() (Interval, error) { return Bootstrap{Resamples: -1}.GeoMeanRatio([]float64{1}, []float64{1}) }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.run()
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	tests := []struct{ p, want float64 }{{0, 1}, {1, 5}, {0.5, 3}, {0.125, 1.5}, {0.975, 4.9}}
	for _, tc := range tests {
		if got := quantile(xs, tc.p); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("quantile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
}

// PairedRatios gives exactly what the two statistics give alone: the same
// seed draws the same resamples for both.
func TestPairedRatiosMatchesSingles(t *testing.T) {
	a := []float64{1, 2, 3, 5, 8, 13, 21, 0.5}
	b := []float64{2, 1, 4, 4, 9, 20, 11, 0.25}
	geo, sums, err := Default().PairedRatios(a, b)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := Default().GeoMeanRatio(a, b)
	s, _ := Default().RatioOfSums(a, b)
	if geo != g || sums != s {
		t.Errorf("paired %+v %+v, alone %+v %+v", geo, sums, g, s)
	}
	if _, _, err := Default().PairedRatios(a, b[:3]); err == nil {
		t.Error("samples of different lengths accepted")
	}
}
