package sat

import (
	"testing"
	"time"
)

func TestParseTimeout(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true},
		{"0", 0, true},
		{"300", 300 * time.Second, true},
		{"2.5", 2500 * time.Millisecond, true},
		{"5m", 5 * time.Minute, true},
		{"90s", 90 * time.Second, true},
		{"-1", 0, false},
		{"-5m", 0, false},
		{"soon", 0, false},
	}
	for _, tc := range tests {
		got, err := ParseTimeout(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseTimeout(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
