package ascompleted

import (
	"context"
	"time"
)

// AsCompleted as one event loop: the calling goroutine starts a goroutine
// per job while fewer than Workers run, and waits on the outcomes and on
// ctx in one select.
func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	type outcome struct {
		res Result
		err error
	}
	outcomes := make(chan outcome)
	next, running := 0, 0
	var handled []Result
	var stopErr error
	stopped := false
	ctxDone := ctx.Done()

	for {
		for !stopped && running < Workers && next < len(jobs) {
			job := jobs[next]
			next++
			running++
			go func() {
				r, err := job(ctx)
				outcomes <- outcome{r, err}
			}()
		}
		if running == 0 && (stopped || next == len(jobs)) {
			return handled, stopErr
		}
		select {
		case o := <-outcomes:
			running--
			if stopped {
				continue
			}
			if o.err != nil {
				stopped = true
				stopErr = o.err
				cancel()
				continue
			}
			handle(o.res)
			handled = append(handled, o.res)
		case <-ctxDone:
			ctxDone = nil
			if !stopped {
				stopped = true
				stopErr = ctx.Err()
			}
		}
	}
}
