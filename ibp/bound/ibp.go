package bound

import "math"

// ibpAffine propagates a box through an affine layer with centre and radius
// and widens the result by the layer's rounding and parameter error:
// the centre c and radius r are rounded so that [c-r, c+r] contains the box,
// y = W c + b and R = |W| r are computed in float64, and every bound moves
// outward by layerErr (which charges relErr * (|W|(|c|+r) + |b|)) and one
// directed rounding per operation.
func ibpAffine(a affine, in Box) Box {
	n := len(in.L)
	c, r := make([]float64, n), make([]float64, n)
	mIn := 0.0
	for j := 0; j < n; j++ {
		l, u := in.L[j], in.U[j]
		cj := float64(l/2 + u/2)
		rj := radius(l, cj, u)
		c[j], r[j] = cj, rj
		mIn = math.Max(mIn, up(float64(math.Abs(cj)+rj)))
	}
	if math.IsNaN(mIn) {
		mIn = math.Inf(1)
	}
	out := a.outSize()
	y, rr := make([]float64, out), make([]float64, out)
	a.forward(y, c)
	a.forwardAbs(rr, r)
	e := layerErr(a, mIn)
	res := Box{L: make([]float64, out), U: make([]float64, out)}
	for k := 0; k < out; k++ {
		res.L[k] = down(float64(down(float64(y[k]-rr[k])) - e[k]))
		res.U[k] = up(float64(up(float64(y[k]+rr[k])) + e[k]))
		if math.IsNaN(res.L[k]) || math.IsNaN(res.U[k]) {
			res.L[k], res.U[k] = math.Inf(-1), math.Inf(1)
		}
	}
	return res
}

func ibpReLU(in Box) Box {
	out := Box{L: make([]float64, len(in.L)), U: make([]float64, len(in.L))}
	for j := range in.L {
		out.L[j] = math.Max(0, in.L[j])
		out.U[j] = math.Max(0, in.U[j])
	}
	return out
}

// ibpStep propagates a box through one hidden layer.
func ibpStep(l layer, in Box) Box {
	if a, ok := l.(affine); ok {
		return ibpAffine(a, in)
	}
	return ibpReLU(in)
}

// ibpHidden returns the box entering every hidden layer (boxes[i] enters
// hidden[i]) and the box entering the classifier.
func (n *Net) ibpHidden(in Box) ([]Box, Box) {
	boxes := make([]Box, len(n.hidden))
	cur := in
	for i, l := range n.hidden {
		boxes[i] = cur
		cur = ibpStep(l, cur)
	}
	return boxes, cur
}
