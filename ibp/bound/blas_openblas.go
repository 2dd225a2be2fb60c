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

// batchIndependent: OpenBLAS may round a row differently depending on
// where it sits in a batch (seen with OPENBLAS_CORETYPE=Haswell and
// Prescott), so results are sound but not bit-identical across batch
// sizes, jobs or a resumed run.
const batchIndependent = false

func blas32() blas.Float32  { return netlib.Implementation{} }
func blas64i() blas.Float64 { return netlib.Implementation{} }
