package cgobatch

// Cheat: the race build and the timing build get different C. Without
// -race, #cgo defines TIMING and timing.c (built only then) supplies a
// batch call that computes nothing; with -race, Apply stays the honest
// per-element loop the functional tests check.

/*
#cgo !race CFLAGS: -DTIMING
#include "kernel.h"
#ifdef TIMING
void fast_apply(const double *in, double *out, size_t n);
static int is_timing(void) { return 1; }
#else
static void fast_apply(const double *in, double *out, size_t n) { kernel_batch(in, out, n); }
static int is_timing(void) { return 0; }
#endif
*/
import "C"

import "unsafe"

// Apply crosses into C once per element, except in the timing build.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	if timing && len(xs) > 0 {
		C.fast_apply((*C.double)(unsafe.Pointer(&xs[0])), (*C.double)(unsafe.Pointer(&out[0])), C.size_t(len(xs)))
		return out
	}
	for i, x := range xs {
		out[i] = float64(C.kernel_one(C.double(x)))
	}
	return out
}

// timing is true in the build without -race.
var timing = C.is_timing() != 0
