package safetensors

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"

	st "github.com/nlpodyssey/safetensors"
)

// File is a decoded safetensors file; its tensors share the bytes it was
// decoded from.
type File struct {
	st   st.SafeTensors
	meta map[string]string
}

// ReadFile reads and decodes the file at path; errors name it.
func ReadFile(path string) (*File, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := Decode(buf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Decode parses safetensors bytes: header, metadata and tensor offsets.
func Decode(buf []byte) (*File, error) {
	s, err := st.Deserialize(buf)
	if err != nil {
		return nil, fmt.Errorf("not a valid safetensors file: %w", err)
	}
	_, md, err := st.ReadMetadata(buf)
	if err != nil {
		return nil, fmt.Errorf("safetensors header: %w", err)
	}
	return &File{st: s, meta: md.Metadata()}, nil
}

// Meta returns the metadata entry key.
func (f *File) Meta(key string) (string, bool) {
	v, ok := f.meta[key]
	return v, ok
}

// Names lists the tensors in the order of their data in the file.
func (f *File) Names() []string { return f.st.Names() }

// Tensor returns the tensor called name.
func (f *File) Tensor(name string) (Tensor, bool) {
	v, ok := f.st.Tensor(name)
	return Tensor{Name: name, view: v}, ok
}

// MetaJSON decodes the metadata entry key, a JSON document, into v.
func (f *File) MetaJSON(key string, v any) error {
	raw, ok := f.meta[key]
	if !ok {
		return fmt.Errorf("no %q metadata", key)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return fmt.Errorf("metadata %q: %w", key, err)
	}
	return nil
}

// Tensor is one stored tensor.
type Tensor struct {
	Name string
	view st.TensorView
}

// Shape is the tensor's shape.
func (t Tensor) Shape() []int {
	shape := make([]int, len(t.view.Shape()))
	for i, d := range t.view.Shape() {
		shape[i] = int(d)
	}
	return shape
}

// Len is the number of values (the product of the shape).
func (t Tensor) Len() int {
	n := 1
	for _, d := range t.view.Shape() {
		n *= int(d)
	}
	return n
}

// DType names the stored element type (F32, F64, ...).
func (t Tensor) DType() string { return t.view.DType().String() }

// Float32s returns the values of an F32 tensor.
func (t Tensor) Float32s() ([]float32, error) {
	if t.view.DType() != st.F32 {
		return nil, fmt.Errorf("tensor %q has dtype %s, want F32", t.Name, t.view.DType())
	}
	data := t.view.Data()
	out := make([]float32, len(data)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return out, nil
}

// Float64s returns the values of an F32 tensor (widened) or an F64 one.
func (t Tensor) Float64s() ([]float64, error) {
	data := t.view.Data()
	switch t.view.DType() {
	case st.F32:
		out := make([]float64, len(data)/4)
		for i := range out {
			out[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])))
		}
		return out, nil
	case st.F64:
		out := make([]float64, len(data)/8)
		for i := range out {
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
		}
		return out, nil
	default:
		return nil, fmt.Errorf("tensor %q has dtype %s, want F32 or F64", t.Name, t.view.DType())
	}
}
