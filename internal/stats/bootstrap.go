package stats

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"sort"
)

// The bootstrap settings verify prints its intervals with.
const (
	DefaultResamples = 10000
	DefaultLevel     = 0.95
	DefaultSeed      = 1
)

// Interval is an estimate with a confidence interval around it.
type Interval struct {
	Estimate float64 // the statistic of the sample itself
	Lo, Hi   float64 // bounds of the interval
}

// Contains reports whether x lies in [Lo, Hi].
func (iv Interval) Contains(x float64) bool { return iv.Lo <= x && x <= iv.Hi }

// Bootstrap configures the percentile bootstrap: draw the n items of a
// sample with replacement Resamples times, compute the statistic of each
// resample, and take the (1−Level)/2 and (1+Level)/2 quantiles of those
// values as the interval. The draws come from a PCG generator seeded with
// Seed and are mapped to indices by integer arithmetic only, so the same
// sample and settings give the same interval on every machine.
type Bootstrap struct {
	Resamples int     // 0 means DefaultResamples
	Level     float64 // 0 means DefaultLevel
	Seed      uint64
}

// Default is the bootstrap of verify's tables: 10,000 resamples, 95 %,
// seed 1.
func Default() Bootstrap {
	return Bootstrap{Resamples: DefaultResamples, Level: DefaultLevel, Seed: DefaultSeed}
}

// ErrUndefined is returned when the statistic is not a number on the
// sample or on a resample (a ratio with a zero denominator).
var ErrUndefined = errors.New("statistic undefined")

func (b Bootstrap) settings() (resamples int, level float64, err error) {
	resamples, level = b.Resamples, b.Level
	if resamples == 0 {
		resamples = DefaultResamples
	}
	if level == 0 {
		level = DefaultLevel
	}
	if resamples < 1 {
		return 0, 0, fmt.Errorf("bootstrap: %d resamples", resamples)
	}
	if !(level > 0 && level < 1) {
		return 0, 0, fmt.Errorf("bootstrap: confidence level %v outside (0, 1)", level)
	}
	return resamples, level, nil
}

// Interval computes stat on the whole sample of n items (indices 0..n−1)
// and its bootstrap interval. stat gets the drawn indices (a multiset of
// n indices) and must not keep the slice.
func (b Bootstrap) Interval(n int, stat func(idx []int) float64) (Interval, error) {
	ivs, err := b.Intervals(n, stat)
	if err != nil {
		return Interval{}, err
	}
	return ivs[0], nil
}

// Intervals is Interval for several statistics of one sample, computed on
// the same resamples (one draw of indices serves them all).
func (b Bootstrap) Intervals(n int, stats ...func(idx []int) float64) ([]Interval, error) {
	resamples, level, err := b.settings()
	if err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("bootstrap: empty sample")
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	ivs := make([]Interval, len(stats))
	vals := make([][]float64, len(stats))
	for s, stat := range stats {
		if ivs[s].Estimate = stat(idx); math.IsNaN(ivs[s].Estimate) {
			return nil, ErrUndefined
		}
		vals[s] = make([]float64, resamples)
	}
	rng := rand.NewPCG(b.Seed, 0)
	for k := 0; k < resamples; k++ {
		for i := range idx {
			hi, _ := bits.Mul64(rng.Uint64(), uint64(n))
			idx[i] = int(hi)
		}
		for s, stat := range stats {
			if vals[s][k] = stat(idx); math.IsNaN(vals[s][k]) {
				return nil, fmt.Errorf("%w on resample %d", ErrUndefined, k)
			}
		}
	}
	for s := range stats {
		sort.Float64s(vals[s])
		ivs[s].Lo, ivs[s].Hi = quantile(vals[s], (1-level)/2), quantile(vals[s], (1+level)/2)
	}
	return ivs, nil
}

// quantile of sorted xs at p in [0, 1], interpolating linearly between
// order statistics (R's type 7).
func quantile(xs []float64, p float64) float64 {
	h := p * float64(len(xs)-1)
	i := int(math.Floor(h))
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	if xs[i] == xs[i+1] {
		return xs[i]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}
