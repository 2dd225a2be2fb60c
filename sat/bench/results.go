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

// csvHeader is the first row of every results file this version writes.
// Files of older versions have the first 12 columns only; they are read
// with the machine columns unknown, and rewritten in this layout before
// rows are appended to them.
var csvHeader = []string{"instance", "family", "solver", "status", "answer", "time_s",
	"memory_mib", "exit_code", "verified", "expected", "timeout_s", "note",
	"cpu_s", "cpu_model", "host_cpus", "pinned_cpu"}

// requiredColumns is how many leading columns of csvHeader every results
// file has.
const requiredColumns = 12

func (r Record) fields() []string {
	cpu, cpus := "", ""
	if r.HasCPU {
		cpu = strconv.FormatFloat(r.CPUTime, 'f', 3, 64)
	}
	if r.HostCPUs > 0 {
		cpus = strconv.Itoa(r.HostCPUs)
	}
	return []string{r.Instance, r.Family, r.Solver, string(r.Status), string(r.Answer),
		strconv.FormatFloat(r.Time, 'f', 3, 64), strconv.FormatFloat(r.MemMiB, 'f', 1, 64),
		strconv.Itoa(r.ExitCode), r.Verified, string(r.Expected),
		strconv.FormatFloat(r.Timeout, 'f', -1, 64), r.Note,
		cpu, r.CPUModel, cpus, r.Pinned}
}

// columns maps a results file's header to the position of each column.
type columns map[string]int

// readHeader checks the header row: every required column in its place,
// then any of the later ones (in order, as some version wrote them).
func readHeader(f []string) (columns, error) {
	if len(f) < requiredColumns || len(f) > len(csvHeader) {
		return nil, fmt.Errorf("not a verify bench results file (header %q)", f)
	}
	cols := make(columns, len(f))
	for i, name := range f {
		if name != csvHeader[i] {
			return nil, fmt.Errorf("not a verify bench results file: column %d is %q, want %q", i+1, name, csvHeader[i])
		}
		cols[name] = i
	}
	return cols, nil
}

// current reports whether the header is this version's.
func (c columns) current() bool { return len(c) == len(csvHeader) }

func parseRecord(f []string, cols columns) (Record, error) {
	if len(f) != len(cols) {
		return Record{}, fmt.Errorf("%d fields, want %d", len(f), len(cols))
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
	return r, parseMachine(&r, f, cols)
}

// parseMachine reads the optional CPU and machine columns; empty or
// absent means unknown.
func parseMachine(r *Record, f []string, cols columns) error {
	get := func(col string) string {
		if i, ok := cols[col]; ok {
			return f[i]
		}
		return ""
	}
	if s := get("cpu_s"); s != "" {
		t, err := strconv.ParseFloat(s, 64)
		if err != nil || t < 0 {
			return fmt.Errorf("cpu_s: %q is not a number of seconds", s)
		}
		r.CPUTime, r.HasCPU = t, true
	}
	r.CPUModel = get("cpu_model")
	if s := get("host_cpus"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("host_cpus: %q is not a positive integer", s)
		}
		r.HostCPUs = n
	}
	if s := get("pinned_cpu"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 0 {
			return fmt.Errorf("pinned_cpu: %q is not a CPU number", s)
		}
		r.Pinned = s
	}
	return nil
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
	var cols columns
	for line := 1; ; line++ {
		f, err := cr.Read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if line == 1 {
			if cols, err = readHeader(f); err != nil {
				return nil, fmt.Errorf("%s:1: %w", name, err)
			}
			continue
		}
		r, err := parseRecord(f, cols)
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
// is new, cutting off a partial last row left by a crash, and first
// rewriting a file of an older layout in the current one (its rows keep
// their values; the new columns stay empty, i.e. unknown).
func AppendResults(name string) (*ResultsWriter, error) {
	if err := upgradeResults(name); err != nil {
		return nil, err
	}
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

// upgradeResults rewrites a results file with an older header in the
// current layout, atomically; other files are left alone.
func upgradeResults(name string) error {
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading results: %w", err)
	}
	header, err := csv.NewReader(bytes.NewReader(completeRows(data))).Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	cols, err := readHeader(header)
	if err != nil {
		return fmt.Errorf("%s:1: %w", name, err)
	}
	if cols.current() {
		return nil
	}
	recs, err := parseResults(data, name)
	if err != nil {
		return err
	}
	return WriteResults(name, recs)
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
