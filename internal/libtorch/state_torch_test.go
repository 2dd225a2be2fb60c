//go:build torch

package libtorch

import (
	"slices"
	"strings"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"

	"github.com/verify-tools/verify/internal/safetensors"
)

// TestAdamStateRoundTrip: the moments and step count a checkpoint stores
// come back exactly into a fresh optimiser over the same parameters.
func TestAdamStateRoundTrip(t *testing.T) {
	SetThreads(1)
	net, err := RandomSmallNet(testShape, 3, gotch.Float, gotch.CPU)
	if err != nil {
		t.Fatal(err)
	}
	opt := NewAdam(net.Params)
	x := ts.MustOnes([]int64{2, testShape.InC, testShape.H, testShape.W}, gotch.Float, gotch.CPU)
	defer x.MustDrop()
	for range 2 {
		loss := net.Forward(x, true).MustSquare(true).MustSum(gotch.Float, true)
		loss.MustBackward()
		loss.MustDrop()
		if _, err := opt.Step(1e-2, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"conv.w", "conv.b", "bn.w", "bn.b", "fc.w", "fc.b"}
	var set safetensors.Set
	if err := opt.AddState(&set, names, "m/", "v/"); err != nil {
		t.Fatal(err)
	}
	buf, err := set.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Decode(buf)
	if err != nil {
		t.Fatal(err)
	}
	fresh := NewAdam(net.Params)
	if err := fresh.RestoreState(f, names, "m/", "v/", opt.Steps); err != nil {
		t.Fatal(err)
	}
	if fresh.Steps != 2 {
		t.Errorf("steps %d, want 2", fresh.Steps)
	}
	for i := range names {
		for _, pair := range [][2]*ts.Tensor{{opt.M[i], fresh.M[i]}, {opt.V[i], fresh.V[i]}} {
			want, _ := Values(pair[0])
			got, shape := Values(pair[1])
			if !slices.Equal(got, want) {
				t.Fatalf("%s: restored moments differ", names[i])
			}
			if !slices.ContainsFunc(want, func(v float64) bool { return v != 0 }) {
				t.Errorf("%s: moments are all zero, the test proves nothing", names[i])
			}
			if s := pair[1].MustSize(); len(s) != len(shape) {
				t.Errorf("%s: shape %v, size %v", names[i], shape, s)
			}
		}
	}

	tests := []struct {
		name  string
		names []string
		want  string
	}{
		{"missing tensor", []string{"conv.w", "conv.b", "bn.w", "bn.b", "fc.w", "other"}, `no optimiser state "m/other"`},
		{"wrong shape", []string{"conv.w", "conv.b", "bn.w", "bn.b", "fc.b", "fc.w"}, "has shape"},
		{"wrong count", names[:2], "2 names for 6 parameters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := NewAdam(net.Params).RestoreState(f, tc.names, "m/", "v/", 1)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
