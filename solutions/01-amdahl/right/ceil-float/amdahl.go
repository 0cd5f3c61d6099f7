package amdahl

import (
	"math"
	"time"
)

func Utilisation(busy, cores int) float64 {
	return math.Min(float64(busy)/float64(cores), 1)
}

func Speedup(parallel float64, cores int) float64 {
	c := float64(cores)
	return c / (c*(1-parallel) + parallel)
}

func MaxSpeedup(parallel float64) float64 {
	if parallel == 1 {
		return math.Inf(1)
	}
	return 1 / (1 - parallel)
}

func SerialLatency(n int, each time.Duration) time.Duration {
	return each * time.Duration(n)
}

func ConcurrentLatency(n, k int, each time.Duration) time.Duration {
	rounds := math.Ceil(float64(n) / float64(k))
	return time.Duration(rounds) * each
}
