// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import "golang.org/x/sync/errgroup"

// RunAll runs every task and returns the results in the order of tasks.
// Goroutines are cheap: one per task, and nothing waits for a place.
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var g errgroup.Group
	for i, t := range tasks {
		g.Go(func() error {
			var err error
			results[i], err = t.Run()
			return err
		})
	}
	return results, g.Wait()
}
