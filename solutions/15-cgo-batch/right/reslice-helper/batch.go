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

// maxChunk bounds the elements of one kernel_batch call. The crossing
// costs tens of nanoseconds; spread over 8192 elements it is noise.
const maxChunk = 8192

// Apply returns a new slice holding the C kernel of every element of xs,
// in order, bit-identical to Reference(xs). It must not modify xs.
//
// It walks xs and the output side by side, cutting the front chunk off
// both on each step, and hands each pair of chunks to batch: one crossing
// into C per chunk.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for in, dst := xs, out; len(in) > 0; {
		n := min(len(in), maxChunk)
		batch(in[:n], dst[:n])
		in, dst = in[n:], dst[n:]
	}
	return out
}

// batch computes the kernel of every element of in into dst, which has
// the same length, in one call of kernel_batch. The two Go pointers are
// passed as plain arguments: a []float64 holds no pointers of its own,
// and kernel_batch uses them only until it returns, as cgo requires.
// batch must not be given empty slices: they may have no backing array.
func batch(in, dst []float64) {
	C.kernel_batch(
		(*C.double)(unsafe.Pointer(unsafe.SliceData(in))),
		(*C.double)(unsafe.Pointer(unsafe.SliceData(dst))),
		C.size_t(len(in)),
	)
}
