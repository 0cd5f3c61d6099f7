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

// chunk is how many elements one cgo call handles.
const chunk = 1 << 16

// buf is the output buffer, kept from one call to the next so that a
// caller who calls Apply in a loop does not allocate a new slice each
// time; it only grows.
var buf []float64

// Apply returns a slice holding the C kernel of every element of xs, in
// order, bit-identical to Reference(xs). It does not modify xs: the
// results go to buf, resized to len(xs).
func Apply(xs []float64) []float64 {
	if cap(buf) < len(xs) {
		buf = make([]float64, len(xs))
	}
	out := buf[:len(xs)]
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
