// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import "golang.org/x/sync/errgroup"

// RunAll runs every task and returns the results in the order of tasks:
// results[i] is the result of tasks[i]. It returns the first error a task
// returned, after every task it started has finished. (The mistake: a CPU
// lane of a constant 4, too wide for a 2-core machine and too narrow for a
// 16-core one.)
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))

	// Sort the tasks' indexes into lanes first: each lane then gets its own
	// list to work through.
	var byKind [3][]int
	var others []int // a kind nobody knows: Task.Run reports it
	for i, t := range tasks {
		if t.Kind >= CPU && t.Kind <= Wait {
			byKind[t.Kind] = append(byKind[t.Kind], i)
		} else {
			others = append(others, i)
		}
	}
	width := map[Kind]int{
		CPU:  4, // a few cores: enough on a laptop
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
			lane.SetLimit(width[Kind(kind)])
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
	for _, i := range others {
		all.Go(func() error {
			var err error
			results[i], err = tasks[i].Run()
			return err
		})
	}
	// Wait returns once every lane has finished, with the first error any
	// lane returned. (An errgroup.WithContext would let a failure cancel
	// the rest; Task.Run takes no context, so here it could not.)
	return results, all.Wait()
}
