// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll runs every task and returns the results in the order of tasks.
// The archive calls have a lane fed by its own goroutine; the loop starts
// the waits and hands CPU tasks to a lane GOMAXPROCS wide. (The mistake:
// that lane's Go blocks the loop while GOMAXPROCS CPU tasks run, and the
// waits further down the list start late.)
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	run := func(i int) func() error {
		return func() error {
			var err error
			results[i], err = tasks[i].Run()
			return err
		}
	}
	var ios []int
	for i, t := range tasks {
		if t.Kind == IO {
			ios = append(ios, i)
		}
	}
	var all, cpu errgroup.Group
	cpu.SetLimit(runtime.GOMAXPROCS(0))
	all.Go(func() error {
		var io errgroup.Group
		io.SetLimit(IOLimit)
		for _, i := range ios {
			io.Go(run(i))
		}
		return io.Wait()
	})
	for i, t := range tasks {
		switch t.Kind {
		case IO:
		case CPU:
			cpu.Go(run(i))
		default:
			all.Go(run(i))
		}
	}
	all.Go(cpu.Wait)
	return results, all.Wait()
}
