package bound

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// elem is the floating-point type the batched bounds compute in.
type elem interface{ float32 | float64 }

// Precision selects the type of the batched matrix products.
type Precision int

const (
	// Float32 runs the matrix products in float32 (twice the SIMD width).
	Float32 Precision = iota
	// Float64 runs them in float64.
	Float64
	// Auto runs every sample in float32 and repeats in float64 the samples
	// that float32 leaves uncertified by a narrow gap (see autoRetry); a
	// bound is the larger of the two.
	Auto
)

func (p Precision) String() string {
	switch p {
	case Float64:
		return "float64"
	case Auto:
		return "auto"
	}
	return "float32"
}

// fmtConst holds the constants of one floating-point format.
type fmtConst struct {
	u float64 // unit roundoff (round to nearest)
	// eta bounds the absolute error of one product or sum in T's
	// underflow range. It is the smallest normal number, not the
	// smallest subnormal, so that BLAS code running with flush-to-zero is
	// covered too.
	eta float64
	// upMul and upAdd make T(x*upMul + upAdd) >= x for every float64 x
	// (T(.) rounds to nearest): upMul = 1 + 4u covers the relative
	// rounding of both the product and the conversion, upAdd the absolute
	// rounding in T's subnormal range.
	upMul, upAdd float64
	// max is T's largest finite value.
	max float64
}

func constOf[T elem]() fmtConst {
	var z T
	if _, ok := any(z).(float32); ok {
		return fmtConst{u: 0x1p-24, eta: 0x1p-126, upMul: 1 + 0x1p-22, upAdd: 0x1p-148, max: math.MaxFloat32}
	}
	return fmtConst{u: 0x1p-53, eta: 0x1p-1022, upMul: 1 + 0x1p-51, upAdd: 0x1p-1073, max: math.MaxFloat64}
}

// gammaOf is gamma_k = k u / (1 - k u) rounded up generously (Inf when
// k u >= 1/2, which no layer here reaches).
func gammaOf(k int, u float64) float64 {
	ku := float64(k) * u
	if ku >= 0.5 {
		return math.Inf(1)
	}
	return up(ku/(1-ku)) * (1 + 0x1p-50)
}

// slack64 is a relative factor that covers the float64 rounding of a short
// formula of n non-negative terms (n operations, (1+u)^n <= 1+2nu).
func slack64(n int) float64 { return 1 + float64(2*n+2)*unit }

// kernelBlocks returns the kernels' column-strip width and k-block length
// in T.
func kernelBlocks[T elem]() (nt, kb int) {
	var z T
	if _, f32 := any(z).(float32); f32 {
		return 16, 256
	}
	return 8, 128
}

// gemm computes C = A B (row-major, no transposes) in T with up to par
// goroutines: with this package's AVX2/FMA kernels where they run, else the
// build's BLAS.
func gemm[T elem](par, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if kernelGemm(par, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	gemmBLAS(m, n, k, a, lda, b, ldb, c, ldc)
}

// gemmBLAS is gemm through the build's BLAS.
func gemmBLAS[T elem](m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	switch a := any(a).(type) {
	case []float32:
		blas32().Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, lda, any(b).([]float32), ldb, 0, any(c).([]float32), ldc)
	case []float64:
		blas64i().Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, lda, any(b).([]float64), ldb, 0, any(c).([]float64), ldc)
	}
}
