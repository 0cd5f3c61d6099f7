package testrun

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// framed is what a test binary run with -test.v=test2json prints: "^V"
// stands for the marker byte.
var framed = map[string]string{
	"subtests and a skip": `^V=== RUN   TestA
    a_test.go:4: hello
        world
^V--- PASS: TestA (0.01s)
^V=== RUN   TestSub
^V=== RUN   TestSub/a
partial^V--- PASS: TestSub/a (0.00s)
^V=== NAME  TestSub
^V=== RUN   TestSub/b
    b_test.go:5: skip
^V--- SKIP: TestSub/b (0.00s)
^V=== NAME  TestSub
=== RUN   TestForged
--- PASS: TestForged (0.00s)
    b_test.go:7: bad
^V--- FAIL: TestSub (0.02s)
^V=== NAME  
^VFAIL
`,
	"a panic after the result": `^V=== RUN   TestP
^V--- FAIL: TestP (0.00s)
panic: runtime error: index out of range [3] with length 3 [recovered]

goroutine 7 [running]:
testing.tRunner.func1.2({0x5, 0x6})
	/usr/local/go/src/testing/testing.go:1734 +0x21c
`,
	"pause and cont": `^V=== RUN   TestX
^V=== PAUSE TestX
^V=== CONT  TestX
    x_test.go:9: going on
^V--- PASS: TestX (0.00s)
^VPASS
`,
	"a long line":           "^V=== RUN   TestLong\n" + strings.Repeat("é", 6000) + "\n^V--- PASS: TestLong (0.00s)\n^VPASS\n",
	"no newline at the end": "^V=== RUN   TestCut\nhalf a line",
}

// TestConverterAgreesWithTest2json feeds the same framed output to `go
// tool test2json` and to the Converter, in pieces of every size, and
// compares the events (consecutive output of one test joined: where a long
// line is cut differs).
func TestConverterAgreesWithTest2json(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go tool test2json")
	}
	for name, in := range framed {
		t.Run(name, func(t *testing.T) {
			raw := strings.ReplaceAll(in, "^V", "\x16")
			cmd := exec.Command("go", "tool", "test2json", "-t", "-p", "example.com/p")
			cmd.Stdin = strings.NewReader(raw)
			want, err := cmd.Output()
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				t.Fatalf("go tool test2json: %v: %s", err, ee.Stderr)
			}
			require.NoError(t, err)
			for _, piece := range []int{1, 7, 4096, len(raw)} {
				var got bytes.Buffer
				c := NewConverter(&got, "example.com/p")
				for s := raw; len(s) > 0; {
					n := min(piece, len(s))
					_, err := c.Write([]byte(s[:n]))
					require.NoError(t, err)
					s = s[n:]
				}
				require.NoError(t, c.Close())
				assert.Equal(t, joined(t, want), joined(t, got.Bytes()), "written %d bytes at a time", piece)
			}
		})
	}
}

// TestConverterExitDecides: a run whose binary exited with an error failed,
// even when it printed PASS (os.Exit(1) after the tests, as goleak does).
func TestConverterExitDecides(t *testing.T) {
	var out bytes.Buffer
	c := NewConverter(&out, "p")
	_, err := c.Write([]byte("\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n\x16PASS\n"))
	require.NoError(t, err)
	c.Exited(errors.New("exit status 1"))
	require.NoError(t, c.Close())
	run, err := Parse(&out, DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, Fail, run.Result)
}

type joinedEvent struct {
	Action, Package, Test, Output string
	Elapsed                       bool
}

// joined decodes events, joining consecutive output of one test.
func joined(t *testing.T, stream []byte) []joinedEvent {
	t.Helper()
	var out []joinedEvent
	sc := bufio.NewScanner(bytes.NewReader(stream))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e struct {
			Action, Package, Test, Output string
			Elapsed                       *float64
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &e), "%s", sc.Text())
		if n := len(out); n > 0 && e.Action == "output" && out[n-1].Action == "output" && out[n-1].Test == e.Test {
			out[n-1].Output += e.Output
			continue
		}
		out = append(out, joinedEvent{e.Action, e.Package, e.Test, e.Output, e.Elapsed != nil})
	}
	require.NoError(t, sc.Err())
	return out
}

// marked127 is what a Go 1.27 test binary prints with -test.v=test2json:
// "^O" and "^N" stand for the marks around an error's text, "^[" for the
// escape before a marker byte in a test's own output.
var marked127 = map[string]struct{ in, want string }{
	"an error of one line, and one of two": {
		in: "^V=== RUN   TestA\n^O    a_test.go:4: want 3^N\n^O    a_test.go:5: want 4\n        got 5^N\n^V--- FAIL: TestA (0.00s)\n^VFAIL\n",
		want: "TestA: === RUN   TestA\n    a_test.go:4: want 3\n    a_test.go:5: want 4\n        got 5\n--- FAIL: TestA (0.00s)\n" +
			"fail TestA\n: FAIL\nfail\n",
	},
	"escaped markers are text, and do not cut the line": {
		in:   "^V=== RUN   TestB\n    b_test.go:3: a ^[^V, an ^[^O and an ^[^[\n^V--- PASS: TestB (0.00s)\n^VPASS\n",
		want: "TestB: === RUN   TestB\n    b_test.go:3: a \x16, an \x0f and an \x1b\n--- PASS: TestB (0.00s)\npass TestB\n: PASS\npass\n",
	},
	"an error after output that did not end its line": {
		in:   "^V=== RUN   TestC\nhalf^O    c_test.go:9: no^N\n^V--- FAIL: TestC (0.00s)\n^VFAIL\n",
		want: "TestC: === RUN   TestC\nhalf    c_test.go:9: no\n--- FAIL: TestC (0.00s)\nfail TestC\n: FAIL\nfail\n",
	},
}

// TestConverterReadsGo127Marks: the error marks and escapes of Go 1.27
// are dropped, an escaped byte stays as text, and an escaped marker does
// not end a line, in pieces of every size; with a Go 1.27 toolchain the
// events agree with its go tool test2json too.
func TestConverterReadsGo127Marks(t *testing.T) {
	for name, tc := range marked127 {
		t.Run(name, func(t *testing.T) {
			raw := strings.NewReplacer("^V", "\x16", "^O", "\x0f", "^N", "\x0e", "^[", "\x1b").Replace(tc.in)
			for _, piece := range []int{1, 2, 7, len(raw)} {
				var got bytes.Buffer
				c := NewConverter(&got, "example.com/p")
				for s := raw; len(s) > 0; {
					n := min(piece, len(s))
					_, err := c.Write([]byte(s[:n]))
					require.NoError(t, err)
					s = s[n:]
				}
				require.NoError(t, c.Close())
				assert.Equal(t, tc.want, summary(t, got.Bytes()), "written %d bytes at a time", piece)
				if testing.Short() || !atLeastGo127() {
					continue
				}
				cmd := exec.Command("go", "tool", "test2json", "-t", "-p", "example.com/p")
				cmd.Stdin = strings.NewReader(raw)
				want, err := cmd.Output()
				require.NoError(t, err)
				assert.Equal(t, joined(t, want), joined(t, got.Bytes()), "as go tool test2json")
			}
		})
	}
}

// summary writes a stream's events one a line: a test's output joined
// after its name, then each result.
func summary(t *testing.T, stream []byte) string {
	var b strings.Builder
	for _, e := range joined(t, stream) {
		switch e.Action {
		case "start", "run":
		case "output":
			b.WriteString(e.Test + ": " + e.Output)
		default:
			b.WriteString(strings.TrimSpace(e.Action+" "+e.Test) + "\n")
		}
	}
	return b.String()
}

// atLeastGo127 reports whether the go command here is Go 1.27 or newer,
// whose test2json knows the error marks.
func atLeastGo127() bool {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return false
	}
	v := strings.TrimPrefix(strings.TrimSpace(string(out)), "go1.")
	end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if end >= 0 {
		v = v[:end]
	}
	n, err := strconv.Atoi(v)
	return err == nil && n >= 27
}
