//go:build torch && !linux

package libtorch

// Allocator names the C allocator: elsewhere than Linux the torch build
// keeps the system's.
func Allocator() string { return "the system's" }

// ReadHeap needs tcmalloc; elsewhere it reports nothing.
func ReadHeap() HeapStats { return HeapStats{} }
