package cgobatch

// Wrong: it takes the addresses of the first input and output elements
// once, before the loop, and steps through the chunks with pointer
// arithmetic. On an empty slice there is no first element: &xs[0] panics.
// Rejected by: tests.

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
	in, res := unsafe.Pointer(&xs[0]), unsafe.Pointer(&out[0])
	size := unsafe.Sizeof(xs[0])
	for lo := 0; lo < len(xs); lo += chunk {
		hi := min(lo+chunk, len(xs))
		C.kernel_batch(
			(*C.double)(unsafe.Add(in, uintptr(lo)*size)),
			(*C.double)(unsafe.Add(res, uintptr(lo)*size)),
			C.size_t(hi-lo),
		)
	}
	return out
}
