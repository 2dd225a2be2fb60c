//go:build linux

package libtorch

import (
	"syscall"
	"testing"
)

// TestPeakRSSSeesAnAllocation touches fresh anonymous pages and checks
// that the peak grows by their size. The pages come from mmap, not the
// Go heap: a heap allocation may reuse pages that earlier tests freed
// but the runtime kept resident, and then the peak grows by less.
func TestPeakRSSSeesAnAllocation(t *testing.T) {
	const size = 256 << 20
	buf, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := syscall.Munmap(buf); err != nil {
			t.Error(err)
		}
	}()
	if err := ResetPeakRSS(); err != nil {
		t.Fatal(err)
	}
	before, err := PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	for i := range buf {
		buf[i] = byte(i) // touch every page
	}
	after, err := PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if after-before < size*9/10 {
		t.Errorf("peak RSS grew by %d bytes after touching %d fresh pages", after-before, size)
	}
}
