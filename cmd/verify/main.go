// Command verify is one toolchain for certified robustness (IBP training,
// certification, certificate checking) and neural-guided SAT solving.
package main

import (
	"context"
	"errors"
	"fmt"
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
	app := newApp()
	if err := app.RunContext(ctx, args); err != nil {
		var ec cli.ExitCoder
		if errors.As(err, &ec) {
			if msg := err.Error(); msg != "" {
				fmt.Fprintln(os.Stderr, "verify:", msg)
			}
			return ec.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "verify:", err)
		return 1
	}
	return 0
}

// newApp builds the command tree. Each command lives in its own file and is
// registered here; a command is listed only when it works.
func newApp() *cli.App {
	return &cli.App{
		Name:    "verify",
		Usage:   "certified robustness and neural-guided SAT solving",
		Version: versionLine(),
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
	}
}
