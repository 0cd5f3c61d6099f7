package cgobatch

// Wrong: one call for the whole slice, which is fine, but it takes the
// addresses of the first input and output elements without looking at the
// length first. On an empty slice there is no first element: &xs[0]
// panics. Rejected by: tests.

/*
#include "kernel.h"
*/
import "C"

import "unsafe"

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	C.kernel_batch(
		(*C.double)(unsafe.Pointer(&xs[0])),
		(*C.double)(unsafe.Pointer(&out[0])),
		C.size_t(len(xs)),
	)
	return out
}
