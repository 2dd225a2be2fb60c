//go:build !amd64 || openblas

package bound

// haveKernels reports whether this build has register-tiled kernels.
func haveKernels() bool { return false }

// kernelGemm reports false: this build has no kernels of its own.
func kernelGemm[T elem](par, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) bool {
	return false
}

// fusedEpilogue32 reports that this build has no epilogue kernel.
func fusedEpilogue32(cout int, y, r []float32, b, es, mc, mr []float64, k *[5]float64, t []float32, kt *[5][4]float32) (bad, ok bool) {
	return false, false
}

// gemmRoundings returns k: the BLAS may sum a dot product in any order.
func gemmRoundings[T elem](n, k int) int { return k }

// radiusInput32Fast does nothing: this build has no kernels of its own.
func radiusInput32Fast(t, c, r []float32, k *[5]float32) int { return 0 }
