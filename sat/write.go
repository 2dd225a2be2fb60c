package sat

import (
	"bufio"
	"io"
	"strconv"
)

// WriteDIMACS writes f as plain DIMACS CNF: the given comment lines, the
// problem line, then one 0-terminated clause per line.
func WriteDIMACS(w io.Writer, f *CNF, comments ...string) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	for _, c := range comments {
		bw.WriteString("c ")
		bw.WriteString(c)
		bw.WriteByte('\n')
	}
	bw.WriteString("p cnf ")
	bw.WriteString(strconv.Itoa(f.NumVars))
	bw.WriteByte(' ')
	bw.WriteString(strconv.Itoa(f.NumClauses()))
	bw.WriteByte('\n')
	var num []byte
	for i := 0; i < f.NumClauses(); i++ {
		for _, l := range f.Clause(i) {
			num = strconv.AppendInt(num[:0], int64(l), 10)
			bw.Write(num)
			bw.WriteByte(' ')
		}
		bw.WriteString("0\n")
	}
	return bw.Flush()
}
