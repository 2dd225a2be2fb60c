package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/internal/testcorpus"
)

// verifyBin is the binary built from this package for end-to-end tests.
var verifyBin string

func TestMain(m *testing.M) {
	// The test binary doubles as the `verify` of the testscript scripts
	// (testdata/script/*.txtar): run in a script, it is the command itself.
	os.Exit(testscript.RunMain(cliTests{m}, map[string]func() int{
		"verify": func() int { return run(os.Args) },
	}))
}

// cliTests builds the binary of the process-level tests around the run.
type cliTests struct{ m *testing.M }

func (c cliTests) Run() int {
	dir, err := os.MkdirTemp("", "verify-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	verifyBin = filepath.Join(dir, "verify")
	// The binary under test has the build tags of this test binary.
	build := exec.Command("go", "build", "-tags", strings.Join(compiledTags(), ","), "-o", verifyBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building verify for the CLI tests:", err)
		return 1
	}
	return c.m.Run()
}

// TestScripts runs the command-line scripts in testdata/script: exit codes
// and the outputs of simple commands, as a user would type them.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:  filepath.Join("testdata", "script"),
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"status": scriptStatus},
		Condition: func(cond string) (bool, error) {
			if cond == "torch" {
				return torchTag != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// scriptStatus is the script command 'status CODE PROGRAM [ARGS...]': run
// PROGRAM and fail unless it exits with CODE; stdout and stderr stay
// available to the script's stdout and stderr checks.
func scriptStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: bad exit code %q", args[0])
	}
	got := 0
	var ee *exec.ExitError
	if err := ts.Exec(args[1], args[2:]...); errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("status: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", strings.Join(args[1:], " "), got, want)
	}
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

// TestExitCodeScriptCoversEveryCommand: the exit-code script runs every
// command of this build (usage errors at least), so a new command cannot
// skip the convention.
func TestExitCodeScriptCoversEveryCommand(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("testdata", "script", "exit_codes.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(prefix string, cmds []*cli.Command)
	walk = func(prefix string, cmds []*cli.Command) {
		for _, c := range cmds {
			name := prefix + " " + c.Name
			if !bytes.Contains(script, []byte(name+" ")) && !bytes.Contains(script, []byte(name+"\n")) {
				t.Errorf("testdata/script/exit_codes.txtar never runs %q", name)
			}
			if c.Name != "gen" { // gen's subcommands are one per family: 'gen factor' stands for them
				walk(name, c.Subcommands)
			}
		}
	}
	walk("verify", newApp().Commands)
}
