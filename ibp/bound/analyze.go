package bound

import (
	"fmt"
	"math"
)

// MarginLower returns, for every class j, a sound lower bound on the margin
// z_y - z_j over the pixel box of raw/255 within eps (clipped to [0,1]);
// the entry for y itself is +Inf. The sample is certified when every entry
// is > 0. This is the per-sample reference implementation of method (the
// method table's sample functions), in float64 with directed rounding.
func (n *Net) MarginLower(raw []byte, y int, eps float64, method Method, opt CrownOptions) ([]float64, error) {
	d, err := method.def()
	if err != nil {
		return nil, err
	}
	if err := CheckMethod(n.Claim(), method); err != nil {
		return nil, err
	}
	if len(raw) != n.inputLen {
		return nil, fmt.Errorf("image has %d values, the model wants %d", len(raw), n.inputLen)
	}
	if y < 0 || y >= n.Classes {
		return nil, fmt.Errorf("label %d out of range [0,%d)", y, n.Classes)
	}
	if !(eps >= 0) || math.IsInf(eps, 0) {
		return nil, fmt.Errorf("eps must be finite and >= 0, got %v", eps)
	}
	lb := d.sample(n, n.normalizeBox(PixelBox(raw, eps)), y, opt)
	out := make([]float64, n.Classes)
	for r, j := range n.marginClasses(y) {
		out[j] = lb[r]
	}
	out[y] = math.Inf(1)
	return out, nil
}

// ibpSample is MethodIBP per sample: IBP through the hidden layers, then
// the margin rows (the classifier folded with the specification).
func ibpSample(n *Net, in Box, y int, _ CrownOptions) []float64 {
	_, cls := n.ibpHidden(in)
	return ibpAffine(n.margins[y], cls).L
}

// crownSample is MethodCROWN per sample: each bound is the largest of
// plain IBP, IBP through CROWN-refined intermediate bounds (refinedBoxes,
// under opt), and a CROWN back-substitution of the margin rows through
// those bounds, so CROWN never certifies less than IBP.
func crownSample(n *Net, in Box, y int, opt CrownOptions) []float64 {
	lb := ibpSample(n, in, y, opt)
	ml := n.margins[y]
	boxes, cls2 := n.refinedBoxes(in, opt)
	lb2 := ibpAffine(ml, cls2).L
	layers := append(append([]layer(nil), n.hidden...), ml)
	m := ml.out
	id := make([]float64, m*m)
	for r := 0; r < m; r++ {
		id[r*m+r] = 1
	}
	lb3 := backLower(layers, append(boxes, cls2), id, m)
	for r := range lb {
		// comparisons, not math.Max: a NaN bound must not spread
		if lb2[r] > lb[r] {
			lb[r] = lb2[r]
		}
		if lb3[r] > lb[r] {
			lb[r] = lb3[r]
		}
	}
	return lb
}

// crownIBPSample is MethodCROWNIBP per sample: crownSample with no
// refinement, i.e. IBP bounds for every intermediate layer and one CROWN
// back-substitution from the margins (the larger of it and IBP per row).
func crownIBPSample(n *Net, in Box, y int, _ CrownOptions) []float64 {
	return crownSample(n, in, y, CrownOptions{})
}

// refinedBoxes propagates IBP through the hidden layers and, before each
// ReLU small enough for opt, intersects the pre-activation box with CROWN
// bounds computed by a backward pass to the input.
func (n *Net) refinedBoxes(in Box, opt CrownOptions) ([]Box, Box) {
	boxes := make([]Box, len(n.hidden))
	cur := in
	macsBelow := 0
	for i, l := range n.hidden {
		if _, ok := l.(reluLayer); ok && i > 0 {
			// only unstable neurons (l < 0 < u) have relaxations to tighten
			var unstable []int
			for j := range cur.L {
				if cur.L[j] < 0 && cur.U[j] > 0 {
					unstable = append(unstable, j)
				}
			}
			w, k := l.inSize(), len(unstable)
			if k > 0 && w <= opt.MaxRefineWidth && 2*k*macsBelow <= opt.MaxRefineMACs {
				rows := make([]float64, 2*k*w)
				for r, j := range unstable {
					rows[r*w+j] = 1
					rows[(k+r)*w+j] = -1
				}
				lo := backLower(n.hidden[:i], boxes[:i], rows, 2*k)
				ref := Box{L: append([]float64(nil), cur.L...), U: append([]float64(nil), cur.U...)}
				for r, j := range unstable {
					// comparisons, not math.Max: a NaN bound must not spread
					if lo[r] > ref.L[j] {
						ref.L[j] = lo[r]
					}
					if -lo[k+r] < ref.U[j] {
						ref.U[j] = -lo[k+r]
					}
				}
				cur = ref
			}
		}
		if a, ok := l.(affine); ok {
			macsBelow += a.macs()
		}
		boxes[i] = cur
		cur = ibpStep(l, cur)
	}
	return boxes, cur
}

// MinMargin is the smallest entry of a MarginLower result.
func MinMargin(lb []float64) float64 {
	m := math.Inf(1)
	for _, v := range lb {
		m = math.Min(m, v)
	}
	return m
}

// Certified reports whether every margin lower bound is > 0.
func Certified(lb []float64) bool { return MinMargin(lb) > 0 }

// PointMarginUpper returns, for every class j, a sound upper bound on the
// margin z_y - z_j at the pixel point x (exact float64 values); the entry
// for y is -Inf. x is misclassified for certain when some entry is < 0.
func (n *Net) PointMarginUpper(x []float64, y int) ([]float64, error) {
	if len(x) != n.inputLen {
		return nil, fmt.Errorf("point has %d values, the model wants %d", len(x), n.inputLen)
	}
	if y < 0 || y >= n.Classes {
		return nil, fmt.Errorf("label %d out of range [0,%d)", y, n.Classes)
	}
	in := n.normalizeBox(pointBox(x))
	_, cls := n.ibpHidden(in)
	ub := ibpAffine(n.margins[y], cls).U
	out := make([]float64, n.Classes)
	for r, j := range n.marginClasses(y) {
		out[j] = ub[r]
	}
	out[y] = math.Inf(-1)
	return out, nil
}
