package bound

import (
	"math/rand/v2"
	"testing"

	"github.com/verify-tools/verify/ibp/certtrain"
	"github.com/verify-tools/verify/ibp/network"
)

// allKindsMeta is a small network with every layer kind: conv with and
// without a following BN, a standalone BN after a ReLU, flatten, linear with
// BN, and a non-trivial input normalisation.
func allKindsMeta() network.Meta {
	n := func(i int, r string) string { return "l" + string(rune('a'+i)) + "." + r }
	bn := func(i int) network.Layer {
		return network.Layer{Kind: network.KindBatchNorm, Eps: 1e-5, Weight: n(i, "w"), Bias: n(i, "b"),
			RunningMean: n(i, "m"), RunningVar: n(i, "v")}
	}
	return network.Meta{
		Format: network.FormatVersion, Arch: "test", InputShape: []int{2, 6, 6}, NumClasses: 4, Dataset: "test",
		Normalization: network.Normalization{Mean: []float64{0.4, 0.5}, Std: []float64{0.2, 0.3}},
		Layers: []network.Layer{
			{Kind: network.KindConv2d, In: 2, Out: 3, Kernel: 3, Stride: 1, Padding: 1, Weight: n(0, "w"), Bias: n(0, "b")},
			bn(1),
			{Kind: network.KindReLU},
			{Kind: network.KindConv2d, In: 3, Out: 4, Kernel: 2, Stride: 2, Padding: 0, Weight: n(3, "w")},
			{Kind: network.KindReLU},
			bn(5),
			{Kind: network.KindFlatten},
			{Kind: network.KindLinear, In: 36, Out: 12, Weight: n(7, "w"), Bias: n(7, "b")},
			bn(8),
			{Kind: network.KindReLU},
			{Kind: network.KindLinear, In: 12, Out: 4, Weight: n(10, "w"), Bias: n(10, "b")},
		},
	}
}

func randomModel(t testing.TB, meta network.Meta, seed uint64) *network.Model {
	t.Helper()
	m, err := network.RandomParams(meta, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func archMeta(t testing.TB, arch string, shape []int, bn bool) network.Meta {
	t.Helper()
	meta, err := network.Build(arch, network.Options{InputShape: shape, NumClasses: 10, BN: bn})
	if err != nil {
		t.Fatal(err)
	}
	return meta
}

func compile(t testing.TB, m *network.Model) *Net {
	t.Helper()
	n, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func randomImage(rng *rand.Rand, n int) []byte {
	raw := make([]byte, n)
	for j := range raw {
		switch rng.IntN(4) {
		case 0:
			raw[j] = 0
		case 1:
			raw[j] = 255
		default:
			raw[j] = byte(rng.IntN(256))
		}
	}
	return raw
}

// labelledImages returns count random images for n, labelled 0, 1, ...
// in turn (so most are misclassified by a random network).
func labelledImages(rng *rand.Rand, n *Net, count int) ([][]byte, []int) {
	raws, ys := make([][]byte, count), make([]int, count)
	for i := range raws {
		raws[i], ys[i] = randomImage(rng, n.InputLen()), i%n.Classes
	}
	return raws, ys
}

// ibpInitModel is a model of meta initialised as verify train does with
// --init ibp (hidden weights N(0, (sqrt(2 pi)/fan_in)^2), identity BN), so
// interval widths neither explode nor vanish with depth.
func ibpInitModel(t testing.TB, meta network.Meta, seed uint64) *network.Model {
	t.Helper()
	m, err := certtrain.InitParams(meta, certtrain.InitIBP, rand.New(rand.NewPCG(seed, 2)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
