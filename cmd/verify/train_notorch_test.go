//go:build !torch

package main

import (
	"strings"
	"testing"
)

// The pure-Go build has no train command (it needs libtorch).
func TestNoTrainCommandWithoutTorch(t *testing.T) {
	if r := runCLI(t, nil, "--help"); strings.Contains(r.stdout, "train ") {
		t.Errorf("help lists train in the pure-Go build:\n%s", r.stdout)
	}
	if r := runCLI(t, nil, "train", "--out", t.TempDir()); r.code == 0 {
		t.Error("verify train ran in the pure-Go build")
	}
}
