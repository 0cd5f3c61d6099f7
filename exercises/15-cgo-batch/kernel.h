/*
 * kernel.h: the C kernel of exercise 15 (support file: do not edit).
 *
 * The kernel is a cheap polynomial, about a nanosecond of arithmetic per
 * element, so the cost of crossing from Go into C (tens of nanoseconds a
 * call) is what decides how fast a caller goes.
 */
#ifndef KATA_KERNEL_H
#define KATA_KERNEL_H

#include <stddef.h>

/* kernel_one returns the kernel of one value. */
double kernel_one(double x);

/* kernel_batch writes the kernel of in[i] to out[i] for i in [0, n). */
void kernel_batch(const double *in, double *out, size_t n);

/* kbatch describes one batch by pointers: the struct-taking variant. */
typedef struct {
	const double *in;
	double *out;
	size_t n;
} kbatch;

/* kernel_run does what kernel_batch does, for the batch b describes. */
void kernel_run(kbatch *b);

/*
 * kstats counts what the three functions above did since the program
 * started: calls made to them, and elements they computed. The tests read
 * it to check that Apply really computes in C. The counters are plain
 * (not atomic) integers, so the kernel may not be called from several
 * goroutines (threads) at once: calls made at the same moment would lose
 * counts. This exercise calls it from one goroutine at a time; the tests
 * check that too (see kernel_max_in_flight below).
 */
typedef struct {
	unsigned long long calls;
	unsigned long long elements;
} kstats;

/* kernel_stats returns the counters. */
kstats kernel_stats(void);

/*
 * For the tests (Apply has no use for them). kernel_max_in_flight returns
 * the most calls that were inside the three functions above at the same
 * moment since kernel_reset_max_in_flight (counted with atomics, so it is
 * right even when the rule above is broken): 1 when every call came from
 * one goroutine at a time. kernel_wait_for_company makes each of the next
 * `calls` calls wait inside, up to ns nanoseconds, for a second call to
 * arrive, so that calls made from several goroutines at once are sure to
 * overlap, however short the kernel's work.
 */
int kernel_max_in_flight(void);
void kernel_reset_max_in_flight(void);
void kernel_wait_for_company(int calls, long long ns);

#endif
