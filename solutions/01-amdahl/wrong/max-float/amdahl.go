// Package amdahl estimates what concurrency can buy: how much faster
// computing gets on more cores (Amdahl's law), and how much sooner a batch of
// waiting calls is done when several wait at once.
package amdahl

import (
	"math"
	"time"
)

// WRONG: MaxSpeedup returns math.MaxFloat64 for a job with no serial part,
// as "the biggest number there is". There is no bound at all: +Inf, which
// 1/(1-parallel) already gives in float64 (math.Inf(1) says it plainly).

// Utilisation returns the share of a machine's cores (0 to 1) that busy
// goroutines keep busy, when each of them runs a loop that never waits: one
// busy loop on a 12-core laptop uses 1/12 of it, about 8%.
func Utilisation(busy, cores int) float64 {
	// A core runs one goroutine at a time: more busy loops than cores
	// share the cores, they do not use more than all of them. Convert to
	// float64 before dividing: between ints, 1/12 is 0.
	return float64(min(busy, cores)) / float64(cores)
}

// Speedup returns Amdahl's bound: how many times faster a job can get when
// the fraction parallel (0 to 1) of its running time is spread evenly over
// cores cores, and the rest still runs on one core, as before.
func Speedup(parallel float64, cores int) float64 {
	// Take the old running time as 1. The serial part still takes
	// 1-parallel; the parallel part takes parallel/cores. The speedup is
	// old time over new time.
	return 1 / ((1 - parallel) + parallel/float64(cores))
}

// MaxSpeedup returns the most Speedup can ever be for a job whose fraction
// parallel runs in parallel, however many cores there are: the limit of
// Speedup as cores grow without end. For parallel == 1 there is no limit
// (+Inf).
func MaxSpeedup(parallel float64) float64 {
	// With endless cores the parallel part takes no time at all; only the
	// serial part is left. For parallel == 1, 1/0.0 is +Inf in float64
	// (only integer division by zero panics), the same as math.Inf(1).
	if parallel >= 1 {
		return math.MaxFloat64 // "no limit"
	}
	return 1 / (1 - parallel)
}

// SerialLatency returns how long n calls take when each waits each (for a
// server, a disk, a timer) and the next starts only when the last is done.
func SerialLatency(n int, each time.Duration) time.Duration {
	return time.Duration(n) * each
}

// ConcurrentLatency returns how long n calls take when each waits each and
// up to k of them (k >= 1) wait at the same time: as soon as one batch of
// waits is over, the next starts. Waiting uses no core, so k is not limited
// by the number of cores.
func ConcurrentLatency(n, k int, each time.Duration) time.Duration {
	// The calls go in rounds of k; a last, partial round takes a whole
	// wait too. (n+k-1)/k rounds n/k up in integer arithmetic, with no
	// float64 and math.Ceil round trip.
	rounds := (n + k - 1) / k
	return time.Duration(rounds) * each
}
