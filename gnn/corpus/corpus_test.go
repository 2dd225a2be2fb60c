package corpus

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
	"github.com/verify-tools/verify/sat/engine"
	"github.com/verify-tools/verify/sat/slurm"
)

// writeFormulas writes small formulas into dir and returns their paths:
// n satisfiable ones with a known backbone, one unsat, and the given bad
// files (name → content).
func writeFormulas(t *testing.T, dir string, n int, bad map[string]string) []string {
	t.Helper()
	var paths []string
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for i := range n {
		// x1 forced, x2 = x1, x3 free: backbone {1, 2}; family from header.
		write(fmt.Sprintf("sat%02d.cnf", i), fmt.Sprintf("c family demo\nc group demo/g=%d\np cnf 3 3\n1 0\n-1 2 0\n%d 3 -%d 0\n", i%4, i%3+1, i%3+1))
	}
	write("unsat.cnf", "p cnf 1 2\n1 0\n-1 0\n")
	for name, text := range bad {
		write(name, text)
	}
	return paths
}

func TestLabelBatchWithBadInput(t *testing.T) {
	dir := t.TempDir()
	files := writeFormulas(t, dir, 5, map[string]string{
		"notdimacs.cnf": "hello world\n",
		"badlit.cnf":    "p cnf 2 1\n1 zz 0\n",
	})
	files = append(files, filepath.Join(dir, "missing.cnf"))
	out := filepath.Join(dir, "labels.jsonl")
	var log bytes.Buffer
	sum, err := Label(context.Background(), files, LabelOptions{Out: out, Jobs: 2, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sat != 5 || sum.Unsat != 1 || len(sum.Failed) != 3 || sum.Labelled != 6 {
		t.Fatalf("summary %+v", sum)
	}
	for _, want := range []string{"notdimacs.cnf:1:", "badlit.cnf:2:", "missing.cnf", "unsat.cnf: unsatisfiable"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	recs, err := ReadRecords(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		switch r.Status {
		case StatusSat:
			if !slices.Equal(r.Backbone, []int32{1, 2}) || !r.Complete || r.Family != "demo" || r.Vars != 3 || r.Clauses != 3 {
				t.Errorf("record %+v", r)
			}
		case StatusUnsat:
			if len(r.Backbone) != 0 || r.Family != filepath.Base(dir) {
				t.Errorf("unsat record %+v", r)
			}
		default:
			t.Errorf("unexpected record %+v", r)
		}
	}
}

func TestLabelResumes(t *testing.T) {
	dir := t.TempDir()
	files := writeFormulas(t, dir, 6, nil)
	out := filepath.Join(dir, "labels.jsonl")
	// A first run that labelled two formulas, then crashed in mid-write.
	if _, err := Label(context.Background(), files[:2], LabelOptions{Out: out, Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(out, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"path":"` + files[2] + `","sha256":"ab`)
	f.Close()

	sum, err := Label(context.Background(), files, LabelOptions{Out: out, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 2 || sum.Labelled != len(files)-2 {
		t.Fatalf("summary %+v, want 2 skipped and %d labelled", sum, len(files)-2)
	}
	recs, err := ReadRecords(out)
	if err != nil {
		t.Fatalf("labels file damaged: %v", err)
	}
	var paths []string
	for _, r := range recs {
		paths = append(paths, r.Path)
	}
	slices.Sort(paths)
	if !slices.Equal(paths, files) {
		t.Fatalf("records for %v, want each of %v once", paths, files)
	}
	// A third run has nothing to do.
	sum, err = Label(context.Background(), files, LabelOptions{Out: out, Jobs: 2})
	if err != nil || sum.Skipped != len(files) || sum.Labelled != 0 {
		t.Fatalf("rerun: %+v %v", sum, err)
	}
}

func TestLabelCopiesHashTwins(t *testing.T) {
	dir := t.TempDir()
	files := writeFormulas(t, dir, 1, nil)
	twin := filepath.Join(dir, "twin.cnf")
	data, _ := os.ReadFile(files[0])
	os.WriteFile(twin, data, 0o644)
	out := filepath.Join(dir, "labels.jsonl")
	Label(context.Background(), files[:1], LabelOptions{Out: out, Jobs: 1})
	sum, err := Label(context.Background(), []string{twin}, LabelOptions{Out: out, Jobs: 1})
	if err != nil || sum.Copied != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
}

func TestLabelInterrupted(t *testing.T) {
	dir := t.TempDir()
	files := writeFormulas(t, dir, 3, nil)
	out := filepath.Join(dir, "labels.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sum, err := Label(ctx, files, LabelOptions{Out: out, Jobs: 2})
	if err == nil {
		t.Fatal("cancelled run returned no error")
	}
	recs, _ := ReadRecords(out)
	for _, r := range recs {
		if r.Status != StatusUnsat && !r.Complete {
			t.Fatalf("interrupted run wrote a partial record %+v (summary %+v)", r, sum)
		}
	}
}

func TestReadRecordsBadLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "l.jsonl")
	os.WriteFile(p, []byte("{\"path\":\"a\",\"status\":\"sat\"}\nnot json\n"), 0o644)
	if _, err := ReadRecords(p); err == nil || !strings.Contains(err.Error(), "l.jsonl:2:") {
		t.Fatalf("err = %v, want file:line", err)
	}
}

func TestCollectFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	for _, n := range []string{"a.cnf", "sub/b.cnf.xz", "c.txt", "sub/d.dimacs"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	got, err := CollectFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.cnf"), filepath.Join(dir, "sub/b.cnf.xz"), filepath.Join(dir, "sub/d.dimacs")}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if _, err := CollectFiles([]string{filepath.Join(dir, "nope")}); err == nil {
		t.Fatal("missing argument accepted")
	}
}

// splitRecords makes satisfiable records in families with many, few and
// single groups.
func splitRecords() []Record {
	var recs []Record
	add := func(fam, group string, n int) {
		for i := range n {
			recs = append(recs, Record{Path: fmt.Sprintf("%s/%s/%d.cnf", fam, group, i), Family: fam, Group: group, Status: StatusSat, Complete: true})
		}
	}
	for g := range 12 {
		add("ksat", fmt.Sprintf("ksat/n=%d", g), 5)
	}
	for g := range 30 {
		add("qcp", fmt.Sprintf("qcp/order=%d", g), 1+g%3)
	}
	add("color", "color/a", 4)
	add("color", "color/b", 4)
	add("uf20", "uf20", 100)
	add("flat", "flat", 20)
	add("aim", "aim", 10)
	recs = append(recs, Record{Path: "u.cnf", Family: "aim", Group: "aim", Status: StatusUnsat})
	return recs
}

func TestSplitKeepsGroupsTogether(t *testing.T) {
	recs := splitRecords()
	for _, tc := range []struct {
		name      string
		opts      SplitOptions
		wantEmpty []string
	}{
		{"default", SplitOptions{Seed: 1, Val: 0.1, Test: 0.1}, nil},
		{"other seed", SplitOptions{Seed: 99, Val: 0.15, Test: 0.2}, nil},
		{"no val", SplitOptions{Seed: 3, Val: 0, Test: 0.2}, []string{Val}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Split(recs, "labels.jsonl", tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			setOf := map[string]string{}
			total := 0
			for set, es := range map[string][]Entry{Train: m.Train, Val: m.ValSet, Test: m.TestSet} {
				if len(es) != m.Counts[set] {
					t.Fatalf("%s: %d entries, count %d", set, len(es), m.Counts[set])
				}
				total += len(es)
				for _, e := range es {
					key := e.Family + "|" + e.Group
					if s, ok := setOf[key]; ok && s != set {
						t.Fatalf("group %s in %s and %s", key, s, set)
					}
					setOf[key] = set
				}
			}
			if total != len(recs)-1 || m.Excluded != 1 {
				t.Fatalf("%d formulas placed, %d excluded; want %d and 1", total, m.Excluded, len(recs)-1)
			}
			for _, s := range []string{Train, Val, Test} {
				if (m.Counts[s] == 0) != slices.Contains(tc.wantEmpty, s) {
					t.Fatalf("counts %v", m.Counts)
				}
			}
			// The many-group families are split within themselves.
			for _, fam := range []string{"ksat", "qcp"} {
				sets := map[string]bool{}
				for _, g := range m.Groups {
					if g.Family == fam {
						sets[g.Set] = true
					}
				}
				if len(sets) < 2 {
					t.Fatalf("family %s all in one set: %v", fam, sets)
				}
			}
			again, _ := Split(recs, "labels.jsonl", tc.opts)
			if !slices.Equal(again.Groups, m.Groups) {
				t.Fatal("same seed gave another split")
			}
		})
	}
	if _, err := Split(recs, "x", SplitOptions{Val: 0.5, Test: 0.5}); err == nil {
		t.Fatal("shares leaving nothing to train accepted")
	}
}

func TestStats(t *testing.T) {
	recs := []Record{
		{Family: "a", Status: StatusSat, Complete: true, Vars: 10, Clauses: 20, Backbone: []int32{1, -2}, LabelMS: 2},
		{Family: "a", Status: StatusSat, Complete: false, Vars: 10, Clauses: 40, Backbone: []int32{}, LabelMS: 4},
		{Family: "b", Status: StatusUnsat, Vars: 4, Clauses: 8, LabelMS: 1},
	}
	st := Stats(recs)
	if len(st) != 3 || st[0].Family != "a" || st[2].Family != "all" {
		t.Fatalf("%+v", st)
	}
	a := st[0]
	if a.Formulas != 2 || a.Complete != 1 || a.MeanVars != 10 || a.MeanClauses != 30 || a.BackboneFrac != 0.1 || a.MeanLabelMS != 3 || a.MaxLabelMS != 4 {
		t.Fatalf("family a: %+v", a)
	}
	if st[2].Formulas != 3 || st[2].Unsat != 1 {
		t.Fatalf("all: %+v", st[2])
	}
	var b bytes.Buffer
	if err := WriteStatsTable(&b, st); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.ToLower(b.String()), "backbone frac") || !strings.Contains(b.String(), "0.100") {
		t.Fatalf("table:\n%s", b.String())
	}
}

// TestLabelExternal labels a few real SATLIB formulas (family from the
// folder) and checks each backbone literal by solving with its negation.
func TestLabelExternal(t *testing.T) {
	files := testcorpus.Glob(t, "satlib/sat-uniform-20-91/uf20-0[1-4].cnf")
	out := filepath.Join(t.TempDir(), "l.jsonl")
	if _, err := Label(context.Background(), files, LabelOptions{Out: out, Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	recs, _ := ReadRecords(out)
	if len(recs) != len(files) {
		t.Fatalf("%d records for %d files", len(recs), len(files))
	}
	for _, r := range recs {
		if r.Family != "sat-uniform-20-91" || r.Status != StatusSat || !r.Complete {
			t.Fatalf("%+v", r)
		}
		f, _, err := sat.ReadFile(r.Path, sat.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range r.Backbone {
			g := *f
			g.Lits = slices.Clone(f.Lits)
			g.Start = slices.Clone(f.Start)
			g.AddClause(-l)
			res, _ := engine.Gini(false).Solve(context.Background(), &g, engine.Options{})
			if res.Status != sat.Unsat {
				t.Fatalf("%s: %d is not backbone", r.Path, l)
			}
		}
	}
}

// TestLabelEngine labels with each engine of the build, directly and as
// a SLURM array task would (the plan carries the engine): the records
// name the engine and hold the known backbone; an engine not in the
// build is refused before anything is written.
func TestLabelEngine(t *testing.T) {
	type run func(t *testing.T, dir, eng string, files []string) (string, error)
	direct := func(t *testing.T, dir, eng string, files []string) (string, error) {
		out := filepath.Join(dir, "labels.jsonl")
		_, err := Label(context.Background(), files, LabelOptions{Out: out, Jobs: 2, Backbone: engine.BackboneOptions{Engine: eng}})
		return out, err
	}
	task := func(t *testing.T, dir, eng string, files []string) (string, error) {
		out := filepath.Join(dir, "labels.jsonl")
		b := &SlurmBatch{Plan: SlurmPlan{Files: files, Out: out, PerCall: "5s", Total: "20s", Jobs: 1, Engine: eng},
			Job: &slurm.Job{Tasks: 1}, Dir: BatchDir(out)}
		_, err := b.RunTask(context.Background(), 0, io.Discard)
		return LabelShardPath(b.Dir, 0), err
	}
	for _, how := range []struct {
		name string
		run  run
	}{{"direct", direct}, {"slurm task", task}} {
		for _, eng := range append(engine.Names(), "minisat") {
			t.Run(how.name+"/"+eng, func(t *testing.T) {
				dir := t.TempDir()
				files := writeFormulas(t, dir, 3, nil)
				out, err := how.run(t, dir, eng, files)
				if eng == "minisat" {
					if err == nil || !strings.Contains(err.Error(), `unknown engine "minisat"`) {
						t.Fatalf("err = %v, want an unknown engine", err)
					}
					if _, serr := os.Stat(out); serr == nil {
						t.Fatalf("%s written for an unknown engine", out)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				recs, err := ReadRecords(out)
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) != len(files) {
					t.Fatalf("%d records for %d files", len(recs), len(files))
				}
				for _, r := range recs {
					if r.Engine != eng {
						t.Errorf("%s: engine %q, want %q", r.Path, r.Engine, eng)
					}
					if r.Status == StatusSat && !slices.Equal(r.Backbone, []int32{1, 2}) {
						t.Errorf("%s: backbone %v, want [1 2]", r.Path, r.Backbone)
					}
				}
			})
		}
	}
}

func TestProvenance(t *testing.T) {
	tests := []struct {
		name, path    string
		comments      []string
		family, group string
	}{
		{"generated", "corpus/gen/qcp/q-0001.cnf", []string{"generator verify gnn gen", "family qcp", "group qcp/order=5/s3"}, "qcp", "qcp/order=5/s3"},
		{"SATLIB file: own group", "satlib/uf20/uf20-01.cnf", []string{"This Formular is generated by mkcnf"}, "uf20", "satlib/uf20/uf20-01.cnf"},
		{"family without group", "x/y.cnf", []string{"family demo"}, "demo", "x/y.cnf"},
		{"group without family", "x/y.cnf", []string{"group g1"}, "x", "g1"},
		{"no comments", "y.cnf", nil, ".", "y.cnf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fam, group := provenance(tc.path, tc.comments)
			if fam != tc.family || group != tc.group {
				t.Fatalf("provenance = %q, %q; want %q, %q", fam, group, tc.family, tc.group)
			}
		})
	}
}

// folderRecords are n satisfiable formulas of one folder without group
// comments, labelled now (own groups) or before (folder as group).
func folderRecords(folder string, n int, old bool) []Record {
	var recs []Record
	for i := range n {
		p := fmt.Sprintf("satlib/%s/%s-%02d.cnf", folder, folder, i)
		g := p
		if old {
			g = folder
		}
		recs = append(recs, Record{Path: p, SHA256: fmt.Sprintf("%s-%d", folder, i), Family: folder, Group: g, Status: StatusSat, Complete: true})
	}
	return recs
}

func TestSplitSpreadsUngroupedFolders(t *testing.T) {
	for _, tc := range []struct {
		name string
		old  bool
	}{{"own groups", false}, {"labels file from before own groups", true}} {
		t.Run(tc.name, func(t *testing.T) {
			recs := append(folderRecords("uf50", 40, tc.old), folderRecords("flat50", 20, tc.old)...)
			m, err := Split(recs, "l.jsonl", SplitOptions{Seed: 2, Val: 0.1, Test: 0.2})
			if err != nil {
				t.Fatal(err)
			}
			for _, fam := range []string{"uf50", "flat50"} {
				per := map[string]int{}
				for set, es := range map[string][]Entry{Train: m.Train, Val: m.ValSet, Test: m.TestSet} {
					for _, e := range es {
						if e.Family == fam {
							per[set]++
							if e.Group != e.Path {
								t.Fatalf("%s: group %q, want its path", e.Path, e.Group)
							}
						}
					}
				}
				if per[Train] == 0 || per[Val] == 0 || per[Test] == 0 {
					t.Fatalf("%s not spread over the three sets: %v", fam, per)
				}
			}
			if m.Counts[Test] != 12 || m.Counts[Val] != 6 {
				t.Fatalf("counts %v, want 12 test and 6 val of 60", m.Counts)
			}
		})
	}
}

func TestSplitKeepsHashTwinsTogether(t *testing.T) {
	recs := folderRecords("uf50", 30, false)
	// A copy of formula 3 under another folder and family.
	twin := recs[3]
	twin.Path, twin.Family, twin.Group = "copies/a.cnf", "copies", "copies/a.cnf"
	recs = append(recs, twin)
	for seed := range uint64(20) {
		m, err := Split(recs, "l.jsonl", SplitOptions{Seed: seed, Val: 0.2, Test: 0.3})
		if err != nil {
			t.Fatal(err)
		}
		sets := map[string]string{}
		for set, es := range map[string][]Entry{Train: m.Train, Val: m.ValSet, Test: m.TestSet} {
			for _, e := range es {
				if e.SHA256 != twin.SHA256 {
					continue
				}
				sets[e.Path] = set
			}
		}
		if len(sets) != 2 || sets[twin.Path] != sets[recs[3].Path] {
			t.Fatalf("seed %d: identical formulas in %v", seed, sets)
		}
	}
}

func TestSplitHoldOut(t *testing.T) {
	recs := splitRecords()
	tests := []struct {
		name    string
		holdOut []string
		wantErr string
	}{
		{"one family", []string{"qcp"}, ""},
		{"two families", []string{"flat", "ksat"}, ""},
		{"named twice", []string{"aim", "aim"}, ""},
		{"unknown family", []string{"nope"}, `held-out family "nope" has no satisfiable formula`},
		{"unsat only counts as unknown", []string{"u"}, `held-out family "u"`},
		{"everything", []string{"ksat", "qcp", "color", "uf20", "flat", "aim"}, "leaves no family to train on"},
		{"empty name", []string{""}, "empty family name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Split(recs, "l.jsonl", SplitOptions{Seed: 1, Val: 0.1, Test: 0.1, HoldOut: tc.holdOut})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Compact(slices.Sorted(slices.Values(tc.holdOut)))
			if !slices.Equal(m.HeldOut, want) {
				t.Fatalf("manifest held_out %v, want %v", m.HeldOut, want)
			}
			inHeld := 0
			for _, r := range recs {
				if r.Status == StatusSat && slices.Contains(want, r.Family) {
					inHeld++
				}
			}
			gotHeld := 0
			for set, es := range map[string][]Entry{Train: m.Train, Val: m.ValSet, Test: m.TestSet} {
				for _, e := range es {
					if slices.Contains(want, e.Family) {
						if set != Test {
							t.Fatalf("held-out %s in %s", e.Path, set)
						}
						gotHeld++
					}
				}
			}
			if gotHeld != inHeld || inHeld == 0 {
				t.Fatalf("%d held-out formulas in test, want %d", gotHeld, inHeld)
			}
			// The other families still fill all three sets.
			others := map[string]int{}
			for set, es := range map[string][]Entry{Train: m.Train, Val: m.ValSet, Test: m.TestSet} {
				for _, e := range es {
					if !slices.Contains(want, e.Family) {
						others[set]++
					}
				}
			}
			if others[Train] == 0 || others[Val] == 0 || others[Test] == 0 {
				t.Fatalf("families not held out: %v", others)
			}
		})
	}
}
