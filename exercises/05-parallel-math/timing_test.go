package parallelmath

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/asynckata/kata/exercises/05-parallel-math/internal/meter"
	"github.com/asynckata/kata/internal/katatest"
)

const (
	// patience is how long each ChunkSum call waits for the others to
	// join it before it starts working, in the concurrency measurement.
	// Calls started together meet at once; calls made one after another
	// each wait this long for nobody.
	patience = 200 * time.Millisecond
	// speedRounds is how often the speedup measurement runs each version;
	// the best run counts.
	speedRounds = 5
)

// sink keeps a result the test does not otherwise use.
var sink float64

// wantAtOnce is how many ChunkSum calls must be seen running at once:
// min(NumCPU, 4), and never fewer than 2 (so one at a time fails even on
// a one-core machine).
func wantAtOnce() int { return max(2, min(runtime.NumCPU(), 4)) }

// TestTimingParallelSum sums N square roots and checks, by watching
// ChunkSum's calls, that several chunks were worked on at the same time.
// It grades that structure rather than the speedup: on a shared machine
// whose other cores are busy, a correct parallel Sum may run no faster
// than a serial one. The speedup is shown for information.
func TestTimingParallelSum(t *testing.T) {
	workers := max(4, runtime.NumCPU())
	want := wantAtOnce()

	_, obs := observe(t, meter.Plan{Meet: want, Patience: patience}, N, workers)
	atOnce, calls := obs.MaxInFlight, len(obs.Calls)

	var note string
	switch {
	case atOnce >= want:
	case calls == 0:
		note = fmt.Sprintf("Sum(%d, %d) never called ChunkSum: do each chunk's work with ChunkSum(lo, hi), "+
			"which is how the test sees the chunks running at the same time.", N, workers)
	case calls == 1:
		note = fmt.Sprintf("Sum(%d, %d) did all the work in %d call of ChunkSum, on one goroutine, so one "+
			"core did everything while the others idled. Split [0, n) into workers chunks and start a "+
			"goroutine per chunk (make hint EX=05).", N, workers, calls)
	case atOnce == 1:
		note = fmt.Sprintf("Sum(%d, %d) called ChunkSum %d times, but never two at the same time: the calls "+
			"took turns. Something makes each goroutine wait for the previous one: a mutex held around "+
			"ChunkSum, or waiting for each goroutine right after starting it. Start all of them first, "+
			"then wait once (sync.WaitGroup); give each its own slot of a slice for its result, so it "+
			"needs no lock.", N, workers, calls)
	default:
		note = fmt.Sprintf("Sum(%d, %d) called ChunkSum %d times, at most %d at once; %d should run at the "+
			"same time. Start one goroutine per chunk before waiting for any of them.",
			N, workers, calls, atOnce, want)
	}
	katatest.AtLeast(t, "ChunkSum calls running at the same time (most seen)", atOnce, want, note)

	// The speedup, for information only: the best of a few runs of Sum
	// against the plain loop over [0, N) on one goroutine.
	serial, parallel := time.Duration(1<<62), time.Duration(1<<62)
	for range speedRounds {
		start := time.Now()
		sink = meter.Roots(0, N) // kept, so the compiler cannot drop the loop
		serial = min(serial, time.Since(start))
		start = time.Now()
		observe(t, meter.Plan{}, N, workers)
		parallel = min(parallel, time.Since(start))
	}
	katatest.Info(t, "time to sum the square roots", fmt.Sprintf("Sum %v, one goroutine %v (best of %d)",
		parallel.Round(100*time.Microsecond), serial.Round(100*time.Microsecond), speedRounds))
	katatest.Info(t, "speedup over one goroutine", fmt.Sprintf("%.1fx with %d workers on %d CPUs "+
		"(not graded: other programs may be using the cores)",
		float64(serial)/float64(parallel), workers, runtime.NumCPU()))
}
