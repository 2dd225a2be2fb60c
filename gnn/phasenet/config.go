// Package phasenet is the NeuroBack-style phase predictor in pure Go: its
// architecture, its weights file (safetensors with the architecture in the
// metadata) and CPU inference on a formula's graph. Training (torch build)
// writes the same file; docs/gnn.md defines the forward pass both follow.
package phasenet

import "fmt"

// MetadataKey is the safetensors metadata entry holding the Config as JSON.
const MetadataKey = "verify-gnn"

// FormatVersion is the weights-file format this package reads and writes.
const FormatVersion = 1

// Relations are the directed edge types messages travel along: from
// variables to clauses and back through positive and negative literal
// edges, and between clauses and their component's meta node.
const (
	RelVarToClausePos = iota
	RelVarToClauseNeg
	RelClauseToVarPos
	RelClauseToVarNeg
	RelClauseToMeta
	RelMetaToClause
	NumRelations
)

// Node kinds, the only node input.
const (
	KindVar = iota
	KindClause
	KindMeta
	NumKinds
)

// Config is the architecture, stored in the weights file's metadata.
type Config struct {
	Format     int `json:"format"`
	Hidden     int `json:"hidden"`
	GINLayers  int `json:"gin_layers"`
	AttnLayers int `json:"attn_layers"`
	// Threshold is the confidence used to seed a phase (p ≥ Threshold or
	// p ≤ 1 − Threshold), tuned on validation by training.
	Threshold float64 `json:"threshold"`
	// Trained describes the corpus and run the weights came from.
	Trained string `json:"trained,omitempty"`
}

// DefaultConfig is the size chosen for fast CPU inference: 32 hidden units,
// three relational GIN layers and one attention block (about 40 K
// parameters, a third of NeuroBack's), see docs/gnn.md for the measurements.
func DefaultConfig() Config {
	return Config{Format: FormatVersion, Hidden: 48, GINLayers: 3, AttnLayers: 1, Threshold: 0.9}
}

// Validate checks the architecture's numbers.
func (c Config) Validate() error {
	switch {
	case c.Format != FormatVersion:
		return fmt.Errorf("weights format %d, this build reads %d", c.Format, FormatVersion)
	case c.Hidden < 1 || c.Hidden > 1024:
		return fmt.Errorf("hidden size %d outside 1..1024", c.Hidden)
	case c.GINLayers < 0 || c.GINLayers > 64 || c.AttnLayers < 0 || c.AttnLayers > 64:
		return fmt.Errorf("layer counts %d GIN / %d attention outside 0..64", c.GINLayers, c.AttnLayers)
	case c.Threshold < 0.5 || c.Threshold > 1:
		return fmt.Errorf("threshold %g outside [0.5, 1]", c.Threshold)
	}
	return nil
}

// Shapes lists every parameter tensor of the architecture with its shape.
// Linear weights are [out, in] as in torch; y = x·Wᵀ + b.
func (c Config) Shapes() map[string][]int {
	d := c.Hidden
	s := map[string][]int{"embed": {NumKinds, d}}
	mlp := func(p string, out int) {
		s[p+".0.weight"], s[p+".0.bias"] = []int{d, d}, []int{d}
		s[p+".2.weight"], s[p+".2.bias"] = []int{out, d}, []int{out}
	}
	ln := func(p string) { s[p+".weight"], s[p+".bias"] = []int{d}, []int{d} }
	for l := 0; l < c.GINLayers; l++ {
		p := fmt.Sprintf("gin.%d", l)
		s[p+".eps"] = []int{1}
		for r := 0; r < NumRelations; r++ {
			s[fmt.Sprintf("%s.rel.%d.weight", p, r)] = []int{d, d}
		}
		mlp(p+".mlp", d)
	}
	for l := 0; l < c.AttnLayers; l++ {
		p := fmt.Sprintf("attn.%d", l)
		ln(p + ".ln1")
		ln(p + ".ln2")
		for r := 0; r < NumRelations; r++ {
			q := fmt.Sprintf("%s.rel.%d", p, r)
			s[q+".wl"], s[q+".wr"] = []int{d, d}, []int{d, d}
			s[q+".b"], s[q+".a"] = []int{d}, []int{d}
		}
		mlp(p+".mlp", d)
	}
	ln("head.ln")
	mlp("head", 1)
	return s
}

// NumParams counts the architecture's parameters.
func (c Config) NumParams() int {
	n := 0
	for _, sh := range c.Shapes() {
		k := 1
		for _, x := range sh {
			k *= x
		}
		n += k
	}
	return n
}
