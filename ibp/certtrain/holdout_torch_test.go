//go:build torch

package certtrain

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHoldout trains with --holdout from a folder that has no test files:
// the evaluation runs on the last N training samples, says so in every
// record, and a held-out split as large as the training set is refused.
func TestHoldout(t *testing.T) {
	src, err := filepath.Abs(mnistDir(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir() // training files only
	for _, f := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"} {
		if err := os.Symlink(filepath.Join(src, f), filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	cfg := quickConfig(t, t.TempDir())
	cfg.DataDir, cfg.Epochs, cfg.LimitTrain, cfg.LimitTest, cfg.Holdout = dir, 1, 300, 0, 150
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	rec := sum.Records[len(sum.Records)-1]
	if rec.EvalSet != "holdout" || rec.TestN != 150 {
		t.Fatalf("evaluated on %q, %d samples; want the 150 held-out ones", rec.EvalSet, rec.TestN)
	}
	cfg.Out, cfg.Holdout, cfg.LimitTrain = t.TempDir(), 60000, 0
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "--holdout") {
		t.Fatalf("a held-out split of the whole training set: %v", err)
	}
	cfg.Out, cfg.Holdout = t.TempDir(), -1
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "--holdout") {
		t.Fatalf("negative --holdout: %v", err)
	}
}
