//go:build torch

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/gnn/phasetrain"
)

// TestGnnTrainTorch runs the corpus pipeline on a tiny corpus and trains
// on it for two epochs with a small model; the weights must load in pure
// Go with the tuned threshold and the run folder must hold every file.
func TestGnnTrainTorch(t *testing.T) {
	dir := t.TempDir()
	genDir := filepath.Join(dir, "gen")
	if r := runCLI(t, nil, "gnn", "gen", "--out", genDir, "--seed", "5", "--count", "4", "--families", "qcp,parity,factor"); r.code != 0 {
		t.Fatalf("gen: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	labels := filepath.Join(dir, "labels.jsonl")
	if r := runCLI(t, nil, "gnn", "label", "--quiet", "--out", labels, genDir); r.code != 0 {
		t.Fatalf("label: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	split := filepath.Join(dir, "split.json")
	if r := runCLI(t, nil, "gnn", "split", "--labels", labels, "--out", split, "--val", "0.25", "--test", "0.25"); r.code != 0 {
		t.Fatalf("split: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "run")
	r := runCLI(t, nil, "gnn", "train", "--split", split, "--out", out, "--epochs", "2", "--hidden", "8", "--threads", "1", "--quiet")
	if r.code != 0 || !strings.Contains(r.stdout, "wrote "+filepath.Join(out, phasetrain.FileModel)) || !strings.Contains(r.stdout, "val  t=0.50") {
		t.Fatalf("train: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	m, err := phasenet.Load(filepath.Join(out, phasetrain.FileModel))
	if err != nil {
		t.Fatal(err)
	}
	if m.Config.Hidden != 8 || m.Config.Trained == "" || m.Config.Threshold < 0.5 {
		t.Errorf("trained config %+v", m.Config)
	}
	for _, f := range []string{phasetrain.FileLast, phasetrain.FileCheckpoint, phasetrain.FileRecords, phasetrain.FilePlot, phasetrain.FileSummary} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	if r := runCLI(t, nil, "gnn", "train", "--split", split, "--out", out, "--epochs", "0"); r.code != 2 {
		t.Errorf("--epochs 0: exit %d, want 2\n%s", r.code, r.stderr)
	}
}
