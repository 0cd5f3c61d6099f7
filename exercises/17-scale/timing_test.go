package scale

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/internal/katatest"
)

// The timing tests run in virtual time (a synctest bubble): the clients
// connect, and the backend answers, at exact moments of a fake clock that
// moves only when every goroutine waits. The figures are the same on a
// busy laptop and on an idle server.

// measureAt is when TestTimingServe measures the memory of the waiting
// clients: every client has connected (the last at 0.474 s) and none has
// its answer yet (the first at 1.0004 s).
const measureAt = 731_000_001 * time.Nanosecond

// censusAt is when TestTimingServe counts the server's goroutines while
// the clients are still connecting: about half of them have.
const censusAt = 236_700_001 * time.Nanosecond

// spareGoroutines is how many goroutines the server may run beyond one per
// client connected: a few helpers, not a pool waiting for clients to come.
const spareGoroutines = 64

// threadStack is the stack a new thread reserves by default on Linux
// (ulimit -s, 8 MiB).
const threadStack = 8 << 20

// procsSettings are the GOMAXPROCS values TestTimingServeCPU runs at.
var procsSettings = []int{3, 6}

// TestTimingServe serves the course's 10,000 clients, whose requests wait
// 1 to 3 s each at the backend, and checks that no client waits more than
// its own wait at the backend, plus 1 ms. It also shows, for information,
// how much memory each waiting client cost.
func TestTimingServe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sh := courseShape
		s := start(sh)

		// The stacks of goroutines that have ended are freed by a
		// collection: start from there.
		runtime.GC()
		var before, during runtime.MemStats
		var waiting, more, census int
		counted, measured := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(counted)
			time.Sleep(censusAt)
			census = runtime.NumGoroutine()
		}()
		go func() {
			defer close(measured)
			time.Sleep(measureAt)
			runtime.ReadMemStats(&during)
			more = runtime.NumGoroutine()
			s.mu.Lock()
			waiting = s.fetching.now
			s.mu.Unlock()
		}()
		runtime.ReadMemStats(&before)
		goroutines := runtime.NumGoroutine() // the two above included

		r := serveOn(s, sh, serveWaiting)
		<-counted
		<-measured
		census -= goroutines   // both counting goroutines were alive then
		more -= goroutines - 1 // the census's had ended
		r.checkAnswers(t)
		require.False(t, t.Failed(), "the figures below need every client answered once")

		// How late each client's answer came, beyond its own wait.
		late := make([]time.Duration, sh.n)
		latency := make([]time.Duration, sh.n)
		worst := 0
		for i, c := range s.clients {
			latency[i] = s.replyAt[i] - c.arrive
			late[i] = latency[i] - c.wait
			if late[i] > late[worst] {
				worst = i
			}
		}
		slices.Sort(latency)
		katatest.Info(t, "latency of a client (connected to answered)", fmt.Sprintf("median %v, longest %v "+
			"(their own waits at the backend: 1.0 s to 3.0 s)", latency[sh.n/2].Round(time.Millisecond),
			latency[sh.n-1].Round(time.Millisecond)))
		katatest.Info(t, "clients waiting on the backend at once, at most", fmt.Sprint(s.fetching.most))
		katatest.Info(t, "Serve returned at", fmt.Sprintf("%v (the last answer: %v)", ms(r.returned), ms(s.lastAnswer())))
		memoryInfo(t, before, during, waiting, more)

		var note string
		if late[worst] > lateBudget {
			c := s.clients[worst]
			note = fmt.Sprintf("Client %d connected at %v and its answer came at %v: %v after it connected, though "+
				"the backend needed only %v for it. The backend had at most %d of the clients at the same moment: "+
				"the others waited in line, for a worker or for the clients before them. Waiting costs no CPU, only a goroutine "+
				"of a few KB: serve each client in its own goroutine, started as soon as Accept returns it "+
				"(make hint EX=17).", worst, ms(c.arrive), ms(s.replyAt[worst]), ms(s.replyAt[worst]-c.arrive),
				ms(c.wait), s.fetching.most)
		}
		katatest.WithinDuration(t, "longest wait of a client beyond its own wait at the backend",
			late[worst], lateBudget, note)

		// While the clients connect, the server needs a goroutine per
		// client connected, no more: a pool as large as the crowd, started
		// before the clients come, only looks like a goroutine per client.
		connected := int((censusAt-firstArrival)/arrivalGap) + 1
		spare := max(census-connected, 0)
		note = ""
		if spare > spareGoroutines {
			note = fmt.Sprintf("At %v, %d clients had connected and the server ran %d goroutines: %d more "+
				"than one per client, waiting for clients that had not come yet. A pool as large as the "+
				"crowd serves this crowd, and not one client more: start a goroutine for each client when "+
				"Accept returns it.", ms(censusAt), connected, census, spare)
		}
		katatest.AtMost(t, fmt.Sprintf("goroutines of the server beyond one per client connected (at %v)",
			ms(censusAt)), spare, spareGoroutines, note)
	})
}

// memoryInfo reports, for information, the stack memory each waiting
// client took, beside what a thread per client would reserve.
func memoryInfo(t *testing.T, before, during runtime.MemStats, waiting, more int) {
	t.Helper()
	if waiting == 0 {
		katatest.Info(t, "stack per waiting client", fmt.Sprintf("not measured: no client was waiting on the "+
			"backend at %v", measureAt))
		return
	}
	stack := int64(during.StackInuse) - int64(before.StackInuse)
	per := float64(stack) / float64(waiting)
	katatest.Info(t, "stack per waiting client", fmt.Sprintf("%.1f KiB (%d clients waiting at %v, %d goroutines "+
		"more than before Serve, %.1f MiB of stack in all)", per/1024, waiting, ms(measureAt), more,
		float64(stack)/(1<<20)))
	katatest.Info(t, "a thread per waiting client instead", fmt.Sprintf("%d MiB of stack reserved per thread by "+
		"default on Linux (ulimit -s): %.1f GiB of address space for %d threads, %.0fx a goroutine's stack",
		threadStack>>20, float64(waiting)*threadStack/(1<<30), waiting, threadStack/max(per, 1)))
}

// ms rounds d to the millisecond, or to the microsecond below 1 s, for
// the messages.
func ms(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

// TestTimingServeCPU runs ServeCPU over the 10,000 clients at GOMAXPROCS
// 3 and 6, set by the test, and checks that exactly that many Compute
// calls ran at once. Compute holds its core for 7.3 ms of virtual time, so
// the count is exact on any machine.
func TestTimingServeCPU(t *testing.T) {
	for _, procs := range procsSettings {
		ok := t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			synctest.Test(t, func(t *testing.T) {
				sh := courseShape
				s := start(sh)
				r := serveOn(s, sh, serveCPU)
				r.checkAnswers(t)
				most := s.computing.most
				need := time.Duration((sh.n+procs-1)/procs) * cpuHold
				katatest.Info(t, fmt.Sprintf("GOMAXPROCS %d, ServeCPU's last answer", procs), fmt.Sprintf("at %v "+
					"of virtual time: %d clients of %v of CPU each on %d cores need %v, however many goroutines "+
					"wait for a core", ms(s.lastAnswer()), sh.n, ms(cpuHold), procs, ms(need)))

				what := fmt.Sprintf("GOMAXPROCS %d, Compute calls running at once", procs)
				var note string
				if most < procs {
					note = fmt.Sprintf("At most %d Compute calls ran at once while Go could run %d goroutines "+
						"at the same moment (GOMAXPROCS %d): the other cores stayed idle, and the clients waited "+
						"longer. Serve CPU-bound clients with runtime.GOMAXPROCS(0) workers, read each time "+
						"ServeCPU runs: not runtime.NumCPU() (it ignores a container's CPU limit, and "+
						"GOMAXPROCS can be set lower), and not a constant.", most, procs, procs)
				}
				katatest.AtLeast(t, what, most, procs, note)
				note = ""
				if most > procs {
					note = fmt.Sprintf("%d Compute calls ran at once while Go runs at most %d goroutines at the "+
						"same moment (GOMAXPROCS %d): the others only waited for a core, each holding a goroutine "+
						"and its memory, and the last answer came no sooner. Computing does not scale with "+
						"goroutines as waiting does: a goroutine per client, or a pool of a fixed size, is too "+
						"wide. Serve CPU-bound clients with runtime.GOMAXPROCS(0) workers.", most, procs, procs)
				}
				katatest.AtMost(t, what, most, procs, note)
			})
		})
		if !ok {
			return
		}
	}
}
