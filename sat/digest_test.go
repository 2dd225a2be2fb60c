package sat

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadFileDigest(t *testing.T) {
	dir := t.TempDir()
	text := "c family demo\nc group demo/n=3\n\np cnf 3 2\n1 -2 0\nc not a header comment\n2 3 0\n"
	plain := filepath.Join(dir, "a.cnf")
	if err := os.WriteFile(plain, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "a.cnf.gz")
	fh, _ := os.Create(gz)
	zw := gzip.NewWriter(fh)
	zw.Write([]byte(text))
	zw.Close()
	fh.Close()
	bad := filepath.Join(dir, "bad.cnf")
	os.WriteFile(bad, []byte("p cnf 2 1\n1 x 0\n"), 0o644)

	var first string
	for _, tc := range []struct {
		name    string
		wantErr string
	}{{plain, ""}, {gz, ""}, {bad, "bad.cnf:2:"}, {filepath.Join(dir, "missing.cnf"), "no such file"}} {
		f, _, d, err := ReadFileDigest(tc.name, ReadOptions{})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("%s: err = %v, want %q", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if f.NumClauses() != 2 {
			t.Fatalf("%s: %d clauses", tc.name, f.NumClauses())
		}
		if !slices.Equal(d.Comments, []string{"family demo", "group demo/n=3"}) {
			t.Fatalf("%s: comments %q", tc.name, d.Comments)
		}
		if first == "" {
			first = d.SHA256
		} else if d.SHA256 != first {
			t.Fatalf("compressed and plain hashes differ: %s vs %s", d.SHA256, first)
		}
	}
	// The text's SHA-256 as sha256sum prints it.
	if want := "5d74c03069dd866fe889d70432a07049940c608ca31372787b119630120b7180"; first != want {
		t.Fatalf("hash %s, want %s", first, want)
	}
}
