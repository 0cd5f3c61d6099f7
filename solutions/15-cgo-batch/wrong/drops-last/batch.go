package cgobatch

// Wrong: the last chunk stops one element short (len(xs)-1: "the last
// index"), so the last result stays 0. Rejected by: tests.

/*
#include "kernel.h"
*/
import "C"

import "unsafe"

// chunk is how many elements one cgo call handles.
const chunk = 1 << 14

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	last := len(xs) - 1
	for lo := 0; lo < last; lo += chunk {
		hi := min(lo+chunk, last)
		C.kernel_batch(
			(*C.double)(unsafe.Pointer(&xs[lo])),
			(*C.double)(unsafe.Pointer(&out[lo])),
			C.size_t(hi-lo),
		)
	}
	return out
}
