//go:build !torch

package main

import (
	"strings"
	"testing"
)

func TestDoctorPureGoHint(t *testing.T) {
	out := doctorOutput(t)
	v, _ := field(out, "training")
	if !strings.Contains(v, "make torch") {
		t.Errorf("pure-Go build must say how to get training; training line %q", v)
	}
	if v, _ := field(out, "build tags"); strings.Contains(v, "torch") {
		t.Errorf("build tags %q in a pure-Go test", v)
	}
}
