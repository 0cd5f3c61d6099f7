// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll runs every task on the lane of its kind and appends each result,
// with the index of its task, to one list shared by every goroutine; then
// it puts them in place. (The mistake: the goroutines append to the same
// slice at the same time, with no lock.)
func RunAll(tasks []Task) ([]Result, error) {
	type indexed struct {
		i int
		r Result
	}
	var done []indexed
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
			r, err := tasks[i].Run()
			done = append(done, indexed{i, r})
			return err
		}
	}
	width := [3]int{runtime.GOMAXPROCS(0), IOLimit, -1}
	var all errgroup.Group
	for kind, idx := range byKind {
		all.Go(func() error {
			var lane errgroup.Group
			lane.SetLimit(width[kind])
			for _, i := range idx {
				lane.Go(run(i))
			}
			return lane.Wait()
		})
	}
	for _, i := range others {
		all.Go(run(i))
	}
	err := all.Wait()
	results := make([]Result, len(tasks))
	for _, d := range done {
		results[d.i] = d.r
	}
	return results, err
}
