package sat

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// FuzzReadPhases checks that no phase file makes the reader panic, that
// every error names the file and, for a bad literal or a variable given
// both phases, the line, and that what it accepts are literals whose
// variable is in range, each variable with one sign. The seeds run in
// every normal test run.
func FuzzReadPhases(f *testing.F) {
	for _, s := range []string{
		"1 -2 3\n",
		"# comment\nc comment\nv 1 -2\nv 3 0\n",
		"1\n-1\n",
		"1 x\n",
		"99999999999\n",
		"2147483647 -2147483646 0\n",
		"-2147483648\n",
		"v\n\n  \t-5 5\r\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lits, err := parsePhases(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		sign := map[int32]bool{}
		for _, l := range lits {
			if l == 0 || l == math.MinInt32 {
				t.Fatalf("accepted literal %d", l)
			}
			v := max(l, -l)
			if s, ok := sign[v]; ok && s != (l > 0) {
				t.Fatalf("accepted variable %d with both signs", v)
			}
			sign[v] = l > 0
		}
	})
}

// TestParsePhasesRange: the one int32 whose negation is no int32 is
// refused with its line (it once came through as a literal).
func TestParsePhasesRange(t *testing.T) {
	_, err := parsePhases(strings.NewReader("1\n-2147483648\n"), "p")
	if want := "p:2: literal -2147483648 out of range"; err == nil || err.Error() != want {
		t.Fatalf("err %v, want %q", err, want)
	}
}
