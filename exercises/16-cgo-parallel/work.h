/*
 * work.h: the C side of exercise 16 (support file: do not edit).
 *
 * kata_digest is a CPU-bound C function: a few milliseconds of integer
 * arithmetic for a million rounds. It is safe to call from many threads at
 * once (it shares nothing but the counters below, which are atomic).
 */
#ifndef KATA_WORK_H
#define KATA_WORK_H

#include <stdint.h>

/*
 * kata_digest mixes seed for the given number of rounds (SplitMix64's
 * finaliser, one round after another) and returns the result. Each round
 * depends on the one before, so the work cannot be skipped or shortened.
 */
uint64_t kata_digest(uint64_t seed, uint64_t rounds);

/*
 * kata_counts is what kata_digest observed since the program started (or
 * since kata_reset_max for max_in_flight): calls that finished, rounds
 * they computed, and the largest number of calls that were inside
 * kata_digest at the same moment; the time calls spent inside it, summed
 * over all calls, and the time during which at least one call was inside
 * (wall-clock nanoseconds; ns_busy counts finished busy periods only).
 */
typedef struct {
	uint64_t calls;
	uint64_t rounds;
	uint64_t ns_inside;
	uint64_t ns_busy;
	int32_t max_in_flight;
} kata_counts;

/* kata_stats returns the counters. */
kata_counts kata_stats(void);

/* kata_reset_max starts a new measurement of max_in_flight. */
void kata_reset_max(void);

/*
 * For the tests (DigestAll has no use for it): the next `calls` calls of
 * kata_digest each wait, before their work, until `target` calls are
 * inside at once or ns nanoseconds have passed; kata_meet(0, 0, 0) turns
 * it off. Calls made from several goroutines at once are then sure to
 * overlap, however busy the machine.
 */
void kata_meet(int calls, int target, long long ns);

/*
 * For the tests: the next call of kata_digest with this seed waits, before
 * it comes in, until another call has finished or ns nanoseconds have
 * passed; kata_hold(0, 0) turns it off. That job then finishes after
 * another, even on a single CPU. kata_hold_timed_out says whether the last
 * hold ended because no other call finished in time.
 */
void kata_hold(uint64_t seed, long long ns);
int kata_hold_timed_out(void);

#endif
