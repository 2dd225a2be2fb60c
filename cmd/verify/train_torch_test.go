//go:build torch

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrainCommand trains a tiny MLP for one epoch through the CLI, then
// certifies the model it wrote with the pure-Go certifier: the run folder
// is the contract between train and certify.
func TestTrainCommand(t *testing.T) {
	dir := external(t, "mnist")
	run := filepath.Join(t.TempDir(), "run")
	r := runCLI(t, nil, "train", "--dataset", "mnist", "--data-dir", dir, "--arch", "mlp", "--eps", "0.05",
		"--epochs", "1", "--eps-length", "1", "--batch", "100", "--limit-train", "500", "--limit-test", "100",
		"--threads", "1", "--device", "cpu", "--quiet", "--out", run)
	if r.code != 0 {
		t.Fatalf("train exited %d:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "IBP-verified error") {
		t.Errorf("no summary in the output:\n%s", r.stdout)
	}
	for _, f := range []string{"model.safetensors", "best.safetensors", "checkpoint", "train.jsonl", "train.png"} {
		if _, err := os.Stat(filepath.Join(run, f)); err != nil {
			t.Errorf("run folder: %v", err)
		}
	}
	cert := filepath.Join(run, "cert.json")
	c := runCLI(t, nil, "certify", "--model", filepath.Join(run, "model.safetensors"), "--data-dir", dir,
		"--eps", "0.05", "--limit", "50", "--method", "ibp", "--attack", "none", "--quiet", "--out", cert)
	if c.code != 0 {
		t.Fatalf("certify of the trained model exited %d:\n%s\n%s", c.code, c.stdout, c.stderr)
	}
	// Same folder again without --resume: refused with a clear message.
	again := runCLI(t, nil, "train", "--dataset", "mnist", "--data-dir", dir, "--arch", "mlp", "--quiet", "--out", run)
	if again.code == 0 || !strings.Contains(again.stderr, "--resume") {
		t.Errorf("second run into the folder: exit %d, %s", again.code, again.stderr)
	}
	// Bad flags fail before any work with exit code 2.
	bad := runCLI(t, nil, "train", "--dataset", "mnist", "--data-dir", dir, "--eps", "-1", "--out", t.TempDir())
	if bad.code != 2 || !strings.Contains(bad.stderr, "--eps") {
		t.Errorf("--eps -1: exit %d, %s", bad.code, bad.stderr)
	}
}
