package phasenet

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/gnn/graph"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// TestDefault: the embedded model decodes, says where it came from, and
// predicts backbone phases of formulas it was not trained on (generated
// with a seed the corpus does not use) clearly better than a constant guess.
func TestDefault(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if m.Config.Trained == "" {
		t.Error("default model has no Trained provenance")
	}
	if m.Config.Threshold <= 0.5 || m.Config.Threshold >= 1 {
		t.Errorf("threshold %g: not tuned into (0.5, 1)", m.Config.Threshold)
	}
	if d := DefaultConfig(); m.Config.Hidden != d.Hidden || m.Config.GINLayers != d.GINLayers || m.Config.AttnLayers != d.AttnLayers {
		t.Errorf("default model architecture %+v, DefaultConfig %+v", m.Config, DefaultConfig())
	}
	ctx := context.Background()
	var right, total, positive int
	for _, name := range []string{"qcp", "parity", "factor", "color-gnp"} {
		fam, err := corpus.GridByName(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			in, err := corpus.Generate(ctx, fam, 977, i, corpus.Small)
			if err != nil {
				t.Fatal(err)
			}
			bb, err := engine.Backbone(ctx, in.CNF, engine.BackboneOptions{})
			if err != nil || bb.Status != sat.Sat {
				t.Fatalf("%s #%d: %v %v", name, i, bb.Status, err)
			}
			g, err := graph.Build(in.CNF)
			if err != nil {
				t.Fatal(err)
			}
			p, err := m.Predict(ctx, g)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range bb.Backbone {
				v := l
				if v < 0 {
					v = -v
				}
				if int(v) >= len(g.NodeOfVar) {
					continue
				}
				n := g.NodeOfVar[v]
				if n < 0 {
					continue
				}
				total++
				if l > 0 {
					positive++
				}
				if (p[n] >= 0.5) == (l > 0) {
					right++
				}
			}
		}
	}
	acc := float64(right) / float64(total)
	// The best constant guess (every variable true, or every one false).
	base := float64(max(positive, total-positive)) / float64(total)
	t.Logf("default model: %d of %d backbone phases right (%.3f); constant guess %.3f", right, total, acc, base)
	if total < 100 || acc < 0.7 || acc < base+0.1 {
		t.Errorf("accuracy %.3f on %d backbone variables, want ≥ 0.7, ≥ constant guess %.3f + 0.1, on ≥ 100", acc, total, base)
	}
}

// TestDefaultFileRewritesByteForByte proves the weights format has not
// changed: the committed default weights, written before the safetensors
// code moved to internal/safetensors, encode back to the same bytes.
func TestDefaultFileRewritesByteForByte(t *testing.T) {
	want, err := os.ReadFile("default.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("re-encoding default.safetensors gave %d bytes that differ from its %d", len(got), len(want))
	}
}
