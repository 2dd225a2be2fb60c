//go:build !torch

package main

import (
	"strings"
	"testing"
)

// TestTrainCommandsWithoutTorch: the pure-Go build lists the training
// commands as missing, and running one is a usage error that names the
// build that has it and how to get it.
func TestTrainCommandsWithoutTorch(t *testing.T) {
	for _, args := range [][]string{
		{"train", "--out", t.TempDir(), "--epochs", "1"},
		{"gnn", "train", "--split", "x.json"},
	} {
		r := runCLI(t, nil, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "needs the torch build") || !strings.Contains(r.stderr, "make build") {
			t.Errorf("%v: exit %d, stderr %q; want a usage error naming the torch build and how to get it", args, r.code, r.stderr)
		}
	}
	if r := runCLI(t, nil, "--help"); !strings.Contains(r.stdout, "(not in this build)") {
		t.Errorf("help does not mark train as missing:\n%s", r.stdout)
	}
}
