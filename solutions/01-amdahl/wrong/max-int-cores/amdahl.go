// Package amdahl estimates what concurrency can buy: how much faster
// computing gets on more cores (Amdahl's law), and how much sooner a batch of
// waiting calls is done when several wait at once.
package amdahl

import (
	"math"
	"time"
)

// WRONG: MaxSpeedup is Speedup on math.MaxInt cores, "as many as there can
// be". That is close for a job with a serial part, but for a job with none
// it is 9.2e18, a number, where the bound with endless cores is +Inf.

func Utilisation(busy, cores int) float64 {
	switch {
	case busy <= 0:
		return 0
	case busy >= cores:
		return 1
	default:
		return float64(busy) / float64(cores)
	}
}

func Speedup(parallel float64, cores int) float64 {
	return 1.0 / ((1.0 - parallel) + parallel/float64(cores))
}

func MaxSpeedup(parallel float64) float64 {
	return Speedup(parallel, math.MaxInt)
}

func SerialLatency(n int, each time.Duration) time.Duration {
	return time.Duration(n) * each
}

func ConcurrentLatency(n, k int, each time.Duration) time.Duration {
	if n == 0 {
		return 0
	}
	return time.Duration(1+(n-1)/k) * each
}
