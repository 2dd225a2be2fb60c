package main

import (
	"bytes"
	"strings"
	"testing"
)

func doctorOutput(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	if err := writeDoctor(&b, doctorFacts(0)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// field returns the value printed after "key:".
func field(out, key string) (string, bool) {
	for _, l := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(l, key+":"); ok {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

func TestDoctorPrintsBuildFacts(t *testing.T) {
	out := doctorOutput(t)
	for _, key := range []string{"verify", "go", "build tags", "gini", "sat engines", "cpus", "libtorch", "training"} {
		if v, ok := field(out, key); !ok || v == "" {
			t.Errorf("no %q line in:\n%s", key, out)
		}
	}
	if v, _ := field(out, "sat engines"); !strings.Contains(v, "gini") {
		t.Errorf("sat engines %q: gini must always be there", v)
	}
	if v, _ := field(out, "go"); !strings.HasPrefix(v, "go") {
		t.Errorf("go line %q", v)
	}
}

func TestDoctorCLI(t *testing.T) {
	r := runCLI(t, nil, "doctor")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	v, ok := field(r.stdout, "gini")
	if !ok || !strings.HasPrefix(v, "v1.") {
		t.Errorf("gini version %q in a built binary, want v1.x:\n%s", v, r.stdout)
	}
}
