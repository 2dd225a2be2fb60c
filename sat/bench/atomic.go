package bench

import (
	"fmt"

	"github.com/google/renameio/v2"
)

// WriteFileAtomic writes data to a temporary file next to name and renames
// it into place (renameio), so readers see the old or the new file, never
// half of one.
func WriteFileAtomic(name string, data []byte) error {
	if err := renameio.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
