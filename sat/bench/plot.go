package bench

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"regexp"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// minPlotTime is the floor of the logarithmic time axes (seconds).
const minPlotTime = 0.001

// decades widens [lo, hi] to whole powers of ten, so that log ticks show.
func decades(lo, hi float64) (float64, float64) {
	lo = math.Pow(10, math.Floor(math.Log10(math.Max(lo, minPlotTime))))
	hi = math.Pow(10, math.Ceil(math.Log10(math.Max(hi, minPlotTime))))
	if hi <= lo {
		hi = lo * 10
	}
	return lo, hi
}

// CactusFile is the cactus plot's file name.
const CactusFile = "cactus.png"

// ScatterFile is the file name of the runtime scatter plot of a against b.
func ScatterFile(a, b string) string {
	return fmt.Sprintf("scatter-%s-vs-%s.png", fileSafe(a), fileSafe(b))
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._+-]`)

func fileSafe(s string) string { return unsafeChars.ReplaceAllString(s, "_") }

// solvedTimes returns the sorted run times of solver's counted answers.
func solvedTimes(recs []Record, solver string, provedSat map[string]bool) []float64 {
	var ts []float64
	for _, r := range recs {
		if r.Solver == solver && counted(r, provedSat) {
			ts = append(ts, math.Max(r.Time, minPlotTime))
		}
	}
	sort.Float64s(ts)
	return ts
}

func provedSatSet(recs []Record) map[string]bool {
	m := make(map[string]bool)
	for _, r := range recs {
		if r.Status == StatusSat {
			m[r.Instance] = true
		}
	}
	return m
}

// vbsTimes returns the virtual best solver's sorted solve times.
func vbsTimes(recs []Record, provedSat map[string]bool) []float64 {
	best := make(map[string]float64)
	for _, r := range recs {
		if !counted(r, provedSat) {
			continue
		}
		if t, ok := best[r.Instance]; !ok || r.Time < t {
			best[r.Instance] = r.Time
		}
	}
	ts := make([]float64, 0, len(best))
	for _, t := range best {
		ts = append(ts, math.Max(t, minPlotTime))
	}
	sort.Float64s(ts)
	return ts
}

// Cactus draws the cactus plot: for each solver, the n-th fastest solve
// time against n (on the clock's times, which recs already carry), so
// lower and further right is better.
func Cactus(recs []Record, solvers []string, clock Clock, name string) error {
	p := plot.New()
	p.Title.Text = "Cactus plot"
	p.X.Label.Text = "instances solved"
	p.Y.Label.Text = clock.label() + " time per instance (s)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	proved := provedSatSet(recs)
	series := append([]string(nil), solvers...)
	if len(solvers) > 1 {
		series = append(series, VBSName)
	}
	lo, hi := math.Inf(1), 0.0
	for i, s := range series {
		ts := vbsTimes(recs, proved)
		if s != VBSName {
			ts = solvedTimes(recs, s, proved)
		}
		if len(ts) == 0 {
			continue
		}
		lo, hi = math.Min(lo, ts[0]), math.Max(hi, ts[len(ts)-1])
		xys := make(plotter.XYs, len(ts))
		for k, t := range ts {
			xys[k] = plotter.XY{X: float64(k + 1), Y: t}
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return fmt.Errorf("cactus plot: %w", err)
		}
		line.Color, points.Color = plotutil.Color(i), plotutil.Color(i)
		points.Shape = plotutil.Shape(i)
		points.Radius = vg.Points(2)
		if s == VBSName {
			line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			line.Color, points.Color = color.Gray{Y: 90}, color.Gray{Y: 90}
		}
		p.Add(line, points)
		p.Legend.Add(s, line, points)
	}
	if hi > 0 {
		p.Y.Min, p.Y.Max = decades(lo, hi*3)
	} else {
		// Nothing solved: an empty plot on a valid log axis (a log axis
		// over [0, 0] makes gonum/plot panic).
		p.Y.Min, p.Y.Max = minPlotTime, 1
		p.Title.Text += " (nothing solved)"
	}
	return savePlot(p, name, 6*vg.Inch, 4*vg.Inch)
}

// Scatter draws the pairwise runtime plot of solvers a and b on log-log
// axes; a pair a solver did not solve sits on its 2×limit line.
func Scatter(recs []Record, a, b string, name string) error {
	proved := provedSatSet(recs)
	timeA, timeB := pairTimes(recs, a, proved), pairTimes(recs, b, proved)
	limit := 0.0
	for _, r := range recs {
		limit = math.Max(limit, r.Timeout)
	}
	pen := math.Max(2*limit, minPlotTime*10)
	groups := map[string]plotter.XYs{}
	order := []string{"SAT", "UNSAT", "unsolved by one", "unsolved by both"}
	var insts []string
	for inst := range timeA {
		if _, ok := timeB[inst]; ok {
			insts = append(insts, inst)
		}
	}
	sort.Strings(insts)
	for _, inst := range insts {
		ra, rb := timeA[inst], timeB[inst]
		g := "unsolved by both"
		switch {
		case ra.ok && rb.ok && ra.sat:
			g = "SAT"
		case ra.ok && rb.ok:
			g = "UNSAT"
		case ra.ok || rb.ok:
			g = "unsolved by one"
		}
		x, y := pen, pen
		if ra.ok {
			x = ra.t
		}
		if rb.ok {
			y = rb.t
		}
		groups[g] = append(groups[g], plotter.XY{X: x, Y: y})
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s vs %s (%d instances)", a, b, len(insts))
	p.X.Label.Text = a + " time (s)"
	p.Y.Label.Text = b + " time (s)"
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Scale = plot.LogScale{}
		ax.Tick.Marker = plot.LogTicks{Prec: -1}
		ax.Min, ax.Max = decades(lowest(groups), pen*20)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	lo, hi := p.X.Min, p.X.Max
	diag, err := plotter.NewLine(plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}})
	if err != nil {
		return fmt.Errorf("scatter plot: %w", err)
	}
	diag.Color = color.Gray{Y: 120}
	p.Add(diag)
	penX, _ := plotter.NewLine(plotter.XYs{{X: pen, Y: lo}, {X: pen, Y: hi}})
	penY, _ := plotter.NewLine(plotter.XYs{{X: lo, Y: pen}, {X: hi, Y: pen}})
	for _, l := range []*plotter.Line{penX, penY} {
		l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		l.Color = color.RGBA{R: 200, A: 255}
		p.Add(l)
	}
	p.Legend.Add(fmt.Sprintf("2×limit (%gs)", 2*limit), penX)
	for i, g := range order {
		pts := groups[g]
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return fmt.Errorf("scatter plot: %w", err)
		}
		sc.Color = plotutil.Color(i)
		sc.Shape = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}}[i]
		sc.Radius = vg.Points(2.5)
		p.Add(sc)
		p.Legend.Add(fmt.Sprintf("%s (%d)", g, len(pts)), sc)
	}
	return savePlot(p, name, 5*vg.Inch, 5*vg.Inch)
}

// lowest is the smallest coordinate of the points.
func lowest(groups map[string]plotter.XYs) float64 {
	lo := math.Inf(1)
	for _, pts := range groups {
		for _, pt := range pts {
			lo = math.Min(lo, math.Min(pt.X, pt.Y))
		}
	}
	if math.IsInf(lo, 1) {
		return minPlotTime
	}
	return lo
}

type pairTime struct {
	t       float64
	ok, sat bool
}

func pairTimes(recs []Record, solver string, proved map[string]bool) map[string]pairTime {
	m := make(map[string]pairTime)
	for _, r := range recs {
		if r.Solver == solver {
			m[r.Instance] = pairTime{t: math.Max(r.Time, minPlotTime), ok: counted(r, proved), sat: r.Status == StatusSat}
		}
	}
	return m
}

func savePlot(p *plot.Plot, name string, w, h vg.Length) error {
	wt, err := p.WriterTo(w, h, filepath.Ext(name)[1:])
	if err != nil {
		return fmt.Errorf("plot %s: %w", name, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return fmt.Errorf("plot %s: %w", name, err)
	}
	return atomicfile.WriteFile(name, buf.Bytes(), 0o644)
}
