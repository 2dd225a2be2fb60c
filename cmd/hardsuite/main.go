// Command hardsuite selects the hard benchmark suites
// (benchmarks/sat-hard.suite, benchmarks/sat-hard-quick.suite) from the
// screening results of benchmarks/hard/screen.sh: instances whose CaDiCaL CPU
// time lies in the wanted band and whose answer is established (a checked
// model, UNSAT agreed by a second solver, or UNSAT by construction and
// CaDiCaL), at most a fixed share per family, split into dev and test
// halves by a seeded hash of the generator group's name. make hard-suites runs
// it; docs/benchmarks.md describes the procedure.
//
//	hardsuite candidates [-generated FILE] [-shared DIR]   screening order
//	hardsuite [flags]                                       select the suites
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "candidates" {
		fs := flag.NewFlagSet("candidates", flag.ExitOnError)
		genList := fs.String("generated", "build/hard/cand-gen.txt", "generated candidates ('ID PATH' lines from benchmarks/hard/screen.sh gen)")
		shared := fs.String("shared", strings.TrimSuffix(sharedPrefix, "/"), "the shared data folder")
		fs.Parse(os.Args[2:])
		if err := writeCandidates(*genList, *shared); err != nil {
			fmt.Fprintln(os.Stderr, "hardsuite candidates:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	flag.StringVar(&o.generated, "generated", "benchmarks/hard/generated.txt", "candidate generated instances (ID and verify gen arguments)")
	flag.StringVar(&o.screen, "screen", "benchmarks/hard/screen.jsonl", "screening results of benchmarks/hard/screen.sh (committed)")
	flag.StringVar(&o.full, "full", "benchmarks/sat-hard.suite", "full suite to write")
	flag.StringVar(&o.quick, "quick", "benchmarks/sat-hard-quick.suite", "quick suite to write")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the dev/test split (docs/benchmarks.md: the first seed whose halves were within 10 %)")
	flag.Float64Var(&o.minCPU, "min-cpu", 1, "least CaDiCaL CPU seconds of a selected instance")
	flag.Float64Var(&o.maxCPU, "max-cpu", 300, "most CaDiCaL CPU seconds of a selected instance")
	flag.Float64Var(&o.quickMaxCPU, "quick-max-cpu", 60, "most CaDiCaL CPU seconds of a quick-suite instance")
	flag.IntVar(&o.quickCount, "quick-count", 60, "instances in the quick suite")
	flag.IntVar(&o.fullTarget, "full-target", 200, "instances the full suite should have (fewer: marked INCOMPLETE)")
	flag.Float64Var(&o.familyShare, "family-share", 0.15, "largest share of one family in a suite")
	flag.BoolVar(&o.keepQuick, "keep-quick", true, "keep the quick suite's instances that are still eligible (growing the full suite leaves the quick one and its measurements as they were)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "hardsuite:", err)
		os.Exit(1)
	}
}
