package gen

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
)

// ManifestName is the manifest file written next to a generated corpus.
const ManifestName = "manifest.json"

// Spec says what WriteCorpus generates.
type Spec struct {
	Dir      string
	Seed     uint64
	Count    int // instances per family
	Families []Family
	Size     Size
	// Jobs is the number of instances generated at once (at least 1).
	Jobs int
}

// Manifest describes a generated corpus.
type Manifest struct {
	Generator string      `json:"generator"`
	Seed      uint64      `json:"seed"`
	Size      string      `json:"size"`
	Count     int         `json:"count_per_family"`
	Families  []string    `json:"families"`
	Files     []FileEntry `json:"files"`
}

// FileEntry is one generated formula in the manifest.
type FileEntry struct {
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

// WriteCorpus generates spec.Count instances of every family into
// spec.Dir (one folder per family, each file written atomically) and
// then the manifest. done, if not nil, is called after each file.
func WriteCorpus(ctx context.Context, spec Spec, done func()) (*Manifest, error) {
	type job struct {
		fam   Family
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
	entries := make([]FileEntry, len(jobs))
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
	m := &Manifest{Generator: "verify gnn gen", Seed: spec.Seed, Size: spec.Size.String(), Count: spec.Count, Files: entries}
	for _, fam := range spec.Families {
		m.Families = append(m.Families, fam.Name)
	}
	err = atomicfile.Write(filepath.Join(spec.Dir, ManifestName), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
	return m, err
}

// writeOne generates, checks and writes one instance.
func writeOne(ctx context.Context, spec Spec, fam Family, index int) (FileEntry, error) {
	in, err := Generate(ctx, fam, spec.Seed, index, spec.Size)
	if err != nil {
		return FileEntry{}, err
	}
	rel := in.FileName()
	h := sha256.New()
	err = atomicfile.Write(filepath.Join(spec.Dir, rel), func(w io.Writer) error {
		return in.WriteDIMACS(io.MultiWriter(w, h))
	})
	if err != nil {
		return FileEntry{}, err
	}
	return FileEntry{
		Path: filepath.ToSlash(rel), Family: in.Family, Group: in.Group(), Seed: in.Seed, Index: index,
		Params: paramMap(in.Params), Info: paramMap(in.Info),
		Vars: in.CNF.NumVars, Clauses: in.CNF.NumClauses(), SHA256: hex.EncodeToString(h.Sum(nil)),
	}, nil
}

func paramMap(ps []Param) map[string]string {
	if len(ps) == 0 {
		return nil
	}
	m := make(map[string]string, len(ps))
	for _, p := range ps {
		m[p.Key] = p.Value
	}
	return m
}
