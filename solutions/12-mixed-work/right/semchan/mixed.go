package mixed

import (
	"runtime"
	"sync"
)

// RunAll: a goroutine per task; CPU and IO tasks take a token from a
// buffered channel (a counting semaphore) before they run, so the loop
// never waits.
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	errs := make([]error, len(tasks))
	cpuSem := make(chan struct{}, runtime.GOMAXPROCS(0))
	ioSem := make(chan struct{}, IOLimit)
	var wg sync.WaitGroup
	for i, t := range tasks {
		var sem chan struct{}
		switch t.Kind {
		case CPU:
			sem = cpuSem
		case IO:
			sem = ioSem
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if sem != nil {
				sem <- struct{}{}
				defer func() { <-sem }()
			}
			results[i], errs[i] = t.Run()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return results, err
		}
	}
	return results, nil
}
