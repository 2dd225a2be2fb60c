package libtorch

// HeapStats is the C heap as the allocator counts it: InUse bytes allocated
// now (every live tensor's storage plus libtorch's own data), and Heap the
// bytes the allocator holds from the system (InUse plus freed memory kept
// for reuse and fragmentation, less what it has handed back).
type HeapStats struct{ InUse, Heap int64 }
