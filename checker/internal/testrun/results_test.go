package testrun

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResultsKeepForgedEvents: a second result for one test and a result
// for a made-up name stay visible in Results, while gotestsum's summary
// would merge them.
func TestResultsKeepForgedEvents(t *testing.T) {
	events := []string{
		`{"Action":"start","Package":"p"}`,
		`{"Action":"run","Package":"p","Test":"TestA"}`,
		`{"Action":"run","Package":"p","Test":"TestA/case"}`,
		`{"Action":"pass","Package":"p","Test":"TestA/case","Elapsed":0}`,
		`{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0}`,
		`{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0}`,
		`{"Action":"run","Package":"p","Test":"TestForged"}`,
		`{"Action":"pass","Package":"p","Test":"TestForged","Elapsed":0}`,
		`{"Action":"pass","Package":"p","Elapsed":0.1}`,
	}
	run, err := Parse(strings.NewReader(strings.Join(events, "\n")+"\n"), DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, []Status{Pass, Pass}, run.Results["TestA"])
	assert.Equal(t, []Status{Pass}, run.Results["TestForged"])
	assert.Equal(t, []string{"TestA", "TestForged"}, run.Started)
}
