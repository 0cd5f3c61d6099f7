package amdahl

import (
	"math"
	"time"
)

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
	serial := 1 - parallel
	if serial == 0 {
		return math.Inf(1)
	}
	return 1 / serial
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
