// Package cgobatch calls a C kernel from Go: first once per element, which
// is slow because every cgo call costs tens of nanoseconds, then once per
// chunk of elements, which is what the exercise asks for.
//
// This file is a support file: the kernel's cgo declarations, the pure-Go
// reference, the one-call-per-element baseline and the kernel's counters
// that the tests read. Do not edit it; your work goes in batch.go.
package cgobatch

/*
// Compiler flags for kernel.c (cgo builds every .c file in this folder).
//
// -O3 lets GCC unroll and vectorise the loop in kernel_batch: two or four
// doubles per instruction, with no change to any result.
//
// -std=c11 (strict ISO C, not GCC's default GNU dialect) makes GCC default
// to -ffp-contract=off: it may not fuse a*b+c into one FMA instruction. An
// FMA rounds once where the Go reference rounds twice, so on a CPU (or with
// a -march) that has FMA, the last bit of some results would differ from
// Go's. (cgo refuses -ffp-contract=off itself: it is not on the list of
// flags cgo allows in source files. Clang gets the same effect from the
// pragma in kernel.c.)
//
// -ffast-math is deliberately NOT used, though it is the usual answer to
// "make C arithmetic fast" and cgo allows it. It lets the compiler reorder
// and fuse operations (results change in the last bits), assume there are
// no NaNs or infinities (they then come out as garbage), and, when it links
// a program, set the CPU to flush tiny (subnormal) numbers to zero for the
// whole process, Go code included. The kernel is a short chain of dependent
// operations on independent elements: -O3 already vectorises it, so
// fast-math would buy little speed and cost the exact agreement with Go
// that the tests check. (It pays off on reductions such as a sum, where
// vectorising needs the reordering only fast-math permits.)
#cgo CFLAGS: -O3 -std=c11
#include "kernel.h"
*/
import "C"

import "time"

// Reference computes the kernel in pure Go: out[i] = p(xs[i]) where p is
// the polynomial 0.5x^4 - 1.25x^3 + 3x^2 + 0.75x - 2, evaluated with
// Horner's rule exactly as kernel.c does it. The results are bit-identical
// to the C kernel's, which is what lets the tests compare them with ==.
func Reference(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = referenceOne(x)
	}
	return out
}

// referenceOne is kernel_one in Go. Each explicit float64(...) conversion
// rounds the product on its own, which forbids the Go compiler from fusing
// it with the following addition into an FMA (as it may on arm64, or on
// amd64 with GOAMD64=v3): one rounding per operation, like the C side.
func referenceOne(x float64) float64 {
	y := float64(0.5*x) - 1.25
	y = float64(y*x) + 3.0
	y = float64(y*x) + 0.75
	y = float64(y*x) - 2.0
	return y
}

// ApplyPerElement computes the kernel in C, crossing from Go into C once
// for every element. It is the baseline the timing test compares Apply
// against: each crossing costs far more than the arithmetic it runs.
func ApplyPerElement(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(C.kernel_one(C.double(x)))
	}
	return out
}

// kernelStats returns how many calls the C kernel functions have received
// and how many elements they have computed since the program started. The
// tests use it to check that Apply computes in C, and how often it crosses.
func kernelStats() (calls, elements uint64) {
	s := C.kernel_stats()
	return uint64(s.calls), uint64(s.elements)
}

// kernelMaxInFlight returns the most calls that were inside the C kernel at
// the same moment since resetKernelMaxInFlight: 1 when Apply calls it from
// one goroutine at a time. C counts them, with atomics.
func kernelMaxInFlight() int { return int(C.kernel_max_in_flight()) }

// resetKernelMaxInFlight starts a new measurement of kernelMaxInFlight.
func resetKernelMaxInFlight() { C.kernel_reset_max_in_flight() }

// kernelWaitForCompany makes each of the next calls calls into the kernel
// wait inside it, up to wait, for a second call to arrive (0, 0 turns it
// off). Calls made from several goroutines at once then overlap for sure,
// however short the kernel's work and however busy the machine; calls made
// one at a time each just take wait longer.
func kernelWaitForCompany(calls int, wait time.Duration) {
	C.kernel_wait_for_company(C.int(calls), C.longlong(wait.Nanoseconds()))
}
