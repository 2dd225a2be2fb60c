//go:build amd64 && !openblas

package bound

import (
	"sync"

	"golang.org/x/sys/cpu"
)

// sgemm6x16 adds A[0:6][0:k] B[0:k][0:16] to C[0:6][0:16], or stores it
// there when add is 0 (AVX2 + FMA).
//
//go:noescape
func sgemm6x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, add int)

// dgemm6x8 adds A[0:6][0:k] B[0:k][0:8] to C[0:6][0:8], or stores it there
// when add is 0 (AVX2 + FMA).
//
//go:noescape
func dgemm6x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, add int)

// epilogueReLU32 is bconv.epilogue with ReLU for float32 over npos
// positions of cout channels (a multiple of 4), with k = {f1, uu, sl,
// upMul, upAdd}; it reports whether a value is not finite (AVX2). With t
// not nil it also writes the next layer's radius input there, as
// radiusInput32x8 would with kt's constants (each four times).
//
//go:noescape
func epilogueReLU32(npos, cout int, y, r *float32, b, es, mc, mr *float64, k *[5]float64, t *float32, kt *[5][4]float32) bool

// radiusInput32x8 is radiusInput32's loop for n elements, n a multiple of
// 8, with k = {g, h, 1 + 2^-21, 2^-125, 2^-124} (AVX).
//
//go:noescape
func radiusInput32x8(n int, t, c, r *float32, k *[5]float32)

// radiusInput32Fast runs radiusInput32x8 on the leading multiple of 8 of
// the elements where the processor can and returns how many it did.
func radiusInput32Fast(t, c, r []float32, k *[5]float32) int {
	n := len(r) / 8 * 8
	if !haveKernels() || n == 0 || len(c) < n || len(t) < n {
		return 0
	}
	radiusInput32x8(n, &t[0], &c[0], &r[0], k)
	return n
}

// fusedEpilogue32 runs epilogueReLU32 where the processor can; ok reports
// whether it ran. With t not nil (len(y) long) it also computes the next
// layer's radius input t with kt, radiusInput32's constants {g, h, 1 +
// 2^-21, 2^-125, 2^-124} each four times (radiusIn).
func fusedEpilogue32(cout int, y, r []float32, b, es, mc, mr []float64, k *[5]float64, t []float32, kt *[5][4]float32) (bad, ok bool) {
	if !haveKernels() || cout%4 != 0 || len(y) == 0 || len(b) < cout || len(es) < cout || len(mc) < cout || len(mr) < cout || len(r) != len(y) || len(y)%cout != 0 {
		return false, false
	}
	if t == nil {
		return epilogueReLU32(len(y)/cout, cout, &y[0], &r[0], &b[0], &es[0], &mc[0], &mr[0], k, nil, nil), true
	}
	if len(t) != len(y) || kt == nil {
		return false, false
	}
	return epilogueReLU32(len(y)/cout, cout, &y[0], &r[0], &b[0], &es[0], &mc[0], &mr[0], k, &t[0], kt), true
}

// haveKernels reports whether this processor runs the AVX2/FMA kernels.
func haveKernels() bool { return cpu.X86.HasAVX2 && cpu.X86.HasFMA }

// kernelGemm computes C = A B (row-major, no transposes) with the
// register-tiled kernels, on up to par goroutines over 6-row tiles (the last rows
// through a zero-padded tile, so every row is computed the same way
// wherever it sits in the batch) and 16- (float32) or 8-column (float64)
// strips (the columns right of the last full strip through a zero-padded
// one). It reports false when the kernels cannot run. Each entry is one
// dot product: each k block of kb terms one FMA chain from +0, the blocks'
// sums then added to C in order (the order gemmRoundings charges for;
// TestGemmBlockedSums pins it). The first k block stores into C rather
// than adding to it: a kernel's sum starts at +0 and so is never -0, and
// storing it gives the bits of adding it to 0.
func kernelGemm[T elem](par, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) bool {
	if !haveKernels() || m == 0 || k == 0 || n == 0 {
		return false
	}
	nt, kb := kernelBlocks[T]()
	m6, nn := m/6*6, n/nt*nt
	if nn < n { // the last columns, zero-padded to a strip
		e := n - nn
		pb, pc := make([]T, k*nt), make([]T, m*nt)
		for i := 0; i < k; i++ {
			copy(pb[i*nt:i*nt+e], b[i*ldb+nn:i*ldb+n])
		}
		kernelGemm(par, m, nt, k, a, lda, pb, nt, pc, nt)
		for i := 0; i < m; i++ {
			copy(c[i*ldc+nn:i*ldc+n], pc[i*nt:i*nt+e])
		}
		if nn == 0 {
			return true
		}
	}
	tiles := m6 / 6
	workers := max(1, min(par, tiles))
	if m6 < m { // the last rows, zero-padded to a tile
		pa, pc := make([]T, 6*k), make([]T, 6*nn)
		for i := m6; i < m; i++ {
			copy(pa[(i-m6)*k:(i-m6+1)*k], a[i*lda:i*lda+k])
		}
		kernelTiles(pa, k, b, ldb, pc, nn, k, nn, 0, 1, kb, nt)
		for i := m6; i < m; i++ {
			copy(c[i*ldc:i*ldc+nn], pc[(i-m6)*nn:(i-m6+1)*nn])
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		t0, t1 := tiles*w/workers, tiles*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			kernelTiles(a, lda, b, ldb, c, ldc, k, nn, t0, t1, kb, nt)
		}()
	}
	kernelTiles(a, lda, b, ldb, c, ldc, k, nn, 0, tiles/workers, kb, nt)
	wg.Wait()
	return true
}

// gemmRoundings returns how many roundings one product term can undergo in
// an entry of gemm's k-long dot products: kb + ceil(k/kb) - 1 where
// kernelGemm computes the product (each k block of kb terms is one FMA
// chain from zero, the blocks' sums are then added to C one by one), else
// k (the BLAS may sum in any order).
func gemmRoundings[T elem](n, k int) int {
	_, kb := kernelBlocks[T]()
	if !haveKernels() || n == 0 || k <= kb {
		return k
	}
	return kb + ceilDiv(k, kb) - 1
}

// kernelTiles runs the kernel on row tiles t0 .. t1-1 and column strips
// 0 .. nn-1, in k blocks of kb; the rows go in groups of 16 tiles so that a
// group's block of A stays in the cache while every strip of B passes.
func kernelTiles[T elem](a []T, lda int, b []T, ldb int, c []T, ldc int, k, nn, t0, t1, kb, nt int) {
	const group = 16
	for k0 := 0; k0 < k; k0 += kb {
		kl := min(kb, k-k0)
		add := min(k0, 1)
		for g := t0; g < t1; g += group {
			ge := min(g+group, t1)
			for j0 := 0; j0 < nn; j0 += nt {
				for t := g; t < ge; t++ {
					i0 := t * 6
					switch a := any(a).(type) {
					case []float32:
						sgemm6x16(kl, &a[i0*lda+k0], lda, &any(b).([]float32)[k0*ldb+j0], ldb, &any(c).([]float32)[i0*ldc+j0], ldc, add)
					case []float64:
						dgemm6x8(kl, &a[i0*lda+k0], lda, &any(b).([]float64)[k0*ldb+j0], ldb, &any(c).([]float64)[i0*ldc+j0], ldc, add)
					}
				}
			}
		}
	}
}
