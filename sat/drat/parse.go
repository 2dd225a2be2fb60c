package drat

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
)

// isBinary guesses the proof format from its first bytes: binary DRAT
// starts with 'a' or 'd' followed by variable-length integers, which
// contain bytes that never occur in text proofs.
func isBinary(head []byte) bool {
	if len(head) > 0 && head[0] == 'a' {
		return true
	}
	for _, b := range head {
		if (b < 0x20 && b != '\n' && b != '\r' && b != '\t') || b >= 0x7f {
			return true
		}
	}
	return false
}

// ReadFile returns the steps of a text or binary DRAT proof file.
func ReadFile(path string) (func(yield func(Step) error) error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	f.Close()
	return func(yield func(Step) error) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return Read(f, path, yield)
	}, nil
}

// Read parses a DRAT proof from r and calls yield for each step.
func Read(r io.Reader, name string, yield func(Step) error) error {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(16)
	if isBinary(head) {
		return readBinary(br, name, yield)
	}
	return readText(br, name, yield)
}

func readText(br *bufio.Reader, name string, yield func(Step) error) error {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 1<<16), 1<<28)
	var lits []int32
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		i := 0
		skipBlank := func() {
			for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r') {
				i++
			}
		}
		skipBlank()
		if i == len(b) || b[i] == 'c' {
			continue
		}
		del := false
		if b[i] == 'd' {
			del = true
			i++
		}
		lits = lits[:0]
		closed := false
		for {
			skipBlank()
			if i == len(b) {
				break
			}
			j := i
			for j < len(b) && b[j] != ' ' && b[j] != '\t' && b[j] != '\r' {
				j++
			}
			v, err := strconv.ParseInt(string(b[i:j]), 10, 32)
			if err != nil || closed {
				return &Error{File: name, Line: line, Msg: fmt.Sprintf("bad token %q", b[i:j])}
			}
			if v < -math.MaxInt32 { // its negation is no int32
				return &Error{File: name, Line: line, Msg: fmt.Sprintf("literal %d out of range", v)}
			}
			i = j
			if v == 0 {
				closed = true
				continue
			}
			lits = append(lits, int32(v))
		}
		if !closed {
			return &Error{File: name, Line: line, Msg: "proof line not terminated by 0"}
		}
		if err := yield(Step{Delete: del, Lits: lits, Line: line}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// readBinary parses binary DRAT: 'a' or 'd', then literals as unsigned
// LEB128 of 2|l|+sign, then a 0 byte. Line numbers count steps.
func readBinary(br *bufio.Reader, name string, yield func(Step) error) error {
	var lits []int32
	for step := 1; ; step++ {
		op, err := br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if op != 'a' && op != 'd' {
			return &Error{File: name, Line: step, Msg: fmt.Sprintf("binary proof step starts with byte 0x%02x, want 'a' or 'd'", op)}
		}
		lits = lits[:0]
		for {
			var u uint64
			for shift := uint(0); ; shift += 7 {
				b, err := br.ReadByte()
				if err != nil {
					return &Error{File: name, Line: step, Msg: "truncated binary proof step"}
				}
				if shift > 35 {
					return &Error{File: name, Line: step, Msg: "binary literal out of range"}
				}
				u |= uint64(b&0x7f) << shift
				if b < 0x80 {
					break
				}
			}
			if u == 0 {
				break
			}
			v := int64(u >> 1)
			if v == 0 || v > 1<<31-1 {
				return &Error{File: name, Line: step, Msg: "binary literal out of range"}
			}
			if u&1 == 1 {
				v = -v
			}
			lits = append(lits, int32(v))
		}
		if err := yield(Step{Delete: op == 'd', Lits: lits, Line: step}); err != nil {
			return err
		}
	}
}
