// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"
)

// RunAll runs every task on the lane of its kind and collects the results
// as they come, under a lock; then it sorts them by ID to put them back in
// order. (The mistake: the order of tasks is not the order of their IDs.)
func RunAll(tasks []Task) ([]Result, error) {
	var mu sync.Mutex
	results := make([]Result, 0, len(tasks))
	var byKind [3][]Task
	var others []Task
	for _, t := range tasks {
		if t.Kind >= CPU && t.Kind <= Wait {
			byKind[t.Kind] = append(byKind[t.Kind], t)
		} else {
			others = append(others, t)
		}
	}
	run := func(t Task) func() error {
		return func() error {
			r, err := t.Run()
			mu.Lock()
			results = append(results, r)
			mu.Unlock()
			return err
		}
	}
	width := [3]int{runtime.GOMAXPROCS(0), IOLimit, -1}
	var all errgroup.Group
	for kind, ts := range byKind {
		all.Go(func() error {
			var lane errgroup.Group
			lane.SetLimit(width[kind])
			for _, t := range ts {
				lane.Go(run(t))
			}
			return lane.Wait()
		})
	}
	for _, t := range others {
		all.Go(run(t))
	}
	err := all.Wait()
	slices.SortFunc(results, func(a, b Result) int { return cmp.Compare(a.ID, b.ID) })
	return results, err
}
