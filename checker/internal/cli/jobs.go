package cli

import (
	"flag"
	"runtime"
)

// jobsFlag adds --jobs: how many gradings run at once. Grading is mostly
// waiting, so the default is twice the CPUs; a timing test that measures
// real time still runs alone, with at most one grading per other CPU
// beside it (see grader.machine).
func jobsFlag(fs *flag.FlagSet) *int {
	return fs.Int("jobs", 2*runtime.NumCPU(), "grade up to `N` at once (real-time timing tests run one at a time, with at most one other grading per other CPU)")
}
