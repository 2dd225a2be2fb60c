//go:build torch

package phasetrain

import (
	"context"
	"testing"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// labelled builds a sample from f with its backbone computed here.
func labelled(t *testing.T, name string, f *sat.CNF) *Sample {
	t.Helper()
	res, err := engine.Backbone(context.Background(), f, engine.BackboneOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != sat.Sat {
		t.Fatalf("%s: %v, want satisfiable", name, res.Status)
	}
	s, err := NewSample(name, f, res.Backbone)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// generated returns a satisfiable generated formula of each named family.
func generated(t *testing.T, families ...string) []*Sample {
	t.Helper()
	var out []*Sample
	for i, name := range families {
		fam, err := corpus.GridByName(name)
		if err != nil {
			t.Fatal(err)
		}
		in, err := corpus.Generate(context.Background(), fam, 3, i, corpus.Small)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, labelled(t, name, in.CNF))
	}
	return out
}

// external reads satisfiable formulas of the fetched corpora (make
// testdata); missing ones fail under CI and skip elsewhere.
func external(t *testing.T, rel ...string) []*Sample {
	t.Helper()
	var out []*Sample
	for _, r := range rel {
		path := testcorpus.Path(t, r)
		f, _, err := sat.ReadFile(path, sat.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, labelled(t, r, f))
	}
	return out
}
