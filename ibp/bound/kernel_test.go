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
	// the bound the layers charge for gemm's own summation order
	g := gammaOf(gemmRoundings[T](n, k)+1, constOf[T]().u)
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

// TestGemmBlockedSums pins the summation order that gemmRoundings charges
// for: where the kernels compute every column, each k block starts from
// zero and its sum is added to C once. With A = (1, t, t, ..., t), t below
// half an ulp of 1, B = 1: a sum carried through all of k gives exactly 1
// (every 1 + t rounds back to 1), the blocked sum 1 + (k - kb) t.
func TestGemmBlockedSums(t *testing.T) {
	checkBlocked[float32](t, 0x1p-25)
	checkBlocked[float64](t, 0x1p-54)
}

func checkBlocked[T elem](t *testing.T, tiny T) {
	nt, kb := kernelBlocks[T]()
	k := 3 * kb
	if got := gemmRoundings[T](nt, k); !haveKernels() {
		if got != k {
			t.Fatalf("gemmRoundings = %d without kernels, want %d", got, k)
		}
		t.Skip("no AVX2/FMA kernels in this build or processor: the BLAS's order is charged as arbitrary")
	} else if want := kb + 2; got != want {
		t.Fatalf("gemmRoundings(%d, %d) = %d, want %d", nt, k, got, want)
	}
	// full strips, a full strip and a padded one, a padded one alone; a
	// full tile of rows and a padded one
	for _, n := range []int{nt, nt + 3, 5} {
		for _, m := range []int{6, 7} {
			a, b, c := make([]T, m*k), make([]T, k*n), make([]T, m*n)
			for i := 0; i < m; i++ {
				a[i*k] = 1
				for l := 1; l < k; l++ {
					a[i*k+l] = tiny
				}
			}
			for i := range b {
				b[i] = 1
			}
			gemm(1, m, n, k, a, k, b, n, c, n)
			want := 1 + T(k-kb)*tiny
			for i, v := range c {
				if v != want {
					t.Fatalf("%dx%d: C[%d] = %v, want %v: the kernel no longer sums k blocks from zero, so gemmRoundings undercharges", m, n, i, v, want)
				}
			}
		}
	}
}

// TestEpilogueKernel: the float32 epilogue kernel (where the processor
// runs it) gives the bits of the Go loop, boxes, channel maxima and the
// non-finite flag, on values around the ReLU cases (active, dead, unstable,
// c = +-r, zeros), tiny, huge and non-finite ones.
func TestEpilogueKernel(t *testing.T) {
	fc := constOf[float32]()
	rng := rand.New(rand.NewPCG(6, 6))
	finiteTrials, compared := 0, 0
	special := []float32{0, float32(math.Copysign(0, -1)), 1e-45, -1e-45, 1e-38, 3e38, -3e38, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
	val := func() float32 {
		switch rng.IntN(6) {
		case 0:
			return special[rng.IntN(len(special))]
		case 1:
			return float32(math.Ldexp(rng.NormFloat64(), rng.IntN(260)-130))
		}
		return float32(rng.NormFloat64())
	}
	for trial := 0; trial < 600; trial++ {
		cout := 4 * (1 + rng.IntN(5))
		npos := 1 + rng.IntN(6)
		l := &bconv[float32]{cout: cout, f1: 1 + rng.Float64()*1e-5, b: make([]float64, cout)}
		es := make([]float64, cout)
		for o := range es {
			l.b[o] = float64(val())
			es[o] = math.Abs(float64(val())) * 1e-3
		}
		fc := fc
		if trial%3 == 2 {
			// ReLU sees (y, r) unchanged: no bias, error terms or
			// rounding allowance, so that c = +-r is met exactly
			fc.u, fc.upMul, fc.upAdd, l.f1 = -2*unit, 1, 0, 1
			clear(l.b)
			clear(es)
		}
		finite := trial%2 == 0 // half the trials without non-finite values
		if finite {
			finiteTrials++
		}
		y, r := make([]float32, npos*cout), make([]float32, npos*cout)
		for i := range y {
			y[i], r[i] = val(), float32(math.Abs(float64(val())))
			if rng.IntN(4) == 0 { // on the ReLU boundaries
				r[i] = float32(math.Abs(float64(y[i]) + float64(l.b[i%cout])))
			}
			if finite && (math.IsNaN(float64(y[i]+r[i])) || math.IsInf(float64(y[i]), 0) || math.IsInf(float64(r[i]), 0) || math.Abs(float64(y[i])) > 1e30 || r[i] > 1e30) {
				y[i], r[i] = 1, 0.5
			}
		}
		if finite {
			for o := range l.b {
				if math.Abs(l.b[o]) > 1e30 || math.IsNaN(l.b[o]) || math.IsInf(l.b[o], 0) {
					l.b[o] = 0.25
				}
				if !(es[o] < 1e30) {
					es[o] = 0
				}
			}
		}
		uu, sl := fc.u+2*unit, slack64(4)
		k := [5]float64{l.f1, uu, sl, fc.upMul, fc.upAdd}
		y2, r2 := append([]float32(nil), y...), append([]float32(nil), r...)
		mc, mr, mc2, mr2 := make([]float64, cout), make([]float64, cout), make([]float64, cout), make([]float64, cout)
		tIn := newRadiusIn(1+rng.Float64()*1e-3, rng.Float64()*1e-2)
		tk := radiusConsts32(tIn.gr, tIn.gc)
		ts, ts2 := make([]float32, len(y)), make([]float32, len(y))
		bad, ok := fusedEpilogue32(cout, y, r, l.b, es, mc, mr, &k, ts, &tIn.k32)
		if !ok {
			t.Skip("no epilogue kernel on this processor or build")
		}
		bad2 := l.epilogueLoop(fc, y2, r2, es, true, mc2, mr2)
		if bad != bad2 {
			t.Fatalf("trial %d: non-finite flag %v, Go loop %v", trial, bad, bad2)
		}
		if bad {
			continue // a flagged sample's values are discarded
		}
		compared++
		for i := range y {
			if math.Float32bits(y[i]) != math.Float32bits(y2[i]) || math.Float32bits(r[i]) != math.Float32bits(r2[i]) {
				t.Fatalf("trial %d element %d: box (%v, %v), Go loop (%v, %v)", trial, i, y[i], r[i], y2[i], r2[i])
			}
		}
		for o := range mc {
			if mc[o] != mc2[o] || mr[o] != mr2[o] {
				t.Fatalf("trial %d channel %d: maxima (%v, %v), Go loop (%v, %v)", trial, o, mc[o], mr[o], mc2[o], mr2[o])
			}
		}
		radiusInput32Go(ts2, y2, r2, tk[0], tk[1])
		for i := range ts {
			if math.Float32bits(ts[i]) != math.Float32bits(ts2[i]) {
				t.Fatalf("trial %d element %d: radius input %v from (%v, %v), Go loop %v", trial, i, ts[i], y2[i], r2[i], ts2[i])
			}
		}
	}
	if compared < finiteTrials {
		t.Fatalf("only %d of %d trials without non-finite values compared", compared, finiteTrials)
	}
}

// TestRadiusInput32: the float32 loop never rounds the radius product's
// right-hand side below (1+gD) r + gc |c| (computed in float64 with room
// for its own rounding), on normal, tiny, subnormal and zero values; exact
// zeros stay 0 and NaN stays NaN.
func TestRadiusInput32(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	const n = 200000
	c, r, out := make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range c {
		scale := math.Ldexp(1, rng.IntN(260)-160) // from subnormal to 2^100
		c[i] = float32(rng.NormFloat64() * scale)
		r[i] = float32(math.Abs(rng.NormFloat64()) * scale * rng.Float64())
		switch i % 50 {
		case 0:
			c[i], r[i] = 0, 0
		case 1:
			r[i] = 0
		case 2:
			c[i] = 0
		}
	}
	c[3] = float32(math.NaN())
	c[4], r[4] = float32(math.Copysign(0, -1)), 0
	c[5], r[5] = float32(math.Inf(-1)), 1
	gr, gc := 1+1.5e-3, 1.5e-3+2.1e-5
	radiusInput32(out, c, r, gr, gc)
	// the AVX loop (where it runs) gives the Go loop's bits
	ref := make([]float32, n)
	g32, h32 := float32(gr), float32(gc)
	if float64(g32) < gr {
		g32 = math.Nextafter32(g32, 2)
	}
	if float64(h32) < gc {
		h32 = math.Nextafter32(h32, 2)
	}
	radiusInput32Go(ref, c, r, g32, h32)
	for i := range ref {
		if math.Float32bits(ref[i]) != math.Float32bits(out[i]) && !(math.IsNaN(float64(ref[i])) && math.IsNaN(float64(out[i]))) {
			t.Fatalf("value %d (c %v, r %v): %v, the Go loop %v", i, c[i], r[i], out[i], ref[i])
		}
	}
	for i := range out {
		want := (gr*float64(r[i]) + gc*math.Abs(float64(c[i]))) * (1 + 1e-15)
		switch {
		case i == 3:
			if !math.IsNaN(float64(out[i])) {
				t.Fatalf("NaN centre gave %v", out[i])
			}
		case i == 5:
			if !math.IsInf(float64(out[i]), 1) {
				t.Fatalf("infinite centre gave %v", out[i])
			}
		case c[i] == 0 && r[i] == 0:
			if out[i] != 0 {
				t.Fatalf("zero gave %v", out[i])
			}
		case !(float64(out[i]) >= want):
			t.Fatalf("value %d (c %v, r %v): %v below %v", i, c[i], r[i], out[i], want)
		case want > 0x1p-120 && float64(out[i]) > want*(1+1e-6):
			t.Fatalf("value %d (c %v, r %v): %v far above %v", i, c[i], r[i], out[i], want)
		}
	}
}
