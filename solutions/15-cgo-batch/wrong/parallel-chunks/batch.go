package cgobatch

// Wrong: it batches, but sends the chunks to C from one goroutine each, at
// the same time ("more cores, faster"). kernel.h says the kernel may not be
// called from several goroutines at once (its counters are plain integers
// and lose counts). The results are right, and the counters lose a count
// only rarely, so only the kernel's count of calls inside it at the same
// moment catches it, every time. Rejected by: tests.

/*
#include "kernel.h"
*/
import "C"

import (
	"sync"
	"unsafe"
)

const chunk = 1 << 16

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	var wg sync.WaitGroup
	for lo := 0; lo < len(xs); lo += chunk {
		hi := min(lo+chunk, len(xs))
		wg.Go(func() {
			C.kernel_batch(
				(*C.double)(unsafe.Pointer(&xs[lo])),
				(*C.double)(unsafe.Pointer(&out[lo])),
				C.size_t(hi-lo),
			)
		})
	}
	wg.Wait()
	return out
}
