// Package corpus builds the phase predictor's training corpus: it draws
// satisfiable formulas of sat/gen families across parameter grids
// (Grids, WriteGenerated: every instance a deterministic function of
// family, seed, index and size, each draw on its own math/rand/v2 PCG
// stream), labels formulas with their backbones, splits the labelled
// corpus into train/validation/test sets by sibling group, and
// summarises it.
package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/verify-tools/verify/sat"
)

// Status values of a record.
const (
	StatusSat     = "sat"
	StatusUnsat   = "unsat"
	StatusUnknown = "unknown"
)

// Record is one labelled formula: one compact JSON line of a labels file
// (docs/corpus.md describes the fields).
type Record struct {
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
	Family  string `json:"family"`
	Group   string `json:"group"`
	Vars    int    `json:"vars"`
	Clauses int    `json:"clauses"`
	Status  string `json:"status"`
	// Complete: every candidate literal was decided, so Backbone is the
	// whole backbone. Otherwise it holds the literals proven so far.
	Complete bool `json:"complete"`
	// Backbone lists the proven backbone literals (DIMACS-signed), sorted
	// by variable; empty for unsat and unknown formulas.
	Backbone []int32 `json:"backbone"`
	Calls    int     `json:"calls"`
	// LabelMS is the extraction time, SolveMS that of its first
	// (model-finding) solve, both in milliseconds.
	LabelMS float64 `json:"label_ms"`
	SolveMS float64 `json:"solve_ms"`
	// Engine is the SAT engine that labelled the formula (absent in
	// records written before engines could be chosen: gini).
	Engine string `json:"engine,omitempty"`
	Note   string `json:"note,omitempty"`

	copied bool // set by Label for a record taken over from its hash twin
}

// BackboneFraction is the share of the formula's variables in the backbone.
func (r *Record) BackboneFraction() float64 {
	if r.Vars == 0 {
		return 0
	}
	return float64(len(r.Backbone)) / float64(r.Vars)
}

// ReadRecords reads a labels file. A last line without its newline is a
// record cut short by a crash and is dropped; any other bad line is an
// error naming the file and line.
func ReadRecords(name string) ([]Record, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	recs, _, err := parseRecords(data, name)
	return recs, err
}

// parseRecords parses JSON lines and returns the records and the length
// of the prefix made of whole lines.
func parseRecords(data []byte, name string) ([]Record, int, error) {
	var recs []Record
	good := 0
	line := 0
	for len(data[good:]) > 0 {
		rest := data[good:]
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			break // torn last record
		}
		line++
		text := bytes.TrimSpace(rest[:nl])
		good += nl + 1
		if len(text) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(text, &r); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: bad record: %v", name, line, err)
		}
		if r.Path == "" || r.Status == "" {
			return nil, 0, fmt.Errorf("%s:%d: record without path or status", name, line)
		}
		recs = append(recs, r)
	}
	return recs, good, nil
}

// provenance reads family and group from the "c family" and "c group"
// header comments that `verify gnn gen` writes. A formula without a
// family belongs to the family named by its folder (SATLIB's
// sat-uniform-20-91, ...); one without a group is a group of its own,
// named by its path, since nothing says it was made with siblings.
func provenance(path string, comments []string) (family, group string) {
	for _, c := range comments {
		if k, v, ok := strings.Cut(c, " "); ok {
			switch k {
			case "family":
				family = strings.TrimSpace(v)
			case "group":
				group = strings.TrimSpace(v)
			}
		}
	}
	if family == "" {
		family = filepath.Base(filepath.Dir(path))
	}
	if group == "" {
		group = path
	}
	return family, group
}

// splitGroup is the sibling group Split uses for r. Labels files written
// before ungrouped formulas got their own group name the folder as both
// family and group; such a record is a group of its own too (a
// generated formula's group always extends its family's name).
func splitGroup(r Record) string {
	if r.Group == r.Family && r.Family == filepath.Base(filepath.Dir(r.Path)) {
		return r.Path
	}
	return r.Group
}

// cnfSuffixes are the file names CollectFiles takes from a folder.
var cnfSuffixes = []string{".cnf", ".cnf.gz", ".cnf.bz2", ".cnf.xz", ".dimacs"}

// CollectFiles expands the arguments: a folder stands for every CNF file
// under it (by name: .cnf, .cnf.gz, .cnf.bz2, .cnf.xz, .dimacs), sorted;
// a file is taken as given.
func CollectFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, filepath.Clean(a))
			continue
		}
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			for _, s := range cnfSuffixes {
				if strings.HasSuffix(p, s) {
					out = append(out, filepath.Clean(p))
					break
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeRecord appends one record as a JSON line with a single write, so a
// crash leaves at most one torn line, which the next run drops.
func writeRecord(w io.Writer, r *Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// readDigest reads a formula for labelling.
func readDigest(path string) (*sat.CNF, sat.Digest, error) {
	f, _, d, err := sat.ReadFileDigest(path, sat.ReadOptions{})
	return f, d, err
}
