package network

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/google/renameio/v2"
	"github.com/nlpodyssey/safetensors"
)

// Load reads and validates a model file. Errors name the file.
func Load(path string) (*Model, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	m, err := Decode(buf)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", path, err)
	}
	return m, nil
}

// FileSHA256 returns the hex SHA-256 of a file's bytes.
func FileSHA256(path string) (string, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:]), nil
}

// Decode parses and validates a model from safetensors bytes.
func Decode(buf []byte) (*Model, error) {
	st, err := safetensors.Deserialize(buf)
	if err != nil {
		return nil, fmt.Errorf("not a valid safetensors file: %w", err)
	}
	_, md, err := safetensors.ReadMetadata(buf)
	if err != nil {
		return nil, fmt.Errorf("safetensors header: %w", err)
	}
	raw, ok := md.Metadata()[MetadataKey]
	if !ok {
		return nil, fmt.Errorf("no %q entry in the safetensors __metadata__ (not written by verify train?)", MetadataKey)
	}
	m := &Model{Tensors: map[string]*Tensor{}}
	if err := json.Unmarshal([]byte(raw), &m.Meta); err != nil {
		return nil, fmt.Errorf("metadata %q is not valid JSON: %w", MetadataKey, err)
	}
	for _, nv := range st.Tensors() {
		t, err := decodeTensor(nv.Name, nv.TensorView)
		if err != nil {
			return nil, err
		}
		m.Tensors[nv.Name] = t
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

func decodeTensor(name string, v safetensors.TensorView) (*Tensor, error) {
	shape := make([]int, len(v.Shape()))
	n := 1
	for i, d := range v.Shape() {
		shape[i] = int(d)
		n *= int(d)
	}
	data := v.Data()
	out := make([]float64, n)
	switch v.DType() {
	case safetensors.F32:
		for i := range out {
			out[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])))
		}
	case safetensors.F64:
		for i := range out {
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
		}
	default:
		return nil, fmt.Errorf("tensor %q has dtype %s, want F32 or F64", name, v.DType())
	}
	return &Tensor{Shape: shape, Data: out}, nil
}

// Encode serialises the model: tensors as F32 (values are rounded to
// float32), the metadata as JSON under the "verify" key.
func Encode(m *Model) ([]byte, error) {
	metaJSON, err := json.Marshal(m.Meta)
	if err != nil {
		return nil, fmt.Errorf("encode metadata: %w", err)
	}
	names := make([]string, 0, len(m.Tensors))
	for n := range m.Tensors {
		names = append(names, n)
	}
	sort.Strings(names)
	views := make(map[string]safetensors.TensorView, len(names))
	for _, n := range names {
		tv, err := m.Tensors[n].View()
		if err != nil {
			return nil, fmt.Errorf("tensor %q: %w", n, err)
		}
		views[n] = tv
	}
	buf, err := safetensors.Serialize(views, map[string]string{MetadataKey: string(metaJSON)})
	if err != nil {
		return nil, fmt.Errorf("serialise safetensors: %w", err)
	}
	return buf, nil
}

// Save validates and writes the model atomically (temporary file + rename).
// Values are stored as float32; m is updated to hold the rounded values, so
// that it equals what Load returns.
func Save(path string, m *Model) error {
	for _, t := range m.Tensors {
		for i, v := range t.Data {
			t.Data[i] = float64(float32(v))
		}
	}
	if err := m.Validate(); err != nil {
		return fmt.Errorf("model %s: %w", path, err)
	}
	buf, err := Encode(m)
	if err != nil {
		return fmt.Errorf("model %s: %w", path, err)
	}
	return WriteFileAtomic(path, buf)
}

// WriteFileAtomic writes data to a temporary file in the same folder and
// renames it over path (renameio), so readers never see a partial file.
func WriteFileAtomic(path string, data []byte) error {
	if err := renameio.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// View stores the tensor as a little-endian F32 safetensors tensor (values
// rounded to float32), as model files and training checkpoints hold them.
func (t *Tensor) View() (safetensors.TensorView, error) {
	data := make([]byte, 0, 4*len(t.Data))
	for _, v := range t.Data {
		data = binary.LittleEndian.AppendUint32(data, math.Float32bits(float32(v)))
	}
	shape := make([]uint64, len(t.Shape))
	for i, d := range t.Shape {
		shape[i] = uint64(d)
	}
	return safetensors.NewTensorView(safetensors.F32, shape, data)
}
