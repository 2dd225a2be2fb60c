package bench

import (
	"fmt"
	"sort"
)

// VBSName names the virtual best solver row.
const VBSName = "VBS"

// SolverSummary holds one solver's figures over the instances it ran.
type SolverSummary struct {
	Name       string
	Runs       int
	Sat, Unsat int // counted answers (verified SAT; UNSAT not refuted)
	Unique     int // instances only this solver solved (-1 for the VBS)
	PAR2       float64
	// Median is the median wall time, an unsolved run counting 2×limit
	// (as in PAR-2), so it is robust to a few hard instances.
	Median float64
	// Failures by kind.
	Timeout, Memout, Crash, Unknown, Wrong, Unverified, Refuted int
}

// Solved is the number of counted answers.
func (s SolverSummary) Solved() int { return s.Sat + s.Unsat }

// Summary is the comparison of all solvers of a results set.
type Summary struct {
	Instances int
	Timeout   float64 // largest wall-clock limit of the records (seconds)
	Solvers   []SolverSummary
	VBS       SolverSummary
	// Pairs compares every two solvers instance by instance.
	Pairs []PairSummary
	// Families are the solvers' figures per family, by name.
	Families []FamilySummary
	// Flags are problems that must not go unnoticed: solvers that disagree,
	// wrong or unverified models, answers against the expected one.
	Flags []string
	// Clock is the time of PAR-2, medians and ratios ("" is wall).
	Clock Clock
	// Machines counts the runs per machine; Mixed lists the instances
	// whose runs were timed on different CPU models.
	Machines []Machine
	Mixed    []string
}

// counted reports whether record r's answer counts: a verified model, or
// an UNSAT claim that neither the suite nor a verified model refutes.
func counted(r Record, provedSat map[string]bool) bool {
	switch r.Status {
	case StatusSat:
		return true
	case StatusUnsat:
		return r.Expected != AnswerSat && !provedSat[r.Instance]
	}
	return false
}

// penalised is a record's PAR-2 contribution.
func penalised(r Record, ok bool) float64 {
	if ok {
		return r.Time
	}
	return 2 * r.Timeout
}

// Summarize computes per-solver figures, the virtual best solver, the
// pairwise comparisons and the flags, on wall-clock times (Record.Time).
// Solvers are listed by name.
func Summarize(recs []Record) Summary {
	var sum Summary
	sum.Machines, sum.Mixed = machines(recs)
	provedSat := make(map[string]bool)
	byInst := make(map[string][]Record)
	var instOrder []string
	idx := make(map[string]int)
	for _, r := range recs {
		if r.Status == StatusSat {
			provedSat[r.Instance] = true
		}
		if _, ok := byInst[r.Instance]; !ok {
			instOrder = append(instOrder, r.Instance)
		}
		byInst[r.Instance] = append(byInst[r.Instance], r)
		if _, ok := idx[r.Solver]; !ok {
			idx[r.Solver] = len(sum.Solvers)
			sum.Solvers = append(sum.Solvers, SolverSummary{Name: r.Solver})
		}
		if r.Timeout > sum.Timeout {
			sum.Timeout = r.Timeout
		}
	}
	// Name order keeps tables and plot file names independent of which
	// parallel run finished first.
	sort.Slice(sum.Solvers, func(i, j int) bool { return sum.Solvers[i].Name < sum.Solvers[j].Name })
	for i, s := range sum.Solvers {
		idx[s.Name] = i
	}
	sum.Instances = len(instOrder)
	sum.VBS = SolverSummary{Name: VBSName, Unique: -1, Runs: len(instOrder)}
	pt := instanceTimes{}
	par := make([]float64, len(sum.Solvers))
	times := make([][]float64, len(sum.Solvers))
	var vbsTimes []float64
	vbsPar := 0.0
	for _, inst := range instOrder {
		rs := byInst[inst]
		var solvers []string
		best := -1
		for i, r := range rs {
			s := &sum.Solvers[idx[r.Solver]]
			s.Runs++
			ok := counted(r, provedSat)
			par[idx[r.Solver]] += penalised(r, ok)
			times[idx[r.Solver]] = append(times[idx[r.Solver]], penalised(r, ok))
			pt.add(inst, r.Solver, penalised(r, ok))
			tally(s, r, ok)
			if ok {
				solvers = append(solvers, r.Solver)
				if best < 0 || r.Time < rs[best].Time {
					best = i
				}
			}
		}
		if len(solvers) == 1 {
			sum.Solvers[idx[solvers[0]]].Unique++
		}
		if best >= 0 {
			vbsPar += rs[best].Time
			vbsTimes = append(vbsTimes, rs[best].Time)
			if rs[best].Status == StatusSat {
				sum.VBS.Sat++
			} else {
				sum.VBS.Unsat++
			}
		} else {
			vbsPar += 2 * maxTimeout(rs)
			vbsTimes = append(vbsTimes, 2*maxTimeout(rs))
		}
		sum.Flags = append(sum.Flags, instanceFlags(inst, rs)...)
	}
	for i := range sum.Solvers {
		if sum.Solvers[i].Runs > 0 {
			sum.Solvers[i].PAR2 = par[i] / float64(sum.Solvers[i].Runs)
			sum.Solvers[i].Median = median(times[i])
		}
	}
	names := make([]string, len(sum.Solvers))
	for i, s := range sum.Solvers {
		names[i] = s.Name
	}
	sum.Pairs = pt.summaries(names)
	sum.Families = families(recs, sum.Solvers, provedSat)
	if sum.VBS.Runs > 0 {
		sum.VBS.PAR2 = vbsPar / float64(sum.VBS.Runs)
		sum.VBS.Median = median(vbsTimes)
	}
	return sum
}

func tally(s *SolverSummary, r Record, ok bool) {
	switch r.Status {
	case StatusSat:
		s.Sat++
	case StatusUnsat:
		if ok {
			s.Unsat++
		} else {
			s.Refuted++
		}
	case StatusTimeout:
		s.Timeout++
	case StatusMemout:
		s.Memout++
	case StatusCrash, StatusError:
		s.Crash++
	case StatusUnknown:
		s.Unknown++
	case StatusWrong:
		s.Wrong++
	case StatusUnverified:
		s.Unverified++
	}
}

func maxTimeout(rs []Record) float64 {
	m := 0.0
	for _, r := range rs {
		if r.Timeout > m {
			m = r.Timeout
		}
	}
	return m
}

// instanceFlags lists the problems with one instance's records.
func instanceFlags(inst string, rs []Record) []string {
	var flags, satBy, unsatBy []string
	for _, r := range rs {
		switch r.Answer {
		case AnswerSat:
			satBy = append(satBy, fmt.Sprintf("%s (%s)", r.Solver, r.Status))
		case AnswerUnsat:
			unsatBy = append(unsatBy, r.Solver)
		}
		switch r.Status {
		case StatusWrong:
			flags = append(flags, fmt.Sprintf("WRONG MODEL: %s on %s: %s", r.Solver, inst, r.Note))
		case StatusUnverified:
			flags = append(flags, fmt.Sprintf("UNVERIFIED SAT: %s on %s: %s", r.Solver, inst, r.Note))
		case StatusError:
			flags = append(flags, fmt.Sprintf("UNREADABLE INSTANCE: %s (not run with %s): %s", inst, r.Solver, r.Note))
		}
		if r.Expected != AnswerNone && r.Answer != AnswerNone && r.Answer != r.Expected {
			msg := fmt.Sprintf("EXPECTED %s: %s answered %s on %s", r.Expected, r.Solver, r.Answer, inst)
			if r.Status == StatusSat {
				msg += " with a verified model: the suite's expected answer is wrong"
			}
			flags = append(flags, msg)
		}
	}
	if len(satBy) > 0 && len(unsatBy) > 0 {
		sort.Strings(satBy)
		sort.Strings(unsatBy)
		flags = append(flags, fmt.Sprintf("DISAGREEMENT on %s: SAT by %v, UNSAT by %v", inst, satBy, unsatBy))
	}
	return flags
}

// median of xs (sorted in place); 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
