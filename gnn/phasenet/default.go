package phasenet

import (
	_ "embed"
	"fmt"
)

// defaultWeights is the trained default model, embedded in the binary.
// `make gnn-model` reproduces it from the corpus (docs/gnn.md, Training);
// its Config.Trained says which run produced it.
//
//go:embed default.safetensors
var defaultWeights string

// Default decodes the embedded default model. Each call returns a fresh
// copy the caller may modify.
func Default() (*Model, error) {
	m, err := Decode([]byte(defaultWeights))
	if err != nil {
		return nil, fmt.Errorf("embedded default model: %w", err)
	}
	return m, nil
}
