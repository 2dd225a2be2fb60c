package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// sat09Pick says which SAT09 random-medium folders are screened and how
// many files (by sorted name) of each. The SATISFIABLE 3-SAT folders
// (n = 360…560) and 5-SAT n = 90, 100 land in the 1–300 s window often
// enough to be screened whole; most UNKNOWN (largely UNSAT) and 7-SAT
// instances run out of a 20–60 s cap (probes: 3-SAT UNKNOWN n=360 > 55 s
// and > 18 s, 5-SAT UNKNOWN n=90 > 29 s, n=100 > 18 s, 5-SAT SATISFIABLE
// n=110 > 18 s, 7-SAT SATISFIABLE n=60 > 30 s, n=65 > 18 s, 7-SAT UNKNOWN
// n=60 > 28 s and > 19 s), so of those only a few probes are listed.
var sat09Pick = []struct {
	k, class string
	sizes    []int
	per      int
}{
	{"3", "SATISFIABLE", []int{360, 380, 400, 420, 440, 460, 480, 500, 520, 540, 560}, 10},
	{"5", "SATISFIABLE", []int{90, 100}, 10},
	{"3", "UNKNOWN", []int{360}, 2},
	{"5", "UNKNOWN", []int{90, 100}, 1},
	{"5", "SATISFIABLE", []int{110}, 4},
	{"7", "SATISFIABLE", []int{60, 65}, 1},
	{"7", "UNKNOWN", []int{60}, 2},
}

// uf250Count is how many of SATLIB's unsatisfiable UF250 files are screened.
const uf250Count = 100

type idPath struct{ id, path string }

// writeCandidates prints the screening order ('ID PATH' lines): one
// candidate of each bucket (a generated sub-family, a SAT09 folder class,
// UF250) in turn, so that an interrupted screening has seen every kind.
func writeCandidates(genList, shared string) error {
	var buckets [][]idPath
	f, err := os.Open(genList)
	if err != nil {
		return err
	}
	defer f.Close()
	index := map[string]int{}
	seed := regexp.MustCompile(`-s\d+$`)
	sc := bufio.NewScanner(f)
	var gens []idPath
	for sc.Scan() {
		id, path, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		if !ok {
			return fmt.Errorf("%s: bad line %q", genList, sc.Text())
		}
		gens = append(gens, idPath{id, path})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	// Bucket: family/kind (the name up to its first '-'); inside a bucket
	// the settings take turns.
	bySetting := map[string][]idPath{}
	var order []string
	for _, g := range gens {
		fam, name, _ := strings.Cut(g.id, "/")
		kind, _, _ := strings.Cut(name, "-")
		b := fam + "/" + kind
		if _, ok := index[b]; !ok {
			index[b] = len(buckets)
			buckets = append(buckets, nil)
		}
		setting := seed.ReplaceAllString(g.id, "")
		if _, ok := bySetting[setting]; !ok {
			order = append(order, setting)
		}
		bySetting[setting] = append(bySetting[setting], g)
	}
	perBucket := map[string][]string{}
	for _, s := range order {
		fam, name, _ := strings.Cut(s, "/")
		kind, _, _ := strings.Cut(name, "-")
		perBucket[fam+"/"+kind] = append(perBucket[fam+"/"+kind], s)
	}
	for b, i := range index {
		var lists [][]idPath
		for _, s := range perBucket[b] {
			lists = append(lists, bySetting[s])
		}
		buckets[i] = interleave(lists)
	}
	for _, p := range sat09Pick {
		var lists [][]idPath
		for _, n := range p.sizes {
			files, err := filepath.Glob(filepath.Join(shared, "sat09-random-medium", p.k+"SAT", p.class, fmt.Sprint(n), "*.cnf.xz"))
			if err != nil {
				return err
			}
			sort.Strings(files)
			lists = append(lists, sharedItems(shared, files[:min(p.per, len(files))]))
		}
		buckets = append(buckets, interleave(lists))
	}
	uf, err := filepath.Glob(filepath.Join(shared, "satlib/uniform_random/UF250.1065.100/unsat/*.cnf.xz"))
	if err != nil {
		return err
	}
	sort.Strings(uf)
	buckets = append(buckets, sharedItems(shared, uf[:min(uf250Count, len(uf))]))
	w := bufio.NewWriter(os.Stdout)
	for _, c := range interleave(buckets) {
		fmt.Fprintf(w, "%s %s\n", c.id, c.path)
	}
	return w.Flush()
}

func sharedItems(shared string, files []string) []idPath {
	out := make([]idPath, len(files))
	for i, f := range files {
		rel := strings.TrimPrefix(filepath.ToSlash(f), filepath.ToSlash(shared)+"/")
		out[i] = idPath{strings.TrimSuffix(rel, ".cnf.xz"), sharedPrefix + rel}
	}
	return out
}

// interleave takes the first of each list, then the second of each, …
func interleave(lists [][]idPath) []idPath {
	var out []idPath
	for i := 0; ; i++ {
		took := false
		for _, l := range lists {
			if i < len(l) {
				out = append(out, l[i])
				took = true
			}
		}
		if !took {
			return out
		}
	}
}
