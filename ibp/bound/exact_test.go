package bound

import (
	"math/big"

	"github.com/verify-tools/verify/ibp/network"
)

// exactLogits evaluates the model straight from its file description in
// 256-bit arithmetic, independently of the compiled network: the reference
// the sound bounds must contain.
func exactLogits(m *network.Model, x []float64) []*big.Float {
	const prec = 256
	nf := func(v float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(v) }
	shapes, _ := m.Meta.Shapes()
	cur := make([]*big.Float, len(x))
	hw := shapes[0][1] * shapes[0][2]
	for j, v := range x {
		c := j / hw
		t := new(big.Float).SetPrec(prec).Sub(nf(v), nf(m.Meta.Normalization.Mean[c]))
		cur[j] = t.Quo(t, nf(m.Meta.Normalization.Std[c]))
	}
	for i, l := range m.Meta.Layers {
		in, out := shapes[i], shapes[i+1]
		next := make([]*big.Float, out.Size())
		switch l.Kind {
		case network.KindFlatten:
			next = cur
		case network.KindReLU:
			for j, v := range cur {
				if v.Sign() > 0 {
					next[j] = v
				} else {
					next[j] = nf(0)
				}
			}
		case network.KindLinear:
			w := m.Tensors[l.Weight].Data
			for o := 0; o < l.Out; o++ {
				s := nf(0)
				if l.Bias != "" {
					s = nf(m.Tensors[l.Bias].Data[o])
				}
				for k := 0; k < l.In; k++ {
					s.Add(s, new(big.Float).SetPrec(prec).Mul(nf(w[o*l.In+k]), cur[k]))
				}
				next[o] = s
			}
		case network.KindConv2d:
			w := m.Tensors[l.Weight].Data
			k := l.Kernel
			for o := 0; o < l.Out; o++ {
				for oy := 0; oy < out[1]; oy++ {
					for ox := 0; ox < out[2]; ox++ {
						s := nf(0)
						if l.Bias != "" {
							s = nf(m.Tensors[l.Bias].Data[o])
						}
						for c := 0; c < l.In; c++ {
							for ky := 0; ky < k; ky++ {
								for kx := 0; kx < k; kx++ {
									y, xx := oy*l.Stride-l.Padding+ky, ox*l.Stride-l.Padding+kx
									if y < 0 || y >= in[1] || xx < 0 || xx >= in[2] {
										continue
									}
									wv := w[((o*l.In+c)*k+ky)*k+kx]
									s.Add(s, new(big.Float).SetPrec(prec).Mul(nf(wv), cur[(c*in[1]+y)*in[2]+xx]))
								}
							}
						}
						next[(o*out[1]+oy)*out[2]+ox] = s
					}
				}
			}
		case network.KindBatchNorm:
			g, b := m.Tensors[l.Weight].Data, m.Tensors[l.Bias].Data
			mu, vr := m.Tensors[l.RunningMean].Data, m.Tensors[l.RunningVar].Data
			per := in.Size() / in[0]
			for j, v := range cur {
				c := j / per
				den := new(big.Float).SetPrec(prec).Add(nf(vr[c]), nf(l.Eps))
				den.Sqrt(den)
				t := new(big.Float).SetPrec(prec).Sub(v, nf(mu[c]))
				t.Mul(t, nf(g[c]))
				t.Quo(t, den)
				next[j] = t.Add(t, nf(b[c]))
			}
		}
		cur = next
	}
	return cur
}

// exactMargins returns z_y - z_j in 256-bit arithmetic, rounded to the
// nearest float64 (the rounding cannot change its sign).
func exactMargins(m *network.Model, x []float64, y int) []float64 {
	z := exactLogits(m, x)
	out := make([]float64, len(z))
	for j := range z {
		d := new(big.Float).SetPrec(256).Sub(z[y], z[j])
		out[j], _ = d.Float64()
	}
	return out
}
