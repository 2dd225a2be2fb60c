package certtrain

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPopStatsEqualsOnePass: batches of unequal sizes whose means differ
// give the mean and unbiased variance of the whole set.
func TestPopStatsEqualsOnePass(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sizes := range [][]int{{5}, {3, 7, 1, 12}, {256, 256, 100}} {
		const ch = 3
		var all [ch][]float64
		var p popStats
		for b, n := range sizes {
			mean, vr := make([]float64, ch), make([]float64, ch)
			for c := 0; c < ch; c++ {
				xs := make([]float64, n)
				for i := range xs {
					xs[i] = float64(b*c) + rng.NormFloat64()*float64(c+1)
				}
				all[c] = append(all[c], xs...)
				mean[c], vr[c] = meanVar(xs, false)
			}
			if err := p.add(mean, vr, float64(n)); err != nil {
				t.Fatal(err)
			}
		}
		gotM, gotV := p.result()
		for c := 0; c < ch; c++ {
			m, v := meanVar(all[c], true)
			if math.Abs(gotM[c]-m) > 1e-12*(1+math.Abs(m)) || math.Abs(gotV[c]-v) > 1e-10*(1+v) {
				t.Errorf("sizes %v channel %d: got mean %v var %v, want %v %v", sizes, c, gotM[c], gotV[c], m, v)
			}
		}
	}
	var p popStats
	if err := p.add([]float64{1}, []float64{1, 2}, 3); err == nil {
		t.Error("mismatched lengths accepted")
	}
}

func meanVar(xs []float64, unbiased bool) (float64, float64) {
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	v := 0.0
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	if unbiased {
		if len(xs) < 2 {
			return m, 0
		}
		return m, v / float64(len(xs)-1)
	}
	return m, v / float64(len(xs))
}
