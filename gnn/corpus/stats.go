package corpus

import (
	"fmt"
	"io"
	"slices"

	"github.com/olekukonko/tablewriter"
)

// FamilyStats summarises the records of one family.
type FamilyStats struct {
	Family                  string
	Formulas                int
	Sat, Unsat, Unknown     int
	Complete                int // satisfiable with the whole backbone
	MeanVars, MeanClauses   float64
	BackboneFrac            float64 // mean backbone share of variables, satisfiable formulas
	MeanLabelMS, MaxLabelMS float64
	TotalLabelS             float64
}

// Stats summarises records per family, sorted by family, with a last
// row "all" over every record.
func Stats(recs []Record) []FamilyStats {
	by := map[string]*FamilyStats{}
	all := &FamilyStats{Family: "all"}
	for i := range recs {
		r := &recs[i]
		s := by[r.Family]
		if s == nil {
			s = &FamilyStats{Family: r.Family}
			by[r.Family] = s
		}
		for _, t := range []*FamilyStats{s, all} {
			t.Formulas++
			t.MeanVars += float64(r.Vars)
			t.MeanClauses += float64(r.Clauses)
			t.MeanLabelMS += r.LabelMS
			t.MaxLabelMS = max(t.MaxLabelMS, r.LabelMS)
			switch r.Status {
			case StatusSat:
				t.Sat++
				t.BackboneFrac += r.BackboneFraction()
				if r.Complete {
					t.Complete++
				}
			case StatusUnsat:
				t.Unsat++
			default:
				t.Unknown++
			}
		}
	}
	out := make([]FamilyStats, 0, len(by)+1)
	for _, s := range by {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b FamilyStats) int {
		if a.Family < b.Family {
			return -1
		}
		if a.Family > b.Family {
			return 1
		}
		return 0
	})
	out = append(out, *all)
	for i := range out {
		s := &out[i]
		s.TotalLabelS = s.MeanLabelMS / 1000
		if s.Formulas > 0 {
			n := float64(s.Formulas)
			s.MeanVars /= n
			s.MeanClauses /= n
			s.MeanLabelMS /= n
		}
		if s.Sat > 0 {
			s.BackboneFrac /= float64(s.Sat)
		}
	}
	return out
}

// WriteStatsTable renders the statistics as a text table.
func WriteStatsTable(w io.Writer, stats []FamilyStats) error {
	t := tablewriter.NewWriter(w)
	t.Header("family", "formulas", "sat", "unsat", "unknown", "complete", "mean vars", "mean clauses",
		"backbone frac", "label ms mean", "label ms max", "label s total")
	for _, s := range stats {
		err := t.Append(s.Family, fmt.Sprint(s.Formulas), fmt.Sprint(s.Sat), fmt.Sprint(s.Unsat), fmt.Sprint(s.Unknown),
			fmt.Sprint(s.Complete), fmt.Sprintf("%.1f", s.MeanVars), fmt.Sprintf("%.1f", s.MeanClauses),
			fmt.Sprintf("%.3f", s.BackboneFrac), fmt.Sprintf("%.2f", s.MeanLabelMS), fmt.Sprintf("%.1f", s.MaxLabelMS),
			fmt.Sprintf("%.2f", s.TotalLabelS))
		if err != nil {
			return err
		}
	}
	return t.Render()
}
