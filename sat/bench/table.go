package bench

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/verify-tools/verify/internal/stats"
)

// tableHeader names the columns of the solver table; the time columns
// say which clock they use.
func tableHeader(c Clock) []string {
	return []string{"solver", "SAT", "UNSAT", "solved", "unique", "PAR-2 " + c.label() + " (s)", "median " + c.label() + " (s)",
		"timeout", "memout", "crash", "unknown", "wrong", "unverified"}
}

func (s SolverSummary) row() []string {
	unique := "-"
	if s.Unique >= 0 {
		unique = strconv.Itoa(s.Unique)
	}
	wrong := s.Wrong + s.Refuted
	return []string{s.Name, strconv.Itoa(s.Sat), strconv.Itoa(s.Unsat),
		fmt.Sprintf("%d/%d", s.Solved(), s.Runs), unique, strconv.FormatFloat(s.PAR2, 'f', 3, 64),
		strconv.FormatFloat(s.Median, 'f', 3, 64),
		strconv.Itoa(s.Timeout), strconv.Itoa(s.Memout), strconv.Itoa(s.Crash),
		strconv.Itoa(s.Unknown), strconv.Itoa(wrong), strconv.Itoa(s.Unverified)}
}

// WriteTable renders the summary as a text table (markdown when md is
// set), followed by the flags.
func (sum Summary) WriteTable(w io.Writer, md bool) error {
	opts := []tablewriter.Option{tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignment(tw.AlignRight)}
	if md {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
	}
	var buf bytes.Buffer
	t := tablewriter.NewTable(&buf, opts...)
	t.Header(tableHeader(sum.Clock))
	rows := make([][]string, 0, len(sum.Solvers)+1)
	for _, s := range sum.Solvers {
		rows = append(rows, s.row())
	}
	rows = append(rows, sum.VBS.row())
	if err := t.Bulk(rows); err != nil {
		return fmt.Errorf("summary table: %w", err)
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("summary table: %w", err)
	}
	fmt.Fprintf(&buf, "\n%d instances, wall-clock limit %gs; times are %s. PAR-2 is the mean time per instance with 2×limit for unsolved ones; the median counts them the same way.\n",
		sum.Instances, sum.Timeout, sum.Clock.about())
	buf.WriteString(machineLines(sum.Machines, sum.Mixed))
	if err := writePairs(&buf, sum.Pairs, opts); err != nil {
		return err
	}
	if err := writeFamilies(&buf, sum.Families, sum.Clock, opts); err != nil {
		return err
	}
	if len(sum.Flags) == 0 {
		buf.WriteString("No disagreements, wrong or unverified answers.\n")
	} else {
		fmt.Fprintf(&buf, "\n!!! %d PROBLEMS — answers that cannot all be right:\n", len(sum.Flags))
		for _, f := range sum.Flags {
			if md {
				buf.WriteString("- ")
			} else {
				buf.WriteString("  !! ")
			}
			buf.WriteString(f)
			buf.WriteByte('\n')
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var pairHeader = []string{"B vs A", "instances", "B/A geometric mean [95% CI]", "B/A PAR-2 [95% CI]",
	"B slowest (B/A)", "B fastest (B/A)"}

// interval formats an estimate with its interval: "0.912 [0.850, 0.981]".
func interval(iv stats.Interval) string {
	if math.IsNaN(iv.Estimate) {
		return "-"
	}
	return fmt.Sprintf("%.3f [%.3f, %.3f]", iv.Estimate, iv.Lo, iv.Hi)
}

// writePairs renders the pairwise comparison, when there are two solvers
// or more.
func writePairs(buf *bytes.Buffer, pairs []PairSummary, opts []tablewriter.Option) error {
	if len(pairs) == 0 {
		return nil
	}
	buf.WriteByte('\n')
	t := tablewriter.NewTable(buf, opts...)
	t.Header(pairHeader)
	rows := make([][]string, 0, len(pairs))
	for _, p := range pairs {
		rows = append(rows, []string{p.B + " vs " + p.A, strconv.Itoa(p.Instances), interval(p.GeoMean), interval(p.PAR2),
			fmt.Sprintf("%.2f (%s)", p.Slowest, p.SlowestInst), fmt.Sprintf("%.2f (%s)", p.Fastest, p.FastestInst)})
	}
	if err := t.Bulk(rows); err != nil {
		return fmt.Errorf("pairs table: %w", err)
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("pairs table: %w", err)
	}
	fmt.Fprintf(buf, "\nPer instance both ran, B's time over A's, an unsolved run counting 2×limit; below 1 B is faster. "+
		"Times floored at %gs. Geometric mean: of the per-instance ratios (the typical instance). PAR-2: B's total over A's (the hard instances decide). "+
		"[95%% CI]: percentile bootstrap over the instances, %d resamples, seed %d.\n",
		PairFloor, stats.DefaultResamples, stats.DefaultSeed)
	return nil
}
