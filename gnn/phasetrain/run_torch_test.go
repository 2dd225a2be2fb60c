//go:build torch

package phasetrain

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/internal/jsonl"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
)

// writeSplit writes generated formulas, their labels (computed here) and a
// manifest putting them into train, val and test; it returns the manifest.
func writeSplit(t *testing.T, dir string) string {
	t.Helper()
	sets := map[string][]corpus.Entry{}
	labels, err := os.Create(filepath.Join(dir, "labels.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer labels.Close()
	enc := json.NewEncoder(labels)
	plan := []struct {
		family string
		count  int
		set    string
	}{{"qcp", 3, "train"}, {"parity", 3, "train"}, {"qcp", 1, "val"}, {"parity", 1, "val"}, {"parity", 1, "test"}}
	for k, p := range plan {
		fam, err := corpus.GridByName(p.family)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < p.count; i++ {
			in, err := corpus.Generate(context.Background(), fam, uint64(10+k), i, corpus.Small)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%d-%d.cnf", p.family, k, i))
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := in.WriteDIMACS(f); err != nil {
				t.Fatal(err)
			}
			f.Close()
			res, err := engine.Backbone(context.Background(), in.CNF, engine.BackboneOptions{})
			if err != nil || res.Status != sat.Sat {
				t.Fatalf("%s: %v %v", path, res.Status, err)
			}
			rec := corpus.Record{Path: path, Family: p.family, Group: in.Group(), Vars: in.CNF.NumVars,
				Clauses: in.CNF.NumClauses(), Status: corpus.StatusSat, Complete: true, Backbone: res.Backbone}
			if err := enc.Encode(rec); err != nil {
				t.Fatal(err)
			}
			sets[p.set] = append(sets[p.set], corpus.Entry{Path: path, Family: p.family, Group: in.Group(), Complete: true})
		}
	}
	m := corpus.Manifest{Labels: labels.Name(), Train: sets["train"], ValSet: sets["val"], TestSet: sets["test"]}
	name := filepath.Join(dir, "split.json")
	data, _ := json.Marshal(m)
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestRunResume trains two epochs in one go and one epoch plus a resumed
// second; both runs must end with bitwise the same weights (Run keeps
// libtorch on one OS thread with the thread count it set, so the CPU
// kernels are deterministic), and the run folder must hold every file with
// consistent contents.
func TestRunResume(t *testing.T) {
	dir := t.TempDir()
	split := writeSplit(t, dir)
	opts := func(out string, epochs int, resume bool) Options {
		o := DefaultOptions()
		o.Split, o.Out, o.Epochs, o.Resume, o.Batch, o.Threads, o.Patience = split, out, epochs, resume, 2, 1, 0
		o.Arch.Hidden, o.LR = 8, 1e-2
		return o
	}
	straight := filepath.Join(dir, "straight")
	sum, err := Run(context.Background(), opts(straight, 2, false))
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Records) != 2 || sum.Epochs != 2 || sum.Test == nil || sum.Val.Formulas != 2 || sum.Test.Formulas != 1 {
		t.Fatalf("summary %+v, records %d", sum, len(sum.Records))
	}
	resumed := filepath.Join(dir, "resumed")
	if _, err := Run(context.Background(), opts(resumed, 1, false)); err != nil {
		t.Fatal(err)
	}
	sum2, err := Run(context.Background(), opts(resumed, 2, true))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := jsonl.ReadFile[Record](filepath.Join(resumed, FileRecords))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Epoch != 1 || recs[1].Epoch != 2 {
		t.Fatalf("resumed run's records: %+v", recs)
	}
	for _, f := range []string{FileModel, FileLast, FileCheckpoint, FilePlot, FileSummary} {
		if _, err := os.Stat(filepath.Join(resumed, f)); err != nil {
			t.Error(err)
		}
	}
	a, err := phasenet.Load(filepath.Join(straight, FileLast))
	if err != nil {
		t.Fatal(err)
	}
	b, err := phasenet.Load(filepath.Join(resumed, FileLast))
	if err != nil {
		t.Fatal(err)
	}
	for name, wa := range a.Weights {
		for i := range wa {
			if d := wa[i] - b.Weights[name][i]; d != 0 {
				t.Fatalf("%s[%d]: straight %g, resumed %g", name, i, wa[i], b.Weights[name][i])
			}
		}
	}
	best, err := phasenet.Load(filepath.Join(resumed, FileModel))
	if err != nil {
		t.Fatal(err)
	}
	if best.Config.Threshold != sum2.Threshold || best.Config.Trained == "" || best.Config.Hidden != 8 {
		t.Errorf("best model config %+v, summary threshold %g", best.Config, sum2.Threshold)
	}
}

// TestRunOptions: bad options and a checkpoint of another architecture are
// refused with an error, not a crash.
func TestRunOptions(t *testing.T) {
	dir := t.TempDir()
	o := DefaultOptions()
	o.Split, o.Out = filepath.Join(dir, "none.json"), dir
	if _, err := Run(context.Background(), o); err == nil {
		t.Error("missing manifest: no error")
	}
	o.Epochs = 0
	if _, err := Run(context.Background(), o); err == nil {
		t.Error("zero epochs: no error")
	}
	split := writeSplit(t, dir)
	o = DefaultOptions()
	o.Split, o.Out, o.Epochs, o.Threads = split, filepath.Join(dir, "run"), 1, 1
	o.Arch.Hidden = 4
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	o.Resume, o.Arch.Hidden, o.Epochs = true, 8, 2
	if _, err := Run(context.Background(), o); err == nil {
		t.Error("resume with another hidden size: no error")
	}
}
