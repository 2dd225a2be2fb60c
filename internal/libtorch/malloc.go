package libtorch

import "strings"

// HeapPolicyVars are the environment variables through which a user sets
// glibc's allocator policy; when one is set, KeepHeap leaves the policy to it.
var HeapPolicyVars = []string{"MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"}

// UserHeapPolicy returns the first allocator variable env sets ("" if none).
func UserHeapPolicy(env []string) string {
	for _, kv := range env {
		for _, v := range HeapPolicyVars {
			if strings.HasPrefix(kv, v+"=") {
				return v
			}
		}
	}
	return ""
}
