package cert

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/ibp/bound"
)

// certifyWith certifies the first limit samples with the centroid model
// under cfg's method, attack, jobs and batch.
func certifyWith(t *testing.T, cfg Config, limit int) (*Certificate, string, string) {
	t.Helper()
	dir := mnistDir(t)
	mp := filepath.Join(t.TempDir(), "m.safetensors")
	centroidModel(t, dir, mp)
	cfg.ModelPath, cfg.DataDir, cfg.Limit, cfg.Seed, cfg.ToolVersion = mp, dir, limit, 1, "test"
	cfg.Crown, cfg.AttackOptions = bound.DefaultCrownOptions(), bound.DefaultAttackOptions()
	c, err := Certify(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, mp, dir
}

// TestResultsIndependentOfBatch: the samples do not depend on how many
// are bounded together.
func TestResultsIndependentOfBatch(t *testing.T) {
	if !bound.BatchIndependent() {
		t.Skipf("%s: results are sound but may differ in the last bits with the batch, so bit-identical results are not promised", bound.BLAS())
	}
	for _, method := range allMethods() {
		var first string
		for _, batch := range []int{1, 7, 64} {
			c, _, _ := certifyWith(t, Config{Eps: 0.02, Method: method, Attack: AttackNone, Jobs: 2, Batch: batch}, 30)
			j, _ := json.Marshal(c.Samples)
			if first == "" {
				first = string(j)
			} else if string(j) != first {
				t.Fatalf("%s: samples differ between batch 1 and %d", method, batch)
			}
		}
	}
}

// TestAttackNoneRecordsMisclassified: with --attack none a sample whose
// clean point is misclassified is attacked (with the clean point as the
// example), never unknown, and check accepts it; no PGD point is recorded.
func TestAttackNoneRecordsMisclassified(t *testing.T) {
	c, mp, dir := certifyWith(t, Config{Eps: 0.02, Method: bound.MethodIBP, Attack: AttackNone, Jobs: 2}, 60)
	wrong := 0
	for _, s := range c.Samples {
		if s.Prediction != s.Label {
			wrong++
			if s.Status != StatusAttacked {
				t.Errorf("sample %d: misclassified (%d for %d) but %s", s.Index, s.Prediction, s.Label, s.Status)
			}
		}
		if s.Status == StatusAttacked && s.Prediction == s.Label {
			t.Errorf("sample %d: attacked with the attack off, though classified correctly", s.Index)
		}
	}
	if wrong == 0 {
		t.Fatal("no misclassified sample among the first 60: the test proves nothing")
	}
	r, err := Check(context.Background(), c, CheckOptions{ModelPath: mp, DataDir: dir, MinCertifiedAcc: -1, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("check fails: %v", r.Failures)
	}
}

// TestBatchedCountsMatchReference: the batched bounds verify and check use
// certify at least as many samples as the per-sample float64 reference
// path on a real MNIST classifier, for every method.
func TestBatchedCountsMatchReference(t *testing.T) {
	dir := mnistDir(t)
	mp := filepath.Join(t.TempDir(), "m.safetensors")
	centroidModel(t, dir, mp)
	in, err := LoadInputs(mp, "mnist", dir)
	if err != nil {
		t.Fatal(err)
	}
	idx := make([]int, 200)
	for i := range idx {
		idx[i] = i
	}
	raws, ys := batchInputs(in, idx)
	for _, method := range allMethods() {
		lbs, err := in.Net.MarginLowerBatch(raws, ys, 0.03, method, bound.DefaultCrownOptions(), bound.DefaultPrecision)
		if err != nil {
			t.Fatal(err)
		}
		ref, got := 0, 0
		for i := range raws {
			lb, err := in.Net.MarginLower(raws[i], ys[i], 0.03, method, bound.DefaultCrownOptions())
			if err != nil {
				t.Fatal(err)
			}
			if bound.Certified(lb) {
				ref++
			}
			if bound.Certified(lbs[i]) {
				got++
			}
		}
		if got < ref || ref == 0 {
			t.Errorf("%s: batched certifies %d of 200, the reference %d", method, got, ref)
		}
	}
}
