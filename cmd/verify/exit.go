package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// Exit codes, the same for every command (docs/cli.md, "Exit codes").
// `verify solve` answers with the SAT-competition codes instead: 10 SAT,
// 20 UNSAT, 0 unknown; its errors are the ones below.
const (
	exitError       = 1   // bad input, unreadable file, failed check, internal error
	exitUsage       = 2   // the command line is wrong: flags, arguments, their values
	exitIncomplete  = 3   // the work stopped short and what is done is kept (unfinished SLURM tasks, a diverged training run)
	exitFlagged     = 4   // bench: answers disagree, or a model is wrong or unverified
	exitInterrupted = 130 // SIGINT or SIGTERM stopped a long job; rerunning resumes it
)

// usageError is a wrong command line: exit code 2 with the reason.
func usageError(format string, args ...any) error {
	return cli.Exit(fmt.Sprintf(format, args...), exitUsage)
}

// failure is an error of a command's work: exit code 1 with the reason.
func failure(format string, args ...any) error {
	return cli.Exit(fmt.Sprintf(format, args...), exitError)
}

// exitStatus returns nil for 0 and a silent exit error otherwise.
func exitStatus(code int) error {
	if code == 0 {
		return nil
	}
	return cli.Exit("", code)
}

// markUsageErrors makes flag-parsing errors of cmd and its subcommands
// usage errors (urfave/cli leaves them plain, which would exit 1).
func markUsageErrors(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return cli.Exit(err.Error(), exitUsage)
		}
		markUsageErrors(c.Subcommands)
	}
}

// exitCode reports err on errw and returns the process exit code: the
// code an error carries, usage errors for what urfave/cli rejects before
// a command runs, exitInterrupted for an error after a signal.
func exitCode(ctx context.Context, err error, errw io.Writer) int {
	if err == nil {
		return 0
	}
	code := exitError
	var ec cli.ExitCoder
	switch {
	case errors.As(err, &ec):
		code = ec.ExitCode()
	case strings.HasPrefix(err.Error(), "Required flag"):
		// urfave/cli's missing required flags (its error type is
		// unexported); the tests pin the text.
		code = exitUsage
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintln(errw, "verify:", msg)
	}
	if code == exitError && ctx.Err() != nil {
		code = exitInterrupted
	}
	return code
}
