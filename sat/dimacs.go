package sat

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ReadOptions control how forgiving the DIMACS reader is.
type ReadOptions struct {
	// Strict rejects clauses or variables beyond the header counts, a
	// clause count below the header's, and a missing final 0. The default
	// (lenient) accepts them with a warning, as real files need.
	Strict bool
}

// Warning is a lenient-mode remark about the input.
type Warning struct {
	File string
	Line int
	Msg  string
}

func (w Warning) String() string { return fmt.Sprintf("%s:%d: warning: %s", w.File, w.Line, w.Msg) }

// ParseError reports malformed input with its position.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// maxClauseHint caps the capacity reserved from a header's clause count, so
// a lying header cannot make the reader allocate huge buffers up front.
const maxClauseHint = 1 << 22

// parser is a hand-written scanner over a buffered byte stream: the DIMACS
// grammar is tiny and the reader must be fast on multi-megabyte inputs.
type parser struct {
	r        io.Reader
	name     string
	kind     string // compression, for messages
	opts     ReadOptions
	buf      []byte
	pos, n   int
	line     int
	warnings []Warning

	cnf        *CNF
	headerLine int
	// breaks are positions in cnf.Lits where a line ended inside an open
	// clause; they matter for files whose clauses end at the newline
	// without a 0 (SATLIB's dubois100.cnf).
	breaks       []int
	lastLine     int // line of the last literal, for the missing-0 warning
	maxVarWarned bool
}

func newParser(r io.Reader, name, kind string, opts ReadOptions) *parser {
	return &parser{r: r, name: name, kind: kind, opts: opts, buf: make([]byte, 1<<16), line: 1}
}

func (p *parser) errorf(format string, args ...any) error {
	return &ParseError{File: p.name, Line: p.line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) warnf(line int, format string, args ...any) {
	p.warnings = append(p.warnings, Warning{File: p.name, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// peek returns the next byte without consuming it; ok is false at EOF.
func (p *parser) peek() (byte, bool, error) {
	if p.pos < p.n {
		return p.buf[p.pos], true, nil
	}
	return p.fill()
}

func (p *parser) fill() (byte, bool, error) {
	for {
		n, err := p.r.Read(p.buf)
		p.pos, p.n = 0, n
		if n > 0 {
			return p.buf[0], true, nil
		}
		if err == io.EOF {
			return 0, false, nil
		}
		if err != nil {
			what := "read error"
			if p.kind != "" {
				what = "truncated or corrupt " + p.kind + " data"
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return 0, false, p.errorf("%s: unexpected end of file", what)
			}
			return 0, false, p.errorf("%s: %v", what, err)
		}
	}
}

// skipLine consumes everything up to and including the next newline.
func (p *parser) skipLine() error {
	for {
		for i := p.pos; i < p.n; i++ {
			if p.buf[i] == '\n' {
				p.pos = i + 1
				p.line++
				return nil
			}
		}
		p.pos = p.n
		if _, ok, err := p.fill(); err != nil || !ok {
			return err
		}
	}
}

// skipBlanks consumes spaces, tabs and carriage returns (not newlines).
func (p *parser) skipBlanks() (byte, bool, error) {
	for {
		c, ok, err := p.peek()
		if err != nil || !ok {
			return 0, false, err
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v' {
			return c, true, nil
		}
		p.pos++
	}
}

// word reads a run of non-blank bytes.
func (p *parser) word() (string, error) {
	var w []byte
	for {
		c, ok, err := p.peek()
		if err != nil {
			return "", err
		}
		if !ok || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			return string(w), nil
		}
		w = append(w, c)
		p.pos++
		if len(w) > 64 {
			if looksBinary(w) {
				return "", p.errorf("%s", badToken(w, ""))
			}
			return "", p.errorf("token too long: %s", quoteInput(w))
		}
	}
}

// integer reads an optionally signed decimal integer that must fit int32
// in magnitude (DIMACS variables are 1..2^31-1).
func (p *parser) integer() (int64, error) {
	neg := false
	c, _, err := p.peek()
	if err != nil {
		return 0, err
	}
	if c == '-' {
		neg = true
		p.pos++
	}
	var v int64
	digits := 0
	for {
		// Fast path: scan the digits already in the buffer.
		i := p.pos
		for i < p.n {
			c := p.buf[i]
			if c < '0' || c > '9' {
				break
			}
			v = v*10 + int64(c-'0')
			i++
			if v > math.MaxInt32 {
				p.pos = i
				tok, _ := p.word()
				return 0, p.errorf("literal out of range: %s%d%s exceeds 2^31-1 in magnitude", sign(neg), v, tok)
			}
		}
		digits += i - p.pos
		p.pos = i
		c, ok, err := p.peek()
		if err != nil {
			return 0, err
		}
		if ok && c >= '0' && c <= '9' {
			continue // the buffer ended inside the number
		}
		if ok && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v' {
			rest, _ := p.word()
			tok := sign(neg) + rest
			if digits > 0 {
				tok = sign(neg) + fmt.Sprint(v) + rest
			}
			return 0, p.errorf("%s", badToken(tok, "expected an integer"))
		}
		break
	}
	if digits == 0 {
		return 0, p.errorf("%s", badToken("-", "expected an integer"))
	}
	if neg {
		v = -v
	}
	return v, nil
}

func sign(neg bool) string {
	if neg {
		return "-"
	}
	return ""
}

func (p *parser) header() error {
	if p.cnf != nil {
		return p.errorf("second problem line (first at line %d)", p.headerLine)
	}
	p.pos++ // 'p'
	fields := make([]string, 0, 3)
	for {
		c, ok, err := p.skipBlanks()
		if err != nil {
			return err
		}
		if !ok || c == '\n' {
			break
		}
		w, err := p.word()
		if err != nil {
			return err
		}
		fields = append(fields, w)
	}
	if len(fields) != 3 || fields[0] != "cnf" {
		if len(fields) > 0 && fields[0] != "cnf" {
			return p.errorf("unsupported problem line %s: only 'p cnf VARS CLAUSES' is read", quoteInput("p "+strings.Join(fields, " ")))
		}
		return p.errorf("malformed problem line %s: want 'p cnf VARS CLAUSES'", quoteInput("p "+strings.Join(fields, " ")))
	}
	nv, err := strconv.ParseUint(fields[1], 10, 31)
	if err != nil {
		return p.errorf("bad variable count %s in problem line", quoteInput(fields[1]))
	}
	nc, err := strconv.ParseUint(fields[2], 10, 31)
	if err != nil {
		return p.errorf("bad clause count %s in problem line", quoteInput(fields[2]))
	}
	p.headerLine = p.line
	hint := min(int(nc), maxClauseHint)
	p.cnf = &CNF{
		NumVars:       int(nv),
		HeaderVars:    int(nv),
		HeaderClauses: int(nc),
		Lits:          make([]int32, 0, 3*hint),
		Start:         make([]int, 1, hint+1),
	}
	return nil
}

// fastScan consumes plain clause data (blanks, newlines, integers) that
// lies wholly inside the buffer, without the per-byte calls of the general
// loop. It stops, leaving the rest to that loop, at anything else: a token
// that may continue past the buffer, a non-digit, a number out of range, a
// line starting with 'c', 'p' or '%'.
func (p *parser) fastScan(open *int, lineStart *bool) error {
	buf := p.buf[:p.n]
	i := p.pos
	for i < len(buf) {
		switch c := buf[i]; {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\n':
			if *open > 0 {
				p.breaks = append(p.breaks, len(p.cnf.Lits))
			}
			p.line++
			i++
			*lineStart = true
			if i < len(buf) && (buf[i] == 'c' || buf[i] == 'p' || buf[i] == '%') {
				p.pos = i
				return nil
			}
		case c == '-' || (c >= '0' && c <= '9'):
			start := i
			if c == '-' {
				i++
			}
			var v int64
			digits := 0
			for i < len(buf) && buf[i] >= '0' && buf[i] <= '9' {
				v = v*10 + int64(buf[i]-'0')
				i++
				digits++
				if v > math.MaxInt32 {
					p.pos = start
					return nil
				}
			}
			if digits == 0 || i == len(buf) {
				p.pos = start
				return nil
			}
			if d := buf[i]; d != ' ' && d != '\t' && d != '\r' && d != '\n' {
				p.pos = start
				return nil
			}
			if c == '-' {
				v = -v
			}
			p.pos = i
			if err := p.literal(v, open); err != nil {
				return err
			}
			*lineStart = false
		default:
			p.pos = i
			return nil
		}
	}
	p.pos = i
	return nil
}

// parse reads the whole input.
func (p *parser) parse() (*CNF, error) {
	lineStart := true
	open := 0 // literals in the clause being read
	for {
		if p.cnf != nil {
			if err := p.fastScan(&open, &lineStart); err != nil {
				return nil, err
			}
		}
		c, ok, err := p.skipBlanks()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		switch {
		case c == '\n':
			if open > 0 {
				p.breaks = append(p.breaks, len(p.cnf.Lits))
			}
			p.pos++
			p.line++
			lineStart = true
			continue
		case lineStart && c == 'c':
			if err := p.skipLine(); err != nil {
				return nil, err
			}
			continue
		case lineStart && c == '%':
			// Old SATLIB trailer: "%" then "0"; nothing after it is data.
			return p.finish(open)
		case c == 'p':
			if !lineStart {
				return nil, p.errorf("problem line must start a line")
			}
			if err := p.header(); err != nil {
				return nil, err
			}
			continue
		case c == '-' || (c >= '0' && c <= '9'):
			if p.cnf == nil {
				return nil, p.errorf("clause before the 'p cnf' problem line")
			}
			v, err := p.integer()
			if err != nil {
				return nil, err
			}
			if err := p.literal(v, &open); err != nil {
				return nil, err
			}
		default:
			w, err := p.word()
			if err != nil {
				return nil, err
			}
			return nil, p.errorf("%s", badToken(w, ""))
		}
		lineStart = false
	}
	if p.cnf == nil {
		return nil, p.errorf("missing 'p cnf VARS CLAUSES' problem line")
	}
	return p.finish(open)
}

func (p *parser) literal(v int64, open *int) error {
	f := p.cnf
	if v == 0 {
		f.Start = append(f.Start, len(f.Lits))
		*open = 0
		if n := f.NumClauses(); n == f.HeaderClauses+1 {
			if p.opts.Strict {
				return p.errorf("more clauses than the %d in the problem line", f.HeaderClauses)
			}
			p.warnf(p.line, "more clauses than the %d in the problem line", f.HeaderClauses)
		}
		return nil
	}
	av := v
	if av < 0 {
		av = -av
	}
	if int(av) > f.NumVars {
		if p.opts.Strict {
			return p.errorf("variable %d exceeds the %d in the problem line", av, f.HeaderVars)
		}
		if !p.maxVarWarned {
			p.warnf(p.line, "variable %d exceeds the %d in the problem line", av, f.HeaderVars)
			p.maxVarWarned = true
		}
		f.NumVars = int(av)
	}
	f.Lits = append(f.Lits, int32(v))
	p.lastLine = p.line
	*open++
	return nil
}

// finish closes a clause left open at end of input and reconciles clause
// counts with the header.
func (p *parser) finish(open int) (*CNF, error) {
	f := p.cnf
	if f == nil {
		return nil, p.errorf("missing 'p cnf VARS CLAUSES' problem line")
	}
	if open > 0 {
		if p.opts.Strict {
			return nil, &ParseError{File: p.name, Line: p.lastLine, Msg: "last clause is not terminated by 0"}
		}
		// A break recorded at the very end is the line end of this clause.
		if n := len(p.breaks); n > 0 && p.breaks[n-1] == len(f.Lits) {
			p.breaks = p.breaks[:n-1]
		}
		f.Start = append(f.Start, len(f.Lits))
		p.warnf(p.lastLine, "last clause is not terminated by 0; accepted")
	}
	p.splitNewlineClauses()
	if n := f.NumClauses(); n < f.HeaderClauses {
		if p.opts.Strict {
			return nil, &ParseError{File: p.name, Line: p.headerLine, Msg: fmt.Sprintf("problem line announces %d clauses, file has %d", f.HeaderClauses, n)}
		}
		p.warnf(p.headerLine, "problem line announces %d clauses, file has %d", f.HeaderClauses, n)
	}
	return f, nil
}

// splitNewlineClauses handles files whose clauses end at the newline
// instead of a 0: when the 0-terminated reading disagrees with the
// header's clause count but splitting at those newlines matches it exactly,
// the newline reading is the intended one.
func (p *parser) splitNewlineClauses() {
	f := p.cnf
	if len(p.breaks) == 0 || f.NumClauses() == f.HeaderClauses {
		return
	}
	if f.NumClauses()+len(p.breaks) != f.HeaderClauses {
		return
	}
	starts := make([]int, 0, f.HeaderClauses+1)
	b := 0
	for i := 0; i < len(f.Start)-1; i++ {
		starts = append(starts, f.Start[i])
		for b < len(p.breaks) && p.breaks[b] < f.Start[i+1] {
			if p.breaks[b] > f.Start[i] {
				starts = append(starts, p.breaks[b])
			}
			b++
		}
	}
	starts = append(starts, len(f.Lits))
	if len(starts)-1 != f.HeaderClauses {
		return
	}
	f.Start = starts
	p.warnf(p.headerLine, "%d clauses end at a newline without 0; read each such line as a clause, which matches the problem line's %d clauses", len(p.breaks), f.HeaderClauses)
}
