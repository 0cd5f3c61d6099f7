// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import "golang.org/x/sync/errgroup"

// RunAll runs every task and returns the results in the order of tasks.
// Waits get a goroutine each; everything that does work shares one lane,
// fed by its own goroutine.
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var waits, work []int
	for i, t := range tasks {
		if t.Kind == Wait {
			waits = append(waits, i)
		} else {
			work = append(work, i)
		}
	}
	var all errgroup.Group
	for _, i := range waits {
		all.Go(func() error {
			var err error
			results[i], err = tasks[i].Run()
			return err
		})
	}
	all.Go(func() error {
		var lane errgroup.Group
		lane.SetLimit(IOLimit)
		for _, i := range work {
			lane.Go(func() error {
				var err error
				results[i], err = tasks[i].Run()
				return err
			})
		}
		return lane.Wait()
	})
	return results, all.Wait()
}
