// Package amdahl estimates what concurrency can buy: how much faster
// computing gets on more cores (Amdahl's law), and how much sooner a batch of
// waiting calls is done when several wait at once.
package amdahl

import (
	"math"
	"time"
)

// Utilisation returns the share of a machine's cores (0 to 1) that busy
// goroutines keep busy, when each of them runs a loop that never waits: one
// busy loop on a 12-core laptop uses 1/12 of it, about 8%.
//
// This version answers as if every loop could use the whole machine.
func Utilisation(busy, cores int) float64 {
	return 1
}

// Speedup returns Amdahl's bound: how many times faster a job can get when
// the fraction parallel (0 to 1) of its running time is spread evenly over
// cores cores, and the rest still runs on one core, as before.
//
// This version assumes the whole job runs in parallel.
func Speedup(parallel float64, cores int) float64 {
	return float64(cores)
}

// MaxSpeedup returns the most Speedup can ever be for a job whose fraction
// parallel runs in parallel, however many cores there are: the limit of
// Speedup as cores grow without end. For parallel == 1 there is no limit
// (+Inf).
//
// This version assumes that enough cores make any job as fast as you like.
func MaxSpeedup(parallel float64) float64 {
	return math.Inf(1)
}

// SerialLatency returns how long n calls take when each waits each (for a
// server, a disk, a timer) and the next starts only when the last is done.
//
// This version is already right.
func SerialLatency(n int, each time.Duration) time.Duration {
	return time.Duration(n) * each
}

// ConcurrentLatency returns how long n calls take when each waits each and
// up to k of them (k >= 1) wait at the same time: as soon as one batch of
// waits is over, the next starts. Waiting uses no core, so k is not limited
// by the number of cores.
//
// This version divides the total wait by k, as if a call could be cut into
// pieces and shared out.
func ConcurrentLatency(n, k int, each time.Duration) time.Duration {
	return SerialLatency(n, each) / time.Duration(k)
}
