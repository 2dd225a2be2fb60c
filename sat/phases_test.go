package sat

import (
	"strings"
	"testing"
)

func TestParsePhases(t *testing.T) {
	tests := []struct {
		in   string
		want []int32
		err  string
	}{
		{"1 -2 3\n", []int32{1, -2, 3}, ""},
		{"# comment\nc comment\nv 1 -2\nv 3 0\n", []int32{1, -2, 3}, ""},
		{"c verify solve\ns SATISFIABLE\nv -1 2 0\n", []int32{-1, 2}, ""},
		{"1\n-1\n", nil, "p:2: variable 1 given both phases"},
		{"1 x\n", nil, "p:1: bad literal \"x\""},
		{"99999999999\n", nil, "p:1: bad literal"},
	}
	for _, tt := range tests {
		got, err := parsePhases(strings.NewReader(tt.in), "p")
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("%q: err %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || len(got) != len(tt.want) {
			t.Fatalf("%q: %v %v", tt.in, got, err)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}
