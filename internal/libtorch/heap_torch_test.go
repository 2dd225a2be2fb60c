//go:build torch

package libtorch

import (
	"os"
	"testing"
)

// TestKeepHeap applies the policy (or says which variable overrides it).
func TestKeepHeap(t *testing.T) {
	v, err := KeepHeap()
	if err != nil {
		t.Fatal(err)
	}
	if want := UserHeapPolicy(os.Environ()); v != want {
		t.Errorf("KeepHeap left the policy to %q, the environment sets %q", v, want)
	}
}
