package cgobatch

// Wrong: since the kernel must be called from one goroutine at a time,
// one goroutine owns it: the first Apply starts a worker that takes chunks
// from a channel and calls C, and every Apply hands it its chunks and
// waits for them. The calls are right and never overlap, but nothing ever
// stops the worker: it is still waiting on its channel when the program
// (here, the tests) ends. Rejected by: leak.

/*
#include "kernel.h"
*/
import "C"

import (
	"sync"
	"unsafe"
)

// chunk is how many elements one cgo call handles.
const chunk = 1 << 16

// job is one chunk for the worker; it closes done when the chunk is in out.
type job struct {
	in, out []float64
	done    chan struct{}
}

var (
	start sync.Once
	jobs  chan job
)

// worker makes every call into the kernel, one after another.
func worker() {
	for j := range jobs {
		C.kernel_batch(
			(*C.double)(unsafe.Pointer(&j.in[0])),
			(*C.double)(unsafe.Pointer(&j.out[0])),
			C.size_t(len(j.in)),
		)
		close(j.done)
	}
}

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	start.Do(func() {
		jobs = make(chan job)
		go worker()
	})
	out := make([]float64, len(xs))
	for lo := 0; lo < len(xs); lo += chunk {
		hi := min(lo+chunk, len(xs))
		j := job{xs[lo:hi], out[lo:hi], make(chan struct{})}
		jobs <- j
		<-j.done
	}
	return out
}
