package bound

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBConvLayout: a batched layer's weight layouts hold the weight of
// output o, input channel ci and kernel offset q at column k = q*cin + ci
// of row o (wK), and at row k, column o of wT and (absolute) wAbsT; wsum
// and rowAbs bound the absolute sums, for a conv and for a linear layer
// seen as a conv over its whole input, with sizes that are not multiples
// of the transpose's tiles.
func TestBConvLayout(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for _, tc := range []struct{ cin, h, cout, k int }{{3, 5, 5, 3}, {7, 6, 33, 6}, {40, 1, 70, 1}} {
		per := tc.k * tc.k
		w := make([]float64, tc.cout*tc.cin*per)
		for i := range w {
			w[i] = rng.NormFloat64()
		}
		w[0] = 0
		l := newBConv[float32](constOf[float32](), tc.cin, tc.h, tc.h, tc.cout, tc.k, tc.k, 1, 0, w, make([]float64, tc.cout), make([]float64, tc.cout), 0)
		kk := tc.cin * per
		for o := 0; o < tc.cout; o++ {
			row := 0.0
			for ci := 0; ci < tc.cin; ci++ {
				s := 0.0
				for q := 0; q < per; q++ {
					v := float32(w[(o*tc.cin+ci)*per+q])
					k := q*tc.cin + ci
					if l.wK[o*kk+k] != v || l.wT[k*tc.cout+o] != v || l.wAbsT[k*tc.cout+o] != float32(math.Abs(float64(v))) {
						t.Fatalf("%+v o %d ci %d q %d: wK %v wT %v wAbsT %v, want %v", tc, o, ci, q, l.wK[o*kk+k], l.wT[k*tc.cout+o], l.wAbsT[k*tc.cout+o], v)
					}
					s += math.Abs(float64(v))
				}
				if l.wsum[o*tc.cin+ci] < s {
					t.Fatalf("%+v o %d ci %d: wsum %v below %v", tc, o, ci, l.wsum[o*tc.cin+ci], s)
				}
				row += s
			}
			if l.rowAbs[o] < row {
				t.Fatalf("%+v o %d: rowAbs %v below %v", tc, o, l.rowAbs[o], row)
			}
		}
	}
}
