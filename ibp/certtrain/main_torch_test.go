//go:build torch

package certtrain

import (
	"fmt"
	"os"
	"testing"

	"github.com/verify-tools/verify/internal/libtorch"
)

// TestMain runs the tests under the allocator policy the verify binary
// uses (libtorch.KeepHeap), so TestStepMemoryIsStable checks that policy.
func TestMain(m *testing.M) {
	if _, err := libtorch.KeepHeap(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
