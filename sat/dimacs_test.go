package sat

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/ulikunitz/xz"

	"github.com/verify-tools/verify/internal/testcorpus"
)

func clauses(f *CNF) [][]int32 {
	out := make([][]int32, f.NumClauses())
	for i := range out {
		out[i] = append([]int32{}, f.Clause(i)...)
	}
	return out
}

func TestReadAccepts(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		strict   bool
		vars     int
		want     [][]int32
		warnings int
	}{
		{"plain", "p cnf 3 2\n1 -2 0\n2 3 0\n", false, 3, [][]int32{{1, -2}, {2, 3}}, 0},
		{"comments anywhere", "c hello\np cnf 2 2\nc mid\n1 0\n  c indented comment\n-2 0\nc end\n", true, 2, [][]int32{{1}, {-2}}, 0},
		{"clause spans lines", "p cnf 4 1\n1 2\n3\n-4 0\n", true, 4, [][]int32{{1, 2, 3, -4}}, 0},
		{"two clauses on a line", "p cnf 2 2\n1 0 -2 0\n", true, 2, [][]int32{{1}, {-2}}, 0},
		{"satlib trailer", "p cnf 2 2\n1 2 0\n-1 0\n%\n0\n\n", true, 2, [][]int32{{1, 2}, {-1}}, 0},
		{"tabs and CRLF", "p\tcnf  2\t1\r\n1\t-2 0\r\n", true, 2, [][]int32{{1, -2}}, 0},
		{"empty clause", "p cnf 1 2\n1 0\n0\n", true, 1, [][]int32{{1}, {}}, 0},
		{"empty formula", "p cnf 0 0\n", true, 0, [][]int32{}, 0},
		{"missing final 0", "p cnf 2 2\n1 2 0\n-1", false, 2, [][]int32{{1, 2}, {-1}}, 1},
		{"extra clauses lenient", "p cnf 2 1\n1 0\n2 0\n", false, 2, [][]int32{{1}, {2}}, 1},
		{"extra variable lenient", "p cnf 2 1\n1 5 0\n", false, 5, [][]int32{{1, 5}}, 1},
		{"fewer clauses lenient", "p cnf 2 3\n1 0\n", false, 2, [][]int32{{1}}, 1},
		{"newline-terminated clauses (dubois)", "p cnf 3 4\n1 2 3\n-1 2 0\n-2 3\n-3 0\n", false, 3,
			[][]int32{{1, 2, 3}, {-1, 2}, {-2, 3}, {-3}}, 1},
		{"max literal", "p cnf 2147483647 1\n-2147483647 0\n", true, 2147483647, [][]int32{{-2147483647}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, warns, err := Read(strings.NewReader(tt.in), "t.cnf", ReadOptions{Strict: tt.strict})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if f.NumVars != tt.vars {
				t.Errorf("NumVars = %d, want %d", f.NumVars, tt.vars)
			}
			if got := clauses(f); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("clauses = %v, want %v", got, tt.want)
			}
			if len(warns) != tt.warnings {
				t.Errorf("warnings = %v, want %d", warns, tt.warnings)
			}
			if err := f.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		strict bool
		want   string // "file:line: message" prefix
	}{
		{"missing header", "1 2 0\n", false, "t.cnf:1: clause before the 'p cnf' problem line"},
		{"no header at all", "c only a comment\n", false, "t.cnf:2: missing 'p cnf VARS CLAUSES' problem line"},
		{"empty input", "", false, "t.cnf:1: missing 'p cnf"},
		{"bad token", "p cnf 2 1\n1 x 0\n", false, "t.cnf:2: bad token \"x\""},
		{"letters in number", "p cnf 2 1\n1 2a 0\n", false, "t.cnf:2: bad token \"2a\""},
		{"lone minus", "p cnf 2 1\n1 - 0\n", false, "t.cnf:2: bad token \"-\""},
		{"binary token", "p cnf 2 1\n1 \xff\xfe\x01 0\n", false, "t.cnf:2: binary data \"\\xff\\xfe\\x01\", not DIMACS CNF text"},
		{"binary file", "\x7fELF\x02\x01\x01\x00" + strings.Repeat("\x00\x03>", 100), false, "t.cnf:1: binary data \"\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x03>\\x00\\x03>\\x00\\x03\"…, not DIMACS"},
		{"long token", "p cnf 2 1\n1 " + strings.Repeat("x", 200) + " 0\n", false, "t.cnf:2: token too long: \"xxxxxxxxxxxxxxxx\"…"},
		{"literal too large", "p cnf 2 1\n1 2147483648 0\n", false, "t.cnf:2: literal out of range"},
		{"literal too small", "p cnf 2 1\n-99999999999 0\n", false, "t.cnf:2: literal out of range"},
		{"wcnf", "p wcnf 2 1\n1 0\n", false, "t.cnf:1: unsupported problem line"},
		{"short header", "p cnf 2\n1 0\n", false, "t.cnf:1: malformed problem line"},
		{"negative count", "p cnf -2 1\n1 0\n", false, "t.cnf:1: bad variable count"},
		{"second header", "p cnf 2 1\np cnf 2 1\n", false, "t.cnf:2: second problem line"},
		{"strict extra clause", "p cnf 2 1\n1 0\n2 0\n", true, "t.cnf:3: more clauses than the 1"},
		{"strict extra variable", "p cnf 2 1\n3 0\n", true, "t.cnf:2: variable 3 exceeds the 2"},
		{"strict missing 0", "p cnf 2 1\n1 2\n", true, "t.cnf:2: last clause is not terminated by 0"},
		{"strict fewer clauses", "p cnf 2 2\n1 0\n", true, "t.cnf:1: problem line announces 2 clauses, file has 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Read(strings.NewReader(tt.in), "t.cnf", ReadOptions{Strict: tt.strict})
			if err == nil {
				t.Fatalf("Read accepted %q", tt.in)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want prefix %q", err, tt.want)
			}
			if len(err.Error()) > 200 {
				t.Errorf("error message of %d bytes: %q", len(err.Error()), err)
			}
		})
	}
}

const sample = "c sample\np cnf 5 3\n1 -2 0\n2 3 -4 0\n-5 0\n"

func compressors(t *testing.T) map[string]func([]byte) []byte {
	t.Helper()
	return map[string]func([]byte) []byte{
		"gzip": func(b []byte) []byte {
			var buf bytes.Buffer
			w := gzip.NewWriter(&buf)
			w.Write(b)
			w.Close()
			return buf.Bytes()
		},
		"xz": func(b []byte) []byte {
			var buf bytes.Buffer
			w, err := xz.NewWriter(&buf)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(b)
			w.Close()
			return buf.Bytes()
		},
		"bzip2": func(b []byte) []byte {
			// The standard library reads bzip2 but cannot write it; use
			// the system tool when present.
			if _, err := exec.LookPath("bzip2"); err != nil {
				return nil
			}
			cmd := exec.Command("bzip2", "-c")
			cmd.Stdin = bytes.NewReader(b)
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			return out
		},
	}
}

func TestReadCompressed(t *testing.T) {
	want, _, err := Read(strings.NewReader(sample), "plain", ReadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, compress := range compressors(t) {
		t.Run(name, func(t *testing.T) {
			data := compress([]byte(sample))
			if data == nil {
				testcorpus.Missing(t, "bzip2 tool not installed (apt-get install bzip2): cannot make a .bz2 test file")
			}
			// The format is found from the content, whatever the name.
			path := filepath.Join(dir, "f."+name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, _, err := ReadFile(path, ReadOptions{Strict: true})
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			if !reflect.DeepEqual(clauses(got), clauses(want)) {
				t.Errorf("clauses %v, want %v", clauses(got), clauses(want))
			}
			// Truncated archives fail with a located error, never a panic.
			trunc := filepath.Join(dir, "trunc."+name)
			os.WriteFile(trunc, data[:len(data)*2/3], 0o644)
			_, _, err = ReadFile(trunc, ReadOptions{})
			var pe *ParseError
			if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), "truncated or corrupt") {
				t.Errorf("truncated %s: err = %v, want a located 'truncated or corrupt' error", name, err)
			}
		})
	}
}

func TestReadFileMissing(t *testing.T) {
	_, _, err := ReadFile(filepath.Join(t.TempDir(), "nope.cnf"), ReadOptions{})
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want not-exist", err)
	}
}

// FuzzReadDIMACS checks that no input makes the reader panic and that
// whatever it accepts is a structurally valid formula. The seeds run in
// every normal test run.
func FuzzReadDIMACS(f *testing.F) {
	seeds := []string{
		sample,
		"p cnf 3 4\n1 2 3\n-1 2 0\n-2 3\n-3 0\n",
		"p cnf 2 2\n1 2 0\n-1 0\n%\n0\n",
		"p cnf 1 1\n1",
		"p cnf 2147483647 1\n-2147483647 0\n",
		"c x\n\n\np cnf 0 0\n",
		"p cnf 2 1\n1 2147483648 0\n",
		"p cnf 3 1\n1 -\n",
		"\x1f\x8b\x08\x00",
		"BZh91AY&SY",
		"\xfd7zXZ\x00",
	}
	for _, s := range seeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, strict bool) {
		cnf, warns, err := Read(bytes.NewReader(data), "fuzz", ReadOptions{Strict: strict})
		// Read one byte at a time no token fits the buffer, so only the
		// general scanner runs: both paths must agree exactly.
		slow, slowWarns, slowErr := Read(iotest.OneByteReader(bytes.NewReader(data)), "fuzz", ReadOptions{Strict: strict})
		if fmt.Sprint(err) != fmt.Sprint(slowErr) || fmt.Sprint(warns) != fmt.Sprint(slowWarns) {
			t.Fatalf("fast and byte-wise reading differ: %v / %v, warnings %v / %v", err, slowErr, warns, slowWarns)
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error without file name: %v", err)
			}
			return
		}
		if cnf.NumVars != slow.NumVars || fmt.Sprint(clauses(cnf)) != fmt.Sprint(clauses(slow)) {
			t.Fatalf("fast and byte-wise reading give different formulas")
		}
		if err := cnf.Validate(); err != nil {
			t.Fatalf("accepted an invalid formula: %v", err)
		}
	})
}
