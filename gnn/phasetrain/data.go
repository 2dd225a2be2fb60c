package phasetrain

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/sat"
)

// Split holds the labelled samples of a manifest's three sets.
type Split struct {
	Train, Val, Test []*Sample
}

// ReadManifest reads a split manifest (verify gnn split).
func ReadManifest(name string) (*corpus.Manifest, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var m corpus.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &m, nil
}

// LoadSplit reads the manifest and the labels file (the manifest's own
// when labels is empty) and builds a sample per formula of each set.
// Formula paths are taken as the labels file records them.
func LoadSplit(ctx context.Context, manifest, labels string) (*Split, error) {
	m, err := ReadManifest(manifest)
	if err != nil {
		return nil, err
	}
	if labels == "" {
		labels = m.Labels
	}
	recs, err := corpus.ReadRecords(labels)
	if err != nil {
		return nil, err
	}
	byPath := make(map[string]*corpus.Record, len(recs))
	for i := range recs {
		byPath[recs[i].Path] = &recs[i]
	}
	var sp Split
	for _, set := range []struct {
		name    string
		entries []corpus.Entry
		out     *[]*Sample
	}{{"train", m.Train, &sp.Train}, {"val", m.ValSet, &sp.Val}, {"test", m.TestSet, &sp.Test}} {
		for _, e := range set.entries {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			r, ok := byPath[e.Path]
			if !ok {
				return nil, fmt.Errorf("%s: %s set formula %s has no record in %s", manifest, set.name, e.Path, labels)
			}
			if r.Status != corpus.StatusSat {
				return nil, fmt.Errorf("%s: %s set formula %s has status %s", manifest, set.name, e.Path, r.Status)
			}
			f, _, err := sat.ReadFile(e.Path, sat.ReadOptions{})
			if err != nil {
				return nil, fmt.Errorf("%s set: %w", set.name, err)
			}
			s, err := NewSample(e.Path, f, r.Backbone)
			if err != nil {
				return nil, err
			}
			*set.out = append(*set.out, s)
		}
	}
	if len(sp.Train) == 0 || len(sp.Val) == 0 {
		return nil, fmt.Errorf("%s: needs formulas in the train and val sets (has %d and %d)", manifest, len(sp.Train), len(sp.Val))
	}
	return &sp, nil
}
