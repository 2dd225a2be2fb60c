package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

// verifyBin is the binary built from this package for end-to-end tests.
var verifyBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "verify-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	verifyBin = filepath.Join(dir, "verify")
	// The binary under test has the build tags of this test binary.
	build := exec.Command("go", "build", "-tags", strings.Join(compiledTags(), ","), "-o", verifyBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building verify for the CLI tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cliResult is what one run of the binary printed and returned.
type cliResult struct {
	stdout, stderr string
	code           int
}

// runCLI runs the built binary with stdin (may be nil).
func runCLI(t *testing.T, stdin []byte, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(verifyBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running verify %v: %v", args, err)
	}
	return cliResult{out.String(), errb.String(), code}
}

// external returns a path in the corpora fetched by `make testdata`.
func external(t *testing.T, parts ...string) string {
	t.Helper()
	return testcorpus.Path(t, parts...)
}

func TestHelpListsCommands(t *testing.T) {
	r := runCLI(t, nil, "--help")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, c := range newApp().Commands {
		if !bytes.Contains([]byte(r.stdout), []byte(c.Name)) {
			t.Errorf("--help does not list %q", c.Name)
		}
		if c.Usage == "" || c.UsageText == "" || !bytes.Contains([]byte(c.Description), []byte("verify "+c.Name)) {
			t.Errorf("command %q lacks a usage line, usage text or an example", c.Name)
		}
	}
}
