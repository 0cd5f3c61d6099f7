package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNeedsLeakExperiment(t *testing.T) {
	for v, want := range map[string]bool{
		"go1.26.8":                    true,
		"go1.26rc1":                   true,
		"go1.26":                      true,
		"go1.27.3":                    false, // on by default, and the experiment is rejected
		"go1.25.4":                    false, // no such experiment
		"devel go1.27-abcdef Mon Jan": false,
		"":                            false,
	} {
		assert.Equal(t, want, needsLeakExperiment(v), v)
	}
}

func TestWithExperiment(t *testing.T) {
	env := []string{"PATH=/bin", "GOEXPERIMENT=jsonv2"}
	got := withExperiment(env, toolchain{version: "go1.26.8", experiment: "jsonv2"})
	assert.Equal(t, []string{"PATH=/bin", "GOEXPERIMENT=jsonv2,goroutineleakprofile"}, got, "appended to the user's own")
	assert.Equal(t, []string{"PATH=/bin", "GOEXPERIMENT=jsonv2"}, env, "the runner's env is not changed")

	got = withExperiment([]string{"PATH=/bin"}, toolchain{version: "go1.26.8"})
	assert.Equal(t, []string{"PATH=/bin", "GOEXPERIMENT=goroutineleakprofile"}, got)

	got = withExperiment([]string{"PATH=/bin"}, toolchain{version: "go1.26.8", experiment: "goroutineleakprofile"})
	assert.Equal(t, []string{"PATH=/bin"}, got, "already on")

	got = withExperiment([]string{"PATH=/bin"}, toolchain{version: "go1.27.3"})
	assert.Equal(t, []string{"PATH=/bin"}, got, "Go 1.27 rejects the experiment")
}
