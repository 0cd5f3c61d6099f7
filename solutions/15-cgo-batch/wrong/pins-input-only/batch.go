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
// It describes each chunk with a kbatch and hands it to kernel_run. The
// kbatch points into xs, which C must not see move, so xs is pinned for
// the length of Apply.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	if len(xs) == 0 {
		return out
	}

	var pinner runtime.Pinner
	defer pinner.Unpin()
	pinner.Pin(&xs[0]) // the caller's memory: keep it in place while C reads it

	var b C.kbatch
	for lo := 0; lo < len(xs); lo += chunk {
		hi := min(lo+chunk, len(xs))
		b.in = (*C.double)(unsafe.Pointer(&xs[lo]))
		b.out = (*C.double)(unsafe.Pointer(&out[lo]))
		b.n = C.size_t(hi - lo)
		C.kernel_run(&b)
	}
	return out
}
