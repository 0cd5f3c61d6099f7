// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll runs every task and returns the results in the order of tasks.
// Each kind has a lane of the right width, and the lanes run one after
// another: the CPU tasks, then the archive calls, then the waits. (The
// mistake: the lanes should run at the same time.)
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var byKind [3][]int
	var others []int
	for i, t := range tasks {
		if t.Kind >= CPU && t.Kind <= Wait {
			byKind[t.Kind] = append(byKind[t.Kind], i)
		} else {
			others = append(others, i)
		}
	}
	width := [3]int{runtime.GOMAXPROCS(0), IOLimit, -1}
	var firstErr error
	for kind, idx := range byKind {
		var lane errgroup.Group
		lane.SetLimit(width[kind])
		for _, i := range idx {
			lane.Go(func() error {
				var err error
				results[i], err = tasks[i].Run()
				return err
			})
		}
		if err := lane.Wait(); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	for _, i := range others {
		var err error
		if results[i], err = tasks[i].Run(); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return results, firstErr
}
