package testrun

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stream(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "streams", name+".jsonl"))
	require.NoError(t, err)
	return b
}

// chunked yields b in pieces of n bytes, as a pipe might.
type chunked struct {
	b []byte
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[n:]
	return n, nil
}

func TestParseRecordedStreams(t *testing.T) {
	tests := []struct {
		name   string
		result Status
		tests  map[string]Status
	}{
		{"pass", Pass, map[string]Status{"TestAdd": Pass, "TestTimingAdd": Pass}},
		{"assertion", Fail, map[string]Status{"TestAdd": Fail, "TestOther": Pass}},
		{"race", Fail, map[string]Status{"TestCount": Fail}},
		{"leak", Fail, map[string]Status{"TestFirst": Pass}},
		{"panics", Fail, map[string]Status{"TestIndex": Incomplete}},
		{"osexit", Fail, map[string]Status{"TestQuit": Incomplete}},
		{"deadlock", Fail, map[string]Status{"TestSwap": Incomplete}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := stream(t, tt.name)
			whole, err := Parse(bytes.NewReader(raw), DefaultLimits)
			require.NoError(t, err)
			assert.Equal(t, tt.result, whole.Result)
			got := map[string]Status{}
			for _, tc := range whole.Tests {
				got[tc.Name] = tc.Status
			}
			assert.Equal(t, tt.tests, got)

			// The same stream in odd chunk sizes parses the same.
			for _, r := range []io.Reader{
				iotest.OneByteReader(bytes.NewReader(raw)),
				iotest.HalfReader(bytes.NewReader(raw)),
				&chunked{b: raw, n: 7},
				&chunked{b: raw, n: 4093},
			} {
				again, err := Parse(r, DefaultLimits)
				require.NoError(t, err)
				assert.Equal(t, whole, again)
			}
		})
	}
}

func TestParseToleratesNonJSON(t *testing.T) {
	in := "go: downloading example.com/x v1.0.0\n" +
		`{"Action":"run","Package":"p","Test":"TestA"}` + "\n" +
		"not json at all\n" +
		`{"Action":"output","Package":"p","Test":"TestA","Output":"--- PASS: TestA (0.00s)\n"}` + "\n" +
		`{"Action":"pass","Package":"p","Test":"TestA"}` + "\n" +
		`{"Action":"pass","Package":"p"}` + "\n"
	run, err := Parse(strings.NewReader(in), DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, Pass, run.Result)
	require.Len(t, run.Tests, 1)
	assert.Equal(t, Pass, run.Tests[0].Status)
	assert.Contains(t, run.Output, "not json at all")
}

// TestParseFlood feeds 50 MB of output: the parse keeps within its limits,
// still sees the test's result, and keeps the lines classification needs.
func TestParseFlood(t *testing.T) {
	pr, pw := io.Pipe()
	go func() {
		fmt.Fprintln(pw, `{"Action":"run","Package":"p","Test":"TestFlood"}`)
		line := `{"Action":"output","Package":"p","Test":"TestFlood","Output":"` + strings.Repeat("x", 1000) + `\n"}` + "\n"
		for range 50 << 10 {
			io.WriteString(pw, line)
		}
		fmt.Fprintln(pw, `{"Action":"output","Package":"p","Test":"TestFlood","Output":"WARNING: DATA RACE\n"}`)
		long := `{"Action":"output","Package":"p","Test":"TestFlood","Output":"` + strings.Repeat("y", 1<<20) + `\n"}`
		fmt.Fprintln(pw, long)
		fmt.Fprintln(pw, `{"Action":"output","Package":"p","Test":"TestFlood","Output":"--- FAIL: TestFlood (1.00s)\n"}`)
		fmt.Fprintln(pw, `{"Action":"fail","Package":"p","Test":"TestFlood"}`)
		fmt.Fprintln(pw, `{"Action":"fail","Package":"p"}`)
		pw.Close()
	}()
	lim := DefaultLimits
	lim.Keep = func(l string) bool { return strings.Contains(l, "DATA RACE") }
	run, err := Parse(pr, lim)
	require.NoError(t, err)
	assert.True(t, run.Truncated)
	assert.Equal(t, Fail, run.Result)
	require.Len(t, run.Tests, 1)
	assert.Equal(t, Fail, run.Tests[0].Status)
	assert.Contains(t, run.Output, "WARNING: DATA RACE")
	kept := 0
	for _, l := range run.Output {
		kept += len(l)
	}
	assert.LessOrEqual(t, kept, 2*lim.MaxOutput, "markers keep lines past the limit, but never more than the limit again")
}
