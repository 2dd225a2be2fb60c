package bench

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"

	"github.com/olekukonko/tablewriter"
)

// FamilySummary is the solvers' figures on one family's instances (the
// suite's family column; records without one count as "-").
type FamilySummary struct {
	Name      string
	Instances int
	// Solvers are in Summary.Solvers' order, with Name, Runs, PAR2 and
	// the answer and failure counts set (Runs 0 where the solver ran none
	// of the family); Unique and Median are not computed.
	Solvers []SolverSummary
	// Pairs compares every two solvers on the family's instances, as
	// Summary.Pairs does on all of them.
	Pairs []PairSummary
}

// families splits recs by family and tallies each solver's counted
// answers and PAR-2 there, with the same rules as Summarize (provedSat:
// the instances some solver proved satisfiable). solvers gives the order.
func families(recs []Record, solvers []SolverSummary, provedSat map[string]bool) []FamilySummary {
	idx := make(map[string]int, len(solvers))
	names := make([]string, len(solvers))
	for i, s := range solvers {
		idx[s.Name], names[i] = i, s.Name
	}
	type acc struct {
		sum   FamilySummary
		insts map[string]bool
		par   []float64 // penalised time per solver
		pt    instanceTimes
	}
	byName := make(map[string]*acc)
	for _, r := range recs {
		name := r.Family
		if name == "" {
			name = "-"
		}
		a := byName[name]
		if a == nil {
			a = &acc{sum: FamilySummary{Name: name, Solvers: make([]SolverSummary, len(solvers))},
				insts: make(map[string]bool), par: make([]float64, len(solvers)), pt: instanceTimes{}}
			for i, n := range names {
				a.sum.Solvers[i].Name = n
			}
			byName[name] = a
		}
		if !a.insts[r.Instance] {
			a.insts[r.Instance] = true
			a.sum.Instances++
		}
		i := idx[r.Solver]
		ok := counted(r, provedSat)
		a.sum.Solvers[i].Runs++
		tally(&a.sum.Solvers[i], r, ok)
		a.par[i] += penalised(r, ok)
		a.pt.add(r.Instance, r.Solver, penalised(r, ok))
	}
	out := make([]FamilySummary, 0, len(byName))
	for _, a := range byName {
		for i := range a.sum.Solvers {
			if a.sum.Solvers[i].Runs > 0 {
				a.sum.Solvers[i].PAR2 = a.par[i] / float64(a.sum.Solvers[i].Runs)
			}
		}
		a.sum.Pairs = a.pt.summaries(names)
		out = append(out, a.sum)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// writeFamilies renders one row per family (solved and PAR-2 of every
// solver), when the results hold more than one family.
func writeFamilies(buf *bytes.Buffer, fams []FamilySummary, clock Clock, opts []tablewriter.Option) error {
	if len(fams) < 2 {
		return nil
	}
	header := []string{"family", "instances"}
	for _, s := range fams[0].Solvers {
		header = append(header, s.Name+" solved", s.Name+" PAR-2 (s)")
	}
	rows := make([][]string, 0, len(fams))
	for _, f := range fams {
		row := []string{f.Name, strconv.Itoa(f.Instances)}
		for _, s := range f.Solvers {
			if s.Runs == 0 {
				row = append(row, "-", "-")
				continue
			}
			row = append(row, fmt.Sprintf("%d/%d", s.Solved(), s.Runs), strconv.FormatFloat(s.PAR2, 'f', 2, 64))
		}
		rows = append(rows, row)
	}
	buf.WriteByte('\n')
	t := tablewriter.NewTable(buf, opts...)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return fmt.Errorf("family table: %w", err)
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("family table: %w", err)
	}
	fmt.Fprintf(buf, "\nPer family: solved runs and PAR-2 on %s, as in the first table.\n", clock.about())
	return writeFamilyPairs(buf, fams, opts)
}

// writeFamilyPairs renders, per family, every pair's geometric mean of
// B's time over A's with its interval (as in the pairs table).
func writeFamilyPairs(buf *bytes.Buffer, fams []FamilySummary, opts []tablewriter.Option) error {
	var header []string
	for _, f := range fams {
		if len(f.Pairs) > len(header) {
			header = header[:0]
			for _, p := range f.Pairs {
				header = append(header, p.B+" / "+p.A)
			}
		}
	}
	if len(header) == 0 {
		return nil
	}
	rows := make([][]string, 0, len(fams))
	for _, f := range fams {
		row := []string{f.Name}
		for _, h := range header {
			cell := "-"
			for _, p := range f.Pairs {
				if p.B+" / "+p.A == h {
					cell = interval(p.GeoMean)
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	buf.WriteByte('\n')
	t := tablewriter.NewTable(buf, opts...)
	t.Header(append([]string{"family"}, header...))
	if err := t.Bulk(rows); err != nil {
		return fmt.Errorf("family pairs table: %w", err)
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("family pairs table: %w", err)
	}
	buf.WriteString("\nPer family: geometric mean of B's time over A's [95% CI], as in the pairs table.\n")
	return nil
}
