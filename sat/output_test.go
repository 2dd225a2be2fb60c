package sat

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestParseModel(t *testing.T) {
	tests := []struct {
		name string
		out  string
		ok   bool
		want string // model[1..3]
	}{
		{"v lines", "c x\ns SATISFIABLE\nv 1 -2\nv 3 0\n", true, "[true false true]"},
		{"minisat file", "SAT\n-1 2 -3 0\n", true, "[false true false]"},
		{"no final 0", "v 1 2 3\n", false, ""},
		{"bad token", "v 1 x 0\n", false, ""},
		{"minisat unsat", "UNSAT\n", false, ""},
	}
	for _, tt := range tests {
		m, ok := ParseModel([]byte(tt.out), 3)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if ok && fmt.Sprint(m[1:]) != tt.want {
			t.Errorf("%s: model %v, want %s", tt.name, m[1:], tt.want)
		}
	}
}

func TestWriteModelRoundTrip(t *testing.T) {
	model := make([]bool, 301)
	for v := range model {
		model[v] = v%3 == 0
	}
	var buf bytes.Buffer
	if err := WriteModel(&buf, model); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if len(line) > 80 || !strings.HasPrefix(line, "v ") {
			t.Fatalf("bad v line %q", line)
		}
	}
	back, ok := ParseModel(buf.Bytes(), 300)
	if !ok || fmt.Sprint(back[1:]) != fmt.Sprint(model[1:]) {
		t.Fatal("model changed in a write/parse round trip")
	}
}
