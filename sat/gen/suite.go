package gen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/sat/bench"
)

// WriteFile writes the instance as DIMACS into path, atomically.
func (in *Instance) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := in.WriteDIMACS(&buf); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// RegenerateSuite regenerates the instances of the suite manifest name
// whose source is a `verify gen` command (paths relative to the module
// root above the manifest) and checks the SHA-256 of every file the
// manifest names; the first difference is the error.
func RegenerateSuite(name string) (generated, checked int, err error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, 0, err
	}
	entries, err := bench.ParseManifest(bytes.NewReader(data), name)
	if err != nil {
		return 0, 0, err
	}
	root := bench.FindModuleRoot(filepath.Dir(name))
	if root == "" {
		return 0, 0, fmt.Errorf("%s: no go.mod above it", name)
	}
	for _, e := range entries {
		where := fmt.Sprintf("%s:%d", name, e.Line)
		path := e.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		if strings.HasPrefix(e.Source, CommandPrefix) {
			if err := regenerate(e, path); err != nil {
				return 0, 0, fmt.Errorf("%s: %w", where, err)
			}
			generated++
			continue
		}
		got, err := fileSHA256(path)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", where, err)
		}
		if e.SHA256 != "" && got != e.SHA256 {
			return 0, 0, fmt.Errorf("%s: %s has SHA-256 %s, manifest says %s", where, e.Path, got, e.SHA256)
		}
		checked++
	}
	return generated, checked, nil
}

// regenerate writes the instance of entry e into path unless the file
// there holds it already, after checking its SHA-256.
func regenerate(e bench.Entry, path string) error {
	fam, seed, params, err := ParseCommand(e.Source)
	if err != nil {
		return err
	}
	in, err := fam.Generate(seed, params)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := in.WriteDIMACS(&buf); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	if got := hex.EncodeToString(sum[:]); e.SHA256 != "" && got != e.SHA256 {
		return fmt.Errorf("%q makes SHA-256 %s, manifest says %s", e.Source, got, e.SHA256)
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes(), 0o644)
}

func fileSHA256(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}
