// Package mixed runs a batch of tasks of three kinds: CPU work, blocking
// calls to a service, and waits.
package mixed

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// RunAll runs every task and returns the results in the order of tasks.
// Three lanes, each sized right, fed by one loop.
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var cpu, io, wait errgroup.Group
	cpu.SetLimit(runtime.GOMAXPROCS(0))
	io.SetLimit(IOLimit)
	for i, t := range tasks {
		lane := &wait
		switch t.Kind {
		case CPU:
			lane = &cpu
		case IO:
			lane = &io
		}
		lane.Go(func() error {
			var err error
			results[i], err = t.Run()
			return err
		})
	}
	errCPU, errIO, errWait := cpu.Wait(), io.Wait(), wait.Wait()
	for _, err := range []error{errCPU, errIO, errWait} {
		if err != nil {
			return results, err
		}
	}
	return results, nil
}
