package bound

import (
	"fmt"
	"math"
)

// CleanPoint returns the float32 pixels of raw/255, each rounded into the
// inner box of raw within eps (the point attacks start from).
func CleanPoint(raw []byte, eps float64) []float32 {
	return cleanPointIn(raw, InnerBox(raw, eps))
}

// cleanPointIn is CleanPoint given raw's inner box.
func cleanPointIn(raw []byte, box Box) []float32 {
	x := make([]float32, len(raw))
	for j, b := range raw {
		f := float32(float64(b) / 255)
		if float64(f) > box.U[j] {
			f = math.Nextafter32(f, float32(math.Inf(-1)))
		}
		if float64(f) < box.L[j] {
			f = math.Nextafter32(f, float32(math.Inf(1)))
		}
		x[j] = f
	}
	return x
}

// PointVerdict is the outcome of checking one candidate adversarial point.
type PointVerdict struct {
	Class  int     // the class that beats the label for certain by the most, or -1
	Margin float64 // min_j (z_y - z_j) at the point, from the centre of its bounds
	Err    error   // why the point is not an adversarial example
	// Upper[j] is a sound upper bound of z_y - z_j at the point, so every
	// class j with Upper[j] < 0 beats the label for certain (+Inf at j = y),
	// and Lo <= min_j (z_y - z_j) <= Hi there, from the same bounds (nil
	// and NaN where the point was not bounded).
	Upper  []float64
	Lo, Hi float64
}

// Beats reports whether the bounds prove that class cls beats the label
// at the point.
func (v PointVerdict) Beats(cls int) bool {
	return cls >= 0 && cls < len(v.Upper) && v.Upper[cls] < 0
}

// CheckAdversarialBatch is CheckAdversarial for many points at once, with
// batched sound point bounds: point i must lie in the inner box of raws[i]
// within eps, and some class must beat ys[i] there for certain (sound
// upper bound of the margin < 0); Class is the one with the lowest upper
// bound. Margin is min_j (z_y - z_j) evaluated in float64 on the centre of
// the classifier's input bounds (a report, not part of the proof).
func (n *Net) CheckAdversarialBatch(raws [][]byte, ys []int, eps float64, xs [][]float32, p Precision) ([]PointVerdict, error) {
	if err := n.checkBatch(raws, ys, eps); err != nil {
		return nil, err
	}
	if len(xs) != len(raws) {
		return nil, fmt.Errorf("%d points for %d images", len(xs), len(raws))
	}
	out := make([]PointVerdict, len(xs))
	var in []Box
	var idx []int
	for i, x := range xs {
		out[i] = PointVerdict{Class: -1, Lo: math.NaN(), Hi: math.NaN()}
		if len(x) != len(raws[i]) {
			out[i].Err = fmt.Errorf("adversarial example has %d values, the image %d", len(x), len(raws[i]))
			continue
		}
		box := InnerBox(raws[i], eps)
		xf := make([]float64, len(x))
		for j, v := range x {
			xf[j] = float64(v)
			if !(xf[j] >= box.L[j] && xf[j] <= box.U[j]) {
				out[i].Err = fmt.Errorf("adversarial example leaves the eps-box at value %d: %v not in [%v, %v]", j, xf[j], box.L[j], box.U[j])
				break
			}
		}
		if out[i].Err == nil {
			in = append(in, n.normalizeBox(pointBox(xf)))
			idx = append(idx, i)
		}
	}
	if len(in) == 0 {
		return out, nil
	}
	cls, err := n.classifierBoxesDecided(in, p, false, func(k int, b Box) bool {
		for _, u := range ibpAffine(n.margins[ys[idx[k]]], b).U {
			if u < 0 {
				return true
			}
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	for k, i := range idx {
		out[i] = n.pointVerdict(ys[i], cls[k])
	}
	return out, nil
}

// pointVerdict is CheckAdversarialBatch's verdict for a point whose
// classifier input box is b and whose label is y.
func (n *Net) pointVerdict(y int, b Box) PointVerdict {
	mb := ibpAffine(n.margins[y], b)
	v := PointVerdict{Class: -1, Upper: make([]float64, n.Classes), Lo: math.Inf(1), Hi: math.Inf(1)}
	v.Upper[y] = math.Inf(1)
	for r, j := range n.marginClasses(y) {
		v.Upper[j] = mb.U[r]
		v.Lo, v.Hi = math.Min(v.Lo, mb.L[r]), math.Min(v.Hi, mb.U[r])
		if mb.U[r] < 0 && (v.Class < 0 || mb.U[r] < v.Upper[v.Class]) {
			v.Class = j
		}
		if math.IsNaN(mb.L[r]) || math.IsNaN(mb.U[r]) {
			v.Lo, v.Hi = math.NaN(), math.NaN()
		}
	}
	if v.Class < 0 {
		v.Err = fmt.Errorf("adversarial example is not misclassified for certain (margin upper bounds %v)", v.Upper)
		return v
	}
	mid := make([]float64, len(b.L))
	for j := range mid {
		mid[j] = b.L[j]/2 + b.U[j]/2
	}
	z := make([]float64, n.last.out)
	n.last.forward(z, mid)
	v.Margin = math.Inf(1)
	for j, zj := range z {
		if j != y {
			v.Margin = math.Min(v.Margin, z[y]-zj)
		}
	}
	return v
}
