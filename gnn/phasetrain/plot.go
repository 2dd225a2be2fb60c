package phasetrain

import (
	"bytes"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// WritePlot draws the losses and the validation accuracy and F1 per epoch
// into a PNG file.
func WritePlot(name string, recs []Record) error {
	if len(recs) == 0 {
		return nil
	}
	p := plot.New()
	p.Title.Text = "phase predictor training"
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "loss / score"
	p.Legend.Top = true
	line := func(y func(Record) float64) plotter.XYs {
		xy := make(plotter.XYs, len(recs))
		for i, r := range recs {
			xy[i] = plotter.XY{X: float64(r.Epoch), Y: y(r)}
		}
		return xy
	}
	if err := plotutil.AddLinePoints(p,
		"train loss", line(func(r Record) float64 { return r.Loss }),
		"val loss", line(func(r Record) float64 { return r.ValLoss }),
		"val accuracy", line(func(r Record) float64 { return r.ValAcc }),
		"val F1 (true)", line(func(r Record) float64 { return r.ValF1 }),
	); err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	wt, err := p.WriterTo(8*vg.Inch, 5*vg.Inch, "png")
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	return atomicfile.WriteFile(name, buf.Bytes(), 0o644)
}
