package bound

import (
	"fmt"
	"math"
)

// bnet is a Net compiled for batched bounds in T: every linear and conv
// layer becomes a bconv (a linear layer is a conv whose kernel covers its
// whole input), a standalone batch norm a bchan, and activations are stored
// as centre and radius tensors laid out [channel][sample][position].
type bnet[T elem] struct {
	layers []any // *bconv[T], *bchan, brelu
	shapes [][3]int
	fc     fmtConst
}

// brelu is a ReLU layer of the batched network.
type brelu struct{}

// bchan is a standalone batch norm: y = s x + t per channel, in float64.
type bchan struct {
	c, hw   int
	s, t    []float64
	tErr    []float64
	dw      float64
	rowAbsV []float64 // |s| per channel, for the backward error
}

// bconv is a linear or conv layer with weights in T and the constants of
// its a-priori rounding-error bound (docs/certificates.md, "Batched
// bounds").
type bconv[T elem] struct {
	cin, h, w, cout, kh, kw, stride, pad, ho, wo int
	kk                                           int // cin*kh*kw, the length of a forward dot product
	wt, wAbs                                     []T // cout x kk
	b, bErr                                      []float64
	wsum                                         []float64 // cout x cin: sum over a channel's kernel of |wt|, rounded up
	rowAbs                                       []float64 // per output channel: sum of |wt|, rounded up
	dwT                                          float64   // |W* - wt| <= dwT |wt| + eta
	gF, gB                                       float64   // gamma of the forward and backward dot products
	f1                                           float64   // >= (1 + dwT) / (1 - gF)
	nB                                           int       // terms of a backward dot product
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// newBNet compiles the hidden layers of n for batched evaluation in T.
func newBNet[T elem](n *Net) (*bnet[T], error) {
	fc := constOf[T]()
	bn := &bnet[T]{fc: fc}
	sh := n.InShape
	for _, l := range n.hidden {
		bn.shapes = append(bn.shapes, sh)
		switch l := l.(type) {
		case reluLayer:
			bn.layers = append(bn.layers, brelu{})
		case *channelAffine:
			ra := make([]float64, l.c)
			for c := range ra {
				ra[c] = math.Abs(l.s[c])
			}
			tErr := make([]float64, l.c)
			for c := range tErr {
				tErr[c] = l.biasErrV[c*l.hw]
			}
			bn.layers = append(bn.layers, &bchan{c: l.c, hw: l.hw, s: l.s, t: l.t, tErr: tErr, dw: l.dw, rowAbsV: ra})
		case *conv:
			be := make([]float64, l.cout)
			for o := range be {
				be[o] = l.biasErrV[o*l.ho*l.wo]
			}
			bc := newBConv[T](fc, l.cin, l.h, l.w, l.cout, l.k, l.k, l.stride, l.pad, l.wt, l.b, be, l.dw)
			bn.layers = append(bn.layers, bc)
			sh = [3]int{l.cout, l.ho, l.wo}
		case *dense:
			if sh[0]*sh[1]*sh[2] != l.in {
				return nil, fmt.Errorf("linear layer wants %d inputs, the layer before gives %v", l.in, sh)
			}
			bc := newBConv[T](fc, sh[0], sh[1], sh[2], l.out, sh[1], sh[2], 1, 0, l.w, l.b, l.biasErrV, l.dw)
			bn.layers = append(bn.layers, bc)
			sh = [3]int{l.out, 1, 1}
		default:
			return nil, fmt.Errorf("layer %T has no batched form", l)
		}
	}
	bn.shapes = append(bn.shapes, sh)
	return bn, nil
}

func newBConv[T elem](fc fmtConst, cin, h, w, cout, kh, kw, stride, pad int, wt64, b, bErr []float64, dw float64) *bconv[T] {
	l := &bconv[T]{cin: cin, h: h, w: w, cout: cout, kh: kh, kw: kw, stride: stride, pad: pad,
		b: b, bErr: bErr}
	l.ho = (h+2*pad-kh)/stride + 1
	l.wo = (w+2*pad-kw)/stride + 1
	l.kk = cin * kh * kw
	l.wt, l.wAbs = make([]T, len(wt64)), make([]T, len(wt64))
	for i, v := range wt64 {
		t := T(v)
		l.wt[i] = t
		if t < 0 {
			t = -t
		}
		l.wAbs[i] = t
	}
	per := kh * kw
	l.wsum = make([]float64, cout*cin)
	l.rowAbs = make([]float64, cout)
	sl := slack64(l.kk)
	for o := 0; o < cout; o++ {
		row := 0.0
		for ci := 0; ci < cin; ci++ {
			s := 0.0
			for _, v := range l.wAbs[(o*cin+ci)*per : (o*cin+ci+1)*per] {
				s += float64(v)
			}
			l.wsum[o*cin+ci] = up(s * sl)
			row += s
		}
		l.rowAbs[o] = up(row * sl)
	}
	// |W* - W64| <= dw |W64| and |W64 - wt| <= u |W64| + eta/2 give
	// |W* - wt| <= 2 (dw + u) |wt| + eta while dw + u <= 1/4.
	l.dwT = up(2 * (dw + fc.u) * (1 + 4*unit))
	l.gF = gammaOf(l.kk+1, fc.u)
	l.nB = cout * min(ceilDiv(kh, stride), l.ho) * min(ceilDiv(kw, stride), l.wo)
	l.gB = gammaOf(l.nB+1, fc.u)
	// 1/(1-g) <= 1 + 2g for g <= 1/2
	l.f1 = up((1 + l.dwT) * (1 + 2*l.gF) * slack64(3))
	return l
}

// chunk is how many samples one im2col buffer holds (about 4 M values).
func (l *bconv[T]) chunk(batch int) int {
	return max(1, min(batch, (1<<22)/max(1, l.kk*l.ho*l.wo)))
}

// im2col writes col (kk x nb*ho*wo) for samples s0 .. s0+nb-1 of src,
// laid out [cin][batch][h*w].
func (l *bconv[T]) im2col(col, src []T, batch, s0, nb int) {
	howo := l.ho * l.wo
	ncol := nb * howo
	hw := l.h * l.w
	row := 0
	for ci := 0; ci < l.cin; ci++ {
		for ky := 0; ky < l.kh; ky++ {
			for kx := 0; kx < l.kw; kx++ {
				dstRow := col[row*ncol : (row+1)*ncol]
				row++
				for s := 0; s < nb; s++ {
					plane := src[(ci*batch+s0+s)*hw : (ci*batch+s0+s+1)*hw]
					dst := dstRow[s*howo : (s+1)*howo]
					i := 0
					for oy := 0; oy < l.ho; oy++ {
						y := oy*l.stride - l.pad + ky
						if y < 0 || y >= l.h {
							clear(dst[i : i+l.wo])
							i += l.wo
							continue
						}
						line := plane[y*l.w : (y+1)*l.w]
						for ox := 0; ox < l.wo; ox++ {
							x := ox*l.stride - l.pad + kx
							if x < 0 || x >= l.w {
								dst[i] = 0
							} else {
								dst[i] = line[x]
							}
							i++
						}
					}
				}
			}
		}
	}
}

// col2im adds col (kk x nrows*ho*wo, rows side by side) into dst, laid
// out [row][cin][h*w]; dst must be zeroed by the caller.
func (l *bconv[T]) col2im(dst, col []T, nrows int) {
	howo := l.ho * l.wo
	ncol := nrows * howo
	hw := l.h * l.w
	in := l.cin * hw
	row := 0
	for ci := 0; ci < l.cin; ci++ {
		for ky := 0; ky < l.kh; ky++ {
			for kx := 0; kx < l.kw; kx++ {
				srcRow := col[row*ncol : (row+1)*ncol]
				row++
				for r := 0; r < nrows; r++ {
					plane := dst[r*in+ci*hw : r*in+(ci+1)*hw]
					src := srcRow[r*howo : (r+1)*howo]
					i := 0
					for oy := 0; oy < l.ho; oy++ {
						y := oy*l.stride - l.pad + ky
						if y < 0 || y >= l.h {
							i += l.wo
							continue
						}
						line := plane[y*l.w : (y+1)*l.w]
						for ox := 0; ox < l.wo; ox++ {
							x := ox*l.stride - l.pad + kx
							if x >= 0 && x < l.w {
								line[x] += src[i]
							}
							i++
						}
					}
				}
			}
		}
	}
}
