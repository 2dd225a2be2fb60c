package main

import (
	"strings"
	"testing"
)

func TestVersionListsEngines(t *testing.T) {
	want := "default gini"
	if cadicalTag != "" {
		want = "default cadical"
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := runCLI(t, nil, args...)
		if r.code != 0 {
			t.Fatalf("verify %v: exit %d: %s", args, r.code, r.stderr)
		}
		if !strings.HasPrefix(r.stdout, "verify version ") || !strings.Contains(r.stdout, "gini") || !strings.Contains(r.stdout, want) {
			t.Errorf("verify %v printed %q, want the engines and %q", args, r.stdout, want)
		}
		if cadicalTag != "" && !strings.Contains(r.stdout, "sat engines: cadical ") {
			t.Errorf("verify %v printed %q: cadical is built in and must be listed first", args, r.stdout)
		}
	}
	r := runCLI(t, nil, "doctor")
	if v, _ := field(r.stdout, "default engine"); v != strings.TrimPrefix(want, "default ") {
		t.Errorf("doctor default engine %q, want %q", v, strings.TrimPrefix(want, "default "))
	}
}
