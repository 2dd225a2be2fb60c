package configsel

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/verify-tools/verify/sat"
)

func randomFormula(r *rand.Rand) *sat.CNF {
	f := sat.NewCNF(20)
	for range 30 {
		f.AddClause(int32(r.IntN(20)+1), -int32(r.IntN(20)+1), int32(r.IntN(20)+1))
	}
	return f
}

func TestRandomChooser(t *testing.T) {
	configs := []string{DefaultConfig, "plain", "sat", "unsat"}
	freq := map[string]float64{DefaultConfig: 0.6, "sat": 0.3, "plain": 0.1}
	c := RandomChooser{Seed: 7, Frequencies: freq}
	r := rand.New(rand.NewPCG(1, 2))
	count := map[string]int{}
	const n = 3000
	for range n {
		f := randomFormula(r)
		a, line, err := c.Choose(context.Background(), f, configs)
		if err != nil {
			t.Fatal(err)
		}
		b, _, _ := c.Choose(context.Background(), f, configs)
		if a != b {
			t.Fatalf("two draws for one formula and seed: %s, %s", a, b)
		}
		if !strings.Contains(line, "frequencies default=0.60,plain=0.10,sat=0.30") {
			t.Fatalf("line %q", line)
		}
		count[a]++
	}
	for name, p := range freq {
		// The draws are a fixed sequence: this bound is 5 standard errors.
		if got := float64(count[name]) / n; math.Abs(got-p) > 5*math.Sqrt(p*(1-p)/n) {
			t.Errorf("%s drawn %.3f of the time, want %.2f", name, got, p)
		}
	}
	if count["unsat"] != 0 {
		t.Errorf("unsat drawn %d times at frequency 0", count["unsat"])
	}
	if _, _, err := c.Choose(context.Background(), randomFormula(r), []string{DefaultConfig}); err == nil {
		t.Error("a configuration the engine lacks was allowed")
	}
}

func TestParseFrequencies(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]float64
		err  string
	}{
		{"default=3,sat=1", map[string]float64{DefaultConfig: 0.75, "sat": 0.25}, ""},
		{" default = 1 , sat=1", map[string]float64{DefaultConfig: 0.5, "sat": 0.5}, ""},
		{"default=1 x", nil, "not a number"},
		{"default=1,default=2", nil, "given twice"},
		{"sat", nil, "is not NAME=SHARE"},
		{"sat=-1", nil, "not a number ≥ 0"},
		{"sat=0", nil, "sum to 0"},
		{"sat=NaN", nil, "not a number"},
	}
	for _, tc := range tests {
		got, err := ParseFrequencies(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Fatalf("%q: %v, %v", tc.in, got, err)
		}
		for k, v := range tc.want {
			if math.Abs(got[k]-v) > 1e-12 {
				t.Errorf("%q: %s = %v, want %v", tc.in, k, got[k], v)
			}
		}
	}
}
