package mixed

import (
	"fmt"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/internal/katatest"
)

// The timing tests run in virtual time (a synctest bubble): the waits and
// the archive's calls take exactly their durations, however busy the
// machine is, and CPU work, which is real, takes no virtual time at all. So
// the CPU lane is graded by how many CPU tasks were seen running at once,
// never by how fast they went.

// courseMix is the course's mix: 40 waits of 1 s, 32 archive calls of
// 250 ms (8 at once: 1 s), and 8 CPU tasks.
var courseMix = taskShape{cpu: 8, io: 32, wait: 40, n: 150_000, ioD: 250 * time.Millisecond, waitD: time.Second}

// laneTimes returns how long each lane needs on its own, in virtual time: the
// waits all at once, the archive calls IOLimit at a time. CPU work takes no
// virtual time.
func laneTimes(s taskShape) (ioLane, waitLane time.Duration) {
	rounds := (s.io + IOLimit - 1) / IOLimit
	return time.Duration(rounds) * s.ioD, s.waitD
}

// TestTimingMixedWork runs the whole mix and checks that it ends within
// 1.3x of its longest lane.
func TestTimingMixedWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tasks := testTasks(courseMix)
		ioLane, waitLane := laneTimes(courseMix)
		longest := max(ioLane, waitLane)
		budget := longest * 13 / 10

		taskLog.reset()
		start := time.Now()
		results, err := RunAll(tasks)
		elapsed := time.Since(start)
		requireResultsMatch(t, tasks, results, err)
		s := taskLog.read()

		katatest.Info(t, "Wait lane (40 waits of 1s) done at", s.last[Wait].String())
		katatest.Info(t, "IO lane (32 archive calls of 250ms) done at",
			fmt.Sprintf("%v (most at once: %d; %d at once need %v)", s.last[IO], s.most[IO], IOLimit, ioLane))
		katatest.Info(t, "CPU lane: most CPU tasks running at once in the mix", fmt.Sprint(s.most[CPU]))

		var note string
		switch {
		case s.last[Wait] > waitLane*13/10:
			note = fmt.Sprintf("Each Wait task waits %v, yet the last one ended at %v: the waits queued "+
				"for a place in a lane. A wait holds no core and no connection: give every Wait task its "+
				"own goroutine (a lane with no limit). And if the loop that hands out the tasks stops "+
				"while one lane is full (errgroup's Go blocks then), the tasks behind it wait too: feed "+
				"each lane from its own goroutine.", waitLane, s.last[Wait])
		case s.last[IO] > ioLane*13/10:
			note = fmt.Sprintf("The archive calls ended at %v; %d calls of %v, %d at once, need %v. Keep "+
				"IOLimit calls in flight all the time, on a lane of their own that no other kind of task "+
				"takes places in.", s.last[IO], courseMix.io, courseMix.ioD, IOLimit, ioLane)
		}
		katatest.WithinDuration(t, "whole mixed set, in virtual time (longest lane "+longest.String()+")",
			elapsed, budget, note)
	})
}

// TestTimingCPULane runs CPU tasks only and checks how many ran at once:
// as many as there are cores (up to 4 are required), and no more.
func TestTimingCPULane(t *testing.T) {
	cores := runtime.NumCPU()
	least := min(cores, 4)
	synctest.Test(t, func(t *testing.T) {
		tasks := testTasks(taskShape{cpu: max(8, 2*cores), n: courseMix.n})
		taskLog.reset()
		results, err := RunAll(tasks)
		requireResultsMatch(t, tasks, results, err)
		most := taskLog.read().most[CPU]

		var note string
		if most < least {
			note = fmt.Sprintf("At most %d CPU task ran at a time on a machine with %d cores: the other "+
				"cores stayed idle. Give CPU work a lane as wide as runtime.NumCPU().", most, cores)
		}
		katatest.AtLeast(t, "CPU tasks running at once (counted by Task.Run)", most, least, note)
		note = ""
		if most > cores {
			note = fmt.Sprintf("%d CPU tasks ran at once on %d cores: beyond %d they only take turns on the "+
				"cores, and each holds a place that an archive call or a wait could use. Give CPU work a lane "+
				"of its own, runtime.NumCPU() wide.", most, cores, cores)
		}
		katatest.AtMost(t, "CPU tasks running at once, on "+fmt.Sprint(cores)+" cores", most, cores, note)
		require.Positive(t, most, "no CPU task ran")
	})
}
