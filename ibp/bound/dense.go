package bound

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// dense is a fully connected layer, W row-major (out x in).
type dense struct {
	in, out int
	w, b    []float64
	absW    []float64
	errModel
}

func newDense(in, out int, w, b, biasErr []float64, dw float64) *dense {
	d := &dense{in: in, out: out, w: w, b: b}
	d.absW = make([]float64, len(w))
	for i, v := range w {
		if v < 0 {
			v = -v
		}
		d.absW[i] = v
	}
	d.setRowAbs(w, out, in)
	d.biasErrV = biasErr
	d.dw = dw
	d.n = max(in, out) + 1
	d.rel = relErr(d.n, dw)
	return d
}

func (d *dense) inSize() int     { return d.in }
func (d *dense) outSize() int    { return d.out }
func (d *dense) bias() []float64 { return d.b }
func (d *dense) macs() int       { return d.in * d.out }

func (d *dense) gemv(w, dst, src []float64) {
	blas64.Gemv(blas.NoTrans, 1, blas64.General{Rows: d.out, Cols: d.in, Stride: d.in, Data: w},
		blas64.Vector{N: d.in, Inc: 1, Data: src}, 0, blas64.Vector{N: d.out, Inc: 1, Data: dst})
}

func (d *dense) forward(dst, src []float64) {
	d.gemv(d.w, dst, src)
	for k := range dst {
		dst[k] += d.b[k]
	}
}

func (d *dense) forwardAbs(dst, src []float64) { d.gemv(d.absW, dst, src) }

func (d *dense) backward(dst, a []float64, m int) {
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas64.General{Rows: m, Cols: d.out, Stride: d.out, Data: a},
		blas64.General{Rows: d.out, Cols: d.in, Stride: d.in, Data: d.w}, 0,
		blas64.General{Rows: m, Cols: d.in, Stride: d.in, Data: dst})
}
