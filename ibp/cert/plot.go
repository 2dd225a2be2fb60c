package cert

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PlotMargins writes a PNG of every sample's smallest margin lower bound,
// sorted, coloured by status, with the certification threshold 0 marked:
// it shows how far uncertified samples are from being certified.
func PlotMargins(c *Certificate, path string) error {
	type pt struct {
		v      float64
		status string
	}
	var pts []pt
	for _, s := range c.Samples {
		if s.MinMarginLower != nil {
			pts = append(pts, pt{*s.MinMarginLower, s.Status})
		}
	}
	if len(pts) == 0 {
		return fmt.Errorf("plot: no sample has a finite margin bound")
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].v < pts[j].v })
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s, eps %g, %s: margin lower bounds", c.Model.Arch, c.Eps, c.Method)
	p.X.Label.Text = "samples (sorted)"
	p.Y.Label.Text = "min_j lower bound of z_label - z_j"
	colours := map[string]color.Color{
		StatusCertified: color.RGBA{G: 150, A: 255},
		StatusAttacked:  color.RGBA{R: 200, A: 255},
		StatusUnknown:   color.RGBA{R: 120, G: 120, B: 120, A: 255},
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, st := range []string{StatusCertified, StatusAttacked, StatusUnknown} {
		var xy plotter.XYs
		for i, q := range pts {
			if q.status == st {
				xy = append(xy, plotter.XY{X: float64(i), Y: q.v})
			}
			lo, hi = math.Min(lo, q.v), math.Max(hi, q.v)
		}
		if len(xy) == 0 {
			continue
		}
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return fmt.Errorf("plot: %w", err)
		}
		s.GlyphStyle.Color = colours[st]
		s.GlyphStyle.Radius = vg.Points(1.5)
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(s)
		p.Legend.Add(fmt.Sprintf("%s (%d)", st, len(xy)), s)
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: float64(len(pts) - 1), Y: 0}})
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	zero.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero)
	p.Legend.Top = true
	p.Legend.Left = true
	if err := p.Save(7*vg.Inch, 4.5*vg.Inch, path); err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	return nil
}
