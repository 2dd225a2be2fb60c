//go:build torch

package main

import (
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
