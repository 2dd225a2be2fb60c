//go:build torch

package certtrain

import (
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
	"github.com/verify-tools/verify/internal/libtorch"
)

// BenchmarkTrainStep measures training throughput (images/s) on the CPU at
// batch 256 on MNIST-shaped random data: a clean step (forward, CE,
// backward, Adam), an IBP step after the warm-up (clean pass for the BN
// statistics + interval pass, robust loss) and an IBP step during the
// warm-up (with both regularisers). VERIFY_BENCH_THREADS sets libtorch's
// thread count (default: one per CPU). Each sub-benchmark also reports the
// process's peak resident memory while it ran (peak-GiB; the measurement
// restarts at the current size, so run one sub-benchmark per process, as
// `make bench-train` does, for figures comparable to a whole run's), and
// the C heap's profile (tcmalloc's count of bytes in use, libtorch.ReadHeap;
// heapProfile): the most in use in each phase of trainStep — base-GiB
// between steps (weights, Adam's moments, the batch, libtorch's own data),
// forward-GiB up to the loss (the graph and the live intermediates),
// graph-GiB once the intermediates are freed and only the autograd graph's
// saved tensors remain, backward-GiB during the backward pass, update-GiB
// during Adam's update — and heap-GiB, what tcmalloc holds from the system
// at the end (in use, plus freed spans kept for reuse). The phases are
// sampled at their boundaries,
// and every millisecond while they run when VERIFY_BENCH_HEAP is set
// (which costs a little speed). go-GiB is what Go's own
// runtime holds from the system (gotch gives each tensor handle a 100 kB
// Go allocation).
func BenchmarkTrainStep(b *testing.B) {
	runtime.LockOSThread() // libtorch's thread count is per OS thread
	defer runtime.UnlockOSThread()
	b.Logf("C allocator: %s", libtorch.Allocator())
	threads, _ := strconv.Atoi(os.Getenv("VERIFY_BENCH_THREADS"))
	b.Logf("%d libtorch threads", libtorch.SetThreads(threads))
	const batch = 256
	for _, arch := range []string{"smallcnn", "cnn7"} {
		for _, mode := range []struct {
			name   string
			clean  bool
			lambda float64
		}{{"clean", true, 0}, {"ibp", false, 0}, {"ibp-warmup", false, 0.25}} {
			b.Run(arch+"/"+mode.name, func(b *testing.B) {
				net, opt, x, y := stepFixture(b, arch, batch)
				every := time.Duration(0)
				if os.Getenv("VERIFY_BENCH_HEAP") != "" {
					every = time.Millisecond
				}
				heap := newHeapProfile(every)
				defer heap.Stop()
				step := func() {
					heap.enter("forward")
					if _, err := trainStep(net, opt, x, y, 0.1, mode.lambda, 0.5, 1e-4, 10, mode.clean, lossMix{}, heap.probe); err != nil {
						b.Fatal(err)
					}
					runtime.GC() // as the training loop does after every batch
				}
				runtime.GC()
				if err := libtorch.ResetPeakRSS(); err != nil {
					b.Fatal(err)
				}
				step() // warm up libtorch's kernels and allocator
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					step()
				}
				b.StopTimer()
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "images/s")
				peak, err := libtorch.PeakRSS()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(peak)/(1<<30), "peak-GiB")
				heap.Stop()
				for _, ph := range []string{"base", "forward", "graph", "backward", "update"} {
					b.ReportMetric(float64(heap.Most(ph))/(1<<30), ph+"-GiB")
				}
				b.ReportMetric(float64(libtorch.ReadHeap().Heap)/(1<<30), "heap-GiB")
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ReportMetric(float64(ms.Sys-ms.HeapReleased)/(1<<30), "go-GiB")
			})
		}
	}
}

// stepFixture is an IBP-initialised MNIST network of arch with its
// optimiser and one random batch of pixels and labels on the CPU.
func stepFixture(tb testing.TB, arch string, batch int) (*Net, *libtorch.Adam, *ts.Tensor, *ts.Tensor) {
	tb.Helper()
	cfg := Config{Arch: arch, Dataset: "mnist", BN: true, Eps: 0.2}
	meta, err := cfg.Meta([3]int{1, 28, 28}, 10)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := InitParams(meta, InitIBP, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		tb.Fatal(err)
	}
	net, err := NewNet(m, gotch.CPU)
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float32, batch*784)
	for i := range xs {
		xs[i] = float32(r.Float64())
	}
	ys := make([]int64, batch)
	for i := range ys {
		ys[i] = int64(r.IntN(10))
	}
	x, y := toDevice(xs, ys, [3]int{1, 28, 28}, gotch.CPU)
	return net, libtorch.NewAdam(net.params), x, y
}
