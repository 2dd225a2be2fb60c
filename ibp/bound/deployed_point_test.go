package bound

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/verify-tools/verify/ibp/network"
)

// pixels32 is the float32 input byte/255 of a deployed network.
func pixels32(raw []byte) []float32 {
	x := make([]float32, len(raw))
	for j, b := range raw {
		x[j] = float32(float64(b) / 255)
	}
	return x
}

// TestDeployedPointPasses: the deployed claim's point passes (the
// prediction pass's narrow one and the wide one of CheckAdversarialBatch),
// in both precisions, bound the margins of every float32 evaluation of the
// clean point (five summation orders, FMA among them, and two batch norm
// formulas): on networks initialised as verify train does, on scaled
// random ones, and on a conv layer whose float32 sum in one order loses a
// term (convCancelModel), which the float64 products' bounds contain only
// with the deployed terms of the radius product.
func TestDeployedPointPasses(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 3))
	type tc struct {
		m    *network.Model
		raws [][]byte
	}
	var cases []tc
	for seed := uint64(1); seed <= 4; seed++ {
		m := ibpInitModel(t, allKindsMeta(), seed)
		if seed > 2 {
			m = randomModel(t, allKindsMeta(), seed)
			scaleWeights(m, rng, 6)
		}
		c := tc{m: m}
		for i := 0; i < 4; i++ {
			c.raws = append(c.raws, randomImage(rng, m.Meta.InputShape[0]*m.Meta.InputShape[1]*m.Meta.InputShape[2]))
		}
		cases = append(cases, c)
	}
	cases = append(cases, tc{convCancelModel(), [][]byte{bytes.Repeat([]byte{255}, 20)}})
	checked := 0
	for k, c := range cases {
		n, err := CompileClaim(c.m, ClaimDeployed32)
		if err != nil {
			t.Fatal(err)
		}
		in := n.inputBoxes(c.raws, 0)
		for _, narrow := range []bool{true, false} {
			for _, p := range []Precision{Float32, Float64} {
				cls, err := n.classifierBoxes(in, p, narrow)
				if err != nil {
					t.Fatal(err)
				}
				for i, raw := range c.raws {
					for o := sumOrder(0); o < numOrders; o++ {
						for _, folded := range []bool{false, true} {
							z := eval32(c.m, pixels32(raw), o, folded)
							for y := range z {
								mb := ibpAffine(n.margins[y], cls[i])
								for r := range z {
									if r == y {
										continue
									}
									row := marginRow(n, y, r)
									if v := float64(z[y]) - float64(z[r]); !(mb.L[row] <= v && v <= mb.U[row]) {
										t.Fatalf("case %d narrow %v %s image %d order %d folded %v: float32 margin z%d−z%d = %v outside [%v, %v]",
											k, narrow, p, i, o, folded, y, r, v, mb.L[row], mb.U[row])
									}
									checked++
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d float32 margins checked", checked)
}

// convCancelModel is deployCancelModel's cancellation in a conv layer: a
// 10-channel 1×2 image of ones (kernel 1: two positions, so the conv is
// not a dense layer), weights (M, d, …, d, −M) with M = 2^20 and eight
// d = 2^-5, bias −4d, and the margin z_0 − z_1 the conv's first output:
// 4d = 0.125 in real arithmetic, −0.125 in float32 summed left to right
// (each M + d is M). The loss, 8d, is twice what the pixels' rounding
// allowance (u·Σ|W|) covers, so in float64 products only the deployed
// terms of the products (not those of the bias) cover it.
func convCancelModel() *network.Model {
	const M, d = 0x1p20, 0x1p-5
	meta := network.Meta{
		Format: network.FormatVersion, Arch: "test", InputShape: []int{10, 1, 2}, NumClasses: 2, Dataset: "test",
		Normalization: network.Normalization{Mean: make([]float64, 10), Std: []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		Layers: []network.Layer{
			{Kind: network.KindConv2d, In: 10, Out: 1, Kernel: 1, Stride: 1, Padding: 0, Weight: "c.w", Bias: "c.b"},
			{Kind: network.KindFlatten},
			{Kind: network.KindLinear, In: 2, Out: 2, Weight: "l.w", Bias: "l.b"},
		},
	}
	return &network.Model{Meta: meta, Tensors: map[string]*network.Tensor{
		"c.w": {Shape: []int{1, 10, 1, 1}, Data: []float64{M, d, d, d, d, d, d, d, d, -M}},
		"c.b": {Shape: []int{1}, Data: []float64{-4 * d}},
		"l.w": {Shape: []int{2, 2}, Data: []float64{1, 0, 0, 0}},
		"l.b": {Shape: []int{2}, Data: []float64{0, 0}},
	}}
}
