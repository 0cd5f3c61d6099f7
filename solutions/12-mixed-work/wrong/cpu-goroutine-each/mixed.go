// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import "golang.org/x/sync/errgroup"

// RunAll runs every task and returns the results in the order of tasks.
// The archive calls get a lane of IOLimit, fed by its own goroutine; the
// waits and the CPU tasks get a goroutine each. (The mistake: the CPU
// tasks then all compute at once, however few cores there are.)
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var ios []int
	var all errgroup.Group
	for i, t := range tasks {
		if t.Kind == IO {
			ios = append(ios, i)
			continue
		}
		all.Go(func() error {
			var err error
			results[i], err = t.Run()
			return err
		})
	}
	all.Go(func() error {
		var io errgroup.Group
		io.SetLimit(IOLimit)
		for _, i := range ios {
			io.Go(func() error {
				var err error
				results[i], err = tasks[i].Run()
				return err
			})
		}
		return io.Wait()
	})
	return results, all.Wait()
}
