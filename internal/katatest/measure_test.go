package katatest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder captures what Log writes without failing the real test.
type recorder struct {
	testing.TB
	logs   []string
	errors []string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Log(args ...any)                { r.logs = append(r.logs, args[0].(string)) }
func (r *recorder) Errorf(format string, a ...any) { r.errors = append(r.errors, format) }

func TestWithinDuration(t *testing.T) {
	tests := []struct {
		name     string
		observed time.Duration
		wantOK   bool
	}{
		{"under budget", 900 * time.Millisecond, true},
		{"at budget", 2 * time.Second, true},
		{"over budget", 6083412345 * time.Nanosecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			WithinDuration(r, "crawl time", tt.observed, 2*time.Second, "fetch pages concurrently")
			require.Len(t, r.logs, 1)
			require.True(t, strings.HasPrefix(r.logs[0], Prefix))
			var m Measure
			require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(r.logs[0], Prefix)), &m))
			assert.Equal(t, tt.wantOK, m.OK)
			assert.Equal(t, "at most 2s", m.Budget)
			assert.Equal(t, !tt.wantOK, len(r.errors) == 1)
		})
	}
}

func TestCountsAndInfo(t *testing.T) {
	r := &recorder{TB: t}
	AtLeast(r, "workers at once", 1, 2, "")
	AtMost(r, "requests in flight", 8, 8, "")
	Info(r, "speedup", "1.9x")
	require.Len(t, r.logs, 3)
	assert.Len(t, r.errors, 1, "only the AtLeast below its floor fails")
}

func TestRound(t *testing.T) {
	assert.Equal(t, "6.083s", round(6083412345*time.Nanosecond).String())
	assert.Equal(t, "101.23ms", round(101234567*time.Nanosecond).String())
	assert.Equal(t, "15µs", round(15*time.Microsecond).String())
}
