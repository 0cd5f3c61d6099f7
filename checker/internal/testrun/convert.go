package testrun

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// marker is the byte a test binary run with -test.v=test2json prints
// before each line the testing package frames ("=== RUN", "--- PASS: ",
// the final "PASS"), so that the same text printed by the code under test
// is never taken for one.
const marker = 0x16

// Go 1.27's testing package marks more: the text of an error (t.Error,
// t.Fatal) between errBegin and errEnd, and every marker byte in a test's
// own output (t.Log) escaped with escape, so it is never taken for one.
// The Converter drops the marks and the escapes, as test2json does (which
// also tags an error's output "error"; nothing here reads that). A Go 1.26
// binary prints none of them.
const (
	errBegin = 0x0f // ^O
	errEnd   = 0x0e // ^N
	escape   = 0x1b // ^[
)

// maxOutput is the longest output jsonEvent: a longer line (a flood without
// newlines) goes out in pieces, so memory stays bounded.
const maxOutput = 4096

// Converter turns what a test binary run with -test.v=test2json prints
// into the JSON events `go tool test2json -t` writes for it (Package, Test,
// Action, Output, Elapsed; see `go doc test2json`), so the checker needs
// no test2json binary: on a machine with a cold build cache that binary
// alone costs a build of a few dozen standard packages.
//
// Only framed output is understood: lines without the marker are output of
// the test that runs (or of the package, between tests). Write it from
// one goroutine; call Exited with the binary's exit error, then Close.
type Converter struct {
	pkg   string
	start time.Time
	enc   *json.Encoder
	err   error

	line    []byte     // the input line read so far
	escaped bool       // the next input byte was escaped (Go 1.27)
	test    string     // the test that output belongs to now
	pending *jsonEvent // a test's result, held until its last output is out
	result  string     // the package's: pass, fail (from the last line or exit)
}

type jsonEvent struct {
	Time    time.Time `json:",omitzero"`
	Action  string
	Package string   `json:",omitempty"`
	Test    string   `json:",omitempty"`
	Elapsed *float64 `json:",omitempty"`
	Output  *string  `json:",omitempty"`
}

// NewConverter writes the events of package pkg's test run to w,
// starting with "start".
func NewConverter(w io.Writer, pkg string) *Converter {
	c := &Converter{pkg: pkg, start: time.Now(), enc: json.NewEncoder(w)}
	c.enc.SetEscapeHTML(false)
	c.emit(&jsonEvent{Action: "start"})
	return c
}

// Write takes the binary's output, in pieces of any size.
func (c *Converter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		end, cut := c.next(p)
		c.add(p[:end])
		if cut || p[end-1] == '\n' {
			c.flushLine()
		}
		p = p[end:]
	}
	return n, c.err
}

// next says how much of p belongs to the line being read: through its
// newline, or up to a marker in mid-line (cut), which ends the text
// before it: the testing package starts its framing lines with one, even
// after output that did not end its line. An escaped marker is text.
func (c *Converter) next(p []byte) (end int, cut bool) {
	end = bytes.IndexByte(p, '\n') + 1
	if end == 0 {
		end = len(p)
	}
	seg := p[:end]
	if !c.escaped && bytes.IndexByte(seg, escape) < 0 {
		// No escapes (every Go 1.26 line, most 1.27 ones): the first
		// marker past the line's start decides.
		from := 0
		if len(c.line) == 0 {
			from = 1
		}
		if i := bytes.IndexByte(seg[min(from, len(seg)):], marker); i >= 0 {
			return from + i, true
		}
		return end, false
	}
	for i, b := range seg {
		switch {
		case b == '\n':
			c.escaped = false
		case c.escaped:
			c.escaped = false
		case b == escape:
			c.escaped = true
		case b == marker && (i > 0 || len(c.line) > 0):
			return i, true
		}
	}
	return end, false
}

// add appends to the line being read; a line that grows too long goes out
// as output in pieces (never a framing line: those are short).
func (c *Converter) add(p []byte) {
	c.line = append(c.line, p...)
	for len(c.line) > maxOutput {
		cut := maxOutput
		for cut > maxOutput-utf8.UTFMax && !utf8.RuneStart(c.line[cut]) {
			cut--
		}
		c.output(c.line[:cut])
		c.line = append(c.line[:0], c.line[cut:]...)
	}
}

// flushLine handles the line read so far: a whole one, or one a marker
// or the end of the output cut short.
func (c *Converter) flushLine() {
	if len(c.line) > 0 {
		c.handle(c.line)
		c.line = c.line[:0]
	}
}

// Exited records how the binary ended: a run that exited with an error
// failed, whatever it printed last.
func (c *Converter) Exited(err error) {
	switch {
	case err != nil:
		c.result = "fail"
	case c.result == "":
		c.result = "pass"
	}
}

// Close sends what is left and the package's result. A test's result
// still held is dropped, as test2json drops it: a binary that died after
// a test's "--- FAIL" line (a panic in another goroutine) leaves that test
// unfinished, which is what it is.
func (c *Converter) Close() error {
	c.flushLine()
	if c.result != "" {
		elapsed := time.Since(c.start).Round(time.Millisecond).Seconds()
		c.emit(&jsonEvent{Action: c.result, Elapsed: &elapsed})
	}
	return c.err
}

// Framing lines, after the marker.
var (
	updates = []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME"}
	results = []string{"--- PASS: ", "--- FAIL: ", "--- SKIP: "}
)

func (c *Converter) handle(line []byte) {
	if line[0] != marker {
		c.output(line)
		return
	}
	line = line[1:]
	text := strings.TrimRight(string(line), "\r\n")
	switch {
	case text == "PASS" || text == "FAIL" || strings.HasPrefix(text, "FAIL: "):
		c.flush()
		c.result = "fail"
		if text == "PASS" {
			c.result = "pass"
		}
		c.output(line)
	case hasPrefix(text, results):
		action, rest, _ := strings.Cut(text[len("--- "):], ": ")
		name, took, _ := strings.Cut(rest, " (")
		e := &jsonEvent{Action: strings.ToLower(action), Test: name}
		if secs, err := strconv.ParseFloat(strings.TrimSuffix(took, "s)"), 64); err == nil {
			e.Elapsed = &secs
		}
		c.flush()
		c.test = name
		c.pending = e
		c.output(line)
	case hasPrefix(text, updates):
		action, name, _ := strings.Cut(text[len("=== "):], " ")
		action = strings.ToLower(action)
		c.flush()
		c.test = strings.TrimSpace(name)
		switch action {
		case "name": // only says whose output follows
		case "pause":
			c.output(line)
			c.emit(&jsonEvent{Action: action, Test: c.test})
		default:
			c.emit(&jsonEvent{Action: action, Test: c.test})
			c.output(line)
		}
	default:
		c.output(line)
	}
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// flush sends the held result: the test's output is all out.
func (c *Converter) flush() {
	if c.pending != nil {
		c.emit(c.pending)
		c.pending = nil
	}
	c.test = ""
}

func (c *Converter) output(b []byte) {
	b = unmark(b)
	if len(b) == 0 {
		return
	}
	s := string(b)
	c.emit(&jsonEvent{Action: "output", Test: c.test, Output: &s})
}

func (c *Converter) emit(e *jsonEvent) {
	if c.err != nil {
		return
	}
	e.Time, e.Package = time.Now(), c.pkg
	c.err = c.enc.Encode(e)
}

// unmark drops Go 1.27's error marks and escapes from output: an
// escaped byte stays, whatever it is.
func unmark(b []byte) []byte {
	if bytes.IndexByte(b, errBegin) < 0 && bytes.IndexByte(b, errEnd) < 0 && bytes.IndexByte(b, escape) < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case errBegin, errEnd:
		case escape:
			if i+1 < len(b) {
				i++
				out = append(out, b[i])
			}
		default:
			out = append(out, b[i])
		}
	}
	return out
}
