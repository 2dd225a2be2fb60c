package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		file    string
		data    string
		perm    fs.FileMode
		wantErr bool
	}{
		{"data file", "a.txt", "one", 0o644, false},
		{"replace", "a.txt", "two", 0o644, false},
		{"script", "job.sh", "#!/bin/sh\n", 0o755, false},
		{"missing folder", filepath.Join("no", "such", "b.txt"), "x", 0o644, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Join(dir, tc.file)
			err := WriteFile(name, []byte(tc.data), tc.perm)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), name) {
					t.Errorf("error %q does not name the file", err)
				}
				return
			}
			got, _ := os.ReadFile(name)
			if string(got) != tc.data {
				t.Errorf("content %q, want %q", got, tc.data)
			}
			st, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			// The umask can only clear bits: the owner's must be as asked.
			if got, want := st.Mode().Perm()&0o700, tc.perm&0o700; got != want {
				t.Errorf("owner permissions %o, want %o", got, want)
			}
		})
	}
}
