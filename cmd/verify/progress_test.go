package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestProgressInLogs runs long-job commands with stderr going to a buffer,
// as in CI or `2>log`: progress must be a few plain lines, not a bar redrawn
// per item.
func TestProgressInLogs(t *testing.T) {
	dir := t.TempDir()
	satlib, _ := filepath.Abs(external(t, "satlib", "sat-uniform-20-91"))
	var suite strings.Builder
	for i := 1; i <= 12; i++ {
		suite.WriteString(filepath.Join(satlib, "uf20-0"+strconv.Itoa(i)+".cnf") + " sat uf20\n")
	}
	suitePath := filepath.Join(dir, "uf20.suite")
	if err := os.WriteFile(suitePath, []byte(suite.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		desc  string
		total int
	}{
		{"gnn gen", []string{"gnn", "gen", "--out", filepath.Join(dir, "gen"), "--seed", "5", "--count", "40", "--families", "qcp,parity,factor"}, "gen", 120},
		{"bench", []string{"bench", "--suite", suitePath, "--solver", "verify", "--timeout", "20s", "--jobs", "2", "--out", filepath.Join(dir, "bench")}, "bench", 12},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, nil, tc.args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			checkPlainProgress(t, r.stderr, tc.desc, tc.total)
		})
	}
}

// checkPlainProgress asserts that stderr holds progress as separate lines:
// no carriage returns, at most one line per tenth of the work (plus the 30 s
// lines a slow machine may add, and the closing line), and a closing line
// that counts every item.
func checkPlainProgress(t *testing.T, stderr, desc string, total int) {
	t.Helper()
	if strings.ContainsAny(stderr, "\r\x1b") {
		t.Fatalf("progress in a log holds terminal redraws: %q", stderr)
	}
	line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(desc) + `: \d+/\d+ `)
	n := len(line.FindAllString(stderr, -1))
	if n == 0 || n > 10+5 {
		t.Errorf("%d progress lines for %d items:\n%s", n, total, stderr)
	}
	closing := desc + ": " + strconv.Itoa(total) + "/" + strconv.Itoa(total) + " "
	if !strings.Contains(stderr, closing) || !strings.Contains(stderr, "done in") {
		t.Errorf("no closing line %q…done in:\n%s", closing, stderr)
	}
}
