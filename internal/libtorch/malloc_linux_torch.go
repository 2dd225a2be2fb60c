//go:build torch && linux

package libtorch

/*
#include <malloc.h>
*/
import "C"

import "fmt"

// applyHeapPolicy sets glibc's allocator to serve every allocation from one
// arena's heap (no per-thread arenas, no mmap) and never to trim it (-1
// disables trimming, mallopt(3)).
func applyHeapPolicy() error {
	for _, o := range []struct {
		name         string
		param, value C.int
	}{
		{"M_ARENA_MAX", C.M_ARENA_MAX, 1},
		{"M_MMAP_MAX", C.M_MMAP_MAX, 0},
		{"M_TRIM_THRESHOLD", C.M_TRIM_THRESHOLD, -1},
	} {
		if C.mallopt(o.param, o.value) != 1 {
			return fmt.Errorf("mallopt(%s, %d) failed", o.name, int(o.value))
		}
	}
	return nil
}
