package bench

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// ResultsFile is the name of the results table inside an output folder.
const ResultsFile = "results.csv"

// csvHeader is the first row of every results file.
var csvHeader = []string{"instance", "family", "solver", "status", "answer", "time_s",
	"memory_mib", "exit_code", "verified", "expected", "timeout_s", "note"}

func (r Record) fields() []string {
	return []string{r.Instance, r.Family, r.Solver, string(r.Status), string(r.Answer),
		strconv.FormatFloat(r.Time, 'f', 3, 64), strconv.FormatFloat(r.MemMiB, 'f', 1, 64),
		strconv.Itoa(r.ExitCode), r.Verified, string(r.Expected),
		strconv.FormatFloat(r.Timeout, 'f', -1, 64), r.Note}
}

func parseRecord(f []string) (Record, error) {
	if len(f) != len(csvHeader) {
		return Record{}, fmt.Errorf("%d fields, want %d", len(f), len(csvHeader))
	}
	r := Record{Instance: f[0], Family: f[1], Solver: f[2], Status: Status(f[3]),
		Verified: f[8], Note: f[11]}
	if !knownStatuses[r.Status] {
		return Record{}, fmt.Errorf("unknown status %q", f[3])
	}
	var err error
	if r.Answer, err = ParseAnswer(f[4]); err != nil {
		return Record{}, err
	}
	if r.Expected, err = ParseAnswer(f[9]); err != nil {
		return Record{}, err
	}
	nums := []struct {
		s   string
		dst *float64
		col string
	}{{f[5], &r.Time, "time_s"}, {f[6], &r.MemMiB, "memory_mib"}, {f[10], &r.Timeout, "timeout_s"}}
	for _, n := range nums {
		if *n.dst, err = strconv.ParseFloat(n.s, 64); err != nil {
			return Record{}, fmt.Errorf("%s: %q is not a number", n.col, n.s)
		}
	}
	if r.ExitCode, err = strconv.Atoi(f[7]); err != nil {
		return Record{}, fmt.Errorf("exit_code: %q is not an integer", f[7])
	}
	return r, nil
}

// ReadResults reads a results file. A missing file reads as no records.
// A last row cut short by a crash mid-write is ignored; any other damage is
// an error naming the file and line.
func ReadResults(name string) ([]Record, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading results: %w", err)
	}
	return parseResults(data, name)
}

func parseResults(data []byte, name string) ([]Record, error) {
	data = completeRows(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	var recs []Record
	for line := 1; ; line++ {
		f, err := cr.Read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if line == 1 {
			if len(f) != len(csvHeader) || f[0] != csvHeader[0] {
				return nil, fmt.Errorf("%s:1: not a verify bench results file (header %q)", name, f)
			}
			continue
		}
		r, err := parseRecord(f)
		if err != nil {
			l, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("%s:%d: %w", name, l, err)
		}
		recs = append(recs, r)
	}
}

// completeRows drops a trailing partial row (no final newline).
func completeRows(data []byte) []byte {
	if len(data) == 0 || data[len(data)-1] == '\n' {
		return data
	}
	return data[:bytes.LastIndexByte(data, '\n')+1]
}

// ResultsWriter appends records to a results file, one flushed and synced
// row at a time, so that a killed run loses at most the row being written.
// It is safe for concurrent use.
type ResultsWriter struct {
	mu sync.Mutex
	f  *os.File
	w  *csv.Writer
}

// AppendResults opens name for appending, writing the header when the file
// is new and cutting off a partial last row left by a crash.
func AppendResults(name string) (*ResultsWriter, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening results: %w", err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if keep := completeRows(data); len(keep) != len(data) {
		if err := f.Truncate(int64(len(keep))); err != nil {
			f.Close()
			return nil, fmt.Errorf("cutting partial row of %s: %w", name, err)
		}
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return nil, fmt.Errorf("seeking %s: %w", name, err)
	}
	rw := &ResultsWriter{f: f, w: csv.NewWriter(f)}
	if len(completeRows(data)) == 0 {
		if err := rw.write(csvHeader); err != nil {
			f.Close()
			return nil, err
		}
	}
	return rw, nil
}

// Write appends one record and syncs it to disk.
func (rw *ResultsWriter) Write(r Record) error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.write(r.fields())
}

func (rw *ResultsWriter) write(row []string) error {
	if err := rw.w.Write(row); err != nil {
		return fmt.Errorf("writing %s: %w", rw.f.Name(), err)
	}
	rw.w.Flush()
	if err := rw.w.Error(); err != nil {
		return fmt.Errorf("writing %s: %w", rw.f.Name(), err)
	}
	if err := rw.f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", rw.f.Name(), err)
	}
	return nil
}

// Close closes the file.
func (rw *ResultsWriter) Close() error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.f.Close()
}

// WriteResults writes recs as a complete results file, atomically: a
// worker's finished shard, or the merge of several.
func WriteResults(name string, recs []Record) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(csvHeader); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	for _, r := range recs {
		if err := w.Write(r.fields()); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return atomicfile.WriteFile(name, buf.Bytes(), 0o644)
}

// Merge combines result sets (shards of one batch, or an old and a new
// run): the first record of each instance × solver pair wins, and the
// order of first appearance is kept.
func Merge(sets ...[]Record) []Record {
	seen := make(map[Key]bool)
	var out []Record
	for _, set := range sets {
		for _, r := range set {
			if !seen[r.Key()] {
				seen[r.Key()] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// Done returns the set of pairs that have a record.
func Done(recs []Record) map[Key]bool {
	done := make(map[Key]bool, len(recs))
	for _, r := range recs {
		done[r.Key()] = true
	}
	return done
}
