// Package classify turns what a test run printed into facts the grade is
// built from: the failure class (build, timeout, deadlock, race, leak,
// fatal, panic, crash, assertion), which tests failed for a reason other
// than the race detector, what they said (each message whole: every line
// of a multi-line t.Errorf, testify's Error and Messages), and the
// learner's lines a failure names (Place), for a CI log's annotations.
//
// A hang is told apart from a deadlock by reading the goroutine dump that
// a test timeout or a SIGQUIT makes the Go runtime print: when every
// goroutine of the learner's package waits on a lock, a channel or a
// select and none of them runs, sleeps or waits on I/O, it is a deadlock.
// A goroutine left running is a leak, named once however many dumps show
// it; found inside a test after the call that started it returned, the
// report says that call returned while it ran.
//
// Said is the yardstick for the details: what a failed test's output says
// that a report must show, read apart from the code that builds them.
package classify
