/*
 * kernel.c: the C kernel of exercise 15 (support file: do not edit).
 * Compiled by cgo with the flags in kernel.go: -O3 -std=c11 (see there why).
 */
/* nanosleep is POSIX, beyond -std=c11: ask <time.h> for it. */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <time.h>

#include "kernel.h"

#ifdef __clang__
#pragma clang fp contract(off)
#endif

static kstats stats;

/*
 * The calls inside the kernel right now and the most there have been at
 * once since kernel_reset_max_in_flight. These are atomic (unlike stats),
 * so they stay right even when a caller breaks the one-goroutine rule,
 * which is exactly when the tests need them.
 */
static atomic_int in_flight;
static atomic_int max_in_flight;

/*
 * For the tests: the next company_calls calls each wait, up to company_ns
 * nanoseconds, for a second call to come in while they are inside. A
 * caller that calls from one goroutine at a time just waits; one that
 * calls from several goroutines at once sends the second call in during
 * the wait, and max_in_flight records it, however fast the kernel is and
 * however busy the machine.
 */
static atomic_int company_calls;
static atomic_llong company_ns;

static long long now_ns(void) {
	struct timespec ts;
	timespec_get(&ts, TIME_UTC);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* takes one of the company_calls, if any is left */
static int take_company_call(void) {
	int left = atomic_load(&company_calls);
	while (left > 0 && !atomic_compare_exchange_weak(&company_calls, &left, left - 1)) {
		/* left now holds the current count: try again */
	}
	return left > 0;
}

static void enter(void) {
	int now = atomic_fetch_add(&in_flight, 1) + 1;
	int seen = atomic_load(&max_in_flight);
	while (now > seen && !atomic_compare_exchange_weak(&max_in_flight, &seen, now)) {
		/* seen now holds the current maximum: try again if still lower */
	}
	if (take_company_call()) {
		/* Sleep in short steps rather than spin, so the wait costs no CPU
		 * (C11's thrd_sleep is missing on some systems, macOS among them). */
		const struct timespec step = {0, 200000}; /* 0.2 ms */
		long long until = now_ns() + atomic_load(&company_ns);
		while (atomic_load(&max_in_flight) < 2 && now_ns() < until) {
			nanosleep(&step, NULL);
		}
	}
}

static void leave(void) {
	atomic_fetch_sub(&in_flight, 1);
}

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
	enter();
	stats.calls++;
	stats.elements++;
	double y = poly(x);
	leave();
	return y;
}

static void batch(const double *in, double *out, size_t n) {
	stats.elements += n;
	for (size_t i = 0; i < n; i++) {
		out[i] = poly(in[i]);
	}
}

void kernel_batch(const double *in, double *out, size_t n) {
	enter();
	stats.calls++;
	batch(in, out, n);
	leave();
}

void kernel_run(kbatch *b) {
	enter();
	stats.calls++;
	batch(b->in, b->out, b->n);
	leave();
}

kstats kernel_stats(void) {
	return stats;
}

int kernel_max_in_flight(void) {
	return atomic_load(&max_in_flight);
}

void kernel_reset_max_in_flight(void) {
	atomic_store(&max_in_flight, atomic_load(&in_flight));
}

void kernel_wait_for_company(int calls, long long ns) {
	atomic_store(&company_ns, ns);
	atomic_store(&company_calls, calls);
}
