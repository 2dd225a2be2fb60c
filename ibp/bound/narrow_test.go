package bound

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestNarrowPointBoxes: PredictBatch's point passes bound |W| r by
// per-channel maxima instead of a second product. That bound is sound for any radii, so on the sound-test
// networks (random, scaled and cancelling weights), in both precisions,
// narrow classifier boxes of points and of ε-boxes must contain the exact
// values at points of the input box; on MNIST-shaped networks initialised
// as verify train does, the margins of points must stay within a small
// factor of the two-product ones and decide the same predictions.
func TestNarrowPointBoxes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	checked := 0
	for k := 0; k < 24; k++ {
		m := randomModel(t, tinyMeta(), uint64(300+k))
		switch k % 3 {
		case 1:
			scaleWeights(m, rng, 12)
		case 2:
			m = cancelModel(rng, 6+k%12)
		}
		n := compile(t, m)
		eps := []float64{0, 0, 0.003, 0.05}[k%4]
		var in []Box
		var xs [][][]float64
		for i := 0; i < 16; i++ {
			raw := randomImage(rng, n.InputLen())
			if k%3 == 2 { // the cancelling nets' constant images
				for j := range raw {
					raw[j] = raw[0]
				}
			}
			box := PixelBox(raw, eps)
			in = append(in, n.normalizeBox(box))
			pts := samplePoints(rng, box, 2)
			for j := range pts[0] { // a corner
				pts[0][j] = box.L[j]
				if rng.IntN(2) == 0 {
					pts[0][j] = box.U[j]
				}
			}
			xs = append(xs, append(pts, pixels(raw)))
		}
		for _, p := range []Precision{Float32, Float64} {
			cls, err := n.classifierBoxes(in, p, true)
			if err != nil {
				t.Fatal(err)
			}
			for i, b := range cls {
				for y, x := range xs[i] {
					y %= n.Classes
					mb := ibpAffine(n.margins[y], b)
					for r, v := range exactMargins(m, x, y) {
						if r == y {
							continue
						}
						row := marginRow(n, y, r)
						if !(mb.L[row] <= v && v <= mb.U[row]) {
							t.Fatalf("net %d %s ε=%v box %d label %d class %d: exact margin %v outside [%v, %v]", k, p, eps, i, y, r, v, mb.L[row], mb.U[row])
						}
						checked++
					}
				}
			}
		}
	}
	t.Logf("%d exact margins checked", checked)

	for _, arch := range []string{"smallcnn", "cnn7"} {
		m := ibpInitModel(t, archMeta(t, arch, []int{1, 28, 28}, true), 3)
		n := compile(t, m)
		var in []Box
		var raws [][]byte
		for i := 0; i < 8; i++ {
			raw := randomImage(rng, n.InputLen())
			raws = append(raws, raw)
			in = append(in, n.normalizeBox(PixelBox(raw, 0)))
		}
		b32, err := n.b32.get(n)
		if err != nil {
			t.Fatal(err)
		}
		narrow, full := ibpBoxes(n, b32, in, true), ibpBoxes(n, b32, in, false)
		worst := 0.0
		for i := range in {
			for y := 0; y < n.Classes; y++ {
				a, b := ibpAffine(n.margins[y], narrow[i]), ibpAffine(n.margins[y], full[i])
				for r := range a.L {
					wa, wb := a.U[r]-a.L[r], b.U[r]-b.L[r]
					worst = math.Max(worst, wa/wb)
					if !(wa <= 8*wb) {
						t.Errorf("%s image %d label %d row %d: narrow width %v, two products %v", arch, i, y, r, wa, wb)
					}
				}
			}
		}
		t.Logf("%s: narrow margin widths at most %.2f× the two-product ones", arch, worst)
		got, err := n.PredictBatch(raws, Float32)
		if err != nil {
			t.Fatal(err)
		}
		for i, raw := range raws {
			if want := n.Predict(pixels(raw)); got[i] != want {
				t.Errorf("%s image %d: PredictBatch %d, Predict %d", arch, i, got[i], want)
			}
		}
	}
}

// marginRow is the row of n.margins[y] that bounds z_y - z_r.
func marginRow(n *Net, y, r int) int {
	for row, j := range n.marginClasses(y) {
		if j == r {
			return row
		}
	}
	panic("bound: no margin row")
}
