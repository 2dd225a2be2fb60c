package sat

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
)

// WriteModel writes a model as SAT-competition "v" lines of at most about
// 80 characters, ending with "v ... 0".
func WriteModel(w io.Writer, model []bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	line := make([]byte, 0, 96)
	line = append(line, 'v')
	for v := 1; v < len(model); v++ {
		lit := v
		if !model[v] {
			lit = -v
		}
		var num [12]byte
		tok := strconv.AppendInt(num[:0], int64(lit), 10)
		if len(line)+1+len(tok) > 80 {
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil {
				return err
			}
			line = append(line[:0], 'v')
		}
		line = append(line, ' ')
		line = append(line, tok...)
	}
	line = append(line, " 0\n"...)
	if _, err := bw.Write(line); err != nil {
		return err
	}
	return bw.Flush()
}

// ParseModel reads a solver's model over numVars variables; variables not
// mentioned are false. It accepts SAT-competition "v" lines and MiniSat's
// result file (a "SAT" line, then the literals ending in 0). ok is false
// when there is no complete model ending in 0.
func ParseModel(out []byte, numVars int) (model []bool, ok bool) {
	model = make([]bool, numVars+1)
	if first, rest, found := bytes.Cut(out, []byte("\n")); found && string(bytes.TrimSpace(first)) == "SAT" {
		return model, addLiterals(model, rest)
	}
	for len(out) > 0 {
		var line []byte
		if i := bytes.IndexByte(out, '\n'); i >= 0 {
			line, out = out[:i], out[i+1:]
		} else {
			line, out = out, nil
		}
		if len(line) == 0 || line[0] != 'v' {
			continue
		}
		if addLiterals(model, line[1:]) {
			ok = true
		}
	}
	return model, ok
}

// addLiterals sets the model from signed literals; true when a 0 ends them
// and every token is an integer.
func addLiterals(model []bool, text []byte) bool {
	ended := false
	for _, tok := range bytes.Fields(text) {
		n, err := strconv.Atoi(string(tok))
		if err != nil {
			return false
		}
		if n == 0 {
			ended = true
			continue
		}
		v := n
		if v < 0 {
			v = -v
		}
		if v < len(model) {
			model[v] = n > 0
		}
	}
	return ended
}
