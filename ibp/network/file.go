package network

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/internal/safetensors"
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
	f, err := safetensors.Decode(buf)
	if err != nil {
		return nil, err
	}
	raw, ok := f.Meta(MetadataKey)
	if !ok {
		return nil, fmt.Errorf("no %q entry in the safetensors __metadata__ (not written by verify train?)", MetadataKey)
	}
	m := &Model{Tensors: map[string]*Tensor{}}
	if err := json.Unmarshal([]byte(raw), &m.Meta); err != nil {
		return nil, fmt.Errorf("metadata %q is not valid JSON: %w", MetadataKey, err)
	}
	for _, name := range f.Names() {
		t, _ := f.Tensor(name)
		data, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		m.Tensors[name] = &Tensor{Shape: t.Shape(), Data: data}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// Encode serialises the model: tensors as F32 (values are rounded to
// float32), the metadata as JSON under the "verify" key.
func Encode(m *Model) ([]byte, error) {
	metaJSON, err := json.Marshal(m.Meta)
	if err != nil {
		return nil, fmt.Errorf("encode metadata: %w", err)
	}
	var set safetensors.Set
	if err := AddTensors(&set, "", m.Tensors); err != nil {
		return nil, err
	}
	return set.Encode(map[string]string{MetadataKey: string(metaJSON)})
}

// AddTensors adds the tensors to set as F32 (values rounded to float32),
// each under prefix+name, as model files and training checkpoints hold
// them.
func AddTensors(set *safetensors.Set, prefix string, tensors map[string]*Tensor) error {
	for name, t := range tensors {
		if err := set.AddF64AsF32(prefix+name, t.Data, t.Shape); err != nil {
			return err
		}
	}
	return nil
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
	return atomicfile.WriteFile(path, buf, 0o644)
}
