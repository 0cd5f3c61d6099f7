package cgobatch

// Wrong: it calls the batch kernel, but with a batch of one element, once
// per element. The code looks batched; the number of cgo crossings is the
// same as the baseline's, so it is no faster. Rejected by: timing.

/*
#include "kernel.h"
*/
import "C"

import "unsafe"

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i := range xs {
		C.kernel_batch(
			(*C.double)(unsafe.Pointer(&xs[i])),
			(*C.double)(unsafe.Pointer(&out[i])),
			1,
		)
	}
	return out
}
