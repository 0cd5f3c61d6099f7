package grader

import (
	"context"
	"sync"
	"time"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/testrun"
)

// timingRun runs the timing tests. Real-time ones wait for the real-time
// slot, so while they measure no other grading run of this checker takes
// the CPU from them; the wait does not count against the exercise's
// limit. Timing tests in a synctest bubble measure virtual time and run
// at once.
func (g *Grader) timingRun(ctx context.Context, job Job, spec runner.TestSpec, deadline time.Time) (classify.Facts, *testrun.Run, error) {
	if !job.VirtualClock {
		waited := time.Now()
		if err := g.realTime.acquire(ctx); err != nil {
			return classify.Facts{}, nil, err
		}
		defer g.realTime.release()
		deadline = deadline.Add(time.Since(waited))
	}
	return g.run(ctx, job, spec, deadline)
}

// slot is a semaphore of one whose zero value is ready to use.
type slot struct {
	once sync.Once
	ch   chan struct{}
}

func (s *slot) acquire(ctx context.Context) error {
	s.once.Do(func() { s.ch = make(chan struct{}, 1) })
	select {
	case s.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *slot) release() { <-s.ch }
