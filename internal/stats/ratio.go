package stats

import (
	"fmt"
	"math"
)

// GeoMeanRatio is the geometric mean of the paired ratios b[i]/a[i] with
// its bootstrap interval (resampling pairs). Every value must be positive.
func (bs Bootstrap) GeoMeanRatio(a, b []float64) (Interval, error) {
	if err := paired(a, b); err != nil {
		return Interval{}, err
	}
	logs := make([]float64, len(a))
	for i := range a {
		if !(a[i] > 0 && b[i] > 0) || math.IsInf(a[i], 0) || math.IsInf(b[i], 0) {
			return Interval{}, fmt.Errorf("geometric mean of ratios: pair %d (%v, %v) is not positive and finite", i, a[i], b[i])
		}
		logs[i] = math.Log(b[i] / a[i])
	}
	return bs.Interval(len(logs), func(idx []int) float64 {
		s := 0.0
		for _, i := range idx {
			s += logs[i]
		}
		return math.Exp(s / float64(len(idx)))
	})
}

// RatioOfSums is Σb / Σa over the same pairs (for penalised run times: the
// ratio of PAR-2 scores) with its bootstrap interval. Values must not be
// negative; a sample or resample where both sums are 0 is ErrUndefined,
// one where only Σa is 0 has the ratio +Inf.
func (bs Bootstrap) RatioOfSums(a, b []float64) (Interval, error) {
	if err := paired(a, b); err != nil {
		return Interval{}, err
	}
	for i := range a {
		if !(a[i] >= 0 && b[i] >= 0) || math.IsInf(a[i], 0) || math.IsInf(b[i], 0) {
			return Interval{}, fmt.Errorf("ratio of sums: pair %d (%v, %v) is negative or not finite", i, a[i], b[i])
		}
	}
	return bs.Interval(len(a), func(idx []int) float64 {
		sa, sb := 0.0, 0.0
		for _, i := range idx {
			sa += a[i]
			sb += b[i]
		}
		if sa == 0 && sb == 0 {
			return math.NaN()
		}
		return sb / sa
	})
}

func paired(a, b []float64) error {
	if len(a) != len(b) {
		return fmt.Errorf("paired samples of different lengths %d and %d", len(a), len(b))
	}
	if len(a) == 0 {
		return fmt.Errorf("empty sample")
	}
	return nil
}
