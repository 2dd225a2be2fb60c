package bound

import (
	"math"
)

// layer is one step of a compiled network, acting on flat CHW vectors.
type layer interface {
	inSize() int
	outSize() int
}

// reluLayer is max(0, x) elementwise.
type reluLayer struct{ n int }

func (r reluLayer) inSize() int  { return r.n }
func (r reluLayer) outSize() int { return r.n }

// affine is y = W x + b, with W and b in float64 and an error model relating
// them to the exact network: |W* - W| <= dw |W| elementwise and
// |b* - b| <= biasErr.
type affine interface {
	layer
	// forward sets dst = W src + b.
	forward(dst, src []float64)
	// forwardAbs sets dst = |W| src (no bias).
	forwardAbs(dst, src []float64)
	// backward sets dst (m x in) = A (m x out) W, row-major.
	backward(dst, a []float64, m int)
	bias() []float64
	// rowAbs is an upper bound on sum_j |W_kj| per output k.
	rowAbs() []float64
	// biasErr is a per-output bound on |b* - b|.
	biasErr() []float64
	// relErr is relErr(n, dw) for the longest sum this layer computes.
	relErr() float64
	// nTerms is the number of terms of the longest sum.
	nTerms() int
	// macs is the number of multiply-adds of one forward pass.
	macs() int
	// deployed is the deployed claim's error model (g = 0: real claim).
	deployed() *deployedTerms
}

// errModel holds the error-model fields shared by the affine layers.
type errModel struct {
	dw       float64 // relative weight perturbation
	rowAbsV  []float64
	biasErrV []float64
	rel      float64
	n        int
	dep      deployedTerms // the deployed claim's evaluation error (zero: real claim)
}

func (e *errModel) rowAbs() []float64        { return e.rowAbsV }
func (e *errModel) biasErr() []float64       { return e.biasErrV }
func (e *errModel) relErr() float64          { return e.rel }
func (e *errModel) nTerms() int              { return e.n }
func (e *errModel) deployed() *deployedTerms { return &e.dep }

// setRowAbs computes rounded-up row sums of |W| for a (rows x cols) matrix.
func (e *errModel) setRowAbs(w []float64, rows, cols int) {
	e.rowAbsV = make([]float64, rows)
	f := 1 + relErr(cols, 0)
	for k := 0; k < rows; k++ {
		s := 0.0
		for _, v := range w[k*cols : (k+1)*cols] {
			s += math.Abs(v)
		}
		e.rowAbsV[k] = up(float64(s * f))
	}
}

// layerErr returns, per output k, a bound on the total error of one affine
// step given an upper bound mIn on |x_j| over the layer's input:
// relErr*(rowAbs_k*mIn + |b_k|) + biasErr_k + absErr(n).
func layerErr(a affine, mIn float64) []float64 {
	ra, be, b := a.rowAbs(), a.biasErr(), a.bias()
	rel, ae := a.relErr(), absErr(a.nTerms())
	out := make([]float64, len(ra))
	for k := range out {
		out[k] = up(float64(rel*(ra[k]*mIn+math.Abs(b[k]))) + be[k] + ae)
	}
	if dt := a.deployed(); dt.g != 0 {
		for k := range out {
			out[k] = up(out[k] + dt.err(k, ra, mIn))
		}
	}
	return out
}
