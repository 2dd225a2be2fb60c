package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/sat/engine"
)

// TestGnnPipeline runs gen, label (twice: the rerun resumes), split and
// stats end to end on a tiny corpus with one bad file.
func TestGnnPipeline(t *testing.T) {
	dir := t.TempDir()
	genDir := filepath.Join(dir, "gen")
	r := runCLI(t, nil, "gnn", "gen", "--out", genDir, "--seed", "3", "--count", "4", "--families", "qcp,parity,factor")
	if r.code != 0 || !strings.Contains(r.stdout, "wrote 12 formulas") {
		t.Fatalf("gen: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	first, _ := os.ReadFile(filepath.Join(genDir, "qcp", "qcp-small-s3-0002.cnf"))
	runCLI(t, nil, "gnn", "gen", "--out", genDir, "--seed", "3", "--count", "4", "--families", "qcp")
	again, _ := os.ReadFile(filepath.Join(genDir, "qcp", "qcp-small-s3-0002.cnf"))
	if len(first) == 0 || string(first) != string(again) {
		t.Fatal("regenerating with the same seed changed the file")
	}

	bad := filepath.Join(dir, "bad.cnf")
	os.WriteFile(bad, []byte("p cnf 2 1\n1 q 0\n"), 0o644)
	labels := filepath.Join(dir, "labels.jsonl")
	r = runCLI(t, nil, "gnn", "label", "--quiet", "--out", labels, "--jobs", "2", genDir, bad)
	if r.code != 1 || !strings.Contains(r.stderr, "bad.cnf:2:") || !strings.Contains(r.stdout, "12 records written (12 sat") {
		t.Fatalf("label: exit %d (want 1 for the bad file)\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, nil, "gnn", "label", "--quiet", "--out", labels, genDir)
	if r.code != 0 || !strings.Contains(r.stdout, "12 already labelled, 0 records written") {
		t.Fatalf("label rerun: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	manifest := filepath.Join(dir, "split.json")
	r = runCLI(t, nil, "gnn", "split", "--labels", labels, "--out", manifest, "--val", "0.2", "--test", "0.2")
	if r.code != 0 || !strings.Contains(r.stdout, "train") {
		t.Fatalf("split: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(manifest); err != nil {
		t.Fatal(err)
	}
	held := filepath.Join(dir, "held.json")
	r = runCLI(t, nil, "gnn", "split", "--labels", labels, "--out", held, "--hold-out", "parity", "--hold-out", "factor")
	if r.code != 0 || !strings.Contains(r.stdout, "held-out families factor, parity") {
		t.Fatalf("split --hold-out: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(held)
	if err != nil {
		t.Fatal(err)
	}
	var hm corpus.Manifest
	if err := json.Unmarshal(data, &hm); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(hm.HeldOut, []string{"factor", "parity"}) || hm.Counts["test"] < 8 {
		t.Fatalf("held-out manifest: held_out %v, counts %v", hm.HeldOut, hm.Counts)
	}
	for _, e := range append(hm.Train, hm.ValSet...) {
		if e.Family != "qcp" {
			t.Fatalf("held-out formula %s outside the test set", e.Path)
		}
	}
	r = runCLI(t, nil, "gnn", "split", "--labels", labels, "--out", held, "--hold-out", "nope")
	if r.code != exitError || !strings.Contains(r.stderr, `held-out family "nope"`) {
		t.Fatalf("split --hold-out nope: exit %d\n%s", r.code, r.stderr)
	}
	r = runCLI(t, nil, "gnn", "stats", "--labels", labels)
	for _, fam := range []string{"qcp", "parity", "factor", "all"} {
		if !strings.Contains(r.stdout, fam) {
			t.Fatalf("stats lacks %s:\n%s", fam, r.stdout)
		}
	}
	// The embedded model scored on the split's sets: a row per family and
	// one for all, every rate within [0, 1].
	for _, set := range []string{"train", "val"} {
		r = runCLI(t, nil, "gnn", "eval", "--split", manifest, "--set", set)
		if r.code != 0 || !strings.Contains(r.stdout, "all") || !strings.Contains(r.stdout, "acc@0.5") {
			t.Fatalf("eval %s: exit %d\n%s%s", set, r.code, r.stdout, r.stderr)
		}
	}
	if r = runCLI(t, nil, "gnn", "eval", "--split", manifest, "--set", "nope"); r.code != exitUsage {
		t.Fatalf("eval of an unknown set: exit %d", r.code)
	}
}

// TestGnnLabelEngines labels one generated corpus with every engine of
// the build: each record names its engine, and the complete backbones
// are the same whichever engine extracted them.
func TestGnnLabelEngines(t *testing.T) {
	dir := t.TempDir()
	genDir := filepath.Join(dir, "gen")
	if r := runCLI(t, nil, "gnn", "gen", "--out", genDir, "--seed", "5", "--count", "3", "--families", "qcp,parity"); r.code != 0 {
		t.Fatalf("gen: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var first map[string][]int32
	for _, eng := range engine.Names() {
		labels := filepath.Join(dir, eng+".jsonl")
		r := runCLI(t, nil, "gnn", "label", "--quiet", "--engine", eng, "--out", labels, genDir)
		if r.code != 0 || !strings.Contains(r.stdout, "6 records written (6 sat") {
			t.Fatalf("label --engine %s: exit %d\n%s%s", eng, r.code, r.stdout, r.stderr)
		}
		recs, err := corpus.ReadRecords(labels)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]int32{}
		for _, rec := range recs {
			if rec.Engine != eng || !rec.Complete {
				t.Fatalf("%s: engine %q complete %v, want %q and complete", rec.Path, rec.Engine, rec.Complete, eng)
			}
			got[rec.Path] = rec.Backbone
		}
		if first == nil {
			first = got
			continue
		}
		for p, bb := range first {
			if !slices.Equal(got[p], bb) {
				t.Errorf("%s: %s backbone %v, %s gave %v", p, eng, got[p], engine.Names()[0], bb)
			}
		}
	}
}

func TestGnnBadArguments(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "x.jsonl")
	os.WriteFile(notJSON, []byte("nope\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"gnn", "gen", "--out", dir, "--families", "ksat,nope"}, exitUsage, `unknown family "nope"`},
		{[]string{"gnn", "gen", "--out", dir, "--size", "huge"}, exitUsage, "unknown size"},
		{[]string{"gnn", "label", "--out", filepath.Join(dir, "l.jsonl")}, exitUsage, "want at least one"},
		{[]string{"gnn", "label", "--out", filepath.Join(dir, "l.jsonl"), filepath.Join(dir, "missing")}, exitError, "missing"},
		{[]string{"gnn", "label", "--out", notJSON, dir}, exitError, "x.jsonl:1: bad record"},
		{[]string{"gnn", "label", "--engine", "minisat", "--out", filepath.Join(dir, "l.jsonl"), dir}, exitUsage, `unknown engine "minisat"`},
		{[]string{"gnn", "stats", "--labels", notJSON}, exitError, "x.jsonl:1:"},
		{[]string{"gnn", "split", "--labels", notJSON, "--out", filepath.Join(dir, "m.json")}, exitError, "x.jsonl:1:"},
	} {
		r := runCLI(t, nil, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}

func TestGnnSubcommandsDocumented(t *testing.T) {
	cmd := gnnCommand()
	if len(cmd.Subcommands) == 0 {
		t.Fatal("gnn has no subcommands")
	}
	for _, c := range cmd.Subcommands {
		if c.Usage == "" || c.UsageText == "" || !strings.Contains(c.Description, "verify gnn "+c.Name) || c.Action == nil {
			t.Errorf("gnn %s lacks a usage line, usage text, an example or an action", c.Name)
		}
	}
}
