package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// TestWriteKeepsSpecialFiles writes to a named pipe, as `--out /dev/null`
// or `--out /dev/stdout` would to a device: the content must reach the
// reader and the pipe must still be a pipe (a rename would have replaced
// it with a plain file).
func TestWriteKeepsSpecialFiles(t *testing.T) {
	tests := []struct {
		name  string
		write func(path string) error
	}{
		{"Write", func(p string) error {
			return Write(p, func(w io.Writer) error { _, err := io.WriteString(w, "through the pipe"); return err })
		}},
		{"WriteFile", func(p string) error { return WriteFile(p, []byte("through the pipe"), 0o644) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pipe")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Fatalf("mkfifo: %v", err)
			}
			got := make(chan string, 1)
			go func() {
				b, _ := os.ReadFile(path)
				got <- string(b)
			}()
			if err := tc.write(path); err != nil {
				t.Fatal(err)
			}
			// Checked first: when the pipe was replaced, the reader
			// waits for a writer that never comes.
			fi, err := os.Lstat(path)
			if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
				t.Fatalf("%s is no longer a named pipe: %v, %v", path, fi.Mode(), err)
			}
			if s := <-got; s != "through the pipe" {
				t.Errorf("reader got %q", s)
			}
		})
	}
}
