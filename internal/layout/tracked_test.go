package layout

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// maxTracked is the largest file git may track outside testdata/ and
// model files: built binaries and data sets stay out of the repository.
const maxTracked = 4 << 20

// binaryMagic are the first bytes of executables and object files.
var binaryMagic = [][]byte{
	[]byte("\x7fELF"),        // Linux
	{0xcf, 0xfa, 0xed, 0xfe}, // Mach-O 64-bit
	{0xca, 0xfe, 0xba, 0xbe}, // Mach-O universal
	[]byte("MZ"),             // Windows PE
	[]byte("!<arch>\n"),      // static library
	[]byte("\x00asm"),        // WebAssembly
}

// TestTrackedFiles fails on a tracked built binary anywhere, and on a
// tracked file over maxTracked outside testdata/ and model files.
func TestTrackedFiles(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("git ls-files: %v", err)
		}
		t.Skipf("not a git checkout with git on PATH (%v): the tracked-file check needs one", err)
	}
	files := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	if len(files) < 50 {
		t.Fatalf("git lists only %d tracked files", len(files))
	}
	for _, f := range files {
		if msg := checkTracked(filepath.Join(root, f), f); msg != "" {
			t.Error(msg)
		}
	}
}

// checkTracked says what is wrong with tracked file path (rel in the
// repository), or "".
func checkTracked(path, rel string) string {
	fh, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return "" // deleted in the work tree, not yet committed
		}
		return err.Error()
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return err.Error()
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(fh, head)
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head[:n], m) {
			return fmt.Sprintf("%s is a built binary (starts with %q): untrack it and ignore it", rel, m)
		}
	}
	exempt := strings.HasPrefix(rel, "testdata/") || strings.Contains(rel, "/testdata/") || strings.HasSuffix(rel, ".safetensors")
	if st.Size() > maxTracked && !exempt {
		return fmt.Sprintf("%s is %.1f MB, over the %d MB a tracked file may have outside testdata/ and model files", rel, float64(st.Size())/(1<<20), maxTracked>>20)
	}
	return ""
}

func TestCheckTracked(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := bytes.Repeat([]byte("x"), maxTracked+1)
	tests := []struct {
		name, rel string
		data      []byte
		want      string
	}{
		{"source", "sat/cnf.go", []byte("package sat\n"), ""},
		{"elf", "cmd/verify/verify", []byte("\x7fELF\x02\x01\x01"), "built binary"},
		{"static library", "build/libx.a", []byte("!<arch>\nabc"), "built binary"},
		{"big doc", "docs/huge.md", big, "over the 4 MB"},
		{"big test data", "testdata/big.cnf", big, ""},
		{"big model", "gnn/phasenet/default.safetensors", big, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := checkTracked(write(tc.name, tc.data), tc.rel)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("checkTracked = %q, want %q", got, tc.want)
			}
		})
	}
}
