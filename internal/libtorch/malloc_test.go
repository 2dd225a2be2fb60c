package libtorch

import "testing"

func TestUserHeapPolicy(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"none", []string{"HOME=/root", "OMP_WAIT_POLICY=PASSIVE"}, ""},
		{"empty env", nil, ""},
		{"arena max", []string{"A=b", "MALLOC_ARENA_MAX=4"}, "MALLOC_ARENA_MAX"},
		{"trim threshold", []string{"MALLOC_TRIM_THRESHOLD_=131072"}, "MALLOC_TRIM_THRESHOLD_"},
		{"tunables", []string{"GLIBC_TUNABLES=glibc.malloc.check=0"}, "GLIBC_TUNABLES"},
		{"similar name", []string{"MALLOC_ARENA_MAXX=1", "MY_MALLOC_ARENA_MAX=1"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := UserHeapPolicy(tc.env); got != tc.want {
				t.Errorf("UserHeapPolicy(%q) = %q, want %q", tc.env, got, tc.want)
			}
		})
	}
}
