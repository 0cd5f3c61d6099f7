package cgobatch

// Wrong: kernel_batch may write its output over its input, so Apply saves
// an allocation and computes in place, returning xs itself. But the caller
// still needs its input: Apply must leave xs alone and return a new slice.
// Rejected by: tests.

/*
#include "kernel.h"
*/
import "C"

import "unsafe"

// chunk is how many elements one cgo call handles.
const chunk = 1 << 16

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	for lo := 0; lo < len(xs); lo += chunk {
		hi := min(lo+chunk, len(xs))
		p := (*C.double)(unsafe.Pointer(&xs[lo]))
		C.kernel_batch(p, p, C.size_t(hi-lo))
	}
	return xs
}
