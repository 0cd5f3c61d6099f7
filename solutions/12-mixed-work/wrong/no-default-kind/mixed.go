// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll gives each kind a lane, fed by its own goroutine. (The mistake:
// the switch has no default, so a task of a kind nobody knows is never
// run: its error is lost, and its result is left zero.)
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var cpu, io, wait []int
	for i, t := range tasks {
		switch t.Kind {
		case CPU:
			cpu = append(cpu, i)
		case IO:
			io = append(io, i)
		case Wait:
			wait = append(wait, i)
		}
	}
	feed := func(idx []int, limit int) error {
		var g errgroup.Group
		g.SetLimit(limit)
		for _, i := range idx {
			g.Go(func() error {
				var err error
				results[i], err = tasks[i].Run()
				return err
			})
		}
		return g.Wait()
	}
	var all errgroup.Group
	all.Go(func() error { return feed(cpu, runtime.GOMAXPROCS(0)) })
	all.Go(func() error { return feed(io, IOLimit) })
	all.Go(func() error { return feed(wait, -1) })
	return results, all.Wait()
}
