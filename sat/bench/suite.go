package bench

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// SuiteExt is the file name extension of suite manifests.
const SuiteExt = ".suite"

// Instance is one formula of a suite.
type Instance struct {
	ID       string // stable name: path relative to the module root, else absolute
	Path     string // absolute path of the file
	Expected Answer // known answer, AnswerNone when unknown
	Family   string // benchmark family
	// Provenance is what the manifest line says beyond path, answer and
	// family (zero for folders and single files).
	Provenance
}

// cnfExts are the file names a directory argument picks up.
var cnfExts = []string{".cnf", ".cnf.gz", ".cnf.bz2", ".cnf.xz", ".dimacs", ".dimacs.gz", ".dimacs.bz2", ".dimacs.xz"}

func isCNFName(name string) bool {
	for _, ext := range cnfExts {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// LoadSuites reads the instances of each argument: a manifest file
// (*.suite), a folder (every DIMACS file below it, expected answers
// unknown, family = the folder holding the file) or a single DIMACS file.
// An instance listed twice is kept once. root is the folder instance IDs
// are relative to ("" for absolute IDs).
func LoadSuites(args []string, root string) ([]Instance, error) {
	var all []Instance
	seen := make(map[string]int)
	for _, arg := range args {
		insts, err := loadSuite(arg, root)
		if err != nil {
			return nil, err
		}
		for _, in := range insts {
			if i, dup := seen[in.Path]; dup {
				if all[i].Expected == AnswerNone {
					all[i].Expected = in.Expected
				}
				continue
			}
			seen[in.Path] = len(all)
			all = append(all, in)
		}
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("suites %v hold no instances", args)
	}
	return all, nil
}

func loadSuite(arg, root string) ([]Instance, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, fmt.Errorf("suite %s: %w", arg, err)
	}
	switch {
	case st.IsDir():
		return loadDir(arg, root)
	case strings.HasSuffix(arg, SuiteExt):
		return loadManifest(arg, root)
	default:
		in, err := newInstance(arg, AnswerNone, filepath.Base(filepath.Dir(arg)), root)
		return []Instance{in}, err
	}
}

func loadDir(dir, root string) ([]Instance, error) {
	var out []Instance
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !isCNFName(d.Name()) {
			return nil
		}
		in, err := newInstance(p, AnswerNone, filepath.Base(filepath.Dir(p)), root)
		out = append(out, in)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("suite folder %s: %w", dir, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("suite folder %s: no DIMACS files (%s)", dir, strings.Join(cnfExts, ", "))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// loadManifest reads a suite manifest (ParseManifest) and looks up each
// PATH relative to the manifest's folder or, failing that, to the module
// root above it.
func loadManifest(name, root string) ([]Instance, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("suite: %w", err)
	}
	defer f.Close()
	entries, err := ParseManifest(f, name)
	if err != nil {
		return nil, err
	}
	base := filepath.Dir(name)
	modRoot := FindModuleRoot(base)
	var out []Instance
	for _, e := range entries {
		path, err := resolve(e.Path, base, modRoot)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, e.Line, err)
		}
		family := e.Family
		if family == "" {
			family = filepath.Base(filepath.Dir(path))
		}
		in, err := newInstance(path, e.Expected, family, root)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, e.Line, err)
		}
		in.Provenance = e.Provenance
		out = append(out, in)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("suite %s: no instances", name)
	}
	return out, nil
}

// resolve finds an instance path written in a manifest in base.
func resolve(p, base, modRoot string) (string, error) {
	if filepath.IsAbs(p) {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("instance %s: %w", p, err)
		}
		return p, nil
	}
	tried := []string{filepath.Join(base, p)}
	if modRoot != "" {
		tried = append(tried, filepath.Join(modRoot, p))
	}
	for _, c := range tried {
		if _, err := os.Stat(c); err == nil {
			return c, nil
		}
	}
	hint := ""
	if strings.Contains(p, "testdata/external") {
		hint = " (run 'make testdata' to fetch the external corpora)"
	}
	return "", fmt.Errorf("instance %s not found (looked for %s)%s", p, strings.Join(tried, ", "), hint)
}

func newInstance(path string, expected Answer, family, root string) (Instance, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Instance{}, fmt.Errorf("instance %s: %w", path, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return Instance{}, fmt.Errorf("instance %s: %w", path, err)
	}
	if st.IsDir() {
		return Instance{}, fmt.Errorf("instance %s is a folder", path)
	}
	return Instance{ID: instanceID(abs, root), Path: abs, Expected: expected, Family: family}, nil
}

func instanceID(abs, root string) string {
	if root == "" {
		return abs
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return abs
	}
	return filepath.ToSlash(rel)
}

// FindModuleRoot returns the nearest folder at or above dir that holds a
// go.mod file, or "" when there is none.
func FindModuleRoot(dir string) string {
	d, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		} else if !errors.Is(err, fs.ErrNotExist) {
			return ""
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// LoadSplit is LoadSuites followed by OnSplit: the instances a batch runs.
func LoadSplit(suites []string, split, root string) ([]Instance, error) {
	insts, err := LoadSuites(suites, root)
	if err != nil {
		return nil, err
	}
	return OnSplit(insts, split)
}

// OnSplit keeps the instances whose manifest line says split=name (the
// dev/test halves of the hard suites); an empty name keeps all. It is an
// error when none is left, so a misspelt split does not run an empty batch.
func OnSplit(insts []Instance, name string) ([]Instance, error) {
	if name == "" {
		return insts, nil
	}
	var out []Instance
	for _, in := range insts {
		if in.Split == name {
			out = append(out, in)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--split %s: no instance of the suites has split=%s", name, name)
	}
	return out, nil
}
