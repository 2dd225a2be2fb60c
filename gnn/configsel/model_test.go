package configsel

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseRejects(t *testing.T) {
	good := twoClusters(3, 0.1)
	tests := []struct {
		name   string
		change func(m *Model)
		want   string
	}{
		{"format", func(m *Model) { m.Format = "x" }, "format"},
		{"features", func(m *Model) { m.Features = m.Features[1:] }, "features"},
		{"std", func(m *Model) { m.Std = m.Std[1:] }, "mean and std"},
		{"default not first", func(m *Model) { m.Configs = []string{"sat", DefaultConfig} }, "want \"default\" first"},
		{"repeated config", func(m *Model) { m.Configs = []string{DefaultConfig, DefaultConfig} }, "repeated"},
		{"k", func(m *Model) { m.K = 0 }, "k = 0"},
		{"k above points", func(m *Model) { m.K = 99 }, "points for k"},
		{"margin", func(m *Model) { m.Margin = -1 }, "margin"},
		{"negative std", func(m *Model) { m.Std[3] = -1 }, "feature mean_length"},
		{"frequency of unknown", func(m *Model) { m.Frequencies = map[string]float64{"plain": 1} }, `frequency 1 of "plain"`},
		{"frequencies sum", func(m *Model) { m.Frequencies = map[string]float64{"sat": 0.2} }, "sum to 0.2"},
		{"point size", func(m *Model) { m.Points[2].LogTime = nil }, "point 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, _ := json.Marshal(good)
			var m Model
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			tc.change(&m)
			data, _ = json.Marshal(&m)
			if _, err := Parse(data, "m.json"); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "m.json: ") {
				t.Errorf("error %v, want one naming m.json and %q", err, tc.want)
			}
		})
	}
	if _, err := Parse([]byte(`{"format": `), "cut.json"); err == nil || !strings.HasPrefix(err.Error(), "cut.json: ") {
		t.Errorf("truncated JSON: %v", err)
	}
	// NaN cannot be written in JSON; a huge exponent overflows instead.
	if _, err := Parse([]byte(`{"format":"verify-configsel/1","margin":1e999}`), "big.json"); err == nil {
		t.Error("out-of-range number accepted")
	}
}

func TestDefaultModel(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Points) < 100 || len(m.Configs) < 3 {
		t.Errorf("embedded model: %d points, configurations %v; want the hard suite's dev half (≥ 100) and default, plain, sat", len(m.Points), m.Configs)
	}
	for _, p := range m.Points {
		if strings.Contains(p.ID, "split=test") {
			t.Errorf("training point %s", p.ID)
		}
	}
}

func FuzzParse(f *testing.F) {
	data, _ := json.Marshal(twoClusters(3, 0.1))
	f.Add(data)
	f.Add([]byte(`{"format":"verify-configsel/1","k":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data, "fuzz.json")
		if err != nil {
			return
		}
		// A model that parses chooses without panicking.
		if _, err := m.Choose(make([]float64, NumFeatures), m.Configs); err != nil {
			t.Fatalf("valid model cannot choose: %v", err)
		}
	})
}
