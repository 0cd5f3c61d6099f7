package parallelmath

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/asynckata/kata/exercises/05-parallel-math/internal/meter"
	"github.com/asynckata/kata/internal/katatest"
)

// speedRounds is how often the speedup measurement runs each version;
// the best run counts.
const speedRounds = 5

// sink keeps a result the test does not otherwise use.
var sink float64

// TestTimingParallelSum sums N square roots with GOMAXPROCS set to 3 and
// then 6, calling Sum(N, runtime.GOMAXPROCS(0)), and checks, by watching
// ChunkSum's calls, that exactly that many chunks were worked on at the
// same time: no fewer (the cores would idle) and no more. It grades that
// structure rather than the speedup: on a shared machine whose other cores
// are busy, a correct parallel Sum may run no faster than a serial one. The
// speedup is shown for information.
//
// Each call waits, before it starts, up to meetWait for one call more than
// GOMAXPROCS to join it: calls started together are then all in progress
// at the same moment, however busy the machine; calls made one after
// another wait meetWait each, so that check is slow to fail, never wrong.
func TestTimingParallelSum(t *testing.T) {
	for _, procs := range []int{3, 6} {
		ok := t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			workers := runtime.GOMAXPROCS(0)
			_, obs := observe(t, meter.Plan{Meet: workers + 1, Patience: meetWait}, N, workers)
			atOnce, calls := obs.MaxInFlight, len(obs.Calls)
			what := fmt.Sprintf("Sum(N, %d) with GOMAXPROCS %d: ChunkSum calls running at the same time (most seen)",
				workers, procs)

			var note string
			switch {
			case atOnce >= workers:
			case calls == 0:
				note = fmt.Sprintf("Sum(%d, %d) never called ChunkSum: do each chunk's work with ChunkSum(lo, hi), "+
					"which is how the test sees the chunks running at the same time.", N, workers)
			case calls == 1:
				note = fmt.Sprintf("Sum(%d, %d) did all the work in 1 call of ChunkSum, on one goroutine, so one "+
					"core did everything while the others idled. Split [0, n) into workers chunks and start a "+
					"goroutine per chunk (make hint EX=05).", N, workers)
			case atOnce == 1:
				note = fmt.Sprintf("Sum(%d, %d) called ChunkSum %d times, but never two at the same time: the calls "+
					"took turns. Something makes each goroutine wait for the previous one: a mutex held around "+
					"ChunkSum, or waiting for each goroutine right after starting it. Start all of them first, "+
					"then wait once (sync.WaitGroup); give each its own slot of a slice for its result, so it "+
					"needs no lock.", N, workers, calls)
			default:
				note = fmt.Sprintf("Sum(%d, %d) called ChunkSum %d times, at most %d at once; all %d chunks should "+
					"run at the same time. Start one goroutine per chunk, workers of them (not a fixed number, "+
					"nor runtime.NumCPU()), before waiting for any.", N, workers, calls, atOnce, workers)
			}
			katatest.AtLeast(t, what, atOnce, workers, note)
			note = ""
			if atOnce > workers {
				note = fmt.Sprintf("Sum(%d, %d) had %d calls of ChunkSum in progress at once (in %d calls): workers "+
					"is how many chunks may be summed at the same time. Make workers chunks, one goroutine each.",
					N, workers, atOnce, calls)
			}
			katatest.AtMost(t, what, atOnce, workers, note)
		})
		if !ok {
			return
		}
	}

	// The speedup, for information only, at the machine's own GOMAXPROCS:
	// the best of a few runs of Sum against the plain loop over [0, N) on
	// one goroutine.
	workers := runtime.GOMAXPROCS(0)
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
	katatest.Info(t, "speedup over one goroutine", fmt.Sprintf("%.1fx with %d workers, GOMAXPROCS %d "+
		"(not graded: other programs may be using the cores)", float64(serial)/float64(parallel), workers, workers))
}
