package stats

import (
	"fmt"
	"math"
)

// GeoMeanRatio is the geometric mean of the paired ratios b[i]/a[i] with
// its bootstrap interval (resampling pairs). Every value must be positive.
func (bs Bootstrap) GeoMeanRatio(a, b []float64) (Interval, error) {
	stat, err := geoMeanRatio(a, b)
	if err != nil {
		return Interval{}, err
	}
	return bs.Interval(len(a), stat)
}

// RatioOfSums is Σb / Σa over the same pairs (for penalised run times: the
// ratio of PAR-2 scores) with its bootstrap interval. Values must not be
// negative; a sample or resample where both sums are 0 is ErrUndefined,
// one where only Σa is 0 has the ratio +Inf.
func (bs Bootstrap) RatioOfSums(a, b []float64) (Interval, error) {
	stat, err := ratioOfSums(a, b)
	if err != nil {
		return Interval{}, err
	}
	return bs.Interval(len(a), stat)
}

// PairedRatios is GeoMeanRatio and RatioOfSums of the same pairs, on the
// same resamples: what a comparison of two solvers' times reports.
func (bs Bootstrap) PairedRatios(a, b []float64) (geoMean, sums Interval, err error) {
	geo, err := geoMeanRatio(a, b)
	if err != nil {
		return Interval{}, Interval{}, err
	}
	sum, err := ratioOfSums(a, b)
	if err != nil {
		return Interval{}, Interval{}, err
	}
	ivs, err := bs.Intervals(len(a), geo, sum)
	if err != nil {
		return Interval{}, Interval{}, err
	}
	return ivs[0], ivs[1], nil
}

func geoMeanRatio(a, b []float64) (func(idx []int) float64, error) {
	if err := paired(a, b); err != nil {
		return nil, err
	}
	logs := make([]float64, len(a))
	for i := range a {
		if !(a[i] > 0 && b[i] > 0) || math.IsInf(a[i], 0) || math.IsInf(b[i], 0) {
			return nil, fmt.Errorf("geometric mean of ratios: pair %d (%v, %v) is not positive and finite", i, a[i], b[i])
		}
		logs[i] = math.Log(b[i] / a[i])
	}
	return func(idx []int) float64 {
		s := 0.0
		for _, i := range idx {
			s += logs[i]
		}
		return math.Exp(s / float64(len(idx)))
	}, nil
}

func ratioOfSums(a, b []float64) (func(idx []int) float64, error) {
	if err := paired(a, b); err != nil {
		return nil, err
	}
	for i := range a {
		if !(a[i] >= 0 && b[i] >= 0) || math.IsInf(a[i], 0) || math.IsInf(b[i], 0) {
			return nil, fmt.Errorf("ratio of sums: pair %d (%v, %v) is negative or not finite", i, a[i], b[i])
		}
	}
	return func(idx []int) float64 {
		sa, sb := 0.0, 0.0
		for _, i := range idx {
			sa += a[i]
			sb += b[i]
		}
		if sa == 0 && sb == 0 {
			return math.NaN()
		}
		return sb / sa
	}, nil
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
