package grader

import (
	"context"
	"runtime"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/testrun"
)

// timingRun runs the timing tests. Real-time ones measure with the
// machine held quiet (see machine.quiet); the wait for it does not count
// against the exercise's limit. Timing tests in a synctest bubble measure
// virtual time and run at once.
func (g *Grader) timingRun(ctx context.Context, job Job, spec runner.TestSpec, deadline time.Time) (classify.Facts, *testrun.Run, error) {
	if !job.VirtualClock {
		waited := time.Now()
		done, err := g.machine().quiet(ctx)
		if err != nil {
			return classify.Facts{}, nil, err
		}
		defer done()
		deadline = deadline.Add(time.Since(waited))
	}
	return g.run(ctx, job, spec, deadline)
}

func (g *Grader) machine() *machine {
	g.machineOnce.Do(func() { g.mach = newMachine(g.Jobs, runtime.NumCPU()-1) })
	return g.mach
}

// machine shares the computer between the gradings of one checker run.
//
// Grading is mostly waiting (on builds' disk, on tests' sleeps and
// servers), so more gradings than CPUs run at once. Each holds one share
// while it builds and runs its tests. A real-time timing run, though,
// measures wall-clock time: it waits for its turn (one at a time) and then
// holds every share but `beside`, so that while it measures at most
// `beside` other gradings go on: the "one core busy" every timing test is
// written to survive on a two-core machine.
type machine struct {
	need int64 // the shares a real-time timing run holds
	sem  *semaphore.Weighted
	turn chan struct{} // one real-time timing run at a time
}

// newMachine shares the machine between jobs gradings (at least one), of
// which at most beside run next to a real-time timing run.
func newMachine(jobs, beside int) *machine {
	shares := int64(max(jobs, 1))
	return &machine{
		need: max(shares-int64(max(beside, 0)), 1),
		sem:  semaphore.NewWeighted(shares),
		turn: make(chan struct{}, 1),
	}
}

// enter takes a grading's share; leave gives it back.
func (m *machine) enter(ctx context.Context) error { return m.sem.Acquire(ctx, 1) }
func (m *machine) leave()                          { m.sem.Release(1) }

// quiet waits for the turn of a real-time timing run and for the machine
// to be quiet enough, and returns what to call when the run is over. The
// caller must not hold a share (gradings waiting for the turn with a share
// in hand could hold back the shares the one whose turn it is needs). The
// semaphore serves requests in order, so gradings that arrive later wait
// behind the quiet one.
func (m *machine) quiet(ctx context.Context) (func(), error) {
	select {
	case m.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := m.sem.Acquire(ctx, m.need); err != nil {
		<-m.turn
		return nil, err
	}
	return func() {
		m.sem.Release(m.need)
		<-m.turn
	}, nil
}
