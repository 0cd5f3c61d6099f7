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

// bufLen is the size, in doubles, of the C buffers Apply stages each
// chunk through (32 KiB each, small enough to stay in cache).
const bufLen = 4096

// Apply returns a new slice holding the C kernel of every element of xs,
// in order, bit-identical to Reference(xs). It must not modify xs.
//
// No Go pointer ever reaches C. Apply allocates a kbatch and two buffers
// with C.malloc, and for each chunk copies the inputs into the C buffer
// (in Go, through a slice over the C memory: no crossing per element),
// calls kernel_run once, and copies the results back out. Since all the
// memory C sees is C's own, the cgo pointer rules have nothing to object
// to, and the buffers are freed before Apply returns.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	if len(xs) == 0 {
		return out
	}
	n := min(len(xs), bufLen)

	inBuf := (*C.double)(C.malloc(C.size_t(n) * C.size_t(unsafe.Sizeof(C.double(0)))))
	defer C.free(unsafe.Pointer(inBuf))
	outBuf := (*C.double)(C.malloc(C.size_t(n) * C.size_t(unsafe.Sizeof(C.double(0)))))
	defer C.free(unsafe.Pointer(outBuf))
	b := (*C.kbatch)(C.malloc(C.size_t(unsafe.Sizeof(C.kbatch{}))))
	defer C.free(unsafe.Pointer(b))

	in := unsafe.Slice((*float64)(unsafe.Pointer(inBuf)), n)
	res := unsafe.Slice((*float64)(unsafe.Pointer(outBuf)), n)
	b.in = inBuf
	b.out = outBuf

	for done := 0; done < len(xs); {
		k := copy(in, xs[done:])
		b.n = C.size_t(k)
		C.kernel_run(b)
		copy(out[done:done+k], res[:k])
		done += k
	}
	return out
}
