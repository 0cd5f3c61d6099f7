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
#include <stdlib.h>
#include "kernel.h"
*/
import "C"

import "unsafe"

// bufLen is how many elements the C buffers hold: the chunk size.
const bufLen = 4096

// Apply returns a new slice holding the C kernel of every element of xs,
// in order, bit-identical to Reference(xs). It must not modify xs.
//
// Everything C sees lives in C memory: a kbatch and two buffers, set up
// once and used for every chunk. Each chunk is copied into the input
// buffer in Go, computed with one kernel_run, and copied out in Go.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	if len(xs) == 0 {
		return out
	}
	n := min(len(xs), bufLen)
	size := C.size_t(n) * C.size_t(unsafe.Sizeof(C.double(0)))

	inBuf := (*C.double)(C.malloc(size))
	defer C.free(unsafe.Pointer(inBuf))
	outBuf := (*C.double)(C.malloc(size))
	defer C.free(unsafe.Pointer(outBuf))
	b := (*C.kbatch)(C.malloc(C.size_t(unsafe.Sizeof(C.kbatch{}))))
	defer C.free(unsafe.Pointer(b))
	b.in, b.out, b.n = inBuf, outBuf, C.size_t(n)

	in := unsafe.Slice((*float64)(unsafe.Pointer(inBuf)), n)
	res := unsafe.Slice((*float64)(unsafe.Pointer(outBuf)), n)
	for done := 0; done < len(xs); {
		k := copy(in, xs[done:])
		C.kernel_run(b)
		copy(out[done:done+k], res)
		done += k
	}
	return out
}
