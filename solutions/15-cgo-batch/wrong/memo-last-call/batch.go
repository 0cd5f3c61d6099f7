package cgobatch

// Wrong: the starter, plus a memo of the last call: when Apply gets the
// same values as last time, it hands back a copy of the last answer
// without calling C at all. A benchmark that times the same input over and over
// then sees a "speedup" of 40x, yet every new input still crosses into C
// once per element. Rejected by: timing (every timed round gets fresh
// input, and the kernel counts its calls in each).

/*
#include "kernel.h"
*/
import "C"

import "slices"

// last is the input and output of the last call.
var last struct {
	in, out []float64
}

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	if last.in != nil && slices.Equal(xs, last.in) {
		return slices.Clone(last.out)
	}
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(C.kernel_one(C.double(x)))
	}
	last.in, last.out = slices.Clone(xs), slices.Clone(out)
	return out
}
