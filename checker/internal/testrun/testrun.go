package testrun

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"gotest.tools/gotestsum/testjson"
)

// Status is a test's outcome.
type Status string

// Test outcomes. Incomplete means the test started and never reported an
// end: the binary died or was killed while it ran.
const (
	Pass       Status = "pass"
	Fail       Status = "fail"
	Skip       Status = "skip"
	Incomplete Status = "incomplete"
)

// Test is one test (or subtest) of the run.
type Test struct {
	Name   string
	Status Status
	// Output holds the test's own output lines, without trailing newlines.
	Output []string
}

// Run is what one test binary run reported.
type Run struct {
	// Result is the package outcome: Pass, Fail or Skip (no tests), or ""
	// when the stream never reported one.
	Result Status
	Tests  []Test
	// Output is every output line of the run in order, the tests' and
	// the package's, up to the limits given to Parse.
	Output []string
	// Truncated reports that output lines were dropped to stay in bounds.
	Truncated bool
	// Results lists each top-level test's result events in stream order
	// (one, unless the output was forged); a name seen only through its
	// subtests maps to nil.
	Results map[string][]Status
	// Started lists the top-level tests that reported a start, in order.
	Started []string
}

// Failed returns the tests that failed or never finished.
func (r *Run) Failed() []Test {
	var out []Test
	for _, t := range r.Tests {
		if t.Status == Fail || t.Status == Incomplete {
			out = append(out, t)
		}
	}
	return out
}

// Limits bound what a Run keeps in memory, whatever the test prints.
type Limits struct {
	// MaxLine is the longest output line kept; longer ones are cut.
	MaxLine int
	// MaxOutput is the number of output bytes kept in Run.Output and in
	// the tests' output. Past it, only lines that carry a marker (see
	// Keep) are kept, up to MaxOutput bytes more.
	MaxOutput int
	// Keep reports whether a line must be kept past MaxOutput.
	Keep func(line string) bool
}

// DefaultLimits keep a few MB: enough for any real report, bounded for a
// test that floods its output.
var DefaultLimits = Limits{MaxLine: 4 << 10, MaxOutput: 2 << 20}

// Parse reads a test2json stream from r until EOF.
func Parse(r io.Reader, lim Limits) (*Run, error) {
	if lim.MaxLine <= 0 {
		lim.MaxLine = DefaultLimits.MaxLine
	}
	if lim.MaxOutput <= 0 {
		lim.MaxOutput = DefaultLimits.MaxOutput
	}
	h := &handler{lim: lim, run: &Run{}, outputs: map[string][]string{}}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(h.filter(r, pw)) }()
	exec, err := testjson.ScanTestOutput(testjson.ScanConfig{
		Stdout:                   pr,
		Handler:                  h,
		IgnoreNonJSONOutputLines: true,
	})
	// Drain whatever the scanner left so the filter goroutine ends.
	_, _ = io.Copy(io.Discard, pr)
	if err != nil {
		return nil, fmt.Errorf("read the test event stream: %w", err)
	}
	h.collect(exec)
	return h.run, nil
}

type handler struct {
	lim     Limits
	run     *Run
	kept    int // output bytes kept within MaxOutput
	marked  int // output bytes kept past it for their markers
	outputs map[string][]string
}

// filter copies the stream line by line, cutting each line to a size
// bufio.Scanner (inside testjson) can take and dropping output past the
// limit, so neither memory nor the scanner's buffer can be blown.
func (h *handler) filter(r io.Reader, w io.Writer) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := readLine(br, 256<<10)
		if len(line) > 0 {
			if out, ok := h.shrink(line); ok {
				if _, werr := w.Write(append(out, '\n')); werr != nil {
					return werr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readLine reads one line, discarding anything past max bytes of it.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line) < max {
			line = append(line, chunk[:min(len(chunk), max-len(line))]...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}

type event struct {
	Time    json.RawMessage `json:",omitempty"`
	Action  string
	Package string          `json:",omitempty"`
	Test    string          `json:",omitempty"`
	Elapsed json.RawMessage `json:",omitempty"`
	Output  string          `json:",omitempty"`
}

// shrink enforces the limits on one raw stream line. It reports false for
// a line to drop.
func (h *handler) shrink(line []byte) ([]byte, bool) {
	var e event
	if json.Unmarshal(line, &e) != nil || e.Action != "output" {
		if len(line) > h.lim.MaxLine {
			line = line[:h.lim.MaxLine]
		}
		return line, true
	}
	out := e.Output
	if len(out) > h.lim.MaxLine {
		out = out[:h.lim.MaxLine] + " [line cut]\n"
	}
	switch {
	case h.kept+len(out) <= h.lim.MaxOutput:
		h.kept += len(out)
	case h.marked+len(out) <= h.lim.MaxOutput && (isStructural(out) || (h.lim.Keep != nil && h.lim.Keep(out))):
		h.run.Truncated = true
		h.marked += len(out)
	default:
		h.run.Truncated = true
		return nil, false
	}
	if out == e.Output && len(line) <= 4*h.lim.MaxLine {
		return line, true
	}
	e.Output = out
	b, err := json.Marshal(e)
	if err != nil {
		return nil, false
	}
	return b, true
}

// isStructural keeps the lines test2json and the testing package print
// about results, so a flood never hides which tests failed.
func isStructural(out string) bool {
	s := strings.TrimSpace(out)
	return strings.HasPrefix(s, "--- ") || strings.HasPrefix(s, "=== ") ||
		s == "PASS" || s == "FAIL" || strings.HasPrefix(s, "FAIL\t") || strings.HasPrefix(s, "ok ")
}

// reported reports whether the testing package ended the test itself.
func reported(out []string) bool {
	for _, l := range out {
		if strings.HasPrefix(strings.TrimSpace(l), "--- FAIL") {
			return true
		}
	}
	return false
}

// Event implements testjson.EventHandler.
func (h *handler) Event(e testjson.TestEvent, _ *testjson.Execution) error {
	h.record(e)
	if e.Action != testjson.ActionOutput {
		return nil
	}
	line := strings.TrimRight(e.Output, "\n")
	h.run.Output = append(h.run.Output, line)
	if e.Test != "" {
		h.outputs[e.Test] = append(h.outputs[e.Test], line)
	}
	return nil
}

// Err implements testjson.EventHandler: non-JSON lines are output too.
func (h *handler) Err(text string) error {
	h.run.Output = append(h.run.Output, text)
	return nil
}

func (h *handler) collect(exec *testjson.Execution) {
	for _, name := range exec.Packages() {
		pkg := exec.Package(name)
		switch pkg.Result() {
		case testjson.ActionPass:
			h.run.Result = Pass
		case testjson.ActionFail:
			h.run.Result = Fail
		case testjson.ActionSkip:
			h.run.Result = Skip
		}
		add := func(tcs []testjson.TestCase, s Status) {
			for _, tc := range tcs {
				st, out := s, h.outputs[tc.Test.Name()]
				if s == Fail && (tc.Elapsed < 0 || !reported(out)) {
					// test2json marks a test failed when the binary exits
					// under it; only the testing package prints "--- FAIL".
					st = Incomplete
				}
				h.run.Tests = append(h.run.Tests, Test{Name: tc.Test.Name(), Status: st, Output: out})
			}
		}
		add(pkg.Passed, Pass)
		add(pkg.Failed, Fail)
		add(pkg.Skipped, Skip)
	}
	slices.SortStableFunc(h.run.Tests, func(a, b Test) int { return strings.Compare(a.Name, b.Name) })
}
