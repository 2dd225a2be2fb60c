package phasenet

import (
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// linear computes out[rows×o] (+)= x[rows×i] · Wᵀ + b for a torch-layout
// weight W [o×i]; with acc the product is added to out. gonum's sgemm
// uses the cores for large row counts.
func linear(x []float32, rows, in int, w []float32, o int, b []float32, out []float32, acc bool) {
	if rows == 0 {
		return
	}
	beta := float32(0)
	if acc {
		beta = 1
	}
	blas32.Gemm(blas.NoTrans, blas.Trans, 1,
		blas32.General{Rows: rows, Cols: in, Stride: in, Data: x[:rows*in]},
		blas32.General{Rows: o, Cols: in, Stride: in, Data: w},
		beta,
		blas32.General{Rows: rows, Cols: o, Stride: o, Data: out[:rows*o]})
	if b != nil {
		parallelRows(rows, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				row := out[r*o : (r+1)*o]
				for j := range row {
					row[j] += b[j]
				}
			}
		})
	}
}

// parallelRows splits [0, n) into chunks processed by one goroutine per
// core; small n runs inline.
func parallelRows(n int, f func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 2048 || workers == 1 {
		f(0, n)
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
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
func layerNorm(x []float32, rows, d int, scale, shift, out []float32) {
	parallelRows(rows, func(lo, hi int) {
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
func mlp2(m *Model, prefix string, x []float32, rows, d, outDim int, tmp, out []float32, acc bool) {
	w := m.Weights
	linear(x, rows, d, w[prefix+".0.weight"], d, w[prefix+".0.bias"], tmp, false)
	relu(tmp[:rows*d])
	linear(tmp, rows, d, w[prefix+".2.weight"], outDim, w[prefix+".2.bias"], out, acc)
}

func sigmoid(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }
