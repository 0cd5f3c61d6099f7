// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll gives each kind its lane, fed by its own goroutine, and waits for
// the CPU and IO lanes. (The mistake: a wait has no result worth waiting
// for, it seems, so RunAll does not wait for the Wait lane, and returns
// with Wait tasks still running and their results still zero.)
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
	run := func(i int) func() error {
		return func() error {
			var err error
			results[i], err = tasks[i].Run()
			return err
		}
	}
	var work errgroup.Group
	for _, kind := range []Kind{CPU, IO} {
		work.Go(func() error {
			var lane errgroup.Group
			lane.SetLimit(map[Kind]int{CPU: runtime.GOMAXPROCS(0), IO: IOLimit}[kind])
			for _, i := range byKind[kind] {
				lane.Go(run(i))
			}
			return lane.Wait()
		})
	}
	for _, i := range byKind[Wait] {
		go run(i)()
	}
	for _, i := range others {
		work.Go(run(i))
	}
	return results, work.Wait()
}
