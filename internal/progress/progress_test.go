package progress

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
)

// clock is a fake time source the test advances by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time                            { return c.t }
func (c *clock) tick(d time.Duration)                      { c.t = c.t.Add(d) }
func newClock() *clock                                     { return &clock{t: time.Unix(1_700_000_000, 0)} }
func lines(b *bytes.Buffer) []string                       { return strings.Split(strings.TrimSpace(b.String()), "\n") }
func plain(w *bytes.Buffer, o Options, c *clock) *Reporter { return newReporter(w, o, false, c.now) }

func TestPlainLinesEveryTenth(t *testing.T) {
	tests := []struct {
		name  string
		total int
		tick  time.Duration
		want  int // progress lines plus the closing one
	}{
		{"112 fast items: closing line only", 112, 10 * time.Millisecond, 1},
		{"112 items, 1 s each", 112, time.Second, 10}, // 9 steps below 100 % + closing
		{"10 items, 2 s gap", 10, time.Second, 5},     // steps at 2, 4, 6, 8 s + closing
		{"3 items", 3, time.Second, 2},
		{"1000 slow items, 30 s rule", 1000, 5 * time.Second, 0}, // checked below
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			c := newClock()
			r := plain(&buf, Options{Total: tc.total, Desc: "bench", Unit: "runs"}, c)
			for i := 0; i < tc.total; i++ {
				c.tick(tc.tick)
				r.Add(1)
			}
			r.Finish()
			r.Finish() // idempotent
			ls := lines(&buf)
			if strings.Contains(buf.String(), "\r") {
				t.Fatalf("plain output holds carriage returns: %q", buf.String())
			}
			last := ls[len(ls)-1]
			if !strings.Contains(last, "done in") || !strings.Contains(last, "/"+strconv.Itoa(tc.total)) {
				t.Errorf("closing line %q", last)
			}
			if tc.want > 0 && len(ls) != tc.want {
				t.Errorf("%d lines, want %d:\n%s", len(ls), tc.want, buf.String())
			}
			if tc.want == 0 {
				// 5000 s of work: at least one line per 30 s, never more than one per item.
				if len(ls) < 5000/30 || len(ls) > tc.total+1 {
					t.Errorf("%d lines for 5000 s of slow work", len(ls))
				}
			}
		})
	}
}

func TestPlainLineContent(t *testing.T) {
	var buf bytes.Buffer
	c := newClock()
	r := plain(&buf, Options{Total: 10, Desc: "certify", Unit: "samples"}, c)
	c.tick(2 * time.Second)
	r.Note("cadical SAT")
	r.Add(1)
	got := lines(&buf)[0]
	for _, want := range []string{"certify: 1/10 samples (10 %)", "2s elapsed", "2.0 s per sample", "about 18s left", "last: cadical SAT"} {
		if !strings.Contains(got, want) {
			t.Errorf("line %q lacks %q", got, want)
		}
	}
}

func TestNoRateBeforeOneSecond(t *testing.T) {
	// The first item after a few microseconds must not claim tens of
	// thousands of items per second.
	var buf bytes.Buffer
	c := newClock()
	r := plain(&buf, Options{Total: 10, Desc: "certify", Unit: "samples"}, c)
	c.tick(20 * time.Microsecond)
	r.Add(1)
	r.Finish()
	l := lines(&buf)
	if len(l) != 1 || !strings.HasPrefix(l[0], "certify: 1/10 samples done in") {
		t.Fatalf("want only the closing line, got %q", buf.String())
	}
	if strings.Contains(l[0], "/s") || strings.Contains(l[0], " per ") {
		t.Errorf("rate reported after 20 µs: %q", l[0])
	}
}

func TestNilReporterIsQuiet(t *testing.T) {
	var r *Reporter
	r.Add(3)
	r.Note("x")
	r.Finish()
	if New(nil, Options{Total: 3}) != nil {
		t.Fatal("New(nil) should report nothing")
	}
}

func TestTerminalDrawsBar(t *testing.T) {
	var buf bytes.Buffer
	c := newClock()
	r := newReporter(&buf, Options{Total: 4, Desc: "gen", Unit: "formulas"}, true, c.now)
	for i := 0; i < 4; i++ {
		c.tick(time.Second)
		r.Add(1)
	}
	r.Finish()
	if !strings.Contains(buf.String(), "\r") || !strings.Contains(buf.String(), "4/4") {
		t.Errorf("terminal output is not a redrawn bar: %q", buf.String())
	}
}

func TestBufferIsNotATerminal(t *testing.T) {
	if IsTerminal(&bytes.Buffer{}) {
		t.Fatal("a buffer is not a terminal")
	}
}

func TestSingular(t *testing.T) {
	for plural, want := range map[string]string{"runs": "run", "batches": "batch", "samples": "sample", "formulas": "formula", "items": "item", "boxes": "box"} {
		if got := singular(plural); got != want {
			t.Errorf("singular(%q) = %q, want %q", plural, got, want)
		}
	}
}
