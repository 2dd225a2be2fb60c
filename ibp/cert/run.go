package cert

import (
	"context"
	"fmt"
	"io"

	"github.com/olekukonko/tablewriter"

	"github.com/verify-tools/verify/internal/progress"
)

// Outputs say where `verify certify` and `verify check` put their results
// besides the summary table.
type Outputs struct {
	// Out is the certificate file Run writes (JSON).
	Out string
	// Plot, when set, is a PNG of the per-sample margin lower bounds.
	Plot string
	// Progress receives the progress report (nil: none).
	Progress io.Writer
}

// Run certifies (Certify), writes the certificate to o.Out, removes the
// checkpoint (o.Out + ".partial" unless cfg names one), draws the plot
// and writes the summary table to w.
func Run(ctx context.Context, cfg Config, o Outputs, w io.Writer) (*Certificate, error) {
	if cfg.Checkpoint == "" {
		cfg.Checkpoint = o.Out + ".partial"
	}
	var bar *progress.Reporter
	cfg.OnStart = func(total int) {
		bar = progress.New(o.Progress, progress.Options{Total: total, Desc: "certify", Unit: "samples"})
	}
	cfg.OnSample = func() { bar.Add(1) }
	crt, err := Certify(ctx, cfg)
	bar.Finish()
	if err != nil {
		return nil, err
	}
	if err := Write(o.Out, crt); err != nil {
		return nil, err
	}
	if err := RemoveCheckpoint(cfg.Checkpoint); err != nil {
		return nil, err
	}
	if o.Plot != "" {
		if err := PlotMargins(crt, o.Plot); err != nil {
			return nil, err
		}
	}
	return crt, WriteSummaryTable(w, crt.Summary, crt)
}

// CheckFile reads the certificate at path, re-derives every claim
// (Check) and writes the summary table to w, then either an OK line or,
// to failures, one "FAIL ..." line per failing claim. The report says
// whether every claim held.
func CheckFile(ctx context.Context, path string, opt CheckOptions, o Outputs, w, failures io.Writer) (*Report, error) {
	crt, err := Read(path)
	if err != nil {
		return nil, err
	}
	bar := progress.New(o.Progress, progress.Options{Total: len(crt.Samples), Desc: "check", Unit: "samples"})
	opt.OnSample = func() { bar.Add(1) }
	rep, err := Check(ctx, crt, opt)
	bar.Finish()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := WriteSummaryTable(w, rep.Summary, crt); err != nil {
		return nil, err
	}
	if !rep.OK() {
		for _, f := range rep.Failures {
			fmt.Fprintf(failures, "FAIL %s\n", f)
		}
		return rep, nil
	}
	fmt.Fprintf(w, "OK: all %d samples and the summary of %s re-verified\n", len(crt.Samples), path)
	return rep, nil
}

// WriteSummaryTable prints a certificate summary (s, of c or of its
// re-check) as a table.
func WriteSummaryTable(w io.Writer, s Summary, c *Certificate) error {
	pct := func(v float64) string { return fmt.Sprintf("%.2f %%", 100*v) }
	t := tablewriter.NewWriter(w)
	t.Header("metric", "value")
	rows := [][]string{
		{"model", fmt.Sprintf("%s (%s)", c.Model.File, c.Model.Arch)},
		{"dataset", fmt.Sprintf("%s %s, %d samples", c.Dataset.Name, c.Dataset.Split, s.Samples)},
		{"eps (linf, pixels)", fmt.Sprintf("%g", c.Eps)},
		{"method / attack", string(c.Method) + " / " + c.Attack},
		{"clean accuracy", pct(s.CleanAccuracy)},
		{"certified accuracy", pct(s.CertifiedAcc)},
		{"attacked", fmt.Sprintf("%d (%s)", s.Attacked, pct(s.AttackedRate))},
		{"unknown", fmt.Sprintf("%d (%s)", s.Unknown, pct(s.UnknownRate))},
	}
	if s.Seconds > 0 {
		rows = append(rows, []string{"time", fmt.Sprintf("%.1f s (%.2f samples/s)", s.Seconds, s.SamplesPerSecond)})
	}
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}
