package amdahl

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// tolerance is how close a float result must be: results are compared to
// 4 decimal places, so any correct formula passes whatever order it adds in.
const tolerance = 1e-4

func TestUtilisation(t *testing.T) {
	cases := []struct {
		busy, cores int
		want        float64
		why         string
	}{
		{1, 12, 1.0 / 12, "the course's opening: one busy loop on a 12-core laptop uses one core of twelve, about 8% of the machine. " +
			"In Go, 1/12 between two ints is 0 (integer division): convert to float64 before dividing"},
		{3, 12, 0.25, "three busy loops keep three of the twelve cores busy"},
		{2, 4, 0.5, "two busy loops on four cores use half the machine"},
		{12, 12, 1, "twelve busy loops can keep all twelve cores busy"},
		{3, 2, 1, "three busy loops on two cores share them: a core runs one goroutine at a time, " +
			"so the machine is full, not 150% used (min is a built-in)"},
		{0, 8, 0, "no busy loop, nothing used"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d of %d", c.busy, c.cores), func(t *testing.T) {
			got := Utilisation(c.busy, c.cores)
			assert.InDeltaf(t, c.want, got, tolerance, "Utilisation(%d, %d) = %.4f, want %.4f: %s",
				c.busy, c.cores, got, c.want, c.why)
		})
	}
}

func TestSpeedup(t *testing.T) {
	cases := []struct {
		parallel float64
		cores    int
		want     float64
		why      string
	}{
		{0.15, 12, 1 / (0.85 + 0.15/12), "the course's example: only 15% of the job runs on 12 cores; " +
			"the other 85% still takes as long as before, so the job gets about 16% faster, not 12 times. " +
			"New time = (1 - parallel) + parallel/cores of the old time; the speedup is old time / new time"},
		{0.15, 1, 1, "on one core nothing runs in parallel: no speedup"},
		{0.5, 2, 1 / (0.5 + 0.25), "half the job on two cores: 0.5 + 0.25 = 0.75 of the time, a speedup of 1.33"},
		{0.95, 8, 1 / (0.05 + 0.95/8), "even with 95% parallel, 8 cores give under 6x: the 5% serial part weighs more and more"},
		{1, 12, 12, "a job that is all parallel gets the full 12x on 12 cores"},
		{0, 12, 1, "a job with no parallel part gains nothing from more cores"},
		{0.15, 1_000_000, 1 / (0.85 + 0.15/1_000_000), "a million cores: still under 18% faster, the serial 85% is all that is left"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%.0f%% on %d cores", c.parallel*100, c.cores), func(t *testing.T) {
			got := Speedup(c.parallel, c.cores)
			assert.InDeltaf(t, c.want, got, tolerance, "Speedup(%v, %d) = %.4f, want %.4f: %s",
				c.parallel, c.cores, got, c.want, c.why)
		})
	}
}

func TestMaxSpeedup(t *testing.T) {
	cases := []struct {
		parallel float64
		want     float64
		why      string
	}{
		{0.15, 1 / 0.85, "the course's figure: parallelising 15% of a job gains at most about 18% (1/0.85 = 1.176), " +
			"however many cores: with endless cores the parallel part takes no time and the serial 85% remains"},
		{0.5, 2, "half serial: at most twice as fast"},
		{0.95, 20, "5% serial: at most 20x, even on a thousand cores"},
		{0, 1, "nothing parallel: no gain at all"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%.0f%% parallel", c.parallel*100), func(t *testing.T) {
			got := MaxSpeedup(c.parallel)
			assert.InDeltaf(t, c.want, got, tolerance, "MaxSpeedup(%v) = %.4f, want %.4f: %s",
				c.parallel, got, c.want, c.why)
		})
	}
	t.Run("100% parallel", func(t *testing.T) {
		got := MaxSpeedup(1)
		assert.Truef(t, math.IsInf(got, 1), "MaxSpeedup(1) = %v, want +Inf: a job with no serial part "+
			"has no limit (1/0 in float64 is +Inf; math.Inf(1) says it outright)", got)
	})
}

func TestSerialLatency(t *testing.T) {
	cases := []struct {
		n    int
		each time.Duration
		want time.Duration
		why  string
	}{
		{65, 100 * time.Millisecond, 6500 * time.Millisecond, "65 pages at 100 ms each, one after the other (exercise 03's crawler before its fix)"},
		{20, 500 * time.Millisecond, 10 * time.Second, "20 calls of half a second each"},
		{0, time.Second, 0, "no call, no wait"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d x %v", c.n, c.each), func(t *testing.T) {
			got := SerialLatency(c.n, c.each)
			assert.Equalf(t, c.want, got, "SerialLatency(%d, %v) = %v, want %v: %s", c.n, c.each, got, c.want, c.why)
		})
	}
}

func TestConcurrentLatency(t *testing.T) {
	cases := []struct {
		n, k int
		each time.Duration
		want time.Duration
		why  string
	}{
		{64, 8, 100 * time.Millisecond, 800 * time.Millisecond, "64 calls, 8 at a time: 8 rounds of 100 ms"},
		{65, 8, 100 * time.Millisecond, 900 * time.Millisecond, "65 calls, 8 at a time: 8 full rounds, and a 9th round for the last call. " +
			"A call cannot be cut into pieces: round the number of rounds up (in ints, (n+k-1)/k), then multiply"},
		{10, 1, 500 * time.Millisecond, 5 * time.Second, "one at a time is the serial case"},
		{3, 10, 100 * time.Millisecond, 100 * time.Millisecond, "3 calls when 10 may wait at once: one round, all three wait together"},
		{1000, 100, 50 * time.Millisecond, 500 * time.Millisecond, "1000 calls, 100 waiting at once, even on a 2-core machine: " +
			"waiting uses no core, so the number of cores does not limit k"},
		{7, 2, time.Second, 4 * time.Second, "7 calls, 2 at a time: rounds of 2, 2, 2 and 1"},
		{8, 8, time.Second, time.Second, "exactly k calls: one round, all of them together"},
		{9, 8, time.Second, 2 * time.Second, "one call more than k: a second round for that one call"},
		{201, 200, time.Second, 2 * time.Second, "201 calls, 200 at a time: the 201st call still waits a whole " +
			"second round, however small a share of the calls it is. Rounding up by adding a little " +
			"(n/k + 0.99) misses it: 1.005 + 0.99 is below 2. Round up in whole numbers, (n+k-1)/k"},
		{10_000_001, 10_000_000, time.Microsecond, 2 * time.Microsecond, "ten million and one calls of 1 µs, " +
			"ten million at a time: two rounds. Count whole calls and whole rounds, in ints: the total wait " +
			"divided by k is 1.0000001 µs, and a time.Duration (whole nanoseconds) loses the 0.1 ns that says " +
			"a last call is left"},
		{3_000_000, 1_000_000, time.Millisecond, 3 * time.Millisecond, "three million calls, a million at a " +
			"time: three rounds, on any machine. Waits overlap however many cores there are"},
		{0, 4, time.Second, 0, "no call, no wait: zero rounds, not one"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d calls %d at a time", c.n, c.k), func(t *testing.T) {
			got := ConcurrentLatency(c.n, c.k, c.each)
			assert.Equalf(t, c.want, got, "ConcurrentLatency(%d, %d, %v) = %v, want %v: %s",
				c.n, c.k, c.each, got, c.want, c.why)
		})
	}
}
