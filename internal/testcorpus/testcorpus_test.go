package testcorpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPath(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		dir   string
		parts []string
		want  string
	}{
		{root, []string{"mnist"}, filepath.Join("testdata", "external", "mnist")},
		{deep, []string{"satlib", "x.cnf"}, filepath.Join("..", "..", "testdata", "external", "satlib", "x.cnf")},
	}
	for _, tc := range tests {
		got, err := path(tc.dir, tc.parts...)
		if err != nil || got != tc.want {
			t.Errorf("path(%s, %v) = %q, %v; want %q", tc.dir, tc.parts, got, err, tc.want)
		}
	}
	if _, err := path(string(filepath.Separator), "x"); err == nil || !strings.Contains(err.Error(), "no go.mod") {
		t.Errorf("no module: %v", err)
	}
}

// recorder notes how a test ended instead of ending it.
type recorder struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, format
}
func (r *recorder) Skip(args ...any) { r.skipped = true }

func TestMissing(t *testing.T) {
	tests := []struct {
		ci          string
		fail, skips bool
	}{
		{"", false, true},
		{"true", true, false},
		{"1", true, false},
	}
	for _, tc := range tests {
		t.Run("CI="+tc.ci, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			r := &recorder{TB: t}
			Missing(r, "corpus x missing")
			if r.failed != tc.fail || r.skipped != tc.skips {
				t.Errorf("failed %v skipped %v, want %v %v", r.failed, r.skipped, tc.fail, tc.skips)
			}
		})
	}
}

func TestPathOfThisModule(t *testing.T) {
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	p := Path(r, "no-such-corpus-"+t.Name())
	if !r.skipped || p != filepath.Join("..", "..", "testdata", "external", "no-such-corpus-"+t.Name()) {
		t.Errorf("Path = %q, skipped %v", p, r.skipped)
	}
	r = &recorder{TB: t}
	Glob(r, "no-such-corpus-*/*.cnf")
	if !r.skipped {
		t.Error("Glob with no match did not skip")
	}
}
