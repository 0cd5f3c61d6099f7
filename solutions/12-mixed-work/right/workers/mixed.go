package mixed

import (
	"runtime"
	"sync"
)

// RunAll: a fixed pool of workers per lane, each pool reading task indexes
// from its own buffered channel, a goroutine per wait.
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	run := func(i int) {
		r, err := tasks[i].Run()
		results[i] = r
		if err != nil {
			mu.Lock()
			if firstErr == nil {
				firstErr = err
			}
			mu.Unlock()
		}
	}
	cpuCh := make(chan int, len(tasks))
	ioCh := make(chan int, len(tasks))
	pool := func(n int, ch <-chan int) {
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range ch {
					run(i)
				}
			}()
		}
	}
	pool(runtime.GOMAXPROCS(0), cpuCh)
	pool(IOLimit, ioCh)
	for i, t := range tasks {
		switch t.Kind {
		case CPU:
			cpuCh <- i
		case IO:
			ioCh <- i
		default:
			wg.Add(1)
			go func() {
				defer wg.Done()
				run(i)
			}()
		}
	}
	close(cpuCh)
	close(ioCh)
	wg.Wait()
	return results, firstErr
}
