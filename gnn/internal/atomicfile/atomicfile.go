// Package atomicfile writes whole files atomically with renameio: into a
// temporary file in the same directory, synced, then renamed over the
// target, so readers and crashes see either the old file or the complete
// new one.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"

	"github.com/google/renameio/v2"
)

// Write creates name with the content fill writes.
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
