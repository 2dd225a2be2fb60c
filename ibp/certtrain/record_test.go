package certtrain

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/internal/jsonl"
)

func TestRecordsAndPlot(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "train.jsonl")
	if recs, err := jsonl.ReadFile[Record](path); err != nil || recs != nil {
		t.Fatalf("missing file: %v %v", recs, err)
	}
	recs := []Record{
		{Epoch: 1, Eps: 0.01, Lambda: 0.4, Loss: 2, LossRobust: 1.5, CleanErr: 0.5, VerifiedEr: 1, TestEps: 0.1},
		{Epoch: 2, Eps: 0.1, Loss: 1, LossRobust: 1, CleanErr: 0.2, VerifiedEr: 0.6, TestEps: 0.1},
	}
	if err := jsonl.WriteFile(path, recs); err != nil {
		t.Fatal(err)
	}
	got, err := jsonl.ReadFile[Record](path)
	if err != nil || len(got) != 2 || got[1] != recs[1] {
		t.Fatalf("read back %+v, %v", got, err)
	}
	png := filepath.Join(dir, "train.png")
	if err := Plot(got, png); err != nil {
		t.Fatal(err)
	}
	buf, err := os.ReadFile(png)
	if err != nil || !bytes.HasPrefix(buf, []byte("\x89PNG")) {
		t.Fatalf("not a PNG: %v", err)
	}
	if err := Plot(nil, png); err == nil {
		t.Error("empty plot accepted")
	}
	os.WriteFile(path, []byte("{\"epoch\":1}\nnot json\n"), 0o644)
	if _, err := jsonl.ReadFile[Record](path); err == nil {
		t.Error("corrupt line accepted")
	}
}
