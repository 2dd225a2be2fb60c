//go:build torch

package certtrain

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/libtorch"
)

// testMeta builds a small network of the given layers on input [c, h, w].
func testMeta(t *testing.T, shape []int, layers []network.Layer) network.Meta {
	t.Helper()
	for i := range layers {
		l := &layers[i]
		name := func(role string) string { return "layers." + string(rune('a'+i)) + "." + role }
		switch l.Kind {
		case network.KindLinear, network.KindConv2d:
			l.Weight, l.Bias = name("weight"), name("bias")
		case network.KindBatchNorm:
			l.Eps = 1e-5
			l.Weight, l.Bias, l.RunningMean, l.RunningVar = name("weight"), name("bias"), name("running_mean"), name("running_var")
		}
	}
	meta := network.Meta{Format: network.FormatVersion, Arch: "test", InputShape: shape, NumClasses: 3, Layers: layers}
	for i := 0; i < shape[0]; i++ {
		meta.Normalization.Mean = append(meta.Normalization.Mean, 0.3)
		meta.Normalization.Std = append(meta.Normalization.Std, 0.5)
	}
	if _, err := meta.Shapes(); err != nil {
		t.Fatal(err)
	}
	return meta
}

// randomNet is a network with random weights and random BN statistics.
func randomNet(t *testing.T, meta network.Meta, seed uint64) *Net {
	t.Helper()
	m, err := network.RandomParams(meta, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNet(m, gotch.CPU)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func values(t *ts.Tensor) []float64 { return t.MustDetach(false).Float64Values(true) }

// TestIBPBoundsContainSamples propagates a box through every layer kind
// (linear, conv with stride and padding, BN with batch and with running
// statistics, ReLU, flatten) and checks that the exact outputs of points
// sampled in the box, corners included, lie inside every layer's box and
// that the sampled margins z_y − z_j are above the margin lower bounds.
func TestIBPBoundsContainSamples(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	libtorch.SetThreads(1)
	L := func(kind string, in, out, k, s, p int) network.Layer {
		return network.Layer{Kind: kind, In: in, Out: out, Kernel: k, Stride: s, Padding: p}
	}
	cases := []struct {
		name   string
		shape  []int
		layers []network.Layer
	}{
		{"mlp", []int{1, 3, 3}, []network.Layer{{Kind: network.KindFlatten}, L(network.KindLinear, 9, 6, 0, 0, 0),
			{Kind: network.KindBatchNorm}, {Kind: network.KindReLU}, L(network.KindLinear, 6, 3, 0, 0, 0)}},
		{"conv", []int{2, 5, 5}, []network.Layer{L(network.KindConv2d, 2, 3, 3, 2, 1), {Kind: network.KindBatchNorm},
			{Kind: network.KindReLU}, L(network.KindConv2d, 3, 2, 2, 1, 0), {Kind: network.KindReLU},
			{Kind: network.KindFlatten}, L(network.KindLinear, 8, 3, 0, 0, 0)}},
	}
	for _, tc := range cases {
		for _, train := range []bool{false, true} {
			name := tc.name + "/eval"
			if train {
				name = tc.name + "/batch-stats"
			}
			t.Run(name, func(t *testing.T) {
				checkContainment(t, randomNet(t, testMeta(t, tc.shape, tc.layers), 3), train)
			})
		}
	}
}

func checkContainment(t *testing.T, n *Net, train bool) {
	const batch, samples = 4, 64
	const eps = 0.15
	r := rand.New(rand.NewPCG(5, 6))
	s := n.Meta.InputShape
	size := s[0] * s[1] * s[2]
	xs := make([]float32, batch*size)
	for i := range xs {
		xs[i] = float32(r.Float64())
	}
	ys := make([]int64, batch)
	for i := range ys {
		ys[i] = int64(r.IntN(3))
	}
	x, y := toDevice(xs, ys, [3]int{s[0], s[1], s[2]}, gotch.CPU)
	var fixed []affine
	if train {
		_, fixed = n.Forward(n.normalize(x), true)
	}
	in := n.inputBox(x, eps)
	res := n.IBP(in, y, fixed, ibpOptions{layers: true})
	if fixed == nil {
		_, fixed = n.trace(n.normalize(x), false, nil, nil)
	}
	lo, hi := values(in.lower()), values(in.upper())
	var boxes [][2][]float64
	for _, b := range res.layers {
		boxes = append(boxes, [2][]float64{values(b.lower()), values(b.upper())})
	}
	lb := values(res.lb)
	for k := 0; k < samples; k++ {
		// Pixels: a corner of the clipped box for half the samples, a
		// uniform point for the rest.
		ps := make([]float32, len(xs))
		for i, v := range xs {
			a, b := math.Max(float64(v)-eps, 0), math.Min(float64(v)+eps, 1)
			u := r.Float64()
			if k%2 == 0 {
				u = float64(r.IntN(2))
			}
			ps[i] = float32(a + u*(b-a))
		}
		p, _ := toDevice(ps, ys, [3]int{s[0], s[1], s[2]}, gotch.CPU)
		pn := n.normalize(p)
		in0 := values(pn)
		for i := range in0 {
			if in0[i] < lo[i]-1e-5 || in0[i] > hi[i]+1e-5 {
				t.Fatalf("input %d: %v outside the input box [%v, %v]", i, in0[i], lo[i], hi[i])
			}
		}
		outs, _ := n.trace(pn, false, fixed, nil)
		for li, b := range boxes {
			v := values(outs[li])
			for i := range v {
				tol := 1e-4 * (1 + math.Abs(v[i]))
				if v[i] < b[0][i]-tol || v[i] > b[1][i]+tol {
					t.Fatalf("layer %d (%s) value %d: %v outside [%v, %v]", li, n.layers[li].Kind, i, v[i], b[0][i], b[1][i])
				}
			}
		}
		logits := values(outs[len(outs)-1])
		for i, yi := range ys {
			for j := 0; j < 3; j++ {
				m := logits[i*3+int(yi)] - logits[i*3+j]
				if l := lb[i*3+j]; m < l-1e-4*(1+math.Abs(m)) {
					t.Fatalf("sample %d: margin z_%d − z_%d = %v below its lower bound %v", i, yi, j, m, l)
				}
				if j == int(yi) && lb[i*3+j] != 0 {
					t.Fatalf("sample %d: margin bound of the label against itself is %v, want 0", i, lb[i*3+j])
				}
			}
		}
	}
}

// At ε = 0 the interval pass is the clean pass: the margin bounds are the
// exact margins.
func TestIBPAtZeroIsExact(t *testing.T) {
	meta, err := network.Build("smallcnn", network.Options{InputShape: []int{1, 28, 28}, NumClasses: 10, BN: true})
	if err != nil {
		t.Fatal(err)
	}
	meta.Normalization = Normalization("mnist", 1)
	n := randomNet(t, meta, 9)
	r := rand.New(rand.NewPCG(1, 1))
	xs := make([]float32, 2*784)
	for i := range xs {
		xs[i] = float32(r.Float64())
	}
	x, y := toDevice(xs, []int64{3, 7}, [3]int{1, 28, 28}, gotch.CPU)
	logits, _ := n.Forward(n.normalize(x), false)
	lb := values(n.IBP(n.inputBox(x, 0), y, nil, ibpOptions{}).lb)
	z := values(logits)
	for i, yi := range []int{3, 7} {
		for j := 0; j < 10; j++ {
			if want := z[i*10+yi] - z[i*10+j]; math.Abs(lb[i*10+j]-want) > 1e-4*(1+math.Abs(want)) {
				t.Errorf("sample %d class %d: bound %v, margin %v", i, j, lb[i*10+j], want)
			}
		}
	}
}
