package bench

import (
	"math"
	"sort"

	"github.com/verify-tools/verify/internal/stats"
)

// PairFloor is the least time a run counts for in a pairwise ratio, so
// that instances both solvers answer in milliseconds (process start-up,
// timer noise) do not swing the geometric mean.
const PairFloor = 0.1 // seconds

// PairSummary compares solver B with solver A (names in alphabetical
// order) on the instances both ran, an unsolved run counting 2×limit as
// in PAR-2. Both ratios come with a bootstrap interval over the instances
// (stats.Default: percentile bootstrap, 10,000 resamples, 95 %, seed 1,
// so a rerun prints the same table). Below 1, B is faster.
type PairSummary struct {
	A, B      string
	Instances int
	// GeoMean is the geometric mean over instances of B's time over A's,
	// both floored at PairFloor: the typical instance.
	GeoMean stats.Interval
	// PAR2 is B's PAR-2 over A's on these instances, times floored at
	// PairFloor as well: the total time, which the hard instances decide.
	PAR2 stats.Interval
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
	p[inst][solver] = t
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
			if ps, ok := p.compare(insts, a, b); ok {
				out = append(out, ps)
			}
		}
	}
	return out
}

// compare summarizes b against a over the instances both ran.
func (p instanceTimes) compare(insts []string, a, b string) (PairSummary, bool) {
	ps := PairSummary{A: a, B: b}
	var fa, fb []float64 // penalised times, floored
	for _, inst := range insts {
		x, okA := p[inst][a]
		y, okB := p[inst][b]
		if !okA || !okB {
			continue
		}
		fa, fb = append(fa, max(x, PairFloor)), append(fb, max(y, PairFloor))
		r := fb[len(fb)-1] / fa[len(fa)-1]
		if ps.Instances == 0 || r > ps.Slowest {
			ps.Slowest, ps.SlowestInst = r, inst
		}
		if ps.Instances == 0 || r < ps.Fastest {
			ps.Fastest, ps.FastestInst = r, inst
		}
		ps.Instances++
	}
	if ps.Instances == 0 {
		return ps, false
	}
	// Floored times are positive; only non-finite ones (a damaged results
	// file) make the statistics undefined.
	bs := stats.Default()
	undefined := stats.Interval{Estimate: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	var err error
	if ps.GeoMean, ps.PAR2, err = bs.PairedRatios(fa, fb); err != nil {
		ps.GeoMean, ps.PAR2 = undefined, undefined
	}
	return ps, true
}
