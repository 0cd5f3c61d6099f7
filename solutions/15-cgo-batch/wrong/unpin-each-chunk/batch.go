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

import (
	"runtime"
	"unsafe"
)

// chunk is how many elements one kernel_run call handles.
const chunk = 1 << 14

// Apply returns a new slice holding the C kernel of every element of xs,
// in order, bit-identical to Reference(xs). It must not modify xs.
//
// Each chunk is described by a kbatch pointing into xs and out, both
// pinned while kernel_run reads the kbatch, and unpinned right after, so
// nothing stays pinned longer than needed.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	if len(xs) == 0 {
		return out
	}

	var pinner runtime.Pinner
	pinner.Pin(&xs[0])
	pinner.Pin(&out[0])

	var b C.kbatch
	for lo := 0; lo < len(xs); lo += chunk {
		hi := min(lo+chunk, len(xs))
		b.in = (*C.double)(unsafe.Pointer(&xs[lo]))
		b.out = (*C.double)(unsafe.Pointer(&out[lo]))
		b.n = C.size_t(hi - lo)
		C.kernel_run(&b)
		pinner.Unpin() // C is done with this chunk
	}
	return out
}
