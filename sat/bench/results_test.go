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
			ExitCode: 10, Verified: "yes", Expected: AnswerSat, Timeout: 60},
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
		{"bad-status", header + "a,f,s,great,sat,1,1,10,yes,sat,60,\n", ":2: unknown status"},
		{"bad-time", header + "a,f,s,sat,sat,fast,1,10,yes,sat,60,\n", ":2: time_s"},
		{"short-row", header + "a,f,s\n", ":2: 3 fields"},
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
