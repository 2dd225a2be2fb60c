package gen

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// WriteDIMACS writes the instance as DIMACS CNF with its provenance in
// comment lines that `verify gnn label` reads back:
//
//	c generator verify gnn gen
//	c family NAME
//	c group GROUP
//	c seed S
//	c index I
//	c size small|medium
//	c param KEY VALUE      (grid parameters, one line each)
//	c info KEY VALUE       (instance values, one line each)
func (in *Instance) WriteDIMACS(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "c generator verify gnn gen")
	fmt.Fprintf(bw, "c family %s\n", in.Family)
	fmt.Fprintf(bw, "c group %s\n", in.Group())
	fmt.Fprintf(bw, "c seed %d\n", in.Seed)
	fmt.Fprintf(bw, "c index %d\n", in.Index)
	fmt.Fprintf(bw, "c size %s\n", in.Size)
	for _, p := range in.Params {
		fmt.Fprintf(bw, "c param %s %s\n", p.Key, p.Value)
	}
	for _, p := range in.Info {
		fmt.Fprintf(bw, "c info %s %s\n", p.Key, p.Value)
	}
	f := in.CNF
	fmt.Fprintf(bw, "p cnf %d %d\n", f.NumVars, f.NumClauses())
	buf := make([]byte, 0, 64)
	for i := 0; i < f.NumClauses(); i++ {
		buf = buf[:0]
		for _, l := range f.Clause(i) {
			buf = strconv.AppendInt(buf, int64(l), 10)
			buf = append(buf, ' ')
		}
		buf = append(buf, '0', '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
