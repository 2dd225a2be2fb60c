//go:build torch

package certtrain

import (
	"fmt"
	"os"
	"testing"

	"github.com/verify-tools/verify/ibp/torchnet"
)

// TestMain runs the tests under the allocator policy the verify binary
// uses (torchnet.KeepHeap), so TestStepMemoryIsStable checks that policy.
func TestMain(m *testing.M) {
	if _, err := torchnet.KeepHeap(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
