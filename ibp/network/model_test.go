package network

import (
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func smallModel(t *testing.T) *Model {
	t.Helper()
	return randomSmallCNN(t, []int{1, 28, 28}, 10, 1, 2)
}

// randomSmallCNN is smallcnn with BN for MNIST-like inputs of the given
// shape, its parameters drawn by RandomParams from PCG(seed1, seed2).
func randomSmallCNN(t *testing.T, shape []int, classes int, seed1, seed2 uint64) *Model {
	t.Helper()
	meta, err := Build("smallcnn", Options{InputShape: shape, NumClasses: classes, BN: true})
	if err != nil {
		t.Fatal(err)
	}
	meta.Dataset = "mnist"
	m, err := RandomParams(meta, rand.New(rand.NewPCG(seed1, seed2)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := smallModel(t)
	path := filepath.Join(t.TempDir(), "m.safetensors")
	if err := Save(path, m); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	sameModel(t, got, m)
}

// sameModel fails unless got has want's metadata and exactly its tensors.
func sameModel(t *testing.T, got, want *Model) {
	t.Helper()
	a, _ := json.Marshal(want.Meta)
	b, _ := json.Marshal(got.Meta)
	if string(a) != string(b) {
		t.Fatalf("metadata changed:\n%s\n%s", a, b)
	}
	if len(got.Tensors) != len(want.Tensors) {
		t.Fatalf("%d tensors, want %d", len(got.Tensors), len(want.Tensors))
	}
	for name, w := range want.Tensors {
		g := got.Tensors[name]
		if g == nil || len(g.Data) != len(w.Data) {
			t.Fatalf("tensor %s lost", name)
		}
		for i := range w.Data {
			if g.Data[i] != w.Data[i] {
				t.Fatalf("tensor %s[%d] = %v, want %v", name, i, g.Data[i], w.Data[i])
			}
		}
	}
}

func TestArchitectureShapes(t *testing.T) {
	cases := []struct {
		arch  string
		shape []int
		bn    bool
		flat  int // input of the first linear layer
	}{
		{"smallcnn", []int{1, 28, 28}, true, 1568},
		{"smallcnn", []int{3, 32, 32}, false, 2048},
		{"cnn7", []int{1, 28, 28}, true, 128 * 14 * 14},
		{"cnn7", []int{3, 32, 32}, true, 128 * 16 * 16},
		{"mlp", []int{1, 28, 28}, false, 784},
	}
	for _, tc := range cases {
		meta, err := Build(tc.arch, Options{InputShape: tc.shape, NumClasses: 10, BN: tc.bn})
		if err != nil {
			t.Fatalf("%s %v: %v", tc.arch, tc.shape, err)
		}
		bn := 0
		first := 0
		for _, l := range meta.Layers {
			if l.Kind == KindBatchNorm {
				bn++
			}
			if l.Kind == KindLinear && first == 0 {
				first = l.In
			}
		}
		if first != tc.flat {
			t.Errorf("%s %v: first linear layer has %d inputs, want %d", tc.arch, tc.shape, first, tc.flat)
		}
		if (bn > 0) != tc.bn {
			t.Errorf("%s bn=%v: %d batch norm layers", tc.arch, tc.bn, bn)
		}
	}
	if _, err := Build("resnet", Options{InputShape: []int{1, 28, 28}, NumClasses: 10}); err == nil {
		t.Error("unknown architecture accepted")
	}
}

// writeRaw writes a safetensors file by hand, for malformed cases.
func writeRaw(t *testing.T, header string, data []byte) string {
	t.Helper()
	buf := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	buf = append(buf, header...)
	buf = append(buf, data...)
	path := filepath.Join(t.TempDir(), "bad.safetensors")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadErrors(t *testing.T) {
	mutate := func(f func(m *Model)) string {
		m := smallModel(t)
		f(m)
		buf, err := Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "m.safetensors")
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cases := []struct {
		name string
		path string
		want string
	}{
		{"not safetensors", writeRaw(t, "", nil), "not a valid safetensors"},
		{"garbage header", writeRaw(t, "{not json", nil), "not a valid safetensors"},
		{"no metadata", writeRaw(t, `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4)), `no "verify" entry`},
		{"bad metadata JSON", writeRaw(t, `{"__metadata__":{"verify":"{oops"}}`, nil), "not valid JSON"},
		{"missing tensor", mutate(func(m *Model) { delete(m.Tensors, "layers.0.weight") }), `"layers.0.weight" (weight) is missing`},
		{"wrong shape", mutate(func(m *Model) { m.Tensors["layers.0.bias"] = &Tensor{Shape: []int{3}, Data: make([]float64, 3)} }), "has shape [3], want [16]"},
		{"layer does not fit", mutate(func(m *Model) { m.Meta.Layers[0].In = 3 }), "does not fit input shape"},
		{"unknown kind", mutate(func(m *Model) { m.Meta.Layers[2].Kind = "gelu" }), `unknown layer kind "gelu"`},
		{"normalisation", mutate(func(m *Model) { m.Meta.Normalization.Std = []float64{0} }), "std must be finite and > 0"},
		{"format", mutate(func(m *Model) { m.Meta.Format = 99 }), "format 99"},
		{"classes", mutate(func(m *Model) { m.Meta.NumClasses = 5 }), "want [5]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.path)
			if err == nil {
				t.Fatal("loaded a bad model")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Fatalf("error %q should name the file and mention %q", err, tc.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.safetensors")); err == nil || !strings.Contains(err.Error(), "missing.safetensors") {
		t.Fatalf("missing file: %v", err)
	}
}

// TestKernelLargerThanInput: a kernel that does not fit the padded input
// is rejected, although Go's truncating division would give size 1.
func TestKernelLargerThanInput(t *testing.T) {
	l := Layer{Kind: KindConv2d, In: 1, Out: 2, Kernel: 5, Stride: 2, Padding: 1}
	if _, err := l.outShape(Shape{1, 2, 2}); err == nil {
		t.Fatal("a 5×5 kernel on a 2×2 input with padding 1 was accepted")
	}
	if s, err := l.outShape(Shape{1, 3, 3}); err != nil || s[1] != 1 {
		t.Fatalf("5×5 kernel on a padded 5×5 input: %v %v", s, err)
	}
}
