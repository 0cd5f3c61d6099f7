// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"
	"time"

	"golang.org/x/sync/errgroup"
)

// RunAll gives each kind a lane, fed by its own goroutine. A wait needs no
// Run, it seems: its goroutine sleeps for it and writes its result itself.
// (The mistake: the task is not run through Task.Run, so what Run does
// besides waiting, here telling the tests it ran, is skipped.)
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var cpu, io, other []int
	var waits errgroup.Group
	for i, t := range tasks {
		switch t.Kind {
		case CPU:
			cpu = append(cpu, i)
		case IO:
			io = append(io, i)
		case Wait:
			waits.Go(func() error {
				time.Sleep(t.D)
				results[i] = Result{ID: t.ID, Value: int(t.D / time.Millisecond)}
				return nil
			})
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
	all.Go(func() error { return feed(cpu, runtime.GOMAXPROCS(0)) })
	all.Go(func() error { return feed(io, IOLimit) })
	all.Go(func() error { return feed(other, -1) })
	all.Go(waits.Wait)
	return results, all.Wait()
}
