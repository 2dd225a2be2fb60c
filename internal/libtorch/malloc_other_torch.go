//go:build torch && !linux

package libtorch

import (
	"errors"
	"runtime"
)

// applyHeapPolicy is glibc's; other systems keep their allocator's policy.
func applyHeapPolicy() error {
	return errors.New("the heap policy needs glibc (linux), not " + runtime.GOOS)
}
