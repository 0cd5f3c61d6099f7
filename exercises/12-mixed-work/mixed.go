// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
//
// The starter runs every task on one lane: a pool of IOLimit goroutines.
// The archive service is never overloaded, but a task that only waits
// holds one of the eight places as long as a call does, and CPU work runs
// eight at once on however many cores there are.
package mixed

import "golang.org/x/sync/errgroup"

// RunAll runs every task and returns the results in the order of tasks:
// results[i] is the result of tasks[i]. It returns the first error a task
// returned, after every task it started has finished.
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var lane errgroup.Group
	lane.SetLimit(IOLimit) // one lane for everything, sized for the archive
	for i, t := range tasks {
		// Go waits here while IOLimit tasks are running.
		lane.Go(func() error {
			r, err := t.Run()
			results[i] = r
			return err
		})
	}
	return results, lane.Wait()
}
