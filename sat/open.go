package sat

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"fmt"
	"io"
	"os"

	"github.com/ulikunitz/xz"
)

// StdinName is the file name that means standard input.
const StdinName = "-"

// Compression magic numbers; the format is detected from the content, not
// from the file name, so a mis-named file still reads.
var (
	magicGzip  = []byte{0x1f, 0x8b}
	magicBzip2 = []byte("BZh")
	magicXz    = []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}
)

// openDecompressed wraps r in the decompressor its first bytes call for.
func openDecompressed(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.Peek(6)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", err
	}
	switch {
	case bytes.HasPrefix(head, magicGzip):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, "gzip", fmt.Errorf("bad header: %w", err)
		}
		return zr, "gzip", nil
	case bytes.HasPrefix(head, magicBzip2):
		return bzip2.NewReader(br), "bzip2", nil
	case bytes.HasPrefix(head, magicXz):
		xr, err := xz.NewReader(br)
		if err != nil {
			return nil, "xz", fmt.Errorf("bad header: %w", err)
		}
		return xr, "xz", nil
	}
	return br, "", nil
}

// ReadFile reads a DIMACS CNF file, plain or compressed with gzip, bzip2 or
// xz; the name "-" reads standard input.
func ReadFile(name string, opts ReadOptions) (*CNF, []Warning, error) {
	if name == StdinName {
		return Read(os.Stdin, "<stdin>", opts)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, nil, fmt.Errorf("%s is a directory, not a CNF file", name)
	}
	return Read(f, name, opts)
}

// Read parses DIMACS CNF from r, decompressing when needed. name is used in
// messages ("name:line: problem").
func Read(r io.Reader, name string, opts ReadOptions) (*CNF, []Warning, error) {
	dr, kind, err := openDecompressed(r)
	if err != nil {
		return nil, nil, &ParseError{File: name, Line: 1, Msg: fmt.Sprintf("truncated or corrupt %s data: %v", kind, err)}
	}
	p := newParser(dr, name, kind, opts)
	cnf, err := p.parse()
	if err != nil {
		return nil, p.warnings, err
	}
	return cnf, p.warnings, nil
}
