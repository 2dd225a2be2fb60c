package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.txt")
	tests := []struct {
		name    string
		fill    func(io.Writer) error
		want    string
		wantErr bool
	}{
		{"create", func(w io.Writer) error { _, err := io.WriteString(w, "one"); return err }, "one", false},
		{"replace", func(w io.Writer) error { _, err := io.WriteString(w, "two"); return err }, "two", false},
		{"failed fill keeps old", func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("boom") }, "two", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Write(name, tc.fill)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			got, _ := os.ReadFile(name)
			if string(got) != tc.want {
				t.Fatalf("content %q, want %q", got, tc.want)
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
			if len(left) != 0 {
				t.Fatalf("temporary files left: %v", left)
			}
		})
	}
}
