// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll runs the lanes at once and returns as soon as a task fails: the
// caller gets the error without waiting for the rest. (The mistake: tasks
// are still running when RunAll returns.)
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
	failed := make(chan error, len(tasks))
	var all errgroup.Group
	for kind, idx := range byKind {
		all.Go(func() error {
			var lane errgroup.Group
			lane.SetLimit(width[kind])
			for _, i := range idx {
				lane.Go(func() error {
					var err error
					results[i], err = tasks[i].Run()
					if err != nil {
						failed <- err
					}
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
			if err != nil {
				failed <- err
			}
			return err
		})
	}
	finished := make(chan error, 1)
	go func() { finished <- all.Wait() }()
	select {
	case err := <-failed:
		return results, err
	case err := <-finished:
		return results, err
	}
}
