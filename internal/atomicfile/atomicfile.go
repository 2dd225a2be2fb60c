// Package atomicfile writes whole files atomically with renameio: into a
// temporary file in the same directory, synced, then renamed over the
// target, so readers and crashes see either the old file or the complete
// new one. Every file the project writes for others to read (results,
// weights, checkpoints, manifests, plots, scripts) goes through it.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"

	"github.com/google/renameio/v2"
)

// Write creates name (mode 0644) with the content fill writes; a failing
// fill leaves the old file, if any, in place.
func Write(name string, fill func(w io.Writer) error) error {
	pf, err := renameio.NewPendingFile(name, renameio.WithPermissions(0o644))
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer pf.Cleanup()
	bw := bufio.NewWriterSize(pf, 1<<16)
	if err := fill(bw); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := pf.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// WriteFile replaces name with data, created with mode perm (before the
// umask), as os.WriteFile does but atomically.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	if err := renameio.WriteFile(name, data, perm); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
