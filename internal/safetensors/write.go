package safetensors

import (
	"encoding/binary"
	"fmt"
	"math"

	st "github.com/nlpodyssey/safetensors"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// Set collects F32 tensors to encode; the zero value is empty.
type Set struct {
	views map[string]st.TensorView
}

// AddF32 adds values as the tensor name of the given shape.
func (s *Set) AddF32(name string, values []float32, shape []int) error {
	data := make([]byte, 4*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(v))
	}
	return s.add(name, shape, data)
}

// AddF64AsF32 adds values rounded to float32 as the tensor name.
func (s *Set) AddF64AsF32(name string, values []float64, shape []int) error {
	data := make([]byte, 4*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(float32(v)))
	}
	return s.add(name, shape, data)
}

func (s *Set) add(name string, shape []int, data []byte) error {
	sh := make([]uint64, len(shape))
	for i, d := range shape {
		if d < 0 {
			return fmt.Errorf("tensor %q: negative dimension in shape %v", name, shape)
		}
		sh[i] = uint64(d)
	}
	tv, err := st.NewTensorView(st.F32, sh, data)
	if err != nil {
		return fmt.Errorf("tensor %q: %w", name, err)
	}
	if s.views == nil {
		s.views = map[string]st.TensorView{}
	}
	s.views[name] = tv
	return nil
}

// Encode serialises the tensors with the metadata entries.
func (s *Set) Encode(meta map[string]string) ([]byte, error) {
	buf, err := st.Serialize(s.views, meta)
	if err != nil {
		return nil, fmt.Errorf("serialise safetensors: %w", err)
	}
	return buf, nil
}

// WriteFile encodes the tensors with the metadata entries and replaces
// path with them atomically.
func (s *Set) WriteFile(path string, meta map[string]string) error {
	buf, err := s.Encode(meta)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return atomicfile.WriteFile(path, buf, 0o644)
}
