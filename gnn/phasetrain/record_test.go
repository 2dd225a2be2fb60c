package phasetrain

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/internal/jsonl"
)

func TestRecordsRoundTripAndPlot(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, FileRecords)
	if recs, err := jsonl.ReadFile[Record](name); err != nil || recs != nil {
		t.Fatalf("missing file: %v, %v", recs, err)
	}
	want := []Record{{Epoch: 1, Loss: 0.6, ValLoss: 0.5, ValAcc: 0.7, Best: true}, {Epoch: 2, Loss: 0.5, ValLoss: 0.55, ValAcc: 0.72}}
	if err := jsonl.WriteFile(name, want); err != nil {
		t.Fatal(err)
	}
	got, err := jsonl.ReadFile[Record](name)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("read %+v, want %+v", got, want)
	}
	if err := os.WriteFile(name, []byte("{\"epoch\":1}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := jsonl.ReadFile[Record](name); err == nil {
		t.Error("bad line: no error")
	}
	png := filepath.Join(dir, FilePlot)
	if err := WritePlot(png, want); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(png)
	if err != nil || len(data) < 8 || string(data[1:4]) != "PNG" {
		t.Fatalf("plot is not a PNG (%d bytes, %v)", len(data), err)
	}
}

func TestOptionsValidate(t *testing.T) {
	ok := DefaultOptions()
	ok.Split, ok.Out = "split.json", "run"
	tests := []struct {
		name   string
		change func(*Options)
		valid  bool
	}{
		{"defaults", func(*Options) {}, true},
		{"no split", func(o *Options) { o.Split = "" }, false},
		{"no out", func(o *Options) { o.Out = "" }, false},
		{"zero epochs", func(o *Options) { o.Epochs = 0 }, false},
		{"zero batch", func(o *Options) { o.Batch = 0 }, false},
		{"zero lr", func(o *Options) { o.LR = 0 }, false},
		{"negative clip", func(o *Options) { o.GradClip = -1 }, false},
		{"target 0.5", func(o *Options) { o.TargetPrecision = 0.5 }, false},
		{"hidden 0", func(o *Options) { o.Arch.Hidden = 0 }, false},
	}
	for _, tc := range tests {
		o := ok
		tc.change(&o)
		if err := o.Validate(); (err == nil) != tc.valid {
			t.Errorf("%s: err %v, want valid %v", tc.name, err, tc.valid)
		}
	}
}
