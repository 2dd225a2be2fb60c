package corpus

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"

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
	// They apply to the families not held out.
	Val, Test float64
	// HoldOut names families that go whole into the test set, so the
	// test set measures generalisation to unseen families.
	HoldOut []string
}

// Manifest is a train/validation/test split of a labels file.
type Manifest struct {
	Labels string  `json:"labels"`
	Seed   uint64  `json:"seed"`
	Val    float64 `json:"val"`
	Test   float64 `json:"test"`
	// HeldOut lists the families put whole into the test set, sorted.
	HeldOut []string `json:"held_out,omitempty"`
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

// unit is what Split places whole: a sibling group, merged with every
// other group holding an identical formula (same SHA-256), so that no
// formula is in two sets under two names.
type unit struct {
	family string      // the family it is placed with: its first, sorted
	keys   [][2]string // its (family, group) pairs, sorted
	recs   []Record
}

// Split assigns every satisfiable record to train, val or test so that a
// sibling group (same family, generator parameters and seed; a formula
// without a group is one on its own) never straddles two sets, and
// neither do identical formulas. The families in opts.HoldOut go whole
// into the test set. Of the others, a family with at least three units
// is split within itself, aiming at the target shares; families with
// fewer are pooled and their units placed whole. Units are visited
// largest first (equal sizes in a seeded random order) and each goes to
// the set furthest below its target share (ties: train, val, test), so
// the largest unit always trains.
func Split(recs []Record, labels string, opts SplitOptions) (*Manifest, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	m := &Manifest{Labels: labels, Seed: opts.Seed, Val: opts.Val, Test: opts.Test, Counts: map[string]int{Train: 0, Val: 0, Test: 0}}
	us := units(recs, m)
	held := map[string]bool{}
	for _, f := range opts.HoldOut {
		held[f] = true
	}
	heldOut := sortedKeys(held)
	known := map[string]bool{}
	for _, u := range us {
		for _, k := range u.keys {
			known[k[0]] = true
		}
	}
	for _, f := range heldOut {
		if !known[f] {
			return nil, fmt.Errorf("split: held-out family %q has no satisfiable formula in %s (families: %s)", f, labels, strings.Join(sortedKeys(known), ", "))
		}
	}
	m.HeldOut = heldOut
	var rest, out []*unit
	for _, u := range us {
		if slices.ContainsFunc(u.keys, func(k [2]string) bool { return held[k[0]] }) {
			out = append(out, u)
		} else {
			rest = append(rest, u)
		}
	}
	if len(rest) == 0 && len(us) > 0 {
		return nil, fmt.Errorf("split: holding out %s leaves no family to train on", strings.Join(heldOut, ", "))
	}
	for _, u := range out {
		assign(u, Test, m)
	}
	families := map[string][]*unit{}
	for _, u := range rest {
		families[u.family] = append(families[u.family], u)
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5eed5711))
	target := map[string]float64{Train: 1 - opts.Val - opts.Test, Val: opts.Val, Test: opts.Test}
	var pool []*unit
	for _, f := range sortedKeys(families) {
		fu := families[f]
		if len(fu) < 3 {
			pool = append(pool, fu...)
			continue
		}
		place(fu, rng, target, m)
	}
	place(pool, rng, target, m)
	slices.SortFunc(m.Groups, func(a, b GroupEntry) int {
		return cmp.Or(cmp.Compare(a.Family, b.Family), cmp.Compare(a.Group, b.Group))
	})
	return m, nil
}

// units groups the satisfiable records (each path once) into units and
// counts the others in m.Excluded. The units come sorted by their first
// key.
func units(recs []Record, m *Manifest) []*unit {
	byKey := map[[2]string]int{}
	var keys [][2]string
	var members [][]Record
	seen := map[string]bool{}
	for _, r := range recs {
		if r.Status != StatusSat {
			m.Excluded++
			continue
		}
		if seen[r.Path] {
			continue
		}
		seen[r.Path] = true
		r.Group = splitGroup(r)
		k := [2]string{r.Family, r.Group}
		i, ok := byKey[k]
		if !ok {
			i = len(keys)
			byKey[k] = i
			keys = append(keys, k)
			members = append(members, nil)
		}
		members[i] = append(members[i], r)
	}
	// Union the keys that share a formula hash.
	parent := make([]int, len(keys))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	bySHA := map[string]int{}
	for i, rs := range members {
		for _, r := range rs {
			if r.SHA256 == "" {
				continue
			}
			if j, ok := bySHA[r.SHA256]; ok {
				parent[find(i)] = find(j)
			} else {
				bySHA[r.SHA256] = i
			}
		}
	}
	byRoot := map[int]*unit{}
	var out []*unit
	for i, k := range keys {
		root := find(i)
		u := byRoot[root]
		if u == nil {
			u = &unit{}
			byRoot[root] = u
			out = append(out, u)
		}
		u.keys = append(u.keys, k)
		u.recs = append(u.recs, members[i]...)
	}
	for _, u := range out {
		slices.SortFunc(u.keys, cmpKey)
		u.family = u.keys[0][0]
	}
	slices.SortFunc(out, func(a, b *unit) int { return cmpKey(a.keys[0], b.keys[0]) })
	return out
}

func cmpKey(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// place assigns whole units to sets, filling each towards its target.
func place(us []*unit, rng *rand.Rand, target map[string]float64, m *Manifest) {
	slices.SortFunc(us, func(a, b *unit) int { return cmpKey(a.keys[0], b.keys[0]) })
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
		assign(u, best, m)
	}
}

// assign puts unit u into set.
func assign(u *unit, set string, m *Manifest) {
	m.Counts[set] += len(u.recs)
	for _, k := range u.keys {
		n := 0
		for _, r := range u.recs {
			if r.Family == k[0] && r.Group == k[1] {
				n++
			}
		}
		m.Groups = append(m.Groups, GroupEntry{Family: k[0], Group: k[1], Set: set, Formulas: n})
	}
	for _, r := range u.recs {
		e := Entry{Path: r.Path, SHA256: r.SHA256, Family: r.Family, Group: r.Group, Complete: r.Complete}
		switch set {
		case Train:
			m.Train = append(m.Train, e)
		case Val:
			m.ValSet = append(m.ValSet, e)
		default:
			m.TestSet = append(m.TestSet, e)
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
