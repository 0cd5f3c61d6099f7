package mixed

import (
	"fmt"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/exercises/12-mixed-work/internal/tasklog"
	"github.com/asynckata/kata/internal/katatest"
)

// The timing tests run in virtual time (a synctest bubble): the waits and
// the archive's calls take exactly their durations, however busy the
// machine is. Real computing takes no virtual time at all, so here each
// CPU task also holds its place for cpuHold of the virtual clock after its
// work, as a longer computation would hold its core (Task.Run does it).
// The clock can then see the CPU lane: how many CPU tasks run at once, and
// whether a full lane holds up the others. Nothing depends on how fast the
// machine is or how busy: the clock moves only when every goroutine waits.
//
// The CPU lane is checked at two GOMAXPROCS settings, which the tests set
// themselves: a lane sized by runtime.GOMAXPROCS(0) fits both, while a
// lane of a fixed width, of runtime.NumCPU(), or with no limit misses at
// least one, on a 2-core laptop as on a 64-core server.

const (
	// cpuHold is how long each CPU task holds its place in the timing
	// tests, in virtual time. Like the other durations here it is an odd
	// figure, so that no moment of the test ties with the tick of a
	// ticker a solution might use (10 ms, 50 ms, 100 ms, 1 s).
	cpuHold = 213 * time.Millisecond
	// slackPercent is how much later than on its own a lane may end.
	slackPercent = 10
)

// procsSettings are the GOMAXPROCS values the timing tests run at.
var procsSettings = []int{3, 6}

// courseMix is the course's mix: 40 waits (here of 1.037 s), 32 archive
// calls (of 257 ms: 8 at once, 1.028 s), and 8 CPU tasks.
var courseMix = taskShape{cpu: 8, io: 32, wait: 40, n: 50_000, ioD: 257 * time.Millisecond, waitD: 1037 * time.Millisecond}

// atEachGOMAXPROCS runs test once per setting of procsSettings, in a
// subtest, with GOMAXPROCS set to it, and stops at the first that fails.
func atEachGOMAXPROCS(t *testing.T, test func(t *testing.T, procs int)) {
	for _, procs := range procsSettings {
		ok := t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			test(t, procs)
		})
		if !ok {
			return
		}
	}
}

// laneTimes returns how long each lane of s needs on its own, in virtual
// time (the CPU tasks procs at a time, the archive calls IOLimit at a
// time, the waits all at once), and when its last task starts then.
func laneTimes(s taskShape, procs int) (alone, lastStart [3]time.Duration) {
	rounds := func(n, width int) time.Duration { return time.Duration((n + width - 1) / width) }
	alone[CPU], lastStart[CPU] = rounds(s.cpu, procs)*cpuHold, (rounds(s.cpu, procs)-1)*cpuHold
	alone[IO], lastStart[IO] = rounds(s.io, IOLimit)*s.ioD, (rounds(s.io, IOLimit)-1)*s.ioD
	if s.wait > 0 {
		alone[Wait] = s.waitD
	}
	return alone, lastStart
}

// withSlack is d plus slackPercent.
func withSlack(d time.Duration) time.Duration { return d * (100 + slackPercent) / 100 }

// TestTimingMixedWork runs the whole mix at each GOMAXPROCS setting and
// checks that every lane ends as it would on its own (within 10%): no lane
// waits for room in another. The whole mix then ends with its longest lane.
func TestTimingMixedWork(t *testing.T) {
	atEachGOMAXPROCS(t, func(t *testing.T, procs int) {
		synctest.Test(t, func(t *testing.T) {
			tasks := testTasks(courseMix)
			alone, lastStart := laneTimes(courseMix, procs)
			longest := max(alone[CPU], alone[IO], alone[Wait])

			tasklog.Start(cpuHold)
			start := time.Now()
			results, err := RunAll(tasks)
			elapsed := time.Since(start)
			requireResultsMatch(t, tasks, results, err)
			s := tasklog.Read()

			katatest.Info(t, fmt.Sprintf("GOMAXPROCS %d, most tasks running at once (CPU, IO, Wait)", procs),
				fmt.Sprintf("%d, %d, %d", s.Most[CPU], s.Most[IO], s.Most[Wait]))
			lanes := []lane{
				{Wait, courseMix.wait, courseMix.wait, fmt.Sprintf("%d waits of %v, all at once", courseMix.wait, courseMix.waitD),
					"A wait holds no core and no connection: give every Wait task its own goroutine (a lane with no limit)."},
				{IO, courseMix.io, IOLimit, fmt.Sprintf("%d archive calls of %v, %d at once", courseMix.io, courseMix.ioD, IOLimit),
					"Give archive calls a lane of their own, IOLimit wide, whose places no other kind of task takes."},
				{CPU, courseMix.cpu, procs, fmt.Sprintf("%d CPU tasks of %v, %d at once", courseMix.cpu, cpuHold, procs),
					"Give CPU tasks a lane of their own, runtime.GOMAXPROCS(0) wide."},
			}
			for _, l := range lanes {
				l.check(t, s, procs, alone[l.kind], lastStart[l.kind])
			}
			var note string
			if last := max(s.Last[CPU], s.Last[IO], s.Last[Wait]); elapsed > withSlack(longest) {
				note = "The lanes above say which one ended late, and why."
				if last <= withSlack(longest) {
					note = fmt.Sprintf("Every task had ended by %v, yet RunAll returned at %v: it waits for "+
						"something besides the tasks.", last, elapsed)
				}
			}
			katatest.WithinDuration(t, fmt.Sprintf("GOMAXPROCS %d, whole mixed set (longest lane %v)", procs, longest),
				elapsed, withSlack(longest), note)
		})
	})
}

// lane is one lane of the mix, for its check: its kind, how many tasks it
// has, how many of them should run at once, what it holds (for the
// figure's name) and the fix for a lane too narrow.
type lane struct {
	kind         Kind
	tasks, width int
	shape, fix   string
}

// check reports when the lane's last task ended, against the time the
// lane needs on its own (alone, its last task starting at startAlone) plus
// the slack, and says why it was late: too few of its tasks ran at once,
// or they were handed out late (the loop that hands out the tasks waited
// for room in another lane) or queued behind other tasks in their lane.
func (l lane) check(t *testing.T, s tasklog.Figures, procs int, alone, startAlone time.Duration) {
	t.Helper()
	budget := withSlack(alone)
	var note string
	switch most, started := s.Most[l.kind], s.LastStart[l.kind]; {
	case s.Last[l.kind] <= budget:
	case most < min(l.width, l.tasks):
		note = fmt.Sprintf("On its own this lane needs %v, but its last task ended at %v: at most %d of its "+
			"%d tasks ran at once, where %d can. %s", alone, s.Last[l.kind], most, l.tasks, min(l.width, l.tasks), l.fix)
	default:
		note = fmt.Sprintf("On its own this lane needs %v, but its last task ended at %v. Up to %d of its tasks "+
			"ran at once, yet the last one started only at %v (on its own: at %v): the tasks were handed out "+
			"late, or queued behind other kinds of task for places. If the loop that hands out the tasks "+
			"waits for room in a full lane (errgroup's Go blocks while its group is at its limit), every "+
			"task behind it waits too: feed each lane from its own goroutine. %s",
			alone, s.Last[l.kind], most, started, startAlone, l.fix)
	}
	katatest.WithinDuration(t, fmt.Sprintf("GOMAXPROCS %d, %v lane done at (%s: %v on its own)", procs, l.kind,
		l.shape, alone), s.Last[l.kind], budget, note)
}

// TestTimingCPULane runs CPU tasks only, at each GOMAXPROCS setting, and
// checks how many ran at once: as many as GOMAXPROCS, no fewer and no
// more. Each CPU task holds its place for cpuHold of virtual time, so the
// count is exact on any machine.
func TestTimingCPULane(t *testing.T) {
	atEachGOMAXPROCS(t, func(t *testing.T, procs int) {
		synctest.Test(t, func(t *testing.T) {
			shape := taskShape{cpu: 2*procs + 2, n: courseMix.n}
			tasks := testTasks(shape)
			tasklog.Start(cpuHold)
			results, err := RunAll(tasks)
			requireResultsMatch(t, tasks, results, err)
			most := tasklog.Read().Most[CPU]
			require.Positive(t, most, "no CPU task ran")

			what := fmt.Sprintf("GOMAXPROCS %d, CPU tasks running at once (counted by Task.Run)", procs)
			var note string
			if most < procs {
				note = fmt.Sprintf("At most %d CPU tasks ran at once while Go could run %d goroutines at the "+
					"same moment (GOMAXPROCS): the other places stayed idle. Size the CPU lane with "+
					"runtime.GOMAXPROCS(0), read each time RunAll runs: not runtime.NumCPU() (it ignores a "+
					"container's CPU limit, and GOMAXPROCS can be set lower), and not a constant.", most, procs)
			}
			katatest.AtLeast(t, what, most, procs, note)
			note = ""
			if most > procs {
				note = fmt.Sprintf("%d CPU tasks ran at once while Go runs at most %d goroutines at the same "+
					"moment (GOMAXPROCS): beyond that they only take turns on the cores, and each holds a "+
					"place that an archive call or a wait could use. A goroutine per CPU task, or a lane of "+
					"a fixed width, is too wide on a small machine. Give CPU work a lane of its own, "+
					"runtime.GOMAXPROCS(0) wide.", most, procs)
			}
			katatest.AtMost(t, what, most, procs, note)
		})
	})
}
