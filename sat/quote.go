package sat

import (
	"fmt"
	"unicode/utf8"
)

// maxQuoted is how many bytes of offending input an error message quotes.
const maxQuoted = 16

// quoteInput quotes input for an error message: at most maxQuoted bytes,
// escaped, with "…" when cut, so a binary file never floods the terminal.
func quoteInput[T string | []byte](s T) string {
	b := []byte(s)
	if len(b) <= maxQuoted {
		return fmt.Sprintf("%q", b)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut-- // do not split a UTF-8 character
	}
	return fmt.Sprintf("%q…", b[:cut])
}

// looksBinary reports whether a token holds bytes that DIMACS text never
// has (control characters other than white space, or invalid UTF-8).
func looksBinary[T string | []byte](s T) bool {
	b := []byte(s)
	if !utf8.Valid(b) {
		return true
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v' || c == 0x7f {
			return true
		}
	}
	return false
}

// badToken describes an unreadable token; binary content is named as such.
func badToken[T string | []byte](tok T, want string) string {
	if looksBinary(tok) {
		return fmt.Sprintf("binary data %s, not DIMACS CNF text (a compressed file must be gzip, bzip2 or xz)", quoteInput(tok))
	}
	if want == "" {
		return fmt.Sprintf("bad token %s", quoteInput(tok))
	}
	return fmt.Sprintf("bad token %s: %s", quoteInput(tok), want)
}
