package bound

import (
	"math/rand/v2"
	"testing"
)

// benchMargin measures one sample's margin bounds on a random-weight model
// of the given architecture (MNIST shape, full BN).
func benchMargin(b *testing.B, arch string, method Method) {
	m := randomModel(b, archMeta(b, arch, []int{1, 28, 28}, true), 1)
	n := compile(b, m)
	raw := randomImage(rand.New(rand.NewPCG(1, 1)), n.InputLen())
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := n.MarginLower(raw, 3, 0.01, method, DefaultCrownOptions()); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time is steadier than wall time on a shared machine
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkMarginSmallCNNIBP(b *testing.B)   { benchMargin(b, "smallcnn", MethodIBP) }
func BenchmarkMarginSmallCNNCROWN(b *testing.B) { benchMargin(b, "smallcnn", MethodCROWN) }
func BenchmarkMarginCNN7IBP(b *testing.B)       { benchMargin(b, "cnn7", MethodIBP) }
func BenchmarkMarginCNN7CROWN(b *testing.B)     { benchMargin(b, "cnn7", MethodCROWN) }
