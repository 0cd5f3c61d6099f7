// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll gives each kind a lane, fed by its own goroutine. The CPU lane is
// as wide as the machine has cores. (The mistake: runtime.NumCPU() knows
// the machine, not a container's CPU limit nor a GOMAXPROCS the program
// set: with GOMAXPROCS at 3 or 6 on a 2-core machine the lane is 2 wide.)
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var cpu, io, other []int
	for i, t := range tasks {
		switch t.Kind {
		case CPU:
			cpu = append(cpu, i)
		case IO:
			io = append(io, i)
		default:
			other = append(other, i)
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
	all.Go(func() error { return feed(cpu, runtime.NumCPU()) })
	all.Go(func() error { return feed(io, IOLimit) })
	all.Go(func() error { return feed(other, -1) })
	return results, all.Wait()
}
