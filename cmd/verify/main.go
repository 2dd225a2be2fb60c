// Command verify is one toolchain for certified robustness (IBP training,
// certification, certificate checking) and neural-guided SAT solving.
//
// Every command fills an options struct from its flags and calls one
// library function that writes to the app's Writer (results) and
// ErrWriter (progress, warnings); this file alone wires them to the
// process's standard streams.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	prepareProcess()
	os.Exit(run(os.Args))
}

// run executes the CLI and returns the process exit code. SIGINT and SIGTERM
// cancel the context, so long jobs stop cleanly and report what they have.
func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runApp(ctx, args, os.Stdin, os.Stdout, os.Stderr)
}

// runApp runs the command tree with the given streams and returns the
// exit code (exit.go).
func runApp(ctx context.Context, args []string, in io.Reader, out, errw io.Writer) int {
	app := newApp()
	app.Reader, app.Writer, app.ErrWriter = in, out, errw
	notFound := ""
	app.CommandNotFound = func(_ *cli.Context, name string) { notFound = name }
	err := app.RunContext(ctx, args)
	// urfave/cli reports an unknown command by showing no help and
	// returning nil (it also looks up help topics after other errors).
	if notFound != "" && err == nil {
		fmt.Fprintf(errw, "verify: no command %q; see 'verify --help'\n", notFound)
		return exitUsage
	}
	return exitCode(ctx, err, errw)
}

// newApp builds the command tree. Each command lives in its own file and is
// registered here; a command is listed only when it works.
func newApp() *cli.App {
	app := &cli.App{
		Name:    "verify",
		Usage:   "certified robustness and neural-guided SAT solving",
		Version: versionLine(),
		// A repeatable flag takes its value whole: solver commands and
		// sbatch options may hold commas.
		DisableSliceFlagSeparator: true,
		Description: "verify trains and certifies robust classifiers and solves SAT formulas\n" +
			"with neural phase initialisation. Run 'verify COMMAND --help' for details.",
		Commands: available(
			solveCommand(),
			proofCheckCommand(),
			benchCommand(),
			certifyCommand(),
			checkCommand(),
			doctorCommand(),
			versionCommand(),
			gnnCommand(),
			genCommand(),
			trainCommand(), // nil (absent) in the pure-Go build
		),
		ExitErrHandler: func(*cli.Context, error) {}, // exit codes are handled in run
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return cli.Exit(err.Error(), exitUsage)
		},
	}
	markUsageErrors(app.Commands)
	return app
}
