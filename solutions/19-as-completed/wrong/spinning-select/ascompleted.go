// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: no pool of workers, but at most Workers goroutines, one per job,
// started by the loop that reads their results, with a select on the next
// result or ctx.Done(). Right until AsCompleted stops: ctx.Done() is then
// closed for good, so that arm is ready on every turn of the loop, and
// while it waits for the cancelled jobs to close what they opened, the
// loop spins without ever blocking. On a machine that burns a core for
// 6.7 ms; in the tests' bubble, where the clock moves only when every
// goroutine waits, it stops the clock for good.
// Rejected by: tests (the clock stands still at the first error, and the
// test says where the goroutine spins).

import (
	"context"
	"time"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	type outcome struct {
		res Result
		err error
	}
	results := make(chan outcome)
	var (
		done    []Result
		first   error
		next    int
		running int
	)
	for {
		for first == nil && running < Workers && next < len(jobs) {
			job := jobs[next]
			next++
			running++
			go func() {
				res, err := job(ctx)
				results <- outcome{res, err}
			}()
		}
		if running == 0 {
			return done, first
		}
		select {
		case o := <-results:
			running--
			switch {
			case first != nil:
			case o.err != nil:
				first = o.err
				cancel()
			default:
				handle(o.res)
				done = append(done, o.res)
			}
		case <-ctx.Done():
			if first == nil {
				first = ctx.Err()
			}
		}
	}
}
