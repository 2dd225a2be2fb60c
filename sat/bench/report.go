package bench

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// Summary file names inside an output folder.
const (
	SummaryText     = "summary.txt"
	SummaryMarkdown = "summary.md"
)

// Report reads dir/results.csv and (re)writes summary.txt, summary.md,
// cactus.png and one scatter plot per solver pair in dir, all on the
// given clock's times. The text table also goes to w. It returns the
// summary, whose Flags say whether the answers are consistent.
func Report(dir string, clock Clock, w io.Writer) (Summary, error) {
	name := filepath.Join(dir, ResultsFile)
	recs, err := ReadResults(name)
	if err != nil {
		return Summary{}, err
	}
	if len(recs) == 0 {
		return Summary{}, fmt.Errorf("%s: no results", name)
	}
	return WriteReport(dir, recs, clock, w)
}

// WriteReport writes the summary files and plots of recs into dir.
func WriteReport(dir string, recs []Record, clock Clock, w io.Writer) (Summary, error) {
	recs, err := clock.times(recs)
	if err != nil {
		return Summary{}, err
	}
	sum := Summarize(recs)
	sum.Clock = clock
	var txt, md bytes.Buffer
	if err := sum.WriteTable(&txt, false); err != nil {
		return sum, err
	}
	if err := sum.WriteTable(&md, true); err != nil {
		return sum, err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, SummaryText), txt.Bytes(), 0o644); err != nil {
		return sum, err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, SummaryMarkdown), md.Bytes(), 0o644); err != nil {
		return sum, err
	}
	if w != nil {
		if _, err := w.Write(txt.Bytes()); err != nil {
			return sum, err
		}
	}
	var solvers []string
	for _, s := range sum.Solvers {
		solvers = append(solvers, s.Name)
	}
	if err := Cactus(recs, solvers, clock, filepath.Join(dir, CactusFile)); err != nil {
		return sum, err
	}
	for i, a := range solvers {
		for _, b := range solvers[i+1:] {
			if err := Scatter(recs, a, b, filepath.Join(dir, ScatterFile(a, b))); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}
