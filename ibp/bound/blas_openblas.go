//go:build openblas

package bound

// #cgo LDFLAGS: -lopenblas
import "C"

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/netlib/blas/netlib"
)

// blasName names the BLAS the batched bounds use.
const blasName = "OpenBLAS (cgo, openblas tag)"

func blas32() blas.Float32  { return netlib.Implementation{} }
func blas64i() blas.Float64 { return netlib.Implementation{} }
