package picture

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testdata/fan.trace is a recorded run of testdata/fan, whose Fan(4) starts
// four goroutines that sleep, wait on a channel, then compute. Record it
// again (after a change of the trace format) with:
//
//go:generate go test -count=1 -trace=testdata/fan.trace ./testdata/fan
const fanPkg = "github.com/asynckata/kata/checker/internal/picture/testdata/fan"

func readFan(t *testing.T) *Timeline {
	t.Helper()
	f, err := os.Open("testdata/fan.trace")
	require.NoError(t, err)
	defer f.Close()
	tl, err := Read(f, fanPkg)
	require.NoError(t, err)
	return tl
}

func TestLanesFromARecordedTrace(t *testing.T) {
	tl := readFan(t)
	names := map[string]int{}
	for _, l := range tl.Lanes {
		names[l.Name]++
	}
	assert.Equal(t, 4, names["Fan.func1"], "one lane per worker: %v", names)
	assert.Equal(t, 1, names["Fan"], "and the test goroutine while it ran Fan: %v", names)
	assert.Len(t, tl.Lanes, 5, "no goroutine that never ran the package's code")
	assert.Equal(t, 5, tl.MostAtOnce(Sleeping), "the four workers slept while Fan slept too")
	assert.GreaterOrEqual(t, tl.MostAtOnce(Blocked), 4, "and then all waited on the channel")
}

func TestSegmentsAreOrderedAndInsideTheRun(t *testing.T) {
	for _, l := range readFan(t).Lanes {
		for i, s := range l.Segments {
			assert.Less(t, s.From, s.To, "lane %d segment %d", l.ID, i)
			if i > 0 {
				assert.LessOrEqual(t, l.Segments[i-1].To, s.From, "lane %d", l.ID)
			}
		}
	}
}

func TestSVGHasALanePerGoroutine(t *testing.T) {
	tl := readFan(t)
	var b bytes.Buffer
	require.NoError(t, WriteSVG(&b, tl, "fan <4>"))
	svg := b.String()
	assert.True(t, strings.HasPrefix(svg, "<svg "))
	assert.Equal(t, 5, strings.Count(svg, `<g class="lane"`))
	assert.Contains(t, svg, "fan &lt;4&gt;", "the title is escaped")
	assert.Contains(t, svg, "5 goroutine(s) ran the exercise's code")
}

func TestMostAtOnce(t *testing.T) {
	tl := &Timeline{Lanes: []Lane{
		{Segments: []Segment{{0, 10, IO}, {10, 20, Running}}},
		{Segments: []Segment{{5, 15, IO}}},
		{Segments: []Segment{{10, 30, IO}}}, // starts as the first one ends
	}}
	assert.Equal(t, 2, tl.MostAtOnce(IO))
	assert.Equal(t, 1, tl.MostAtOnce(Running))
	assert.Equal(t, 0, tl.MostAtOnce(Blocked))
}
