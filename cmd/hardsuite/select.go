package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/verify-tools/verify/sat/bench"
	"github.com/verify-tools/verify/sat/gen"
)

// sharedPrefix starts the paths of instances from the shared data folder.
const sharedPrefix = "../shared/data/"

// sharedFamilies are the families of shared data that the screening list
// (writeCandidates) holds.
var sharedFamilies = map[string]bool{"sat09-3sat": true, "sat09-5sat": true, "sat09-7sat": true, "uf250": true}

type options struct {
	generated, screen, full, quick           string
	seed                                     uint64
	minCPU, maxCPU, quickMaxCPU, familyShare float64
	quickCount, fullTarget                   int
	keepQuick                                bool
}

func run(o options) error {
	cmds, err := readGenerated(o.generated)
	if err != nil {
		return err
	}
	screens, confirms, err := readScreen(o.screen)
	if err != nil {
		return err
	}
	var cands []candidate
	for id, s := range screens {
		source, path := s.Path, s.Path
		construction, by := sourceLabel(id)
		cmd, generated := cmds[id]
		family, group := classify(id)
		if !generated && (!strings.HasPrefix(s.Path, sharedPrefix) || !sharedFamilies[family]) {
			continue // a candidate since dropped from the screening list
		}
		if generated {
			fam, seed, p, err := gen.ParseCommand(cmd)
			if err != nil {
				return err
			}
			construction, by = (&gen.Instance{Family: fam.Name, Seed: seed, Params: p}).Answer(), "construction"
			source = cmd
		}
		answer, how, ok, err := establish(s, confirms[id], construction, by)
		if err != nil {
			return err
		}
		if !ok || s.CPU < o.minCPU || s.CPU > o.maxCPU {
			continue
		}
		cands = append(cands, candidate{ID: id, Path: path, Family: family, Group: group,
			Source: source, How: how, Answer: answer, CPU: s.CPU})
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].ID < cands[j].ID })
	full := capFamilies(cands, o.familyShare)
	split(full, o.seed)
	var fast []candidate
	for _, c := range full {
		if c.CPU <= o.quickMaxCPU {
			fast = append(fast, c)
		}
	}
	var keep map[string]bool
	if o.keepQuick {
		if keep, err = manifestPaths(o.quick); err != nil {
			return err
		}
	}
	quick := pickQuick(fast, keep, o.quickCount, o.familyShare)
	for _, s := range []struct {
		name  string
		insts []candidate
		about string
	}{
		{o.full, full, fmt.Sprintf("%g–%g s", o.minCPU, o.maxCPU)},
		{o.quick, quick, fmt.Sprintf("%g–%g s", o.minCPU, o.quickMaxCPU)},
	} {
		if err := writeSuite(s.name, s.insts, s.about, o); err != nil {
			return err
		}
		fmt.Printf("%s: %s\n", s.name, describe(s.insts))
	}
	return nil
}

// ordered returns a family's candidates in the order they are taken:
// SAT and UNSAT alternately, each side cycling through the generator
// groups so that a cap keeps the family's variety.
func ordered(cs []candidate) []candidate {
	byAnswer := map[string][]candidate{}
	for _, c := range roundRobin(cs, func(c candidate) string { return c.Group }) {
		byAnswer[c.Answer] = append(byAnswer[c.Answer], c)
	}
	var out []candidate
	s, u := byAnswer["sat"], byAnswer["unsat"]
	for len(s) > 0 || len(u) > 0 {
		if len(s) > 0 {
			out, s = append(out, s[0]), s[1:]
		}
		if len(u) > 0 {
			out, u = append(out, u[0]), u[1:]
		}
	}
	return out
}

// roundRobin orders cs by taking one of each key in turn (keys sorted,
// order within a key kept).
func roundRobin(cs []candidate, key func(candidate) string) []candidate {
	queues := map[string][]candidate{}
	var keys []string
	for _, c := range cs {
		k := key(c)
		if _, ok := queues[k]; !ok {
			keys = append(keys, k)
		}
		queues[k] = append(queues[k], c)
	}
	sort.Strings(keys)
	var out []candidate
	for len(out) < len(cs) {
		for _, k := range keys {
			if q := queues[k]; len(q) > 0 {
				out, queues[k] = append(out, q[0]), q[1:]
			}
		}
	}
	return out
}

func byFamily(cs []candidate) (map[string][]candidate, []string) {
	fams := map[string][]candidate{}
	var names []string
	for _, c := range cs {
		if _, ok := fams[c.Family]; !ok {
			names = append(names, c.Family)
		}
		fams[c.Family] = append(fams[c.Family], c)
	}
	sort.Strings(names)
	for _, n := range names {
		fams[n] = ordered(fams[n])
	}
	return fams, names
}

// capFamilies keeps at most C instances of each family, with C the
// largest cap for which no family exceeds share of the result.
func capFamilies(cs []candidate, share float64) []candidate {
	fams, names := byFamily(cs)
	for c := len(cs); c > 0; c-- {
		total := 0
		for _, n := range names {
			total += min(c, len(fams[n]))
		}
		if float64(c) <= share*float64(total) {
			var out []candidate
			for _, n := range names {
				out = append(out, fams[n][:min(c, len(fams[n]))]...)
			}
			return out
		}
	}
	return nil
}

// split assigns each generator group to dev or test by a seeded hash of
// the group's name (groupSide), so that adding instances or groups never
// moves a group that is already in the suite. The halves are as even as
// the groups' sizes and the seed make them; TestHardSuites checks the
// committed manifests.
func split(cs []candidate, seed uint64) {
	for i := range cs {
		cs[i].Split = groupSide(seed, cs[i].Group)
	}
}

// groupSide is "dev" or "test" by the low bit of SHA-256(seed, group).
func groupSide(seed uint64, group string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%d\x00%s", seed, group)))
	if h[0]&1 == 0 {
		return "dev"
	}
	return "test"
}

// pickQuick takes count instances, families in turn, at most share·count
// of one family; from each family it takes the instance of the half (dev
// or test) that has fewer so far when the family has one there, so the
// quick suite's halves stay even whatever the full suite's are. The
// candidates whose manifest path is in keep (the quick suite as it was)
// are taken first, within the same caps, so that growing the full suite
// leaves the quick suite, and the measurements made on it, as they were.
func pickQuick(cs []candidate, keep map[string]bool, count int, share float64) []candidate {
	limit := int(share * float64(count))
	var out, rest []candidate
	taken := map[string]int{} // per family
	dev, test := 0, 0
	add := func(c candidate) {
		out = append(out, c)
		taken[c.Family]++
		if c.Split == "test" {
			test++
		} else {
			dev++
		}
	}
	for _, c := range cs {
		if keep[manifestPath(c)] && len(out) < count && taken[c.Family] < limit {
			add(c)
		} else {
			rest = append(rest, c)
		}
	}
	fams, names := byFamily(rest)
	type halves struct{ dev, test []candidate }
	queues := map[string]*halves{}
	for _, n := range names {
		h := &halves{}
		for _, c := range fams[n] {
			if c.Split == "test" {
				h.test = append(h.test, c)
			} else {
				h.dev = append(h.dev, c)
			}
		}
		queues[n] = h
	}
	// rounds over the families, one instance of each a round
	for more := true; more && len(out) < count; {
		more = false
		for _, n := range names {
			h := queues[n]
			if len(out) == count || len(h.dev)+len(h.test) == 0 || taken[n] >= limit {
				continue
			}
			var c candidate
			if len(h.test) > 0 && (test < dev || len(h.dev) == 0) {
				c, h.test = h.test[0], h.test[1:]
			} else {
				c, h.dev = h.dev[0], h.dev[1:]
			}
			add(c)
			more = true
		}
	}
	return out
}

// manifestPath is the path a suite manifest gives the candidate.
func manifestPath(c candidate) string {
	if _, generated := strings.CutPrefix(c.Source, gen.CommandPrefix); generated {
		return "testdata/external/hard/" + c.ID + ".cnf"
	}
	return c.Path
}

// manifestPaths returns the instance paths of the manifest name (none when
// it does not exist yet).
func manifestPaths(name string) (map[string]bool, error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the quick suite to keep: %w", err)
	}
	defer f.Close()
	entries, err := bench.ParseManifest(f, name)
	if err != nil {
		return nil, fmt.Errorf("reading the quick suite to keep: %w", err)
	}
	out := make(map[string]bool, len(entries))
	for _, e := range entries {
		out[e.Path] = true
	}
	return out, nil
}

func describe(cs []candidate) string {
	ans := map[string]int{}
	fam := map[string]int{}
	split := map[string]int{}
	for _, c := range cs {
		ans[c.Answer]++
		fam[c.Family]++
		split[c.Split]++
	}
	return fmt.Sprintf("%d instances, %d SAT, %d UNSAT, %d families, dev %d, test %d, per family %v",
		len(cs), ans["sat"], ans["unsat"], len(fam), split["dev"], split["test"], fam)
}

func writeSuite(name string, cs []candidate, band string, o options) error {
	sorted := append([]candidate(nil), cs...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Family != sorted[j].Family {
			return sorted[i].Family < sorted[j].Family
		}
		return sorted[i].ID < sorted[j].ID
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: written by 'make hard-suites' (go run ./cmd/hardsuite), do not edit by hand.\n", name)
	fmt.Fprintf(&b, "# Hard SAT instances: CaDiCaL (Debian, one core) CPU time %s when screened\n", band)
	b.WriteString("# (benchmarks/hard/screen.sh: user+sys under a CPU cap), every answer established (how=),\n")
	fmt.Fprintf(&b, "# at most %.0f %% per family, dev/test split by a seeded hash of the generator group (seed %d).\n", 100*o.familyShare, o.seed)
	b.WriteString("# Generated files: 'make hard-corpus' regenerates them (source=) and checks sha256=.\n")
	b.WriteString("# Format: docs/formats.md (\"Suite manifests\"). " + describe(cs) + "\n")
	if name == o.full && len(cs) < o.fullTarget {
		fmt.Fprintf(&b, "# INCOMPLETE: %d instances, fewer than the %d wanted: the screening has not\n", len(cs), o.fullTarget)
		b.WriteString("# covered enough candidates yet (docs/benchmarks.md, \"Hard suites\").\n")
	}
	b.WriteString("#\n")
	for _, c := range sorted {
		sum, err := fileSHA256(c.Path)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %s %s group=%s split=%s how=%s source=%q sha256=%s cpu=%.2f\n",
			manifestPath(c), c.Answer, c.Family, c.Group, c.Split, c.How, c.Source, sum, c.CPU)
	}
	return os.WriteFile(name, []byte(b.String()), 0o644)
}

func fileSHA256(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("hashing instance: %w", err)
	}
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:]), nil
}
