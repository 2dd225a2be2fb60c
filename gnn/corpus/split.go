package corpus

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// Set names.
const (
	Train = "train"
	Val   = "val"
	Test  = "test"
)

// SplitOptions configure Split.
type SplitOptions struct {
	Seed uint64
	// Val and Test are the target shares of formulas; the rest trains.
	Val, Test float64
}

// Manifest is a train/validation/test split of a labels file.
type Manifest struct {
	Labels string  `json:"labels"`
	Seed   uint64  `json:"seed"`
	Val    float64 `json:"val"`
	Test   float64 `json:"test"`
	// Counts gives formulas per set; Excluded counts records left out
	// (not satisfiable, or no model within the limits).
	Counts   map[string]int `json:"counts"`
	Excluded int            `json:"excluded"`
	Groups   []GroupEntry   `json:"groups"`
	Train    []Entry        `json:"train"`
	ValSet   []Entry        `json:"val_set"`
	TestSet  []Entry        `json:"test_set"`
}

// GroupEntry records which set a sibling group went to.
type GroupEntry struct {
	Family   string `json:"family"`
	Group    string `json:"group"`
	Set      string `json:"set"`
	Formulas int    `json:"formulas"`
}

// Entry is one formula of a set.
type Entry struct {
	Path     string `json:"path"`
	SHA256   string `json:"sha256"`
	Family   string `json:"family"`
	Group    string `json:"group"`
	Complete bool   `json:"complete"`
}

// unit is a sibling group with its formulas.
type unit struct {
	family, group string
	recs          []Record
}

// Split assigns every satisfiable record to train, val or test so that a
// sibling group (same family, generator parameters and seed; a whole
// SATLIB family) never straddles two sets. A family with at least three
// groups is split within itself, aiming at the target shares; families
// with fewer groups are pooled and their groups placed as whole units.
// Units are visited largest first (equal sizes in a seeded random order)
// and each goes to the set furthest below its target share (ties: train,
// val, test), so the largest unit always trains.
func Split(recs []Record, labels string, opts SplitOptions) (*Manifest, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	m := &Manifest{Labels: labels, Seed: opts.Seed, Val: opts.Val, Test: opts.Test, Counts: map[string]int{Train: 0, Val: 0, Test: 0}}
	byGroup := map[[2]string]*unit{}
	seen := map[string]bool{}
	for _, r := range recs {
		if r.Status != StatusSat || seen[r.Path] {
			if r.Status != StatusSat {
				m.Excluded++
			}
			continue
		}
		seen[r.Path] = true
		k := [2]string{r.Family, r.Group}
		if byGroup[k] == nil {
			byGroup[k] = &unit{family: r.Family, group: r.Group}
		}
		byGroup[k].recs = append(byGroup[k].recs, r)
	}
	families := map[string][]*unit{}
	for _, u := range byGroup {
		families[u.family] = append(families[u.family], u)
	}
	names := make([]string, 0, len(families))
	for f := range families {
		names = append(names, f)
	}
	slices.Sort(names)
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5eed5711))
	target := map[string]float64{Train: 1 - opts.Val - opts.Test, Val: opts.Val, Test: opts.Test}
	var pool []*unit
	for _, f := range names {
		us := families[f]
		if len(us) < 3 {
			pool = append(pool, us...)
			continue
		}
		place(us, rng, target, m)
	}
	place(pool, rng, target, m)
	slices.SortFunc(m.Groups, func(a, b GroupEntry) int {
		return cmp.Or(cmp.Compare(a.Family, b.Family), cmp.Compare(a.Group, b.Group))
	})
	return m, nil
}

// place assigns whole units to sets, filling each towards its target.
func place(us []*unit, rng *rand.Rand, target map[string]float64, m *Manifest) {
	slices.SortFunc(us, func(a, b *unit) int {
		return cmp.Or(cmp.Compare(a.family, b.family), cmp.Compare(a.group, b.group))
	})
	rng.Shuffle(len(us), func(i, j int) { us[i], us[j] = us[j], us[i] })
	slices.SortStableFunc(us, func(a, b *unit) int { return cmp.Compare(len(b.recs), len(a.recs)) })
	total := 0
	for _, u := range us {
		total += len(u.recs)
	}
	got := map[string]int{}
	for _, u := range us {
		best, bestFill := "", 0.0
		for _, s := range []string{Train, Val, Test} {
			if target[s] <= 0 {
				continue
			}
			fill := float64(got[s]) / (target[s] * float64(total))
			if best == "" || fill < bestFill {
				best, bestFill = s, fill
			}
		}
		got[best] += len(u.recs)
		m.Counts[best] += len(u.recs)
		m.Groups = append(m.Groups, GroupEntry{Family: u.family, Group: u.group, Set: best, Formulas: len(u.recs)})
		for _, r := range u.recs {
			e := Entry{Path: r.Path, SHA256: r.SHA256, Family: r.Family, Group: r.Group, Complete: r.Complete}
			switch best {
			case Train:
				m.Train = append(m.Train, e)
			case Val:
				m.ValSet = append(m.ValSet, e)
			default:
				m.TestSet = append(m.TestSet, e)
			}
		}
	}
}

// WriteManifest writes m as indented JSON, atomically.
func WriteManifest(name string, m *Manifest) error {
	return atomicfile.Write(name, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(m)
	})
}

// WriteSuite writes a set's formulas as a `verify bench` suite manifest
// (PATH sat FAMILY per line), so a split's test set can be benchmarked.
func WriteSuite(name, set string, entries []Entry) error {
	return atomicfile.Write(name, func(w io.Writer) error {
		if _, err := fmt.Fprintf(w, "# %s set of a phase-predictor split: %d satisfiable formulas\n", set, len(entries)); err != nil {
			return err
		}
		for _, e := range entries {
			if _, err := fmt.Fprintf(w, "%s sat %s\n", e.Path, e.Family); err != nil {
				return err
			}
		}
		return nil
	})
}
