package amdahl

import "time"

func Utilisation(busy, cores int) float64 {
	if busy > cores {
		busy = cores
	}
	return float64(busy) / float64(cores)
}

func Speedup(parallel float64, cores int) float64 {
	serial := 1 - parallel
	newTime := serial + parallel/float64(cores)
	return 1 / newTime
}

func MaxSpeedup(parallel float64) float64 {
	serial := 1.0 - parallel
	return 1.0 / serial
}

func SerialLatency(n int, each time.Duration) time.Duration {
	var total time.Duration
	for i := 0; i < n; i++ {
		total += each
	}
	return total
}

func ConcurrentLatency(n, k int, each time.Duration) time.Duration {
	rounds := n / k
	if n%k != 0 {
		rounds++
	}
	return time.Duration(rounds) * each
}
