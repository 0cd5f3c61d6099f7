// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import "runtime"

// RunAll hands each task to a worker pool of its kind and counts the
// results as they come back on a channel. (The mistake: the counting loop
// takes a result before it checks whether all are in, so with no task at
// all it waits for ever.)
func RunAll(tasks []Task) ([]Result, error) {
	type done struct {
		i   int
		r   Result
		err error
	}
	results := make([]Result, len(tasks))
	finished := make(chan done, len(tasks))
	var queues [3]chan int
	width := [3]int{runtime.GOMAXPROCS(0), IOLimit, len(tasks)}
	for kind := range queues {
		queues[kind] = make(chan int, len(tasks))
		for range max(width[kind], 1) {
			go func() {
				for i := range queues[kind] {
					r, err := tasks[i].Run()
					finished <- done{i, r, err}
				}
			}()
		}
	}
	for i, t := range tasks {
		if t.Kind >= CPU && t.Kind <= Wait {
			queues[t.Kind] <- i
		} else {
			go func() {
				r, err := t.Run()
				finished <- done{i, r, err}
			}()
		}
	}
	for _, q := range queues {
		close(q)
	}
	var firstErr error
	count := 0
	for {
		d := <-finished
		results[d.i] = d.r
		if d.err != nil && firstErr == nil {
			firstErr = d.err
		}
		count++
		if count == len(tasks) {
			break
		}
	}
	return results, firstErr
}
