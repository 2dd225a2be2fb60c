package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/ibp/cert"
	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/ibp/testmodel"
)

// TestCertifyCheckCLI runs certify and check end to end on a slice of real
// MNIST with a small classifier written by the test, then tampers with the
// certificate and expects check to fail.
func TestCertifyCheckCLI(t *testing.T) {
	dir := external(t, "mnist")
	train, err := data.LoadMNIST(dir, "train")
	if err != nil {
		t.Fatal(err)
	}
	m, err := testmodel.Centroid(train, 2000)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	mp := filepath.Join(tmp, "model.safetensors")
	if err := network.Save(mp, m); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "cert.json")
	r := runCLI(t, nil, "certify", "--model", mp, "--data-dir", dir, "--eps", "0.01", "--limit", "25",
		"--method", "crown", "--out", out, "--jobs", "2", "--plot", filepath.Join(tmp, "m.png"))
	if r.code != 0 {
		t.Fatalf("certify exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"certified accuracy", "clean accuracy", "crown / pgd"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("certify table lacks %q:\n%s", want, r.stdout)
		}
	}
	c, err := cert.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	if png, err := os.ReadFile(filepath.Join(tmp, "m.png")); err != nil || !strings.HasPrefix(string(png), "\x89PNG") {
		t.Fatalf("no PNG plot written: %v", err)
	}
	if _, err := os.Stat(out + ".partial"); err == nil {
		t.Fatal("checkpoint left behind after a finished run")
	}
	if c.Summary.Samples != 25 || c.Summary.Certified == 0 {
		t.Fatalf("unexpected summary %+v", c.Summary)
	}

	r = runCLI(t, nil, "check", out, "--model", mp, "--data-dir", dir, "--min-certified-acc", "0.3")
	if r.code != 0 {
		t.Fatalf("check of a fresh certificate: exit %d: %s", r.code, r.stderr)
	}

	// CROWN-IBP: certified at least as often as IBP here, recorded without
	// CROWN's refinement options, and re-derived by check
	outCI := filepath.Join(tmp, "cert-crown-ibp.json")
	r = runCLI(t, nil, "certify", "--model", mp, "--data-dir", dir, "--eps", "0.01", "--limit", "25",
		"--method", "crown-ibp", "--out", outCI, "--jobs", "2", "--quiet")
	if r.code != 0 || !strings.Contains(r.stdout, "crown-ibp / pgd") {
		t.Fatalf("certify --method crown-ibp: exit %d: %s\n%s", r.code, r.stderr, r.stdout)
	}
	ci, err := cert.Read(outCI)
	if err != nil {
		t.Fatal(err)
	}
	if ci.Method != "crown-ibp" || ci.Crown != nil || ci.Summary.Certified == 0 {
		t.Fatalf("crown-ibp certificate: method %q, crown options %v, summary %+v", ci.Method, ci.Crown, ci.Summary)
	}
	r = runCLI(t, nil, "check", outCI, "--model", mp, "--data-dir", dir, "--quiet")
	if r.code != 0 || !strings.Contains(r.stdout, "OK: all 25 samples") {
		t.Fatalf("check of a crown-ibp certificate: exit %d: %s", r.code, r.stderr)
	}
	r = runCLI(t, nil, "check", out, "--model", mp, "--data-dir", dir, "--min-certified-acc", "1")
	if r.code != 1 || !strings.Contains(r.stderr, "min-certified-acc") {
		t.Fatalf("threshold 1: exit %d, stderr %s", r.code, r.stderr)
	}

	// tamper: claim a non-certified sample is certified, and fix the summary
	for i, s := range c.Samples {
		if s.Status != cert.StatusCertified {
			c.Samples[i].Status = cert.StatusCertified
			break
		}
	}
	c.Summary = cert.Summarize(c.Samples)
	buf, _ := json.Marshal(c)
	bad := filepath.Join(tmp, "tampered.json")
	if err := os.WriteFile(bad, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, nil, "check", bad, "--model", mp, "--data-dir", dir, "--quiet")
	if r.code != 1 || !strings.Contains(r.stderr, "FAIL sample") {
		t.Fatalf("tampered certificate: exit %d, stderr %s", r.code, r.stderr)
	}
}

func TestCertifyCLIErrors(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad.safetensors")
	os.WriteFile(bad, []byte("garbage"), 0o644)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing flags", []string{"certify"}, exitUsage, "Required flag"},
		{"bad model", []string{"certify", "--model", bad, "--eps", "0.1", "--out", filepath.Join(tmp, "c.json"), "--data-dir", tmp}, 1, "bad.safetensors"},
		{"check without file", []string{"check", "--model", bad}, exitUsage, "exactly one certificate"},
		{"check unreadable cert", []string{"check", filepath.Join(tmp, "none.json"), "--model", bad}, 1, "none.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, nil, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr+r.stdout, tc.want) {
				t.Fatalf("exit %d (want %d), output %q lacks %q", r.code, tc.code, r.stderr+r.stdout, tc.want)
			}
		})
	}
}
