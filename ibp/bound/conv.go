package bound

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// conv is a 2-D convolution (cross-correlation, as in PyTorch) on CHW
// tensors, computed as im2col followed by a matrix product. W is
// (cout x cin*k*k) row-major.
type conv struct {
	cin, h, w, cout, k, stride, pad int
	ho, wo                          int
	wt, b, absW                     []float64
	depChan                         []float64 // deployed bias-like terms per output channel (deployed claim)
	errModel
}

func newConv(cin, h, w, cout, k, stride, pad int, wt, b, biasErr []float64, dw float64) *conv {
	c := &conv{cin: cin, h: h, w: w, cout: cout, k: k, stride: stride, pad: pad, wt: wt, b: b}
	c.ho = (h+2*pad-k)/stride + 1
	c.wo = (w+2*pad-k)/stride + 1
	c.absW = make([]float64, len(wt))
	for i, v := range wt {
		if v < 0 {
			v = -v
		}
		c.absW[i] = v
	}
	kk := cin * k * k
	c.setRowAbs(wt, cout, kk)
	// the error model is per output element: expand the per-channel values
	hw := c.ho * c.wo
	ra, be := make([]float64, cout*hw), make([]float64, cout*hw)
	for o := 0; o < cout; o++ {
		for j := o * hw; j < (o+1)*hw; j++ {
			ra[j], be[j] = c.rowAbsV[o], biasErr[o]
		}
	}
	c.rowAbsV, c.biasErrV = ra, be
	c.n = max(kk, cout*k*k) + 1
	c.dw = dw
	c.rel = relErr(c.n, dw)
	return c
}

func (c *conv) inSize() int  { return c.cin * c.h * c.w }
func (c *conv) outSize() int { return c.cout * c.ho * c.wo }
func (c *conv) macs() int    { return c.cout * c.ho * c.wo * c.cin * c.k * c.k }

// bias expands the per-channel bias to one value per output element.
func (c *conv) bias() []float64 {
	out := make([]float64, c.outSize())
	hw := c.ho * c.wo
	for o := 0; o < c.cout; o++ {
		for j := 0; j < hw; j++ {
			out[o*hw+j] = c.b[o]
		}
	}
	return out
}

// im2col writes col (cin*k*k x ho*wo) from src (cin x h x w).
func (c *conv) im2col(col, src []float64) {
	hw := c.ho * c.wo
	row := 0
	for ci := 0; ci < c.cin; ci++ {
		plane := src[ci*c.h*c.w : (ci+1)*c.h*c.w]
		for ky := 0; ky < c.k; ky++ {
			for kx := 0; kx < c.k; kx++ {
				dst := col[row*hw : (row+1)*hw]
				row++
				i := 0
				for oy := 0; oy < c.ho; oy++ {
					y := oy*c.stride - c.pad + ky
					if y < 0 || y >= c.h {
						for ox := 0; ox < c.wo; ox++ {
							dst[i] = 0
							i++
						}
						continue
					}
					line := plane[y*c.w : (y+1)*c.w]
					for ox := 0; ox < c.wo; ox++ {
						x := ox*c.stride - c.pad + kx
						if x < 0 || x >= c.w {
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

// col2im adds the (cin*k*k x ho*wo) block of col that starts at column
// off, in a matrix with stride columns, into dst (cin x h x w), which must
// be zeroed by the caller.
func (c *conv) col2im(dst, col []float64, off, stride int) {
	row := 0
	for ci := 0; ci < c.cin; ci++ {
		plane := dst[ci*c.h*c.w : (ci+1)*c.h*c.w]
		for ky := 0; ky < c.k; ky++ {
			for kx := 0; kx < c.k; kx++ {
				src := col[row*stride+off:]
				row++
				i := 0
				for oy := 0; oy < c.ho; oy++ {
					y := oy*c.stride - c.pad + ky
					if y < 0 || y >= c.h {
						i += c.wo
						continue
					}
					line := plane[y*c.w : (y+1)*c.w]
					for ox := 0; ox < c.wo; ox++ {
						x := ox*c.stride - c.pad + kx
						if x >= 0 && x < c.w {
							line[x] += src[i]
						}
						i++
					}
				}
			}
		}
	}
}

func (c *conv) matmul(w, dst, src []float64) {
	kk := c.cin * c.k * c.k
	hw := c.ho * c.wo
	col := make([]float64, kk*hw)
	c.im2col(col, src)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas64.General{Rows: c.cout, Cols: kk, Stride: kk, Data: w},
		blas64.General{Rows: kk, Cols: hw, Stride: hw, Data: col}, 0,
		blas64.General{Rows: c.cout, Cols: hw, Stride: hw, Data: dst})
}

func (c *conv) forward(dst, src []float64) {
	c.matmul(c.wt, dst, src)
	hw := c.ho * c.wo
	for o := 0; o < c.cout; o++ {
		for j := o * hw; j < (o+1)*hw; j++ {
			dst[j] += c.b[o]
		}
	}
}

func (c *conv) forwardAbs(dst, src []float64) { c.matmul(c.absW, dst, src) }

// backward computes A W for each of the m rows: a transposed convolution.
// Rows are batched into one matrix product per chunk: B (cout x rows*hw)
// holds the rows side by side, col = W^T B, then col2im per row.
func (c *conv) backward(dst, a []float64, m int) {
	kk := c.cin * c.k * c.k
	hw := c.ho * c.wo
	in, out := c.inSize(), c.outSize()
	chunk := max(1, min(m, (1<<16)/(kk*hw+1)))
	b := make([]float64, c.cout*chunk*hw)
	col := make([]float64, kk*chunk*hw)
	for r0 := 0; r0 < m; r0 += chunk {
		rows := min(chunk, m-r0)
		n := rows * hw
		for r := 0; r < rows; r++ {
			src := a[(r0+r)*out : (r0+r+1)*out]
			for o := 0; o < c.cout; o++ {
				copy(b[o*n+r*hw:o*n+(r+1)*hw], src[o*hw:(o+1)*hw])
			}
		}
		blas64.Gemm(blas.Trans, blas.NoTrans, 1,
			blas64.General{Rows: c.cout, Cols: kk, Stride: kk, Data: c.wt},
			blas64.General{Rows: c.cout, Cols: n, Stride: n, Data: b[:c.cout*n]}, 0,
			blas64.General{Rows: kk, Cols: n, Stride: n, Data: col[:kk*n]})
		for r := 0; r < rows; r++ {
			d := dst[(r0+r)*in : (r0+r+1)*in]
			clear(d)
			c.col2im(d, col, r*hw, n)
		}
	}
}
