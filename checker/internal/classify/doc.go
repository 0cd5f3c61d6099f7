// Package classify turns what a test run printed into facts the grade is
// built from: the failure class (build, timeout, deadlock, race, leak,
// fatal, panic, crash, assertion), which tests failed for a reason other
// than the race detector, and the first lines a learner needs to read.
//
// A hang is told apart from a deadlock by reading the goroutine dump that
// a test timeout or a SIGQUIT makes the Go runtime print: when every
// goroutine of the learner's package waits on a lock, a channel or a
// select and none of them runs, sleeps or waits on I/O, it is a deadlock.
package classify
