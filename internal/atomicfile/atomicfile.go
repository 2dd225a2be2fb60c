// Package atomicfile writes whole files atomically with renameio: into a
// temporary file in the same directory, synced, then renamed over the
// target, so readers and crashes see either the old file or the complete
// new one. Every file the project writes for others to read (results,
// weights, checkpoints, manifests, plots, scripts) goes through it.
//
// A target that exists and is not a regular file (/dev/null, /dev/stdout,
// a named pipe) is written in place: renaming over it would replace the
// device with a plain file (as root, `--out /dev/null` did exactly that).
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/google/renameio/v2"
)

// Write creates name (mode 0644) with the content fill writes; a failing
// fill leaves the old file, if any, in place.
func Write(name string, fill func(w io.Writer) error) error {
	if special(name) {
		return writeInPlace(name, fill)
	}
	pf, err := renameio.NewPendingFile(name, renameio.WithPermissions(0o644))
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer pf.Cleanup()
	if err := buffered(pf, fill); err != nil {
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
	if special(name) {
		return writeInPlace(name, func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
	}
	if err := renameio.WriteFile(name, data, perm); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// special says name exists and is not a regular file (a device, a pipe).
func special(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && !fi.Mode().IsRegular() && !fi.IsDir()
}

// writeInPlace writes fill's content to an existing non-regular file.
func writeInPlace(name string, fill func(w io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	err = buffered(f, fill)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// buffered runs fill on a buffered writer over w and flushes it.
func buffered(w io.Writer, fill func(w io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := fill(bw); err != nil {
		return err
	}
	return bw.Flush()
}
