/*
 * work.c: the C side of exercise 16 (support file: do not edit).
 * cgo compiles it with its default flags (-O2).
 */
#include <stdatomic.h>
#include <time.h>

#include "work.h"

/*
 * The counters live here, in C, where the Go code of the exercise cannot
 * change them: in_flight is the number of calls inside kata_digest right
 * now, max_in_flight the largest it has been.
 */
static atomic_int in_flight;
static atomic_int max_in_flight;
static atomic_uint_least64_t calls;
static atomic_uint_least64_t rounds_done;
static atomic_uint_least64_t ns_inside; /* the time calls spent inside, summed */

/*
 * busy_* measure the time during which at least one call was inside, under
 * a small spinlock (held for a few instructions, twice per call).
 */
static atomic_flag busy_lock = ATOMIC_FLAG_INIT;
static int busy_calls;      /* calls inside, as seen under busy_lock */
static uint64_t busy_since; /* when busy_calls went from 0 to 1 */
static uint64_t ns_busy;    /* total time with busy_calls > 0, finished periods */

static uint64_t now_ns(void) {
	struct timespec ts;
	timespec_get(&ts, TIME_UTC);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void enter(void) {
	int now = atomic_fetch_add(&in_flight, 1) + 1;
	int seen = atomic_load(&max_in_flight);
	while (now > seen && !atomic_compare_exchange_weak(&max_in_flight, &seen, now)) {
		/* seen now holds the current maximum: try again if still lower */
	}
}

static void busy_change(int delta, uint64_t at) {
	while (atomic_flag_test_and_set_explicit(&busy_lock, memory_order_acquire)) {
	}
	if (delta > 0 && busy_calls++ == 0) {
		busy_since = at;
	} else if (delta < 0 && --busy_calls == 0 && at > busy_since) {
		ns_busy += at - busy_since;
	}
	atomic_flag_clear_explicit(&busy_lock, memory_order_release);
}

static void leave(uint64_t rounds, uint64_t started) {
	uint64_t end = now_ns();
	busy_change(-1, end);
	atomic_fetch_add(&ns_inside, end > started ? end - started : 0);
	atomic_fetch_add(&calls, 1);
	atomic_fetch_add(&rounds_done, rounds);
	atomic_fetch_sub(&in_flight, 1);
}

uint64_t kata_digest(uint64_t seed, uint64_t rounds) {
	enter();
	uint64_t started = now_ns();
	busy_change(+1, started);
	uint64_t x = seed;
	for (uint64_t i = 0; i < rounds; i++) {
		x += 0x9e3779b97f4a7c15ULL;
		uint64_t z = x;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		x = z ^ (z >> 31);
	}
	leave(rounds, started);
	return x;
}

kata_counts kata_stats(void) {
	kata_counts c;
	c.calls = atomic_load(&calls);
	c.rounds = atomic_load(&rounds_done);
	c.ns_inside = atomic_load(&ns_inside);
	while (atomic_flag_test_and_set_explicit(&busy_lock, memory_order_acquire)) {
	}
	c.ns_busy = ns_busy;
	atomic_flag_clear_explicit(&busy_lock, memory_order_release);
	c.max_in_flight = atomic_load(&max_in_flight);
	return c;
}

void kata_reset_max(void) {
	atomic_store(&max_in_flight, atomic_load(&in_flight));
}
