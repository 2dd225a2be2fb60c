package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The pristine gotch module must type-check cleanly with cgo treated as
// opaque; otherwise the repair loop would drop hand-written code.
func TestPristineGotchTypeChecks(t *testing.T) {
	out, err := exec.Command("go", "mod", "download", "-json", gotchPath+"@"+gotchVersion).Output()
	if err != nil {
		t.Skipf("gotch not in the module cache: %v", err)
	}
	dir := between(string(out), `"Dir": "`, `"`)
	errs, err := typeCheckAll(dir, gotchPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%s: %s", e.Fset.Position(e.Pos), e.Msg)
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	return s[:strings.Index(s, b)]
}
