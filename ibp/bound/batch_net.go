package bound

import (
	"fmt"
	"math"
)

// bnet is a Net compiled for batched bounds in T: every linear and conv
// layer becomes a bconv (a linear layer is a conv whose kernel covers its
// whole input), a standalone batch norm a bchan, and activations are stored
// as centre and radius tensors laid out [sample][position][channel] (NHWC),
// so that a sample's values are contiguous and the activations are the
// left operand of every product (gonum skips its zero entries: inactive
// ReLUs cost nothing).
type bnet[T elem] struct {
	layers []any // *bconv[T], *bchan, brelu
	shapes [][3]int
	fc     fmtConst
	spare  *bufPool[T] // buffers of finished passes, for the next ones
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
	depG    float64   // deployed claim: relative factor (0: real claim)
	depD    []float64 // deployed claim: bias-like terms per channel
}

// bconv is a linear or conv layer with weights in T and the constants of
// its a-priori rounding-error bound (docs/certificates.md, "Batched
// bounds").
type bconv[T elem] struct {
	cin, h, w, cout, kh, kw, stride, pad, ho, wo int
	kk                                           int // cin*kh*kw, the length of a forward dot product
	wT, wAbsT                                    []T // kk x cout, rows in (ky, kx, ci) order
	wK                                           []T // cout x kk, columns in (ky, kx, ci) order
	b, bErr                                      []float64
	wsum                                         []float64 // cout x cin: sum over a channel's kernel of |wt|, rounded up
	rowAbs                                       []float64 // per output channel: sum of |wt|, rounded up
	dwT                                          float64   // |W* - wt| <= dwT |wt| + eta
	gF, gB                                       float64   // gamma of the forward and backward dot products
	f1                                           float64   // >= (1 + dwT) / (1 - gF)
	nB                                           int       // terms of a backward dot product
	absSum                                       float64   // >= sum of |W| over the full (out x in) matrix
	depG                                         float64   // deployed claim: relative factor (0: real claim)
	depFan                                       int       // deployed claim: fan-in of the deployed dot products
	depD                                         []float64 // deployed claim: bias-like terms per output channel
}

// real returns bn without the deployed claim's error terms: the real
// claim's batched network, sharing bn's weights.
func (bn *bnet[T]) real() *bnet[T] {
	out := &bnet[T]{layers: make([]any, len(bn.layers)), shapes: bn.shapes, fc: bn.fc, spare: &bufPool[T]{}}
	for i, l := range bn.layers {
		switch l := l.(type) {
		case *bconv[T]:
			c := *l
			c.depG, c.depFan, c.depD = 0, 0, nil
			out.layers[i] = &c
		case *bchan:
			c := *l
			c.depG, c.depD = 0, nil
			out.layers[i] = &c
		default:
			out.layers[i] = l
		}
	}
	return out
}

// transposeAbs writes the transpose of the r x c matrix a into t (c x r)
// and its absolute values into abs, in cache-sized tiles (a CNN-7's linear
// layer has 12.8 M weights, whose element-wise transpose misses the cache
// on every store).
func transposeAbs[T elem](t, abs, a []T, r, c int) {
	const tile = 32
	// the workers take whole tiles of rows of a: each writes its own
	// columns of t and abs
	forChunks(ceilDiv(r, tile), func(b0, b1, _ int) {
		transposeAbsRows(t, abs, a, r, c, b0*tile, min(r, b1*tile))
	})
}

// transposeAbsRows is transposeAbs for the rows [r0, r1) of a.
func transposeAbsRows[T elem](t, abs, a []T, r, c, r0, r1 int) {
	const tile = 32
	for i0 := r0; i0 < r1; i0 += tile {
		for j0 := 0; j0 < c; j0 += tile {
			for j := j0; j < min(j0+tile, c); j++ {
				for i := i0; i < min(i0+tile, r1); i++ {
					v := a[i*c+j]
					t[j*r+i] = v
					if v < 0 {
						v = -v
					}
					abs[j*r+i] = v
				}
			}
		}
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// newBNet compiles the hidden layers of n for batched evaluation in T.
func newBNet[T elem](n *Net) (*bnet[T], error) {
	fc := constOf[T]()
	bn := &bnet[T]{fc: fc, spare: &bufPool[T]{}}
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
			bc := &bchan{c: l.c, hw: l.hw, s: l.s, t: l.t, tErr: tErr, dw: l.dw, rowAbsV: ra, depG: l.dep.g}
			if l.dep.g != 0 {
				bc.depD = make([]float64, l.c)
				for c := range bc.depD {
					bc.depD[c] = l.dep.d[c*l.hw]
				}
			}
			bn.layers = append(bn.layers, bc)
		case *conv:
			be := make([]float64, l.cout)
			for o := range be {
				be[o] = l.biasErrV[o*l.ho*l.wo]
			}
			bc := newBConv[T](fc, l.cin, l.h, l.w, l.cout, l.k, l.k, l.stride, l.pad, l.wt, l.b, be, l.dw)
			bc.depG, bc.depFan, bc.depD = l.dep.g, l.dep.fan, l.depChan
			bn.layers = append(bn.layers, bc)
			sh = [3]int{l.cout, l.ho, l.wo}
		case *dense:
			if sh[0]*sh[1]*sh[2] != l.in {
				return nil, fmt.Errorf("linear layer wants %d inputs, the layer before gives %v", l.in, sh)
			}
			bc := newBConv[T](fc, sh[0], sh[1], sh[2], l.out, sh[1], sh[2], 1, 0, l.w, l.b, l.biasErrV, l.dw)
			bc.depG, bc.depFan, bc.depD = l.dep.g, l.dep.fan, l.dep.d
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
	per := kh * kw
	l.wT, l.wAbsT, l.wK = make([]T, len(wt64)), make([]T, len(wt64)), make([]T, len(wt64))
	l.wsum = make([]float64, cout*cin)
	l.rowAbs = make([]float64, cout)
	sl := slack64(l.kk)
	// the output rows, then the transposes' row blocks, are split among
	// the workers (a CNN-7's linear layer takes a tenth of a second on one
	// core); each writes its own part, so the result is the same
	forChunks(cout, func(o0, o1, _ int) {
		for o := o0; o < o1; o++ {
			row := 0.0
			wk := l.wK[o*l.kk : (o+1)*l.kk]
			for ci := 0; ci < cin; ci++ {
				s := 0.0
				for q, w := range wt64[(o*cin+ci)*per : (o*cin+ci+1)*per] { // q = ky*kw + kx
					t := T(w)
					wk[q*cin+ci] = t
					s += math.Abs(float64(t))
				}
				l.wsum[o*cin+ci] = up(s * sl)
				row += s
			}
			l.rowAbs[o] = up(row * sl)
		}
	})
	transposeAbs(l.wT, l.wAbsT, l.wK, cout, l.kk)
	for _, v := range l.rowAbs {
		l.absSum += v
	}
	l.absSum = up(l.absSum * float64(l.ho*l.wo) * slack64(cout))
	// |W* - W64| <= dw |W64| and |W64 - wt| <= u |W64| + eta/2 give
	// |W* - wt| <= 2 (dw + u) |wt| + eta while dw + u <= 1/4.
	l.dwT = up(2 * (dw + fc.u) * (1 + 4*unit))
	// the forward products W c and |W| r are this package's own gemm,
	// whose summation order bounds a term's roundings (gemmRoundings)
	l.gF = gammaOf(gemmRoundings[T](cout, l.kk)+1, fc.u)
	l.nB = cout * min(ceilDiv(kh, stride), l.ho) * min(ceilDiv(kw, stride), l.wo)
	l.gB = gammaOf(l.nB+1, fc.u)
	// 1/(1-g) <= 1 + 2g for g <= 1/2
	l.f1 = up((1 + l.dwT) * (1 + 2*l.gF) * slack64(3))
	return l
}

// dense reports whether the kernel covers the whole input (a linear
// layer): then a sample's NHWC input is its patch.
func (l *bconv[T]) dense() bool {
	return l.ho == 1 && l.wo == 1 && l.pad == 0 && l.kh == l.h && l.kw == l.w
}

// chunk is how many samples (or rows) one col2im buffer holds (about
// 256 K values, so that it stays in the cache between the product that
// writes it and col2im).
func (l *bconv[T]) chunk(batch int) int {
	return max(1, min(batch, (1<<18)/max(1, l.kk*l.ho*l.wo)))
}

// patchRows is how many patch rows one im2col buffer holds: a multiple of
// the kernels' 6-row tiles, about 128 K values, so that the buffer is still
// in the cache when the product reads it.
func (l *bconv[T]) patchRows(rows int) int {
	return min(rows, max(6, (1<<17)/max(1, l.kk)/6*6))
}

// im2col writes the patches of rows row0 .. row0+n-1 of src (NHWC; row
// s*ho*wo + oy*wo + ox is sample s's output position (oy, ox)) as the rows
// of col (n x kk, columns in (ky, kx, ci) order).
func (l *bconv[T]) im2col(col, src []T, row0, n int) {
	in := l.h * l.w * l.cin
	c := l.cin
	howo := l.ho * l.wo
	for row := row0; row < row0+n; row++ {
		s, p := row/howo, row%howo
		oy, ox := p/l.wo, p%l.wo
		x0 := src[s*in : (s+1)*in]
		dst := col[(row-row0)*l.kk : (row-row0+1)*l.kk]
		for ky := 0; ky < l.kh; ky++ {
			y := oy*l.stride - l.pad + ky
			seg := dst[ky*l.kw*c : (ky+1)*l.kw*c]
			if y < 0 || y >= l.h {
				clear(seg)
				continue
			}
			x := ox*l.stride - l.pad
			lo, hi := max(0, -x), min(l.kw, l.w-x)
			if lo > 0 {
				clear(seg[:lo*c])
			}
			if hi < l.kw {
				clear(seg[max(hi, lo)*c:])
			}
			if hi > lo {
				copy(seg[lo*c:hi*c], x0[(y*l.w+x+lo)*c:(y*l.w+x+hi)*c])
			}
		}
	}
}

// col2im adds the patch rows of col (nrows*ho*wo x kk) into dst, one NHWC
// input per row; dst must be zeroed by the caller.
func (l *bconv[T]) col2im(dst, col []T, nrows int) {
	in := l.h * l.w * l.cin
	c := l.cin
	row := 0
	for r := 0; r < nrows; r++ {
		x0 := dst[r*in : (r+1)*in]
		for oy := 0; oy < l.ho; oy++ {
			for ox := 0; ox < l.wo; ox++ {
				src := col[row*l.kk : (row+1)*l.kk]
				row++
				for ky := 0; ky < l.kh; ky++ {
					y := oy*l.stride - l.pad + ky
					if y < 0 || y >= l.h {
						continue
					}
					x := ox*l.stride - l.pad
					lo, hi := max(0, -x), min(l.kw, l.w-x)
					if hi <= lo {
						continue
					}
					d := x0[(y*l.w+x+lo)*c : (y*l.w+x+hi)*c]
					for i, v := range src[(ky*l.kw+lo)*c : (ky*l.kw+hi)*c] {
						d[i] += v
					}
				}
			}
		}
	}
}
