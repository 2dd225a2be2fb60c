package drat

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckFiles(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	unsat := file("unsat.cnf", "p cnf 1 2\n1 0\n-1 0\n")
	sat := file("sat.cnf", "p cnf 2 1\n1 2 0\n")
	empty := file("empty.drat", "0\n")
	tests := []struct {
		name, cnf, proof, want, err string
	}{
		{"refutation", unsat, empty, "s VERIFIED\n", ""},
		{"satisfiable formula", sat, empty, "s NOT VERIFIED\n", "neither RUP nor RAT"},
		{"missing proof", unsat, filepath.Join(dir, "none.drat"), "", "none.drat"},
		{"missing formula", filepath.Join(dir, "none.cnf"), empty, "", "none.cnf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := CheckFiles(context.Background(), tc.cnf, tc.proof, false, &out)
			if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("error %v, want one saying %q", err, tc.err)
			}
			if !strings.HasSuffix(out.String(), tc.want) {
				t.Errorf("output %q does not end in %q", out.String(), tc.want)
			}
		})
	}
}
