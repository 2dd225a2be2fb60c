// Package testcorpus is for tests only: it finds the corpora `make
// testdata` fetches into testdata/external, and applies the project's rule
// for anything a test needs that a machine may lack (a corpus, a solver, a
// tool): on a developer machine the test is skipped, saying why; in CI
// (the environment variable CI set) nothing may be skipped, so the test
// fails loudly.
package testcorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// InCI reports whether the tests run in CI, where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") != "" }

// Missing ends the test for want of something: it fails in CI and skips
// elsewhere. what says what is missing and how to get it.
func Missing(tb testing.TB, what string) {
	tb.Helper()
	if InCI() {
		tb.Fatalf("%s (missing in CI, where nothing may be skipped)", what)
		return
	}
	tb.Skip(what)
}

// Path returns testdata/external/PARTS relative to the test's working
// directory (its package folder), a file or a folder of the fetched
// corpora. When it is missing the test ends as Missing says.
func Path(tb testing.TB, parts ...string) string {
	tb.Helper()
	p, err := path(".", parts...)
	if err == nil {
		_, err = os.Stat(p)
	}
	if err != nil {
		Missing(tb, fmt.Sprintf("corpus %v: run 'make testdata'", err))
	}
	return p
}

// Glob returns the names matching pattern under testdata/external, sorted;
// when none match the test ends as Missing says.
func Glob(tb testing.TB, pattern string) []string {
	tb.Helper()
	p, err := path(".", pattern)
	if err != nil {
		Missing(tb, fmt.Sprintf("corpus: %v: run 'make testdata'", err))
	}
	files, err := filepath.Glob(p)
	if err != nil {
		tb.Fatalf("corpus pattern %s: %v", p, err)
	}
	if len(files) == 0 {
		Missing(tb, fmt.Sprintf("corpus: nothing matches %s: run 'make testdata'", p))
	}
	return files
}

// path joins testdata/external/PARTS to the module root found upward from
// dir (the folder holding go.mod), relative to dir.
func path(dir string, parts ...string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	up := "."
	for root := abs; ; root = filepath.Dir(root) {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			return filepath.Join(append([]string{up, "testdata", "external"}, parts...)...), nil
		}
		if filepath.Dir(root) == root {
			return "", fmt.Errorf("no go.mod above %s", abs)
		}
		up = filepath.Join(up, "..")
	}
}

// WriteTemp puts content into a file name of a fresh temporary folder
// and returns its path; an error fails the test.
func WriteTemp(tb testing.TB, name, content string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}
