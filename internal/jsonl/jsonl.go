// Package jsonl reads and writes JSON-lines record files (one compact JSON
// value per line), such as both trainers' train.jsonl: read whole, and
// rewritten whole and atomically after every epoch.
package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// MaxLine is the longest line ReadFile accepts.
const MaxLine = 1 << 20

// ReadFile reads the records of path, one per line; blank lines are
// skipped and a missing file is no records. A bad line is an error naming
// the file and the line.
func ReadFile[T any](path string) ([]T, error) {
	buf, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []T
	sc := bufio.NewScanner(bytes.NewReader(buf))
	sc.Buffer(make([]byte, 0, 1<<16), MaxLine)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r T
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, line+1, err)
	}
	return out, nil
}

// Encode writes the records to w, one JSON line each.
func Encode[T any](w io.Writer, recs []T) error {
	enc := json.NewEncoder(w)
	for i := range recs {
		if err := enc.Encode(&recs[i]); err != nil {
			return fmt.Errorf("record %d: %w", i+1, err)
		}
	}
	return nil
}

// WriteFile replaces path atomically with the records, one JSON line each.
func WriteFile[T any](path string, recs []T) error {
	var buf bytes.Buffer
	if err := Encode(&buf, recs); err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, buf.Bytes(), 0o644)
}
