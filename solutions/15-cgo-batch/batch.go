package cgobatch

// This is the file you edit.
//
// The C API, declared in kernel.h (you may call any of it):
//
//	double kernel_one(double x);
//	void   kernel_batch(const double *in, double *out, size_t n);
//	typedef struct { const double *in; double *out; size_t n; } kbatch;
//	void   kernel_run(kbatch *b);

/*
#include "kernel.h"
*/
import "C"

import "unsafe"

// chunk is how many elements one cgo call handles. Any size from a few
// thousand up makes the cost of the crossing (tens of nanoseconds)
// negligible next to the work; one call for the whole slice would be as
// fast. Chunks keep each C call short and bounded, which matters once the
// C side copies into a fixed-size buffer or the caller wants to stop
// between chunks.
const chunk = 1 << 16

// Apply returns a new slice holding the C kernel of every element of xs,
// in order, bit-identical to Reference(xs). It must not modify xs.
//
// It crosses into C once per chunk: kernel_batch gets a pointer to the
// chunk's first element and its length. Passing a Go pointer straight to C
// is allowed because a []float64 holds no Go pointers, and the memory
// stays put for the duration of the call; C must not keep the pointer
// after the call returns (kernel_batch does not).
//
// The loop runs from one goroutine: the kernel's counters are not safe
// for concurrent calls (kernel.h). The everyday alternatives: one call for
// the whole slice (as fast here), or the struct-taking kernel_run with
// the slices pinned by a runtime.Pinner for the length of the call.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for lo := 0; lo < len(xs); lo += chunk {
		hi := min(lo+chunk, len(xs))
		C.kernel_batch(
			(*C.double)(unsafe.Pointer(&xs[lo])),
			(*C.double)(unsafe.Pointer(&out[lo])),
			C.size_t(hi-lo),
		)
	}
	return out
}
