package cli

import (
	"flag"
	"runtime"
)

// jobsFlag adds --jobs: how many gradings run at once. Timing tests that
// measure real time still run one at a time (see grader.Grader).
func jobsFlag(fs *flag.FlagSet) *int {
	return fs.Int("jobs", runtime.NumCPU(), "grade up to `N` exercises at once (real-time timing tests still run one at a time)")
}
