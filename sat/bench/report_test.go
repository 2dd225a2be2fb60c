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
	sum, err := Report(dir, &out)
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
	if _, err := Report(dir, nil); err != nil {
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
	if _, err := Report(t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "no results") {
		t.Errorf("empty folder: %v", err)
	}
}
