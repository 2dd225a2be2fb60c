package bench

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportRegeneratesPlots(t *testing.T) {
	dir := t.TempDir()
	rw, err := AppendResults(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []Record{
		rec("a", "fast", StatusSat, 0.5), rec("a", "slow", StatusSat, 2), rec("a", "odd name/x", StatusTimeout, 10),
		rec("b", "fast", StatusUnsat, 1), rec("b", "slow", StatusTimeout, 10), rec("b", "odd name/x", StatusUnsat, 3),
	} {
		if err := rw.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	rw.Close()
	var out bytes.Buffer
	sum, err := Report(dir, ClockWall, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Solvers) != 3 || !strings.Contains(out.String(), "fast") {
		t.Fatalf("summary %+v\n%s", sum, out.String())
	}
	files := []string{CactusFile, ScatterFile("fast", "slow"), ScatterFile("fast", "odd name/x"),
		ScatterFile("odd name/x", "slow"), SummaryText, SummaryMarkdown}
	if files[2] != "scatter-fast-vs-odd_name_x.png" {
		t.Errorf("scatter file name %q", files[2])
	}
	for _, f := range files {
		os.Remove(filepath.Join(dir, f))
	}
	if _, err := Report(dir, ClockWall, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(dir, f)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("not redrawn: %v", err)
			continue
		}
		if strings.HasSuffix(f, ".png") {
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil || img.Bounds().Dx() < 200 {
				t.Errorf("%s: not a plot: %v", f, err)
			}
		}
	}
	if _, err := Report(t.TempDir(), ClockWall, nil); err == nil || !strings.Contains(err.Error(), "no results") {
		t.Errorf("empty folder: %v", err)
	}
}

func TestReportClock(t *testing.T) {
	withCPU := func(r Record, cpu float64) Record {
		r.CPUTime, r.HasCPU = cpu, true
		return r
	}
	tests := []struct {
		name    string
		clock   Clock
		recs    []Record
		want    []string // in the text table
		wantErr string
	}{
		{"wall by default", ClockWall, []Record{rec("a", "s", StatusSat, 2)},
			[]string{"PAR-2 wall (s)", "median wall (s)", "wall-clock time (--clock wall", "2.000"}, ""},
		{"cpu", ClockCPU, []Record{withCPU(rec("a", "s", StatusSat, 2), 0.75), withCPU(rec("b", "s", StatusTimeout, 10), 9)},
			// PAR-2 on CPU time: (0.75 + 2×10) / 2; the median the same two
			[]string{"PAR-2 CPU (s)", "CPU time (user+system", "10.375"}, ""},
		{"cpu refused without CPU times", ClockCPU, []Record{withCPU(rec("a", "s", StatusSat, 2), 1), rec("b", "s", StatusSat, 1)},
			nil, "1 of 2 runs have no CPU time (recorded before verify bench measured it; first: s on b)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := WriteResults(filepath.Join(dir, ResultsFile), tc.recs); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			sum, err := Report(dir, tc.clock, &out)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Clock != tc.clock {
				t.Errorf("summary clock %q, want %q", sum.Clock, tc.clock)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("table lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
