package phasenet

import (
	"context"
	"math"
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/verify-tools/verify/internal/pool"
)

// linear computes out[rows×o] (+)= x[rows×i] · Wᵀ + b for a torch-layout
// weight W [o×i]; with acc the product is added to out. The rows go to
// gonum's sgemm in blocks of gemmRows, which it multiplies on the calling
// goroutine, so the pool alone decides how many cores work.
func (p rowPool) linear(x []float32, rows, in int, w []float32, o int, b []float32, out []float32, acc bool) {
	if rows == 0 {
		return
	}
	beta := float32(0)
	if acc {
		beta = 1
	}
	wt := blas32.General{Rows: o, Cols: in, Stride: in, Data: w}
	p.rows(rows, func(lo, hi int) {
		for r := lo; r < hi; r += gemmRows {
			e := min(r+gemmRows, hi)
			blas32.Gemm(blas.NoTrans, blas.Trans, 1,
				blas32.General{Rows: e - r, Cols: in, Stride: in, Data: x[r*in : e*in]},
				wt, beta,
				blas32.General{Rows: e - r, Cols: o, Stride: o, Data: out[r*o : e*o]})
		}
		if b == nil {
			return
		}
		for r := lo; r < hi; r++ {
			row := out[r*o : (r+1)*o]
			for j := range row {
				row[j] += b[j]
			}
		}
	})
}

// gemmRows is the row block of one sgemm call: gonum multiplies serially
// below 4 blocks of 64×64 outputs, which one block of 64 rows stays under
// for up to 192 output columns (the default hidden size is 48; a wider
// model lets sgemm take more cores than the pool's).
const gemmRows = 64

// rowPool runs row ranges on at most workers goroutines: all cores for
// `verify gnn predict`, all but one next to a running search, so that
// inference does not take the search's core.
type rowPool struct{ workers int }

// newPool makes a pool of workers goroutines; ≤ 0 means GOMAXPROCS.
func newPool(workers int) rowPool {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return rowPool{workers: workers}
}

// rows splits [0, n) into one chunk per worker, run concurrently on
// internal/pool; small n, or one worker, runs inline.
func (p rowPool) rows(n int, f func(lo, hi int)) {
	if n < 2048 || p.workers == 1 {
		f(0, n)
		return
	}
	chunk := (n + p.workers - 1) / p.workers
	// The calls never fail and the context never ends: no error to check.
	_ = pool.ForEach(context.Background(), (n+chunk-1)/chunk, p.workers, func(_ context.Context, i int) error {
		f(i*chunk, min((i+1)*chunk, n))
		return nil
	})
}

func relu(x []float32) {
	for i, v := range x {
		if v < 0 {
			x[i] = 0
		}
	}
}

// layerNorm normalises each row of x (rows×d) into out with scale and
// shift, eps 1e-5 as torch's default.
func (p rowPool) layerNorm(x []float32, rows, d int, scale, shift, out []float32) {
	p.rows(rows, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row, o := x[r*d:(r+1)*d], out[r*d:(r+1)*d]
			var mean, vr float64
			for _, v := range row {
				mean += float64(v)
			}
			mean /= float64(d)
			for _, v := range row {
				dv := float64(v) - mean
				vr += dv * dv
			}
			inv := 1 / math.Sqrt(vr/float64(d)+1e-5)
			for j, v := range row {
				o[j] = float32((float64(v)-mean)*inv)*scale[j] + shift[j]
			}
		}
	})
}

// mlp2 computes Lin2(ReLU(Lin1(x))) for rows of x; tmp holds rows×d.
func (p rowPool) mlp2(m *Model, prefix string, x []float32, rows, d, outDim int, tmp, out []float32, acc bool) {
	w := m.Weights
	p.linear(x, rows, d, w[prefix+".0.weight"], d, w[prefix+".0.bias"], tmp, false)
	relu(tmp[:rows*d])
	p.linear(tmp, rows, d, w[prefix+".2.weight"], outDim, w[prefix+".2.bias"], out, acc)
}

func sigmoid(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }
