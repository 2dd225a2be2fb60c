package bound

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestBatchSplitIdentical: a sample's batched bounds and prediction are
// bit-identical whatever batch it is computed in and however many workers
// split that batch (forChunks), for every method and precision, on the net
// with every layer kind and on the small CNN (whose products run in the
// AVX2 kernels where the processor has them).
func TestBatchSplitIdentical(t *testing.T) {
	if !BatchIndependent() {
		t.Skipf("%s: results are sound but may differ in the last bits with the batch", BLAS())
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	nets := []struct {
		name string
		n    *Net
		eps  float64
	}{
		{"allkinds", compile(t, randomModel(t, allKindsMeta(), 7)), 0.02},
		{"smallcnn", compile(t, ibpInitModel(t, archMeta(t, "smallcnn", []int{1, 28, 28}, true), 1)), 0.005},
	}
	type run struct {
		procs int
		sizes []int // the batches the samples are cut into
	}
	runs := []run{{1, []int{11}}, {2, []int{11}}, {3, []int{11}}, {2, []int{1, 2, 3, 5}}, {8, []int{3, 8}}, {4, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}}
	for _, tn := range nets {
		n := tn.n
		rng := rand.New(rand.NewPCG(9, 9))
		raws := make([][]byte, 11)
		ys := make([]int, len(raws))
		for i := range raws {
			raws[i], ys[i] = randomImage(rng, n.InputLen()), rng.IntN(n.Classes)
		}
		for _, method := range testMethods() {
			for _, p := range []Precision{Float32, Float64, Auto} {
				if tn.name == "smallcnn" && method == MethodCROWN && p != Float32 {
					continue // time: CROWN refines the 100-unit layer
				}
				t.Run(fmt.Sprintf("%s/%s/%s", tn.name, method, p), func(t *testing.T) {
					var first string
					for _, r := range runs {
						runtime.GOMAXPROCS(r.procs)
						var got string
						s0 := 0
						for _, k := range r.sizes {
							lb, err := n.MarginLowerBatch(raws[s0:s0+k], ys[s0:s0+k], tn.eps, method, DefaultCrownOptions(), p)
							if err != nil {
								t.Fatal(err)
							}
							pr, err := n.PredictBatch(raws[s0:s0+k], p)
							if err != nil {
								t.Fatal(err)
							}
							for i := range lb {
								for _, v := range lb[i] {
									got += fmt.Sprintf("%x ", math.Float64bits(v))
								}
								got += fmt.Sprintf("| %d\n", pr[i])
							}
							s0 += k
						}
						if first == "" {
							first = got
						} else if got != first {
							t.Fatalf("GOMAXPROCS %d, batches %v: bounds differ from GOMAXPROCS %d, batches %v", r.procs, r.sizes, runs[0].procs, runs[0].sizes)
						}
					}
				})
			}
		}
	}
}
