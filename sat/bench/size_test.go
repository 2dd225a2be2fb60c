package bench

import "testing"

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"8GiB", 8 << 30, true}, {"512MiB", 512 << 20, true}, {"2G", 2 << 30, true},
		{"4GB", 4e9, true}, {"1.5KiB", 1536, true}, {"100", 100, true}, {"0", 0, true},
		{"lots", 0, false}, {"-1G", 0, false}, {"", 0, false},
	}
	for _, tc := range tests {
		got, err := ParseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
