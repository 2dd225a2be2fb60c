package network

import (
	"math/rand/v2"
	"testing"
)

// FuzzDecode: malformed model files give errors, never panics.
func FuzzDecode(f *testing.F) {
	// a tiny network keeps the seed small enough to mutate and minimise
	meta := Meta{Format: FormatVersion, Arch: "tiny", InputShape: []int{1, 2, 2}, NumClasses: 2, Dataset: "mnist",
		Normalization: Normalization{Mean: []float64{0}, Std: []float64{1}},
		Layers: []Layer{{Kind: KindFlatten}, {Kind: KindLinear, In: 4, Out: 3, Weight: "a.w", Bias: "a.b"},
			{Kind: KindBatchNorm, Eps: 1e-5, Weight: "n.w", Bias: "n.b", RunningMean: "n.m", RunningVar: "n.v"},
			{Kind: KindReLU}, {Kind: KindLinear, In: 3, Out: 2, Weight: "c.w"}}}
	m, err := RandomParams(meta, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		f.Fatal(err)
	}
	good, err := Encode(m)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add([]byte{255, 255, 255, 255, 255, 255, 255, 255, '{'})
	f.Fuzz(func(t *testing.T, buf []byte) {
		_, _ = Decode(buf)
	})
}
