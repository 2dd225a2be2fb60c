package configsel

import (
	"fmt"
	"math"
	"slices"

	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/bench"
)

// BenchSolvers map the `verify bench` presets of the headroom batch to
// the configurations they run.
var BenchSolvers = map[string]string{
	"verify": DefaultConfig, "verify-plain": "plain", "verify-sat": "sat", "verify-unsat": "unsat",
}

// configOrder is the order of configurations in a trained model.
var configOrder = []string{DefaultConfig, "plain", "sat", "unsat"}

// Data is a training set read from bench results.
type Data struct {
	Points  []Point
	Configs []string
	// Timeout is the largest time limit of the runs used (seconds).
	Timeout float64
	// Skipped counts instances of the suite without a default run;
	// Dropped names configurations left out because some instance lacks
	// a run under them.
	Skipped int
	Dropped []string
}

// FromBench builds training points from bench records of the
// BenchSolvers presets over insts (a suite, filtered to its dev half by
// the caller): every instance with a default run becomes a point; a
// configuration is kept only when every such instance has a run under
// it. Times are PAR-2-penalised (an unsolved run counts twice its limit)
// and floored at MinTime. read loads a formula for its features.
func FromBench(recs []bench.Record, insts []bench.Instance, read func(path string) (*sat.CNF, error)) (*Data, error) {
	byPair := map[bench.Key]bench.Record{}
	for _, r := range recs {
		if _, ok := BenchSolvers[r.Solver]; ok {
			byPair[r.Key()] = r // a later row of the same pair wins
		}
	}
	d := &Data{}
	var kept []bench.Instance
	for _, in := range insts {
		if _, ok := byPair[bench.Key{Instance: in.ID, Solver: "verify"}]; ok {
			kept = append(kept, in)
		} else {
			d.Skipped++
		}
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("no instance of the suite has a run of the default configuration (solver \"verify\")")
	}
	solverOf := map[string]string{}
	for s, c := range BenchSolvers {
		solverOf[c] = s
	}
	for _, c := range configOrder {
		complete := true
		for _, in := range kept {
			if _, ok := byPair[bench.Key{Instance: in.ID, Solver: solverOf[c]}]; !ok {
				complete = false
				break
			}
		}
		if complete {
			d.Configs = append(d.Configs, c)
		} else {
			d.Dropped = append(d.Dropped, c)
		}
	}
	for _, in := range kept {
		f, err := read(in.Path)
		if err != nil {
			return nil, fmt.Errorf("features of %s: %w", in.ID, err)
		}
		p := Point{ID: in.ID, Family: in.Family, Group: in.Group, X: Features(f)}
		if p.Group == "" {
			p.Group = in.ID
		}
		for _, c := range d.Configs {
			r := byPair[bench.Key{Instance: in.ID, Solver: solverOf[c]}]
			p.LogTime = append(p.LogTime, math.Log(Penalised(r)))
			d.Timeout = max(d.Timeout, r.Timeout)
		}
		d.Points = append(d.Points, p)
	}
	if !slices.Contains(d.Configs, DefaultConfig) {
		return nil, fmt.Errorf("no default runs")
	}
	return d, nil
}

// Penalised is a run's PAR-2 time: its wall time (at least MinTime) when
// solved, twice its limit otherwise.
func Penalised(r bench.Record) float64 {
	if r.Solved() {
		return max(r.Time, MinTime)
	}
	return 2 * r.Timeout
}
