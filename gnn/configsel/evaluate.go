package configsel

import (
	"fmt"
	"io"
	"math"

	"github.com/verify-tools/verify/internal/stats"
)

// Row is one line of an evaluation table: a way of choosing the
// configuration, against always taking the default.
type Row struct {
	Name string
	// Unsolved counts instances over the time limit; -1 when not defined
	// (an expectation over random choices).
	Unsolved int
	// PAR2 is the mean penalised time in seconds.
	PAR2 float64
	// Geo is the geometric mean of the per-instance time ratios to the
	// default, Sum the PAR-2 ratio, each with a bootstrap interval.
	Geo, Sum stats.Interval
}

// Evaluate compares, on the model's own training points, every
// configuration alone, their virtual best (the ceiling of any choice),
// the model's choice in cross-validation by family and by generator
// group, and the random control: each instance's expected time when the
// configuration is drawn with the frequencies of the choice by family.
// timeout is the runs' limit in seconds (a penalised time above it is
// unsolved).
func (m *Model) Evaluate(timeout float64, bs stats.Bootstrap) ([]Row, error) {
	n := len(m.Points)
	times := func(pick func(i int) int) []float64 {
		t := make([]float64, n)
		for i := range m.Points {
			t[i] = math.Exp(m.Points[i].LogTime[pick(i)])
		}
		return t
	}
	base := times(func(int) int { return 0 })
	var rows []Row
	add := func(name string, t, geo []float64, unsolved bool) error {
		r := Row{Name: name, Unsolved: -1}
		var err error
		if r.Geo, err = bs.GeoMeanRatio(base, geo); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if r.Sum, err = bs.RatioOfSums(base, t); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if unsolved {
			r.Unsolved = 0
		}
		for _, v := range t {
			r.PAR2 += v / float64(n)
			if unsolved && v > timeout {
				r.Unsolved++
			}
		}
		rows = append(rows, r)
		return nil
	}
	for ci, c := range m.Configs {
		t := times(func(int) int { return ci })
		if err := add(c, t, t, true); err != nil {
			return nil, err
		}
	}
	vb := times(func(i int) int {
		best := 0
		for ci, v := range m.Points[i].LogTime {
			if v < m.Points[i].LogTime[best] {
				best = ci
			}
		}
		return best
	})
	if err := add("virtual best", vb, vb, true); err != nil {
		return nil, err
	}
	for _, by := range []Split{ByFamily, ByGroup} {
		chosen, err := m.CrossValidate(by)
		if err != nil {
			return nil, err
		}
		t := times(func(i int) int { return chosen[i] })
		if err := add(fmt.Sprintf("model, cross-validated by %s", by), t, t, true); err != nil {
			return nil, err
		}
	}
	arith, geo := make([]float64, n), make([]float64, n)
	for i, p := range m.Points {
		for ci, c := range m.Configs {
			f := m.Frequencies[c]
			arith[i] += f * math.Exp(p.LogTime[ci])
			geo[i] += f * p.LogTime[ci]
		}
		geo[i] = math.Exp(geo[i])
	}
	if err := add("random, the model's frequencies (expected)", arith, geo, false); err != nil {
		return nil, err
	}
	return rows, nil
}

// WriteTable writes rows as a Markdown table.
func WriteTable(w io.Writer, rows []Row) error {
	if _, err := fmt.Fprintln(w, "| choice | unsolved | PAR-2 (s) | geometric mean ratio [95 % CI] | PAR-2 ratio [95 % CI] |\n|---|---|---|---|---|"); err != nil {
		return err
	}
	for _, r := range rows {
		u := "–"
		if r.Unsolved >= 0 {
			u = fmt.Sprint(r.Unsolved)
		}
		if _, err := fmt.Fprintf(w, "| %s | %s | %.2f | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] |\n", r.Name, u, r.PAR2,
			r.Geo.Estimate, r.Geo.Lo, r.Geo.Hi, r.Sum.Estimate, r.Sum.Lo, r.Sum.Hi); err != nil {
			return err
		}
	}
	return nil
}
