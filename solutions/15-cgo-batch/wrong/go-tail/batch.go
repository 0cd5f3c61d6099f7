package cgobatch

// Wrong: whole chunks go to C, one call each, but the few elements left
// over at the end are computed in Go: "too few to be worth a crossing".
// The results are right, but the exercise asks for every element in C.
// Rejected by: tests (the kernel counts the elements it computed).

/*
#include "kernel.h"
*/
import "C"

import "unsafe"

// chunk is how many elements one cgo call handles.
const chunk = 4096

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	whole := len(xs) / chunk * chunk
	for lo := 0; lo < whole; lo += chunk {
		C.kernel_batch(
			(*C.double)(unsafe.Pointer(&xs[lo])),
			(*C.double)(unsafe.Pointer(&out[lo])),
			chunk,
		)
	}
	for i := whole; i < len(xs); i++ {
		x := xs[i]
		y := float64(0.5*x) - 1.25
		y = float64(y*x) + 3.0
		y = float64(y*x) + 0.75
		out[i] = float64(y*x) - 2.0
	}
	return out
}
