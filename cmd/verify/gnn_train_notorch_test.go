//go:build !torch

package main

import (
	"strings"
	"testing"
)

// TestGnnTrainAbsent: the pure-Go build lists no gnn train command.
func TestGnnTrainAbsent(t *testing.T) {
	r := runCLI(t, nil, "gnn", "--help")
	if r.code != 0 || strings.Contains(r.stdout, "train ") || !strings.Contains(r.stdout, "split") {
		t.Errorf("gnn --help: exit %d, lists train or lacks split:\n%s", r.code, r.stdout)
	}
}
