package corpus

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/verify-tools/verify/internal/progress"
	"github.com/verify-tools/verify/sat/engine"

	"github.com/verify-tools/verify/sat"
)

// LabelOptions configure Label.
type LabelOptions struct {
	// Out is the labels file (JSON lines); existing records are kept and
	// their formulas skipped.
	Out string
	// Jobs is the number of formulas labelled at once (at least 1).
	Jobs int
	// Backbone limits per formula and the engine that labels
	// (Backbone.Engine, "" = the build's default).
	Backbone engine.BackboneOptions
	// Progress receives progress reports (a bar on a terminal, plain lines
	// otherwise); nil shows none.
	Progress io.Writer
	// Log receives one line per note (unsat formula, bad input); nil
	// discards them.
	Log io.Writer
}

// LabelSummary counts what a Label run did.
type LabelSummary struct {
	Files    int // formulas given
	Skipped  int // already in the labels file
	Labelled int // records written, copies included
	Copied   int // records copied from an identical formula (same hash)
	Sat      int
	Unsat    int
	Unknown  int
	// Failed are the formulas that could not be read, with the reason;
	// FailedPaths their paths, in the same order.
	Failed      []error
	FailedPaths []string
}

// Label extracts the backbone of every formula in files and appends one
// record per formula to opts.Out, flushing each as it is done. Formulas
// whose path already has a record are skipped, and a formula whose
// decompressed content matches an earlier record's hash gets a copy of
// that record under its own path. A formula that cannot be read is
// reported in the summary and does not stop the others. When ctx ends,
// records of formulas cut short are not written, so a rerun labels them.
func Label(ctx context.Context, files []string, opts LabelOptions) (LabelSummary, error) {
	sum := LabelSummary{Files: len(files)}
	if _, err := engine.New(engine.Config{Name: opts.Backbone.Engine}); err != nil {
		return sum, fmt.Errorf("label: %w", err)
	}
	out, old, err := openLabels(opts.Out)
	if err != nil {
		return sum, err
	}
	defer out.Close()
	done := make(map[string]bool, len(old))
	known := &hashIndex{m: make(map[string]Record, len(old))}
	for _, r := range old {
		done[r.Path] = true
		known.add(r)
	}
	var todo []string
	for _, f := range files {
		if done[f] {
			sum.Skipped++
			continue
		}
		done[f] = true // a file named twice is labelled once
		todo = append(todo, f)
	}

	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	bar := progress.New(opts.Progress, progress.Options{Total: len(todo), Desc: "label", Unit: "formulas"})
	defer bar.Finish()

	type result struct {
		path string
		rec  *Record
		err  error
	}
	work := make(chan string)
	results := make(chan result)
	var wg sync.WaitGroup
	for range max(1, opts.Jobs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				rec, err := labelOne(ctx, p, opts.Backbone, known)
				results <- result{p, rec, err}
			}
		}()
	}
	go func() {
		defer close(work)
		for _, p := range todo {
			select {
			case work <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var writeErr error
	note := func(format string, args ...any) {
		bar.Clear()
		fmt.Fprintf(logw, format+"\n", args...)
	}
	for res := range results {
		bar.Add(1)
		if writeErr != nil {
			continue
		}
		if res.err != nil {
			if ctx.Err() == nil {
				sum.Failed = append(sum.Failed, res.err)
				sum.FailedPaths = append(sum.FailedPaths, res.path)
				note("label: %v", res.err)
			}
			continue
		}
		if ctx.Err() != nil && !res.rec.Complete {
			continue // cut short by the interrupt: label again next time
		}
		rec := res.rec
		if rec.copied {
			sum.Copied++
		}
		switch rec.Status {
		case StatusSat:
			sum.Sat++
		case StatusUnsat:
			sum.Unsat++
			note("label: %s: unsatisfiable, recorded without backbone", rec.Path)
		default:
			sum.Unknown++
			note("label: %s: undecided within the limits, recorded as unknown", rec.Path)
		}
		if err := writeRecord(out, rec); err != nil {
			writeErr = fmt.Errorf("label: writing %s: %w", opts.Out, err)
			continue
		}
		sum.Labelled++
		known.add(*rec)
	}
	if writeErr != nil {
		return sum, writeErr
	}
	if err := out.Sync(); err != nil {
		return sum, fmt.Errorf("label: %s: %w", opts.Out, err)
	}
	return sum, ctx.Err()
}

// openLabels opens the labels file for appending and returns its records.
// A torn last line (a crash in mid-write) is cut off first.
func openLabels(name string) (*os.File, []Record, error) {
	data, err := os.ReadFile(name)
	if err != nil && !os.IsNotExist(err) {
		return nil, nil, fmt.Errorf("label: %w", err)
	}
	recs, good, err := parseRecords(data, name)
	if err != nil {
		return nil, nil, fmt.Errorf("label: %w", err)
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("label: %w", err)
	}
	if good < len(data) {
		if err := f.Truncate(int64(good)); err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("label: dropping torn last record of %s: %w", name, err)
		}
	}
	if _, err := f.Seek(int64(good), io.SeekStart); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("label: %w", err)
	}
	return f, recs, nil
}

// hashIndex maps formula hashes to finished records, shared by workers.
type hashIndex struct {
	mu sync.Mutex
	m  map[string]Record
}

// add remembers a decided record (sat and complete, or unsat).
func (h *hashIndex) add(r Record) {
	if r.Status == StatusUnsat || (r.Status == StatusSat && r.Complete) {
		h.mu.Lock()
		h.m[r.SHA256] = r
		h.mu.Unlock()
	}
}

func (h *hashIndex) get(sha string) (Record, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r, ok := h.m[sha]
	return r, ok
}

// labelOne reads one formula and extracts its backbone, or copies the
// labels of an identical formula (same content hash) labelled before.
func labelOne(ctx context.Context, path string, opts engine.BackboneOptions, known *hashIndex) (*Record, error) {
	f, d, err := readDigest(path)
	if err != nil {
		return nil, err
	}
	fam, group := provenance(path, d.Comments)
	if prev, ok := known.get(d.SHA256); ok {
		cp := prev
		cp.Path, cp.Family, cp.Group = path, fam, group
		cp.Note = "same formula as " + prev.Path
		cp.copied = true
		return &cp, nil
	}
	res, err := engine.Backbone(ctx, f, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rec := &Record{
		Path: path, SHA256: d.SHA256, Family: fam, Group: group,
		Vars: f.NumVars, Clauses: f.NumClauses(),
		Complete: res.Complete, Backbone: res.Backbone, Calls: res.Calls,
		LabelMS: ms(res.Time), SolveMS: ms(res.SolveTime), Engine: res.Engine,
	}
	if rec.Backbone == nil {
		rec.Backbone = []int32{}
	}
	switch res.Status {
	case sat.Sat:
		rec.Status = StatusSat
		if !res.Complete {
			rec.Note = "backbone incomplete: limits reached"
		}
	case sat.Unsat:
		rec.Status = StatusUnsat
		rec.Note = "unsatisfiable: no backbone"
	default:
		rec.Status = StatusUnknown
		rec.Note = "no model within the limits"
	}
	return rec, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
