package bound

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemmKernels: gemm (kernels where the processor has them) agrees with
// a float64 reference within the dot-product error bound gamma_k |A||B|,
// on shapes with and without edges and with strided operands, on one and
// on three goroutines.
func TestGemmKernels(t *testing.T) {
	t.Logf("kernels: %v", haveKernels())
	rng := rand.New(rand.NewPCG(4, 4))
	for _, sh := range [][3]int{{6, 16, 1}, {7, 17, 300}, {64, 64, 576}, {13, 100, 1568}, {5, 16, 3}, {12, 8, 1000}, {30, 33, 7}} {
		m, n, k := sh[0], sh[1], sh[2]
		t.Run(fmt.Sprintf("%dx%dx%d", m, n, k), func(t *testing.T) {
			for _, par := range []int{1, 3} {
				checkGemm[float32](t, rng, par, m, n, k)
				checkGemm[float64](t, rng, par, m, n, k)
			}
		})
	}
}

func checkGemm[T elem](t *testing.T, rng *rand.Rand, par, m, n, k int) {
	lda, ldb, ldc := k+3, n+5, n+2
	a, b := make([]T, m*lda), make([]T, k*ldb)
	for i := range a {
		a[i] = T(rng.NormFloat64())
	}
	for i := range b {
		b[i] = T(rng.NormFloat64() * math.Ldexp(1, rng.IntN(9)-4))
	}
	c := make([]T, m*ldc)
	for i := range c {
		c[i] = 12345 // must be overwritten
	}
	gemm(par, m, n, k, a, lda, b, ldb, c, ldc)
	g := gammaOf(k+1, constOf[T]().u)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			exact, abs := 0.0, 0.0
			for l := 0; l < k; l++ {
				p := float64(a[i*lda+l]) * float64(b[l*ldb+j])
				exact += p
				abs += math.Abs(p)
			}
			if d := math.Abs(float64(c[i*ldc+j]) - exact); d > 2.02*g*abs+1e-300 {
				t.Fatalf("C[%d][%d] = %v, want %v (error %v above the bound %v)", i, j, c[i*ldc+j], exact, d, 2*g*abs)
			}
		}
	}
}
