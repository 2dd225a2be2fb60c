package sat

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
)

// Digest describes the decompressed DIMACS text a formula was read from.
type Digest struct {
	// SHA256 is the hex SHA-256 of the decompressed content, so the same
	// formula gets the same hash whether stored plain or compressed.
	SHA256 string
	// Comments are the 'c' lines before the "p cnf" header, without the
	// leading "c" and blank (at most maxHeaderComments of them).
	Comments []string
}

// maxHeaderComments bounds the comment lines kept from a header.
const maxHeaderComments = 256

// ReadFileDigest reads a DIMACS file like ReadFile and also returns the
// digest of its decompressed content.
func ReadFileDigest(name string, opts ReadOptions) (*CNF, []Warning, Digest, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, nil, Digest{}, err
	}
	defer fh.Close()
	dr, kind, err := openDecompressed(fh)
	if err != nil {
		return nil, nil, Digest{}, fmt.Errorf("%s: %w", name, err)
	}
	cw := &commentWriter{h: sha256.New(), atLineStart: true}
	p := newParser(io.TeeReader(dr, cw), name, kind, opts)
	cnf, err := p.parse()
	if err != nil {
		return nil, p.warnings, Digest{}, err
	}
	// The parser may stop before the end (an old SATLIB trailer): hash
	// the rest too.
	if _, err := io.Copy(cw, dr); err != nil {
		return nil, p.warnings, Digest{}, fmt.Errorf("%s: %w", name, err)
	}
	return cnf, p.warnings, Digest{SHA256: hex.EncodeToString(cw.h.Sum(nil)), Comments: cw.comments}, nil
}

// commentWriter hashes everything written to it and collects the comment
// lines that come before the header.
type commentWriter struct {
	h           hash.Hash
	atLineStart bool
	inComment   bool
	done        bool // header or a clause seen
	line        []byte
	comments    []string
}

func (w *commentWriter) Write(b []byte) (int, error) {
	w.h.Write(b)
	for i := 0; i < len(b) && !w.done; i++ {
		c := b[i]
		switch {
		case w.inComment && c == '\n':
			w.comments = append(w.comments, string(bytes.TrimSpace(w.line)))
			w.line, w.inComment, w.atLineStart = w.line[:0], false, true
			if len(w.comments) == maxHeaderComments {
				w.done = true
			}
		case w.inComment:
			w.line = append(w.line, c)
		case w.atLineStart && c == 'c':
			w.inComment = true
		case w.atLineStart && (c == ' ' || c == '\t' || c == '\r' || c == '\n'):
		case w.atLineStart:
			w.done = true // "p cnf" or a clause: the header is over
		}
	}
	return len(b), nil
}
