package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/internal/pool"
	"github.com/verify-tools/verify/sat/gen"
)

// GenManifestName is the manifest file written next to generated formulas.
const GenManifestName = "manifest.json"

// GenSpec says what WriteGenerated generates.
type GenSpec struct {
	Dir      string
	Seed     uint64
	Count    int // instances per family
	Families []Grid
	Size     Size
	// Jobs is the number of instances generated at once (at least 1).
	Jobs int
}

// GenManifest describes generated formulas.
type GenManifest struct {
	Generator string     `json:"generator"`
	Seed      uint64     `json:"seed"`
	Size      string     `json:"size"`
	Count     int        `json:"count_per_family"`
	Families  []string   `json:"families"`
	Files     []GenEntry `json:"files"`
}

// GenEntry is one generated formula in the manifest.
type GenEntry struct {
	// Path is relative to the manifest's directory.
	Path    string            `json:"path"`
	Family  string            `json:"family"`
	Group   string            `json:"group"`
	Seed    uint64            `json:"seed"`
	Index   int               `json:"index"`
	Params  map[string]string `json:"params"`
	Info    map[string]string `json:"info,omitempty"`
	Vars    int               `json:"vars"`
	Clauses int               `json:"clauses"`
	SHA256  string            `json:"sha256"`
}

// FileName is where an instance goes, relative to the corpus directory.
func (in *Instance) FileName() string {
	return filepath.Join(in.Family, fmt.Sprintf("%s-%s-s%d-%04d.cnf", in.Family, in.Size, in.Seed, in.Index))
}

// WriteGenerated generates spec.Count instances of every family into
// spec.Dir (one folder per family, each file written atomically) and
// then the manifest. done, if not nil, is called after each file.
func WriteGenerated(ctx context.Context, spec GenSpec, done func()) (*GenManifest, error) {
	type job struct {
		fam   Grid
		index int
		slot  int
	}
	var jobs []job
	for _, fam := range spec.Families {
		if err := os.MkdirAll(filepath.Join(spec.Dir, fam.Name), 0o755); err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		for i := range spec.Count {
			jobs = append(jobs, job{fam, i, len(jobs)})
		}
	}
	entries := make([]GenEntry, len(jobs))
	errs := make([]error, len(jobs))
	var doneMu sync.Mutex // done is called from one goroutine at a time
	err := pool.ForEach(ctx, len(jobs), spec.Jobs, func(ctx context.Context, k int) error {
		j := jobs[k]
		entries[j.slot], errs[j.slot] = writeOne(ctx, spec, j.fam, j.index)
		if done != nil {
			doneMu.Lock()
			done()
			doneMu.Unlock()
		}
		return errs[j.slot]
	})
	for _, err := range errs { // the first failing instance, not the first to fail
		if err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	m := &GenManifest{Generator: "verify gnn gen", Seed: spec.Seed, Size: spec.Size.String(), Count: spec.Count, Files: entries}
	for _, fam := range spec.Families {
		m.Families = append(m.Families, fam.Name)
	}
	err = atomicfile.Write(filepath.Join(spec.Dir, GenManifestName), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
	return m, err
}

// writeOne generates, checks and writes one instance.
func writeOne(ctx context.Context, spec GenSpec, fam Grid, index int) (GenEntry, error) {
	in, err := Generate(ctx, fam, spec.Seed, index, spec.Size)
	if err != nil {
		return GenEntry{}, err
	}
	rel := in.FileName()
	h := sha256.New()
	err = atomicfile.Write(filepath.Join(spec.Dir, rel), func(w io.Writer) error {
		return in.WriteDIMACS(io.MultiWriter(w, h))
	})
	if err != nil {
		return GenEntry{}, err
	}
	return GenEntry{
		Path: filepath.ToSlash(rel), Family: in.Family, Group: in.Group(), Seed: in.Seed, Index: index,
		Params: paramMap(in.Params), Info: paramMap(in.Info),
		Vars: in.CNF.NumVars, Clauses: in.CNF.NumClauses(), SHA256: hex.EncodeToString(h.Sum(nil)),
	}, nil
}

func paramMap(ps []gen.Value) map[string]string {
	if len(ps) == 0 {
		return nil
	}
	m := make(map[string]string, len(ps))
	for _, p := range ps {
		m[p.Key] = p.Value
	}
	return m
}
