// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
//
// Each kind goes to a lane sized for what it uses up: CPU tasks use cores,
// so their lane is runtime.GOMAXPROCS(0) wide (how many goroutines Go runs
// at the same moment: the CPUs, or a container's CPU limit); archive calls
// use the service's connections, so their lane is IOLimit wide; waits use
// nothing, so each gets its own goroutine.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll runs every task and returns the results in the order of tasks:
// results[i] is the result of tasks[i]. It returns the first error a task
// returned, after every task it started has finished.
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))

	// Sort the tasks' indexes into lanes first: each lane then gets its own
	// list to work through.
	var byKind [3][]int
	for i, t := range tasks {
		switch t.Kind {
		case CPU, IO:
			byKind[t.Kind] = append(byKind[t.Kind], i)
		default:
			// Waits, and a kind nobody knows: its Run reports the error at
			// once, so it needs no place in a lane either.
			byKind[Wait] = append(byKind[Wait], i)
		}
	}
	width := [3]int{
		CPU:  runtime.GOMAXPROCS(0), // read now: it can change while a program runs
		IO:   IOLimit,
		Wait: -1, // no limit: a goroutine per wait costs a few KB and no CPU
	}

	// One goroutine feeds each lane. errgroup's Go blocks while its group
	// is at its limit, so a single loop feeding all three lanes would stop
	// at the first full lane, and the waits behind it would wait with it.
	var all errgroup.Group
	for kind, idx := range byKind {
		all.Go(func() error {
			var lane errgroup.Group
			lane.SetLimit(width[kind])
			for _, i := range idx {
				lane.Go(func() error {
					var err error
					results[i], err = tasks[i].Run() // each goroutine writes its own slot: no lock
					return err
				})
			}
			return lane.Wait()
		})
	}
	// Wait returns once every lane has finished, with the first error any
	// lane returned. (An errgroup.WithContext would let a failure cancel
	// the rest; Task.Run takes no context, so here it could not.)
	return results, all.Wait()
}
