// Package progress reports how far a long job has got. On a terminal it
// draws a bar that is redrawn in place; anywhere else (a log file, CI, a
// SLURM task log) it writes a plain line now and then — every tenth of the
// work or every 30 seconds, whichever comes first — and one at the end, so
// a log holds a few readable lines instead of thousands of redraws. Lines
// are at least MinGap apart: a job done in a few seconds writes only its
// closing line.
package progress

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Defaults for plain (non-terminal) output.
const (
	DefaultEvery = 30 * time.Second
	DefaultStep  = 0.1
	MinGap       = 2 * time.Second
)

// Options describe a job whose progress is reported.
type Options struct {
	Total int           // number of items; must be > 0 for percentages
	Desc  string        // what the job is, printed first ("bench", "certify")
	Unit  string        // plural name of an item ("runs", "samples")
	Every time.Duration // plain output: longest quiet interval (DefaultEvery when 0)
	Step  float64       // plain output: fraction of Total between lines (DefaultStep when 0)
	Width int           // terminal bar width in characters (the library's default when 0)
}

// Reporter reports one job's progress. A nil *Reporter is valid and reports
// nothing, so callers need no "quiet" branches. Its methods are safe for
// concurrent use.
type Reporter struct {
	mu       sync.Mutex
	w        io.Writer
	o        Options
	bar      *progressbar.ProgressBar // terminal only
	now      func() time.Time
	start    time.Time
	lastLine time.Time
	nextDone int // plain output: the count that triggers the next line
	done     int
	note     string
	finished bool
}

// New reports to w; it returns nil (reporting nothing) when w is nil. Whether
// w is a terminal decides between a bar and plain lines.
func New(w io.Writer, o Options) *Reporter {
	if w == nil {
		return nil
	}
	return newReporter(w, o, IsTerminal(w), time.Now)
}

// IsTerminal reports whether w is a file attached to a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newReporter(w io.Writer, o Options, terminal bool, now func() time.Time) *Reporter {
	if o.Every <= 0 {
		o.Every = DefaultEvery
	}
	if o.Step <= 0 || o.Step > 1 {
		o.Step = DefaultStep
	}
	if o.Unit == "" {
		o.Unit = "items"
	}
	r := &Reporter{w: w, o: o, now: now, start: now()}
	r.lastLine = r.start
	r.advance()
	if terminal {
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(o.Desc),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200 * time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		}
		if o.Width > 0 {
			opts = append(opts, progressbar.OptionSetWidth(o.Width))
		}
		r.bar = progressbar.NewOptions(o.Total, opts...)
	}
	return r
}

// advance sets the count that triggers the next plain line: the next step
// boundary above the current count (time alone when the total is unknown).
func (r *Reporter) advance() {
	if r.o.Total <= 0 {
		r.nextDone = math.MaxInt
		return
	}
	per := r.o.Step * float64(r.o.Total)
	k := int(float64(r.done)/per) + 1
	r.nextDone = max(int(math.Ceil(float64(k)*per)), r.done+1)
}

// Note sets a short text describing the latest item (for example a
// solver's answer); it is shown with the next update.
func (r *Reporter) Note(s string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.note = s
}

// Clear removes the bar from a terminal line so that other output can be
// written; the bar comes back with the next update. Plain output needs no
// clearing.
func (r *Reporter) Clear() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bar != nil {
		_ = r.bar.Clear()
	}
}

// Add records n more finished items.
func (r *Reporter) Add(n int) {
	if r == nil || n <= 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	r.done += n
	t := r.now()
	if r.bar != nil {
		r.bar.Describe(r.describe(t))
		_ = r.bar.Add(n)
		return
	}
	if r.done >= r.o.Total && r.o.Total > 0 {
		return // Finish writes the closing line
	}
	if gap := t.Sub(r.lastLine); gap >= r.o.Every || r.done >= r.nextDone && gap >= MinGap {
		fmt.Fprintln(r.w, r.line(t))
		r.lastLine = t
		r.advance()
	}
}

// Finish ends the report: the bar is completed, or a closing plain line
// with the total time is written. Later calls do nothing.
func (r *Reporter) Finish() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	r.finished = true
	t := r.now()
	if r.bar != nil {
		r.bar.Describe(r.describe(t))
		_ = r.bar.Finish()
		return
	}
	fmt.Fprintln(r.w, r.closing(t))
}

// rate is items per second since the start, or 0 before a rate means
// anything (less than a second, or nothing done).
func (r *Reporter) rate(t time.Time) float64 {
	el := t.Sub(r.start).Seconds()
	if el < 1 || r.done == 0 {
		return 0
	}
	return float64(r.done) / el
}

// describe is the terminal bar's label: job, rate once it is meaningful, note.
func (r *Reporter) describe(t time.Time) string {
	s := r.o.Desc
	if v := r.rate(t); v > 0 {
		s += " " + formatRate(v, r.o.Unit)
	}
	if r.note != "" {
		s += " " + r.note
	}
	return s
}

// line is one plain progress line.
func (r *Reporter) line(t time.Time) string {
	el := t.Sub(r.start)
	s := fmt.Sprintf("%s: %d/%d %s", r.o.Desc, r.done, r.o.Total, r.o.Unit)
	if r.o.Total > 0 {
		s += fmt.Sprintf(" (%d %%)", 100*r.done/r.o.Total)
	}
	s += ", " + round(el).String() + " elapsed"
	if v := r.rate(t); v > 0 {
		s += ", " + formatRate(v, r.o.Unit)
		if left := r.o.Total - r.done; left > 0 {
			s += ", about " + round(time.Duration(float64(left)/v*float64(time.Second))).String() + " left"
		}
	}
	if r.note != "" {
		s += "; last: " + r.note
	}
	return s
}

// closing is the plain line written by Finish.
func (r *Reporter) closing(t time.Time) string {
	s := fmt.Sprintf("%s: %d/%d %s done in %s", r.o.Desc, r.done, r.o.Total, r.o.Unit, round(t.Sub(r.start)))
	if v := r.rate(t); v > 0 {
		s += ", " + formatRate(v, r.o.Unit)
	}
	return s
}

func round(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}

func formatRate(v float64, unit string) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f %s/s", v, unit)
	case v >= 1:
		return fmt.Sprintf("%.1f %s/s", v, unit)
	default:
		return fmt.Sprintf("%.1f s per %s", 1/v, singular(unit))
	}
}

// singular makes a plural unit singular ("runs" → "run", "batches" →
// "batch").
func singular(unit string) string {
	for _, es := range []string{"ches", "shes", "sses", "xes"} {
		if strings.HasSuffix(unit, es) {
			return unit[:len(unit)-2]
		}
	}
	return strings.TrimSuffix(unit, "s")
}
