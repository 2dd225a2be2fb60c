package safetensors

import (
	"encoding/binary"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	st "github.com/nlpodyssey/safetensors"
)

func TestRoundTrip(t *testing.T) {
	var set Set
	if err := set.AddF32("a", []float32{1, -2.5, 3e-8, 4, 5, 6}, []int{2, 3}); err != nil {
		t.Fatal(err)
	}
	if err := set.AddF64AsF32("b", []float64{0.1, 1e40}, []int{2}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.safetensors")
	if err := set.WriteFile(path, map[string]string{"k": `{"n":7}`}); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		shape []int
		f32   []float32
		f64   []float64
	}{
		{"a", []int{2, 3}, []float32{1, -2.5, 3e-8, 4, 5, 6}, []float64{1, -2.5, float64(float32(3e-8)), 4, 5, 6}},
		{"b", []int{2}, []float32{0.1, float32(math.Inf(1))}, []float64{float64(float32(0.1)), math.Inf(1)}},
	}
	for _, tc := range tests {
		tn, ok := f.Tensor(tc.name)
		if !ok {
			t.Fatalf("tensor %s missing", tc.name)
		}
		if !slices.Equal(tn.Shape(), tc.shape) || tn.Len() != len(tc.f32) || tn.DType() != "F32" {
			t.Errorf("%s: shape %v len %d dtype %s", tc.name, tn.Shape(), tn.Len(), tn.DType())
		}
		f32, err := tn.Float32s()
		if err != nil || !slices.Equal(f32, tc.f32) {
			t.Errorf("%s: Float32s = %v, %v; want %v", tc.name, f32, err, tc.f32)
		}
		f64, err := tn.Float64s()
		if err != nil || !slices.Equal(f64, tc.f64) {
			t.Errorf("%s: Float64s = %v, %v; want %v", tc.name, f64, err, tc.f64)
		}
	}
	var meta struct{ N int }
	if err := f.MetaJSON("k", &meta); err != nil || meta.N != 7 {
		t.Errorf("MetaJSON = %+v, %v", meta, err)
	}
	if got := f.Names(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Names = %v", got)
	}
}

// TestEncodeDeterministic: the same tensors give the same bytes whatever
// the order they were added in.
func TestEncodeDeterministic(t *testing.T) {
	enc := func(order []string) []byte {
		var set Set
		for _, n := range order {
			if err := set.AddF32(n, []float32{float32(len(n))}, []int{1}); err != nil {
				t.Fatal(err)
			}
		}
		b, err := set.Encode(map[string]string{"m": "x"})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if a, b := enc([]string{"x", "yy", "zzz"}), enc([]string{"zzz", "x", "yy"}); string(a) != string(b) {
		t.Error("encoding depends on insertion order")
	}
}

func TestErrors(t *testing.T) {
	f64 := make([]byte, 8)
	binary.LittleEndian.PutUint64(f64, math.Float64bits(2))
	tv, err := st.NewTensorView(st.F64, []uint64{1}, f64)
	if err != nil {
		t.Fatal(err)
	}
	i8, err := st.NewTensorView(st.I8, []uint64{1}, []byte{1})
	if err != nil {
		t.Fatal(err)
	}
	buf, err := st.Serialize(map[string]st.TensorView{"d": tv, "i": i8}, map[string]string{"bad": "{"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := Decode(buf)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := f.Tensor("d")
	i, _ := f.Tensor("i")
	var v struct{}
	var set Set
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"garbage", func() error { _, err := Decode([]byte("not a file")); return err }(), "not a valid safetensors file"},
		{"F64 as float32", func() error { _, err := d.Float32s(); return err }(), `tensor "d" has dtype F64, want F32`},
		{"I8 as float64", func() error { _, err := i.Float64s(); return err }(), `tensor "i" has dtype I8, want F32 or F64`},
		{"missing metadata", f.MetaJSON("none", &v), `no "none" metadata`},
		{"bad metadata", f.MetaJSON("bad", &v), `metadata "bad"`},
		{"shape mismatch", set.AddF32("w", []float32{1, 2}, []int{3}), `tensor "w"`},
		{"negative dimension", set.AddF32("n", nil, []int{-1}), `tensor "n": negative dimension`},
		{"missing file", func() error { _, err := ReadFile(filepath.Join(t.TempDir(), "no")); return err }(), "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", tc.err, tc.want)
			}
		})
	}
	if f64, err := d.Float64s(); err != nil || !slices.Equal(f64, []float64{2}) {
		t.Errorf("F64 tensor reads %v, %v", f64, err)
	}
}
