// Package bench runs SAT solvers over benchmark suites the way SAT
// competitions do: every instance × solver pair is one child process with
// its own wall-clock and memory limit, every SAT answer is checked against
// the formula, and the results stream into a CSV file that a later run
// resumes from.
//
// The pieces are kept apart so that they can be spread over machines:
//
//	suite manifests → instances        (suite.go)
//	instances × solvers → pairs        (pairs.go)
//	pairs → one run each → records     (runner.go, execute.go, pin.go, judge.go)
//	records → results CSV (shards)     (results.go, host.go)
//	results → summary, table, plots    (summary.go, pairs_summary.go, clock.go, table.go, plot*.go)
//
// Every record has the wall-clock and CPU time of its run and the machine
// it ran on; runs can be pinned to a CPU each; the pairwise comparison has
// bootstrap intervals (internal/stats).
//
// A worker that runs a chunk of pairs writes its own results file; Merge
// combines such shards into one set of records for the summary.
package bench
