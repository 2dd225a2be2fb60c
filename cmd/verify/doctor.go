package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/sat/engine"
)

func doctorCommand() *cli.Command {
	return &cli.Command{
		Name:      "doctor",
		Usage:     "print what this binary was built with and can use",
		UsageText: "verify doctor [--threads N]",
		Description: "Prints the build tags, Go and gini versions, the SAT engines compiled in,\n" +
			"the CPU count and, in a libtorch build (make torch), the libtorch version,\n" +
			"its CUDA devices and the intra-op thread count training would use.\n\n" +
			"Examples:\n" +
			"  verify doctor\n" +
			"  bin/verify-torch doctor --threads 2",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "threads", Usage: "libtorch intra-op threads to set and report (0 = one per CPU)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("doctor takes no arguments, got %q", c.Args().Slice())
			}
			return writeDoctor(c.App.Writer, doctorFacts(c.Int("threads")))
		},
	}
}

// fact is one line of `verify doctor`.
type fact struct{ key, value string }

func doctorFacts(threads int) []fact {
	info, _ := debug.ReadBuildInfo()
	facts := []fact{
		{"verify", version},
		{"go", runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH},
		{"build tags", buildTags(info)},
		{"gini", depVersion(info, "github.com/go-air/gini")},
		{"sat engines", strings.Join(satEngines(), ", ")},
		{"default engine", defaultEngine()},
		{"cpus", fmt.Sprintf("%d (GOMAXPROCS %d)", runtime.NumCPU(), runtime.GOMAXPROCS(0))},
	}
	return append(facts, torchFacts(threads)...)
}

func writeDoctor(w io.Writer, facts []fact) error {
	for _, f := range facts {
		if _, err := fmt.Fprintf(w, "%-16s %s\n", f.key+":", f.value); err != nil {
			return err
		}
	}
	return nil
}

// compiledTags lists the project's build tags compiled into this binary.
func compiledTags() []string {
	var tags []string
	for _, t := range []string{torchTag, cadicalTag} {
		if t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// buildTags reports the -tags the binary was built with; test binaries carry
// no build settings, so it falls back to the tags this code knows about.
func buildTags(info *debug.BuildInfo) string {
	if info != nil {
		for _, s := range info.Settings {
			if s.Key == "-tags" && s.Value != "" {
				return s.Value
			}
		}
	}
	tags := compiledTags()
	if len(tags) == 0 {
		return "none (pure Go)"
	}
	return strings.Join(tags, ",")
}

func depVersion(info *debug.BuildInfo, path string) string {
	if info != nil {
		for _, d := range info.Deps {
			if d.Path == path {
				if d.Replace != nil {
					return d.Version + " => " + d.Replace.Path + " " + d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "linked (version unknown: no module build info)"
}

// defaultEngine is the engine `verify solve` uses without --engine.
func defaultEngine() string { return engine.Names()[0] }

// satEngines lists the SAT engines compiled in, best first, each with
// its library's version.
func satEngines() []string {
	names := engine.Names()
	for i, n := range names {
		names[i] = n + " " + engine.Version(n)
	}
	return names
}
