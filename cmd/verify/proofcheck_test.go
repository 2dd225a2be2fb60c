package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

func TestProofCheckCLI(t *testing.T) {
	cnf := external(t, "gophersat", "150.cnf")
	dir := t.TempDir()
	proof := filepath.Join(dir, "p.drat")
	if cadicalTag != "" {
		// Our CaDiCaL engine, the default where it is built in, writes
		// the proof without being asked for by name.
		r := runCLI(t, nil, "solve", "--proof", proof, cnf)
		if r.code != 20 || !strings.Contains(r.stdout, "engine cadical") || !strings.Contains(r.stdout, "c DRAT proof written") {
			t.Fatalf("solve --proof: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
	} else {
		if _, err := exec.LookPath("cadical"); err != nil {
			testcorpus.Missing(t, "cadical not installed (apt-get install cadical)")
		}
		if err := exec.Command("cadical", "-q", "--no-binary", cnf, proof).Run(); err == nil {
			t.Fatal("cadical did not exit 20")
		}
	}
	r := runCLI(t, nil, "proof-check", cnf, proof)
	if r.code != 0 || !strings.Contains(r.stdout, "s VERIFIED") {
		t.Fatalf("valid proof: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// Dropping every lemma but the final empty clause must be caught.
	bad := filepath.Join(dir, "bad.drat")
	os.WriteFile(bad, []byte("0\n"), 0o644)
	r = runCLI(t, nil, "proof-check", cnf, bad)
	if r.code != 1 || !strings.Contains(r.stdout, "s NOT VERIFIED") || !strings.Contains(r.stderr, "bad.drat:1: lemma [] is neither RUP nor RAT") {
		t.Fatalf("corrupt proof: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestSolveEngineFlags(t *testing.T) {
	cnf := external(t, "satlib", "sat-uniform-20-91", "uf20-01.cnf")
	r := runCLI(t, nil, "solve", "--engine", "gini", "--proof", filepath.Join(t.TempDir(), "p"), cnf)
	if r.code != exitUsage || !strings.Contains(r.stderr, "gini engine cannot write DRAT proofs") {
		t.Errorf("gini --proof: exit %d, stderr %q", r.code, r.stderr)
	}
	r = runCLI(t, nil, "solve", "--engine", "minisat", cnf)
	if r.code != exitUsage || !strings.Contains(r.stderr, "unknown engine \"minisat\"") {
		t.Errorf("unknown engine: exit %d, stderr %q", r.code, r.stderr)
	}
	want := "engine gini"
	if cadicalTag != "" {
		want = "engine cadical" // the default is the best engine built in
	}
	r = runCLI(t, nil, "solve", cnf)
	if r.code != 10 || !strings.Contains(r.stdout, want) {
		t.Errorf("default engine: exit %d, want %q in\n%s", r.code, want, r.stdout)
	}
}
