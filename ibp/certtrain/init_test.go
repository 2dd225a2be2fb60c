package certtrain

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/verify-tools/verify/ibp/network"
)

func std(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(v)))
}

func TestInitParams(t *testing.T) {
	meta, err := network.Build("cnn7", network.Options{InputShape: []int{1, 28, 28}, NumClasses: 10, BN: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{InitIBP, InitDefault} {
		m, err := InitParams(meta, scheme, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		last := len(meta.Layers) - 1
		for i, l := range meta.Layers {
			switch l.Kind {
			case network.KindConv2d, network.KindLinear:
				w := m.Tensors[l.Weight]
				fanIn := len(w.Data) / w.Shape[0]
				want := 1 / math.Sqrt(3*float64(fanIn)) // sd of U(±1/sqrt(fan_in))
				if scheme == InitIBP && i != last {
					want = math.Sqrt(2*math.Pi) / float64(fanIn)
				}
				mean, sd := std(w.Data)
				// Relative error of a sample sd is about 1/sqrt(2n); the
				// smallest layer has 576 weights.
				tol := 4 / math.Sqrt(2*float64(len(w.Data)))
				if math.Abs(sd-want)/want > tol || math.Abs(mean) > 4*want/math.Sqrt(float64(len(w.Data))) {
					t.Errorf("%s layer %d (%s, fan_in %d): mean %.3g sd %.5g, want 0 and %.5g", scheme, i, l.Kind, fanIn, mean, sd, want)
				}
			case network.KindBatchNorm:
				for _, n := range []string{l.Weight, l.RunningVar} {
					for _, v := range m.Tensors[n].Data {
						if v != 1 {
							t.Fatalf("%s: BN %s = %v, want 1 (untouched)", scheme, n, v)
						}
					}
				}
			}
		}
	}
	if IBPInitStd(9) != math.Sqrt(2*math.Pi)/9 {
		t.Error("IBPInitStd")
	}
	if _, err := InitParams(meta, "xavier", rand.New(rand.NewPCG(1, 2))); err == nil {
		t.Error("unknown scheme accepted")
	}
}
