// Package cgoparallel calls a CPU-bound C function for a batch of jobs,
// first one job at a time, then (the exercise) from several goroutines at
// once, which Go allows because it has no global interpreter lock.
//
// This file is a support file: the cgo declarations of the C side (work.c
// and work.h). Do not edit it; your work goes in parallel.go.
package cgoparallel

/*
#include "work.h"
*/
import "C"

import "time"

// Job is one piece of work for the C function: mix Seed for Rounds rounds.
type Job struct {
	Seed   uint64
	Rounds int
}

// Digest runs one job in C (kata_digest) and returns its result. A call
// takes about 3 ns per round (a few milliseconds for a million rounds),
// all of it inside C.
//
// Digest is safe to call from many goroutines at once: the C function
// shares no state but its atomic counters. While a goroutine is inside the
// call, it occupies an OS thread of its own, and the Go scheduler lets
// other goroutines run on other threads.
func Digest(j Job) uint64 {
	return uint64(C.kata_digest(C.uint64_t(j.Seed), C.uint64_t(j.Rounds)))
}

// counts is what the C side has observed: the calls that finished and the
// rounds they computed since the program started, and the largest number
// of calls in flight at once since resetMaxInFlight; the time the calls
// spent inside C, summed, and the time during which at least one was.
type counts struct {
	calls, rounds uint64
	maxInFlight   int
	inside, busy  time.Duration
}

func cCounts() counts {
	c := C.kata_stats()
	return counts{calls: uint64(c.calls), rounds: uint64(c.rounds), maxInFlight: int(c.max_in_flight),
		inside: time.Duration(c.ns_inside), busy: time.Duration(c.ns_busy)}
}

// resetMaxInFlight starts a new measurement of the calls in flight.
func resetMaxInFlight() { C.kata_reset_max() }

// meet makes each of the next calls calls of the C function wait inside,
// before its work, until target calls are inside at once or wait has
// passed (0, 0, 0 turns it off). Calls made from several goroutines at
// once then overlap for sure, however busy the machine: with target one
// above the calls a solution should make at once, every call beyond that
// is seen, and a solution that makes exactly that many waits once.
func meet(calls, target int, wait time.Duration) {
	C.kata_meet(C.int(calls), C.int(target), C.longlong(wait.Nanoseconds()))
}

// holdJob makes the next call of the C function for a job with this seed
// wait, before it comes in, until another call has finished or wait has
// passed (holdJob(0, 0) turns it off). That job then finishes after
// another one, on any machine, even with a single CPU. It reports, through
// the function it returns, whether the hold ended by waiting the full time
// (no other call finished meanwhile: the calls were made one at a time).
func holdJob(seed uint64, wait time.Duration) (timedOut func() bool) {
	C.kata_hold(C.uint64_t(seed), C.longlong(wait.Nanoseconds()))
	return func() bool { return C.kata_hold_timed_out() != 0 }
}
