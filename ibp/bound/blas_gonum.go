//go:build !openblas

package bound

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// blasName names the BLAS the batched bounds use.
const blasName = "gonum (pure Go)"

// batchIndependent: the kernels and gonum compute every row the same way
// wherever it sits in a batch.
const batchIndependent = true

func blas32() blas.Float32  { return gonum.Implementation{} }
func blas64i() blas.Float64 { return gonum.Implementation{} }
