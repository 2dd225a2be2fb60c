package phasetrain

import (
	"fmt"

	"github.com/verify-tools/verify/gnn/graph"
	"github.com/verify-tools/verify/sat"
)

// Phase labels of a variable node.
const (
	LabelFalse   int8 = 0  // false in every model (backbone literal ¬v)
	LabelTrue    int8 = 1  // true in every model (backbone literal v)
	LabelUnknown int8 = -1 // not (proven) in the backbone: masked
)

// Sample is one labelled formula: its graph and a label per variable node.
type Sample struct {
	Name  string
	Graph *graph.Graph
	Label []int8 // per variable node, in g.Var order
}

// NewSample builds the graph of f and labels its variables with the
// backbone literals (DIMACS-signed). A backbone variable that occurs in no
// clause has no node and is ignored.
func NewSample(name string, f *sat.CNF, backbone []int32) (*Sample, error) {
	g, err := graph.Build(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s := &Sample{Name: name, Graph: g, Label: make([]int8, g.NumVars())}
	for i := range s.Label {
		s.Label[i] = LabelUnknown
	}
	for _, l := range backbone {
		v := l
		if v < 0 {
			v = -v
		}
		if v == 0 || int(v) > f.NumVars {
			return nil, fmt.Errorf("%s: backbone literal %d outside the formula's %d variables", name, l, f.NumVars)
		}
		if int(v) >= len(g.NodeOfVar) {
			continue // occurs in no clause
		}
		n := g.NodeOfVar[v]
		if n < 0 {
			continue
		}
		if l > 0 {
			s.Label[n] = LabelTrue
		} else {
			s.Label[n] = LabelFalse
		}
	}
	return s, nil
}

// Labelled counts the sample's backbone variables.
func (s *Sample) Labelled() int {
	n := 0
	for _, l := range s.Label {
		if l != LabelUnknown {
			n++
		}
	}
	return n
}

// Edges is the number of edges of the sample's graph over all relations:
// each literal occurrence both ways, and each clause to and from its meta
// node.
func (s *Sample) Edges() int {
	return 2*len(s.Graph.EdgeVar) + 2*s.Graph.NumClauses
}
