package bound

import (
	"math"
	"testing"
)

// TestFusedRadiusInput: the radius input t that a conv or linear layer
// with its ReLU computes for the next layer, sample by sample after its
// epilogue (forwardThen), is bit for bit what the next layer computes
// itself (radiusInput), in both claims, both precisions, for ε-boxes and
// points (narrow).
func TestFusedRadiusInput(t *testing.T) {
	compared := 0
	for _, tc := range twinCases(t, "smallcnn", "cnn7") {
		for _, n := range []*Net{tc.dep, tc.real} {
			in := n.inputBoxes(tc.raws, tc.eps)
			for _, narrow := range []bool{false, true} {
				b32, err := n.b32.get(n)
				if err != nil {
					t.Fatal(err)
				}
				compared += fusedSame(t, n, b32, in, narrow)
				b64, err := n.b64.get(n)
				if err != nil {
					t.Fatal(err)
				}
				compared += fusedSame(t, n, b64, in, narrow)
			}
		}
	}
	if compared == 0 {
		t.Fatal("no layer computed a radius input for the next one: the test checks nothing")
	}
}

// fusedSame walks bn's layers as ibp does and compares, at every fused
// step that computes the next layer's t, that t with the next layer's own;
// it returns how many steps it compared.
func fusedSame[T elem](t *testing.T, n *Net, bn *bnet[T], in []Box, narrow bool) int {
	t.Helper()
	st := inputState[T](bn.fc, in, n.InShape)
	st.par, st.narrow = 1, narrow
	compared := 0
	for i := 0; i < len(bn.layers); i++ {
		l, ok := bn.layers[i].(*bconv[T])
		if !ok || i+1 >= len(bn.layers) || !isReLU(bn.layers[i+1]) {
			st = bn.step(bn.layers[i], st, nil)
			continue
		}
		var then *bconv[T]
		if i+2 < len(bn.layers) {
			then, _ = bn.layers[i+2].(*bconv[T])
		}
		out := l.forwardThen(bn.fc, st, true, nil, then)
		i++
		if then == nil {
			st = out
			continue
		}
		_, gc, _, useT := then.radiusFactors(narrow)
		if !useT {
			if out.t != nil {
				t.Fatalf("layer %d: a radius input for a layer that does not use one", i+1)
			}
			st = out
			continue
		}
		if out.t == nil {
			t.Fatalf("layer %d: no radius input for the next layer", i+1)
		}
		fused := out.t
		out.t = nil
		want := then.radiusInput(bn.fc, out, nil, gc)
		for k := range want {
			if math.Float64bits(float64(fused[k])) != math.Float64bits(float64(want[k])) {
				t.Fatalf("layer %d value %d: fused t %v, the next layer's own %v", i+1, k, fused[k], want[k])
			}
		}
		compared++
		st = out
	}
	return compared
}
