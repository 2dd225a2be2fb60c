package certtrain

import (
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

type series struct {
	name string
	y    func(Record) float64
}

func panel(recs []Record, title, ylabel string, ss []series) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	var args []any
	for _, s := range ss {
		xy := make(plotter.XYs, len(recs))
		for i, r := range recs {
			xy[i] = plotter.XY{X: float64(r.Epoch), Y: s.y(r)}
		}
		args = append(args, s.name, xy)
	}
	if err := plotutil.AddLinePoints(p, args...); err != nil {
		return nil, err
	}
	return p, nil
}

// Plot writes a PNG with three panels over the epochs: the loss parts, the
// clean and IBP-verified test errors, and ε and λ.
func Plot(recs []Record, path string) error {
	if len(recs) == 0 {
		return fmt.Errorf("plot: no epochs recorded")
	}
	loss, err := panel(recs, "training loss", "loss", []series{
		{"total", func(r Record) float64 { return r.Loss }},
		{"robust", func(r Record) float64 { return r.LossRobust }},
		{"clean CE", func(r Record) float64 { return r.LossClean }},
		{"tight", func(r Record) float64 { return r.LossTight }},
		{"relu", func(r Record) float64 { return r.LossReLU }},
	})
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	last := recs[len(recs)-1]
	errs, err := panel(recs, fmt.Sprintf("%s error (ε = %g)", last.EvalName(), last.TestEps), "error %", []series{
		{"clean", func(r Record) float64 { return 100 * r.CleanErr }},
		{"IBP verified", func(r Record) float64 { return 100 * r.VerifiedEr }},
	})
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	sched, err := panel(recs, "schedule (last batch of the epoch)", "value", []series{
		{"ε", func(r Record) float64 { return r.Eps }},
		{"λ", func(r Record) float64 { return r.Lambda }},
	})
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	const w, h = 7 * vg.Inch, 10 * vg.Inch
	img := vgimg.New(w, h)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 3, Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4), PadY: vg.Points(10)}
	canvases := plot.Align([][]*plot.Plot{{loss}, {errs}, {sched}}, tiles, dc)
	loss.Draw(canvases[0][0])
	errs.Draw(canvases[1][0])
	sched.Draw(canvases[2][0])
	f, err := os.CreateTemp(filepath.Dir(path), ".train.png.tmp*")
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("plot %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("plot %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("plot %s: %w", path, err)
	}
	return nil
}
