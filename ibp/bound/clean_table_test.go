package bound

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestCleanPassTable: cleanPass, which looks every pixel up in its
// cleanTable, gives the clean points, inner-box flags, decisions and
// boxes of the per-pixel computation (CleanPoint, InnerBox, the clean
// point's normalised box grown into the exact pixel's) bit for bit, on a
// two-channel network with a different normalisation per channel, in both
// claims, for ε from 0 (the inner box empty) up.
func TestCleanPassTable(t *testing.T) {
	m := randomModel(t, allKindsMeta(), 7)
	rng := rand.New(rand.NewPCG(5, 5))
	for _, claim := range []Claim{ClaimReal, ClaimDeployed32} {
		n, err := CompileClaim(m, claim)
		if err != nil {
			t.Fatal(err)
		}
		raws := make([][]byte, 7)
		for i := range raws {
			raws[i] = randomImage(rng, n.InputLen())
			raws[i][0], raws[i][1] = 0, 255 // both ends in every image
		}
		for _, eps := range []float64{0, 1e-9, 0.01, 0.3} {
			t.Run(fmt.Sprintf("%s/eps=%g", claim, eps), func(t *testing.T) {
				dec, cb, err := n.cleanPass(raws, eps, Float32)
				if err != nil {
					t.Fatal(err)
				}
				// the per-pixel reference
				in := n.inputBoxes(raws, 0)
				hw := n.InShape[1] * n.InShape[2]
				for i, raw := range raws {
					box := InnerBox(raw, eps)
					xs := CleanPoint(raw, eps)
					xf := make([]float64, len(raw))
					for j, v := range xs {
						if v != cb.xs[i][j] {
							t.Fatalf("image %d pixel %d: clean point %v, want %v", i, j, cb.xs[i][j], v)
						}
						xf[j] = float64(v)
						l, u := n.normalizePixel(j/hw, xf[j], xf[j])
						in[i].L[j], in[i].U[j] = math.Min(in[i].L[j], l), math.Max(in[i].U[j], u)
					}
					if got, want := cb.inner[i], box.Contains(xf); got != want {
						t.Errorf("image %d: inner %v, want %v", i, got, want)
					}
				}
				wantDec, wantBoxes, err := n.decideBoxes(in, Float32)
				if err != nil {
					t.Fatal(err)
				}
				for i := range raws {
					if dec[i] != wantDec[i] {
						t.Errorf("image %d: decides %d, want %d", i, dec[i], wantDec[i])
					}
					for k := range wantBoxes[i].L {
						if math.Float64bits(cb.boxes[i].L[k]) != math.Float64bits(wantBoxes[i].L[k]) ||
							math.Float64bits(cb.boxes[i].U[k]) != math.Float64bits(wantBoxes[i].U[k]) {
							t.Fatalf("image %d: classifier box %d is [%v, %v], want [%v, %v]", i, k,
								cb.boxes[i].L[k], cb.boxes[i].U[k], wantBoxes[i].L[k], wantBoxes[i].U[k])
						}
					}
				}
			})
		}
	}
}
