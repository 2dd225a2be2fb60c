package libtorch

import (
	"slices"
	"testing"
)

func TestPassiveWaitEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     []string
		added   bool
		wantVar string
	}{
		{"unset", []string{"HOME=/root"}, true, "OMP_WAIT_POLICY=PASSIVE"},
		{"empty env", nil, true, "OMP_WAIT_POLICY=PASSIVE"},
		{"user chose active", []string{"OMP_WAIT_POLICY=ACTIVE", "A=b"}, false, "OMP_WAIT_POLICY=ACTIVE"},
		{"user chose passive", []string{"OMP_WAIT_POLICY=passive"}, false, "OMP_WAIT_POLICY=passive"},
		{"similar name", []string{"OMP_WAIT_POLICY_X=1"}, true, "OMP_WAIT_POLICY=PASSIVE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			orig := slices.Clone(tc.env)
			got, added := PassiveWaitEnv(tc.env)
			if added != tc.added || !slices.Contains(got, tc.wantVar) {
				t.Errorf("PassiveWaitEnv(%q) = %q, %v", tc.env, got, added)
			}
			if !slices.Equal(tc.env, orig) {
				t.Errorf("the caller's env was modified: %q", tc.env)
			}
			for _, kv := range orig {
				if !slices.Contains(got, kv) {
					t.Errorf("lost %q", kv)
				}
			}
		})
	}
}
