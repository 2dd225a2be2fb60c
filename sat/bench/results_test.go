package bench

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestResultsRoundTripAndResume(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, ResultsFile)
	first := []Record{
		{Instance: "a.cnf", Family: "f", Solver: "s1", Status: StatusSat, Answer: AnswerSat, Time: 1.5, MemMiB: 12.5,
			ExitCode: 10, Verified: "yes", Expected: AnswerSat, Timeout: 60,
			CPUTime: 1.25, HasCPU: true, CPUModel: "Intel(R) Xeon(R) Gold 6130, rev 4", HostCPUs: 64, Pinned: "17"},
		{Instance: "b.cnf", Family: "f", Solver: "s1", Status: StatusCrash, Answer: AnswerNone, Time: 0.25,
			ExitCode: -1, Verified: "-", Expected: AnswerNone, Timeout: 2.5, Note: `killed, "quoted", with comma`},
	}
	rw, err := AppendResults(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range first {
		if err := rw.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	rw.Close()
	// A crash in the middle of a row leaves a partial last line.
	f, _ := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("c.cnf,f,s1,sa")
	f.Close()

	got, err := ReadResults(name)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, first) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, first)
	}
	insts := []Instance{{ID: "a.cnf"}, {ID: "b.cnf"}, {ID: "c.cnf"}}
	solvers := []Solver{{Name: "s1"}, {Name: "s2"}}
	pending := Pairs(insts, solvers, Done(got))
	var keys []Key
	for _, p := range pending {
		keys = append(keys, p.Key())
	}
	want := []Key{{"a.cnf", "s2"}, {"b.cnf", "s2"}, {"c.cnf", "s1"}, {"c.cnf", "s2"}}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("pending %v, want %v", keys, want)
	}
	// Appending again cuts the partial row and keeps the header single.
	rw, err = AppendResults(name)
	if err != nil {
		t.Fatal(err)
	}
	third := first[0]
	third.Instance = "c.cnf"
	if err := rw.Write(third); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	got, err = ReadResults(name)
	if err != nil || len(got) != 3 || got[2].Instance != "c.cnf" {
		t.Fatalf("after resume: %v %+v", err, got)
	}
	data, _ := os.ReadFile(name)
	if n := strings.Count(string(data), "instance,family"); n != 1 {
		t.Errorf("%d header rows", n)
	}
}

func TestReadResultsErrors(t *testing.T) {
	header := strings.Join(csvHeader, ",") + "\n"
	tests := []struct{ name, content, want string }{
		{"not-results", "a,b\n1,2\n", "not a verify bench results file"},
		{"bad-status", header + "a,f,s,great,sat,1,1,10,yes,sat,60,,,,,\n", ":2: unknown status"},
		{"bad-time", header + "a,f,s,sat,sat,fast,1,10,yes,sat,60,,,,,\n", ":2: time_s"},
		{"short-row", header + "a,f,s\n", ":2: 3 fields"},
		{"old-row-under-new-header", header + "a,f,s,sat,sat,1,1,10,yes,sat,60,\n", ":2: 12 fields, want 16"},
		{"bad-cpu", header + "a,f,s,sat,sat,1,1,10,yes,sat,60,,soon,x,2,\n", ":2: cpu_s"},
		{"negative-cpu", header + "a,f,s,sat,sat,1,1,10,yes,sat,60,,-1,x,2,\n", ":2: cpu_s"},
		{"bad-cpus", header + "a,f,s,sat,sat,1,1,10,yes,sat,60,,1,x,0,\n", ":2: host_cpus"},
		{"bad-pinned", header + "a,f,s,sat,sat,1,1,10,yes,sat,60,,1,x,2,first\n", ":2: pinned_cpu"},
		{"renamed-column", strings.Replace(header, "time_s", "wall_s", 1), ":1: not a verify bench results file: column 6 is \"wall_s\""},
		{"extra-column", strings.TrimSuffix(header, "\n") + ",gpu\n", ":1: not a verify bench results file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "r.csv", tc.content, 0o644)
			_, err := ReadResults(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "r.csv") {
				t.Errorf("err = %v, want one naming r.csv and %q", err, tc.want)
			}
		})
	}
	if recs, err := ReadResults(filepath.Join(t.TempDir(), "none.csv")); err != nil || recs != nil {
		t.Errorf("missing file: %v %v", recs, err)
	}
}

func TestMergeAndChunk(t *testing.T) {
	a := []Record{{Instance: "x", Solver: "s", Time: 1}, {Instance: "y", Solver: "s"}}
	b := []Record{{Instance: "x", Solver: "s", Time: 2}, {Instance: "z", Solver: "s"}}
	m := Merge(a, b)
	if len(m) != 3 || m[0].Time != 1 || m[2].Instance != "z" {
		t.Errorf("merge: %+v", m)
	}
	for i := range m {
		m[i].Status, m[i].Answer, m[i].Expected = StatusUnknown, AnswerNone, AnswerNone
	}
	name := filepath.Join(t.TempDir(), "merged.csv")
	if err := WriteResults(name, m); err != nil {
		t.Fatal(err)
	}
	if back, err := ReadResults(name); err != nil || !reflect.DeepEqual(back, m) {
		t.Errorf("merged file reads back as %+v, %v", back, err)
	}
	pairs := make([]Pair, 10)
	for i := range pairs {
		pairs[i].Instance.ID = string(rune('a' + i))
	}
	total := 0
	for i := 0; i < 3; i++ {
		c := Chunk(pairs, i, 3)
		if len(c) < 3 || len(c) > 4 {
			t.Errorf("chunk %d has %d pairs", i, len(c))
		}
		total += len(c)
	}
	if total != 10 || Chunk(pairs, 3, 3) != nil {
		t.Errorf("chunks cover %d of 10 pairs", total)
	}
}

// oldResults is a results file as verify bench wrote it before it recorded
// CPU time and the machine (12 columns).
const oldResults = `instance,family,solver,status,answer,time_s,memory_mib,exit_code,verified,expected,timeout_s,note
a.cnf,f,s1,sat,sat,1.500,12.5,10,yes,sat,60,
b.cnf,f,s1,timeout,unknown,60.010,3.0,-1,-,unknown,60,killed after 1m0s
`

func TestOldResultsResume(t *testing.T) {
	dir := t.TempDir()
	name := writeFile(t, dir, ResultsFile, oldResults, 0o644)
	old, err := ReadResults(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(old) != 2 || old[0].Time != 1.5 || old[1].Status != StatusTimeout {
		t.Fatalf("old file read as %+v", old)
	}
	for _, r := range old {
		if r.HasCPU || r.CPUTime != 0 || r.CPUModel != "" || r.HostCPUs != 0 || r.Pinned != "" {
			t.Errorf("old row %s: CPU and machine should be unknown, got %+v", r.Instance, r)
		}
	}
	// Resuming rewrites the file in the current layout, then appends.
	rw, err := AppendResults(name)
	if err != nil {
		t.Fatal(err)
	}
	fresh := Record{Instance: "c.cnf", Family: "f", Solver: "s1", Status: StatusUnsat, Answer: AnswerUnsat, Time: 2,
		ExitCode: 20, Verified: "-", Expected: AnswerUnsat, Timeout: 60, CPUTime: 0, HasCPU: true, CPUModel: "arm64", HostCPUs: 2}
	if err := rw.Write(fresh); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	data, _ := os.ReadFile(name)
	if first, _, _ := strings.Cut(string(data), "\n"); first != strings.Join(csvHeader, ",") {
		t.Errorf("header after resume: %q", first)
	}
	got, err := ReadResults(name)
	if err != nil {
		t.Fatal(err)
	}
	if want := append(old, fresh); !reflect.DeepEqual(got, want) {
		t.Errorf("after resume\n%+v\nwant\n%+v", got, want)
	}
	// A CPU time of 0 is known (a run that did not start), not unknown.
	if !got[2].HasCPU {
		t.Errorf("a recorded 0 s CPU time reads back as unknown")
	}
}
