/*
 * kernel.c: the C kernel of exercise 15 (support file: do not edit).
 * Compiled by cgo with the flags in kernel.go: -O3 -std=c11 (see there why).
 */
#include "kernel.h"

#ifdef __clang__
#pragma clang fp contract(off)
#endif

static kstats stats;

/*
 * Horner's rule for 0.5x^4 - 1.25x^3 + 3x^2 + 0.75x - 2, one rounding per
 * operation. With FP contraction off (-std=c11 for GCC, the pragma above
 * for clang) the compiler may not fuse a multiply and an add into one FMA
 * instruction (one rounding instead of two), so the result is
 * bit-identical to the Go reference in kernel.go.
 */
static inline double poly(double x) {
	double y = 0.5 * x - 1.25;
	y = y * x + 3.0;
	y = y * x + 0.75;
	y = y * x - 2.0;
	return y;
}

double kernel_one(double x) {
	stats.calls++;
	stats.elements++;
	return poly(x);
}

static void batch(const double *in, double *out, size_t n) {
	stats.elements += n;
	for (size_t i = 0; i < n; i++) {
		out[i] = poly(in[i]);
	}
}

void kernel_batch(const double *in, double *out, size_t n) {
	stats.calls++;
	batch(in, out, n);
}

void kernel_run(kbatch *b) {
	stats.calls++;
	batch(b->in, b->out, b->n);
}

kstats kernel_stats(void) {
	return stats;
}
