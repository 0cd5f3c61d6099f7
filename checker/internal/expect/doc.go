// Package expect lists the tests an exercise's protected _test.go files
// declare, so the checker knows which results must appear in a run: the
// functional tests (run with -race) and the TestTiming* tests (run alone,
// without -race). A result that no protected file could produce, or a
// test that never reported, is then visible whatever the test binary
// printed or however it exited.
package expect
