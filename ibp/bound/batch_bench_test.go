package bound

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkBatch measures samples/s of the batched bounds against the
// per-sample reference path (MarginLower) in the same run, on IBP-init
// random MNIST models with full BN. Run:
//
//	go test -run '^$' -bench Batch -benchtime 1x ./ibp/bound
//
// A batch is split across GOMAXPROCS workers, so samples/s is the wall-clock
// rate on all cores, and samples/cpu-s (every core's CPU time counted) the
// work per sample, the steadier figure on a shared machine; on idle cores
// samples/s approaches samples/cpu-s times the cores for batches of at
// least one sample per core. CROWN on CNN-7 runs at most 64 samples a batch,
// so its batch=256 rows repeat batch 64 (named with a #01 suffix).
func BenchmarkBatch(b *testing.B) {
	b.Logf("matrix products: %s", BLAS())
	for _, arch := range []string{"smallcnn", "cnn7"} {
		m := ibpInitModel(b, archMeta(b, arch, []int{1, 28, 28}, true), 1)
		n := compile(b, m)
		rng := rand.New(rand.NewPCG(1, 1))
		raws := make([][]byte, 256)
		ys := make([]int, len(raws))
		for i := range raws {
			raws[i], ys[i] = randomImage(rng, n.InputLen()), i%10
		}
		for _, method := range []Method{MethodIBP, MethodCROWN, MethodCROWNIBP} {
			// crown-ibp: CROWN with no intermediate refinement (IBP
			// intermediate bounds), the setting auto_LiRPA calls CROWN-IBP
			opt := DefaultCrownOptions()
			for _, bs := range benchBatches {
				if method != MethodIBP && arch == "cnn7" && bs > 64 {
					bs = 64 // memory: the backward pass keeps every layer's box
				}
				for _, p := range []Precision{Float32, Float64, Auto} {
					b.Run(fmt.Sprintf("%s/%s/batch=%d/%s", arch, method, bs, p), func(b *testing.B) {
						// compile the batched network outside the timing
						if _, err := n.MarginLowerBatch(raws[:1], ys[:1], 0.01, method, opt, p); err != nil {
							b.Fatal(err)
						}
						b.ResetTimer()
						cpu0 := cpuTime()
						done := 0
						for i := 0; i < b.N; i++ {
							if _, err := n.MarginLowerBatch(raws[:bs], ys[:bs], 0.01, method, opt, p); err != nil {
								b.Fatal(err)
							}
							done += bs
						}
						reportRate(b, done, cpu0)
					})
				}
			}
			b.Run(fmt.Sprintf("%s/%s/reference", arch, method), func(b *testing.B) {
				cpu0 := cpuTime()
				done := 0
				for i := 0; i < b.N; i++ {
					for j := 0; j < refSamples; j++ {
						if _, err := n.MarginLower(raws[j], ys[j], 0.01, method, opt); err != nil {
							b.Fatal(err)
						}
						done++
					}
				}
				reportRate(b, done, cpu0)
			})
		}
	}
}

// benchBatches are the batch sizes measured; refSamples the samples one
// reference iteration bounds.
var benchBatches = []int{1, 64, 256}

const refSamples = 8

// reportRate reports samples per wall second and per CPU second (the
// steadier figure on a shared machine).
func reportRate(b *testing.B, done int, cpu0 int64) {
	b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(float64(done)/(float64(cpuTime()-cpu0)/1e9), "samples/cpu-s")
}
