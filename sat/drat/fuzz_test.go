package drat

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// FuzzReadDRAT checks that no text or binary proof makes the reader
// panic, that every error names the proof (and, for a bad step, its line),
// that every step it yields holds only literals whose negation is a
// literal too, with increasing line numbers, and that the checker takes
// any small accepted proof against a small formula without panicking.
// The seeds run in every normal test run.
func FuzzReadDRAT(f *testing.F) {
	seeds := [][]byte{
		[]byte("1 2 0\nd 1 2 0\n2 0\n0\n"),
		[]byte("c a comment\n\n  -1 0\r\n0\n"),
		[]byte("d -1 -2 0\nd 0\n"),
		[]byte("1 2\n"),
		[]byte("1 0 2\n"),
		[]byte("2147483647 -2147483647 0\n"),
		[]byte("2147483648 0\n"),
		[]byte("-2147483648 0\n"),
		encodeBinary([]Step{{Lits: []int32{2}}, {Delete: true, Lits: []int32{-1, 2}}, {Lits: nil}}),
		encodeBinary([]Step{{Lits: []int32{-1, 1<<31 - 1}}}),
		[]byte("a\x02"),
		[]byte("a\xff\xff\xff\xff\xff\x01\x00"),
		[]byte("a\x01\x00"),
		[]byte("x\x02\x00"),
		{},
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var steps []Step
		maxVar := int32(0)
		err := Read(bytes.NewReader(data), "fuzz", func(s Step) error {
			if n := len(steps); n > 0 && s.Line <= steps[n-1].Line {
				t.Fatalf("step line %d after line %d", s.Line, steps[n-1].Line)
			}
			for _, l := range s.Lits {
				if l == 0 || l == math.MinInt32 {
					t.Fatalf("line %d: literal %d", s.Line, l)
				}
				maxVar = max(maxVar, l, -l)
			}
			steps = append(steps, Step{Delete: s.Delete, Lits: append([]int32(nil), s.Lits...), Line: s.Line})
			return nil
		})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error without the proof's name: %v", err)
			}
			var e *Error
			if errors.As(err, &e) && e.Line < 1 {
				t.Fatalf("error at line %d: %v", e.Line, err)
			}
			return
		}
		if maxVar > 16 || len(steps) > 200 {
			return // the checker's cost grows with both
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		cnf := parseCNF(t, full2)
		Check(ctx, cnf, func(yield func(Step) error) error {
			for _, s := range steps {
				if err := yield(s); err != nil {
					return err
				}
			}
			return nil
		}, "fuzz")
	})
}
