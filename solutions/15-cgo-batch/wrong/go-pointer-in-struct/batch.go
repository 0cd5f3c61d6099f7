package cgobatch

// Wrong: it batches through kernel_run, but the kbatch struct is Go memory
// holding Go pointers (to xs and out) that nobody pinned. cgo's pointer
// check refuses it at the call, every time: "argument of cgo function has
// Go pointer to unpinned Go pointer", a panic. Rejected by: tests.

/*
#include "kernel.h"
*/
import "C"

import "unsafe"

const chunk = 1 << 16

// Apply returns the kernel of every element of xs.
func Apply(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for lo := 0; lo < len(xs); lo += chunk {
		hi := min(lo+chunk, len(xs))
		b := C.kbatch{
			in:  (*C.double)(unsafe.Pointer(&xs[lo])),
			out: (*C.double)(unsafe.Pointer(&out[lo])),
			n:   C.size_t(hi - lo),
		}
		C.kernel_run(&b)
	}
	return out
}
