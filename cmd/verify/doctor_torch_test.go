//go:build torch

package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestDoctorReportsLibtorch(t *testing.T) {
	out := doctorOutput(t)
	v, _ := field(out, "libtorch")
	if !regexp.MustCompile(`^\d+\.\d+\.\d+`).MatchString(v) {
		t.Errorf("libtorch line %q, want a version first:\n%s", v, out)
	}
	if v, _ := field(out, "training"); !strings.HasPrefix(v, "available") {
		t.Errorf("training line %q", v)
	}
	if v, _ := field(out, "torch threads"); !regexp.MustCompile(`^[1-9]\d* intra-op`).MatchString(v) {
		t.Errorf("torch threads line %q", v)
	}
	if v, _ := field(out, "build tags"); !strings.Contains(v, "torch") {
		t.Errorf("build tags %q in a torch test", v)
	}
	t.Log("\n" + out)
}

// TestTorchBinaryWaitsPassively runs the built binary: without a policy in
// the environment it restarts itself with passive OpenMP waiting; a policy
// the user set is kept.
func TestTorchBinaryWaitsPassively(t *testing.T) {
	r := runCLI(t, nil, "doctor")
	if r.code != 0 {
		t.Fatalf("doctor: exit %d: %s", r.code, r.stderr)
	}
	want := "OMP_WAIT_POLICY=PASSIVE"
	if v, ok := os.LookupEnv("OMP_WAIT_POLICY"); ok {
		want = "OMP_WAIT_POLICY=" + v
	}
	if v, _ := field(r.stdout, "openmp wait"); v != want {
		t.Errorf("openmp wait line %q, want %s:\n%s", v, want, r.stdout)
	}
}
