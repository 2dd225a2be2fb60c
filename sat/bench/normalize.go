package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/sat"
)

// inputs hands solvers the formula the model checker reads. An instance
// that needs the lenient reader (clauses ending at a newline without 0,
// wrong header counts), has SATLIB's '%' trailer, or is compressed with
// bzip2 or xz is rewritten once as plain DIMACS into dir, so every solver
// sees exactly the clauses its model is checked against.
type inputs struct {
	dir   string
	mu    sync.Mutex
	cache map[string]*input
}

type input struct {
	once sync.Once
	path string // file to give the solvers
	note string // why it was rewritten
	err  error  // unreadable instance
}

func newInputs(dir string) *inputs {
	return &inputs{dir: dir, cache: make(map[string]*input)}
}

// get prepares an instance once; concurrent callers wait for the first.
func (in *inputs) get(inst Instance) *input {
	in.mu.Lock()
	e, ok := in.cache[inst.ID]
	if !ok {
		e = &input{}
		in.cache[inst.ID] = e
	}
	in.mu.Unlock()
	e.once.Do(func() { e.path, e.note, e.err = in.prepare(inst) })
	return e
}

func (in *inputs) prepare(inst Instance) (path, note string, err error) {
	name := filepath.Join(in.dir, fileSafe(strings.ReplaceAll(inst.ID, "/", "__"))+".cnf")
	if _, err := os.Stat(name); err == nil {
		return name, "solvers read a normalized copy", nil
	}
	f, warns, err := sat.ReadFile(inst.Path, sat.ReadOptions{})
	if err != nil {
		return "", "", err
	}
	compressed := strings.HasSuffix(inst.Path, ".bz2") || strings.HasSuffix(inst.Path, ".xz")
	if len(warns) == 0 && !compressed && !hasTrailer(inst.Path) {
		return inst.Path, "", nil
	}
	if err := os.MkdirAll(in.dir, 0o755); err != nil {
		return "", "", fmt.Errorf("normalized copy: %w", err)
	}
	var buf bytes.Buffer
	if err := sat.WriteDIMACS(&buf, f, "normalized by verify bench from "+inst.ID); err != nil {
		return "", "", err
	}
	if err := atomicfile.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		return "", "", err
	}
	return name, "solvers read a normalized copy", nil
}

// hasTrailer reports whether a plain file has SATLIB's "%" end marker,
// which the sat reader skips but many solvers reject.
func hasTrailer(path string) bool {
	data, err := os.ReadFile(path)
	return err == nil && (bytes.HasPrefix(data, []byte("%")) || bytes.Contains(data, []byte("\n%")))
}
