package bench

import (
	"math"
	"sort"
)

// PairFloor is the least time a run counts for in a pairwise ratio, so
// that instances both solvers answer in milliseconds (process start-up,
// timer noise) do not swing the geometric mean.
const PairFloor = 0.1 // seconds

// PairSummary compares solver B with solver A (names in alphabetical
// order) on the instances both ran: per instance the ratio of B's time to
// A's, each time floored at PairFloor and an unsolved run counting 2×limit
// as in PAR-2. GeoMean below 1 means B is faster on the typical instance.
type PairSummary struct {
	A, B      string
	Instances int
	GeoMean   float64
	// Slowest and Fastest are the largest and smallest ratios B/A and
	// where they occur.
	Slowest, Fastest         float64
	SlowestInst, FastestInst string
}

// instanceTimes holds, per instance, each solver's penalised time.
type instanceTimes map[string]map[string]float64

func (p instanceTimes) add(inst, solver string, t float64) {
	if p[inst] == nil {
		p[inst] = make(map[string]float64)
	}
	p[inst][solver] = max(t, PairFloor)
}

// summaries compares every pair of the named solvers (sorted).
func (p instanceTimes) summaries(names []string) []PairSummary {
	insts := make([]string, 0, len(p))
	for inst := range p {
		insts = append(insts, inst)
	}
	sort.Strings(insts)
	var out []PairSummary
	for i, a := range names {
		for _, b := range names[i+1:] {
			ps := PairSummary{A: a, B: b}
			logSum := 0.0
			for _, inst := range insts {
				ta, okA := p[inst][a]
				tb, okB := p[inst][b]
				if !okA || !okB {
					continue
				}
				r := tb / ta
				logSum += math.Log(r)
				if ps.Instances == 0 || r > ps.Slowest {
					ps.Slowest, ps.SlowestInst = r, inst
				}
				if ps.Instances == 0 || r < ps.Fastest {
					ps.Fastest, ps.FastestInst = r, inst
				}
				ps.Instances++
			}
			if ps.Instances > 0 {
				ps.GeoMean = math.Exp(logSum / float64(ps.Instances))
				out = append(out, ps)
			}
		}
	}
	return out
}
