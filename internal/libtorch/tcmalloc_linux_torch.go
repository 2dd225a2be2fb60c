//go:build torch && linux

package libtorch

/*
#cgo LDFLAGS: -l:libtcmalloc_minimal.so.4
#include <stddef.h>

// gperftools' C interface (gperftools/malloc_extension_c.h and tcmalloc.h),
// declared here so that only the runtime package (libtcmalloc-minimal4) is
// needed, not the -dev one.
int MallocExtension_GetNumericProperty(const char* property, size_t* value);
const char* tc_version(int* major, int* minor, const char** patch);

static long long verify_tc_property(const char* name) {
	size_t v = 0;
	if (!MallocExtension_GetNumericProperty(name, &v)) return -1;
	return (long long)v;
}

// The heap's figures, read without allocating (the benchmark samples them
// every millisecond).
static long long verify_tc_in_use(void) { return verify_tc_property("generic.current_allocated_bytes"); }
static long long verify_tc_held(void) {
	return verify_tc_property("generic.heap_size") - verify_tc_property("tcmalloc.pageheap_unmapped_bytes");
}
*/
import "C"

// The torch build links gperftools' tcmalloc, so it serves every C and C++
// allocation of the process, libtorch's tensors included (docs/training.md,
// "Memory"). glibc's allocator either mmaps and unmaps each large tensor
// (a CNN-7 activation at batch 256 is 51 MB), so every step faults its
// working set in again and a quarter of the CPU time went to the kernel, or,
// told to keep one heap, fragments it: a CNN-7 warm-up step whose live
// tensors peak at 2.5 GiB grew glibc's heap to 5.3 GiB. tcmalloc keeps freed
// spans for reuse and hands idle ones back: the same step runs in a 3 GiB
// process, at least as fast.

// Allocator names the C allocator the process links.
func Allocator() string {
	var major, minor C.int
	var patch *C.char
	v := C.GoString(C.tc_version(&major, &minor, &patch))
	return v + " tcmalloc (linked into the torch build)"
}

// ReadHeap returns tcmalloc's account of the C heap.
func ReadHeap() HeapStats {
	return HeapStats{InUse: int64(C.verify_tc_in_use()), Heap: int64(C.verify_tc_held())}
}
