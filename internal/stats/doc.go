// Package stats holds the statistics verify's comparisons report: the
// percentile bootstrap over paired measurements (the instances of a
// benchmark, the samples of a certification run), with a fixed seed so
// that a rerun prints the same interval. It imports nothing of verify, so
// both halves (sat/ and ibp/) can use it.
package stats
