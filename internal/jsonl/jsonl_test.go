package jsonl

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type rec struct {
	Epoch int     `json:"epoch"`
	Loss  float64 `json:"loss"`
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "train.jsonl")
	if recs, err := ReadFile[rec](path); err != nil || recs != nil {
		t.Fatalf("missing file: %v, %v", recs, err)
	}
	want := []rec{{1, 0.5}, {2, 0.25}}
	if err := WriteFile(path, want); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(data); got != "{\"epoch\":1,\"loss\":0.5}\n{\"epoch\":2,\"loss\":0.25}\n" {
		t.Errorf("file holds %q", got)
	}
	got, err := ReadFile[rec](path)
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("read %+v, %v; want %+v", got, err, want)
	}
}

func TestReadFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []rec
		wantErr string
	}{
		{"blank lines skipped", "\n{\"epoch\":1}\n  \n{\"epoch\":2}", []rec{{Epoch: 1}, {Epoch: 2}}, ""},
		{"empty file", "", nil, ""},
		{"bad line", "{\"epoch\":1}\nnot json\n", nil, "f.jsonl:2: "},
		{"wrong type", "{\"epoch\":\"one\"}\n", nil, "f.jsonl:1: "},
		{"line too long", "{\"epoch\":1}\n" + strings.Repeat(" ", MaxLine+1) + "\n", nil, "f.jsonl:2: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.jsonl")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := ReadFile[rec](path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("read %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestWriteFileKeepsOldOnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.jsonl")
	if err := WriteFile(path, []rec{{Epoch: 1}}); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, []rec{{Epoch: 2, Loss: math.NaN()}})
	if err == nil || !strings.Contains(err.Error(), "record 1") {
		t.Fatalf("NaN record: error %v", err)
	}
	got, err := ReadFile[rec](path)
	if err != nil || !slices.Equal(got, []rec{{Epoch: 1}}) {
		t.Errorf("old file not kept: %+v, %v", got, err)
	}
}
