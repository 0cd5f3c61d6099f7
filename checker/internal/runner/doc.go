// Package runner is the only part of the checker that starts processes:
// it builds test binaries with the go command and runs them with a
// wall-clock limit, turning their framed output (-test.v=test2json) into
// test2json's events as it comes (testrun.Converter).
//
// Every process runs in its own process group. When the limit strikes,
// the test binary gets SIGQUIT first, so the Go runtime prints a goroutine
// dump the classifier can read (go test's own -timeout cannot bound a
// hang in init or TestMain), and then the whole group is killed. The group
// is killed after every run too, so nothing a test started outlives it.
package runner
