package bound

import (
	"math"
)

// CrownOptions control which intermediate bounds CROWN tightens with its
// own backward passes (the others come from IBP). Refining the pre-ReLU
// bounds of a layer with k unstable neurons costs 2k backward passes to
// the input.
type CrownOptions struct {
	// MaxRefineWidth is the widest pre-ReLU layer whose bounds are refined.
	MaxRefineWidth int `json:"max_refine_width"`
	// MaxRefineMACs caps 2k times the multiply-adds of the layers below.
	MaxRefineMACs int `json:"max_refine_macs"`
}

// DefaultCrownOptions refine small layers (e.g. the hidden linear layer of
// the small CNN and the MLP), never the wide conv layers.
func DefaultCrownOptions() CrownOptions {
	return CrownOptions{MaxRefineWidth: 1024, MaxRefineMACs: 400_000_000}
}

// reluRelax holds, for one ReLU layer, the upper line s z + t used on
// unstable neurons (valid on [l,u] in exact arithmetic: checked at both
// ends with directed rounding) and the adaptive lower slope (0 or 1).
type reluRelax struct {
	s, t       []float64
	alpha      []float64
	m          []float64 // max(|l|,|u|)
	dead, live []bool    // u <= 0, l >= 0
}

func newReluRelax(b Box) reluRelax {
	n := len(b.L)
	r := reluRelax{s: make([]float64, n), t: make([]float64, n), alpha: make([]float64, n), m: make([]float64, n),
		dead: make([]bool, n), live: make([]bool, n)}
	for j := 0; j < n; j++ {
		l, u := b.L[j], b.U[j]
		r.m[j] = maxAbs(l, u)
		r.dead[j], r.live[j] = u <= 0, l >= 0 && !(u <= 0)
		if !(l < 0 && u > 0) {
			continue
		}
		s := float64(u / float64(u-l))
		if !(s >= 0) || math.IsInf(s, 0) { // inf/inf on unbounded input
			s = 1
		}
		t1 := up(float64(-s * l))
		t2 := up(float64(u - down(float64(s*u))))
		r.s[j], r.t[j] = s, math.Max(t1, t2)
		if u > -l {
			r.alpha[j] = 1
		}
	}
	return r
}

// backLower returns, for each of the m rows a (over the output of the last
// of layers), a sound lower bound of a . f(x) over the box boxes[0], where
// f is layers applied in order and boxes[i] bounds the input of layers[i].
func backLower(layers []layer, boxes []Box, a []float64, m int) []float64 {
	beta := make([]float64, m)
	for i := len(layers) - 1; i >= 0; i-- {
		out := layers[i].outSize()
		in := layers[i].inSize()
		switch l := layers[i].(type) {
		case affine:
			mIn := 0.0
			for j := range boxes[i].L {
				mIn = math.Max(mIn, maxAbs(boxes[i].L[j], boxes[i].U[j]))
			}
			if math.IsNaN(mIn) {
				mIn = math.Inf(1)
			}
			e := layerErr(l, mIn)
			b := l.bias()
			// underflow: each product of A.b and of A W may lose half a
			// subnormal; an entry of A W multiplies |h_j| <= mIn.
			uf := up(float64(float64(in+1)*float64(out+1)*(mIn+1)) * 0x1p-1070)
			// the dot product a.b has out terms, more than the layer's
			// own sums for a conv or batch norm: charge its rounding apart
			relDot := relErr(out, 0)
			for r := 0; r < m; r++ {
				row := a[r*out : (r+1)*out]
				dot, dotAbs, errSum := 0.0, 0.0, 0.0
				for k, v := range row {
					p := v * b[k]
					dot += p
					dotAbs += math.Abs(p)
					errSum += math.Abs(v) * e[k]
				}
				errSum += relDot * dotAbs
				beta[r] = down(float64(down(float64(beta[r]+dot)) - up(float64(errSum+uf))))
			}
			next := make([]float64, m*in)
			l.backward(next, a, m)
			a = next
		case reluLayer:
			rx := newReluRelax(boxes[i])
			bx := boxes[i]
			for r := 0; r < m; r++ {
				row := a[r*out : (r+1)*out]
				sum, sumAbs, prodErr := 0.0, 0.0, 0.0
				for j, v := range row {
					switch {
					case bx.U[j] <= 0:
						row[j] = 0
					case bx.L[j] >= 0 || v == 0:
					case v > 0:
						row[j] = v * rx.alpha[j]
					default:
						p := float64(v * rx.s[j])
						row[j] = p
						// a product off the normal range is off by at
						// most u * 2^-1022 (half a subnormal)
						prodErr += (math.Abs(p) + 0x1p-1022) * rx.m[j]
						bt := float64(v * rx.t[j])
						sum += bt
						sumAbs += math.Abs(bt) + 0x1p-1022
					}
				}
				// sum has error <= gamma_out * sumAbs plus the products'
				// roundings (u |bt| each); row entries v*s are off by
				// u |p| each, against |z_j| <= m_j; underflow adds tiny.
				e := up(float64(relErr(out, unit)*(sumAbs+prodErr))) + absErr(2*out)
				beta[r] = down(float64(down(float64(beta[r]+sum)) - e))
			}
		}
	}
	// concretise over the input box with centre and radius
	in0 := boxes[0]
	n := len(in0.L)
	c, rad := make([]float64, n), make([]float64, n)
	for j := 0; j < n; j++ {
		l, u := in0.L[j], in0.U[j]
		c[j] = float64(l/2 + u/2)
		rad[j] = radius(l, c[j], u)
	}
	res := make([]float64, m)
	for r := 0; r < m; r++ {
		row := a[r*n : (r+1)*n]
		dot, ab, mag := 0.0, 0.0, 0.0
		for j, v := range row {
			av := math.Abs(v)
			dot += v * c[j]
			ab += av * rad[j]
			mag += av * (math.Abs(c[j]) + rad[j])
		}
		e := up(float64(relErr(n, 0)*mag)) + absErr(2*n)
		res[r] = down(float64(down(float64(down(float64(beta[r]+dot))-ab)) - e))
		if math.IsNaN(res[r]) {
			res[r] = math.Inf(-1)
		}
	}
	return res
}
