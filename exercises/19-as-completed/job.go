package ascompleted

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import "context"

// Workers is the pool's width: AsCompleted runs at most Workers jobs at
// once (and Workers at once while there are that many left to run).
const Workers = 6

// Result is what one job produced: the title of one web page.
type Result struct {
	// Job is the job's index in the slice AsCompleted was given.
	Job int
	// Title is the page's title.
	Title string
}

// Job fetches one page's title. The tests supply the jobs; each takes a
// different time, from a few milliseconds to nearly 3 seconds.
//
// A job first connects, which takes 2.3 ms and cannot be interrupted,
// whatever its ctx: a job called with a ctx that is already cancelled
// still connects, then returns ctx's error. Then it fetches the page. When
// ctx is cancelled while it fetches, it stops at once, takes 6.7 ms to
// close what it opened, and returns an error wrapping ctx.Err(). Otherwise
// it returns its Result, or an error of its own when the page cannot be
// fetched.
//
// A job may be called from any goroutine, at most once.
type Job func(ctx context.Context) (Result, error)
