//go:build torch && linux

package libtorch

import (
	"strings"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// TestTcmallocServesLibtorch: tcmalloc is linked in and libtorch's tensors
// come from it (its count of bytes in use grows by a tensor's size).
func TestTcmallocServesLibtorch(t *testing.T) {
	if a := Allocator(); !strings.HasPrefix(a, "gperftools") {
		t.Fatalf("Allocator() = %q, want gperftools' tcmalloc", a)
	}
	before := ReadHeap()
	const n = 1 << 22 // 16 MB of float32
	x := ts.MustOnes([]int64{n}, gotch.Float, gotch.CPU)
	during := ReadHeap()
	x.MustDrop()
	if grew := during.InUse - before.InUse; grew < 4*n {
		t.Errorf("tcmalloc's bytes in use grew by %d with a %d-byte tensor alive: libtorch allocates elsewhere", grew, 4*n)
	}
	if during.Heap < during.InUse {
		t.Errorf("heap %d smaller than in use %d", during.Heap, during.InUse)
	}
}
