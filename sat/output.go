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

// ParseModel reads the "v" lines of a solver's output into a model over
// numVars variables; variables not mentioned are false. ok is false when
// the output has no complete "v ... 0" model.
func ParseModel(out []byte, numVars int) (model []bool, ok bool) {
	model = make([]bool, numVars+1)
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
		for _, tok := range bytes.Fields(line[1:]) {
			n, err := strconv.Atoi(string(tok))
			if err != nil {
				return nil, false
			}
			if n == 0 {
				ok = true
				continue
			}
			v := n
			if v < 0 {
				v = -v
			}
			if v <= numVars {
				model[v] = n > 0
			}
		}
	}
	return model, ok
}
