//go:build torch

package libtorch

import "os"

// KeepHeap makes the C allocator keep and reuse the memory of freed tensors
// instead of handing it back to the kernel, unless the environment sets the
// allocator's policy itself (then it returns that variable's name and does
// nothing). With glibc's defaults a training step's large tensors (a CNN-7
// activation at batch 256 is 51 MB) are mmapped and unmapped on every use,
// so each step faults its whole working set in again: 30–40 % of a CNN-7
// IBP step's CPU time went to the kernel, and per-thread arenas held
// fragments that raised the peak (docs/training.md, "Memory"). With one
// arena, no mmap and no trimming, the heap grows to the step's peak once and
// is reused. Call it at process start, before libtorch allocates.
func KeepHeap() (userVar string, err error) {
	if v := UserHeapPolicy(os.Environ()); v != "" {
		return v, nil
	}
	return "", applyHeapPolicy()
}
