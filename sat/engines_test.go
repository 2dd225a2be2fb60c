package sat

import (
	"strings"
	"testing"
)

type engineCase struct {
	name    string
	cfg     EngineConfig
	want    string
	wantErr string
}

func TestNewEngineDefault(t *testing.T) {
	want := "gini"
	if cadicalBuilt {
		want = "cadical" // the strongest engine compiled in is the default
	}
	if got := EngineNames()[0]; got != want {
		t.Fatalf("EngineNames()[0] = %q, want %q", got, want)
	}
	tests := []engineCase{
		{"default", EngineConfig{}, want, ""},
		{"gini by name", EngineConfig{Name: "gini"}, "gini", ""},
		{"gini cannot prove", EngineConfig{Name: "gini", Proof: "p.drat"}, "", "cannot write DRAT proofs"},
		{"unknown", EngineConfig{Name: "minisat"}, "", "unknown engine"},
	}
	if cadicalBuilt {
		tests = append(tests,
			engineCase{"default proves", EngineConfig{Proof: "p.drat"}, "cadical", ""})
	} else {
		tests = append(tests,
			engineCase{"cadical missing", EngineConfig{Name: "cadical"}, "", "no CaDiCaL engine"},
			engineCase{"default cannot prove", EngineConfig{Proof: "p.drat"}, "", "cannot write DRAT proofs"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := NewEngine(tc.cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.Name() != tc.want {
				t.Errorf("engine %q, want %q", e.Name(), tc.want)
			}
		})
	}
}
