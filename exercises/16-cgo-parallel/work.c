/*
 * work.c: the C side of exercise 16 (support file: do not edit).
 * cgo compiles it with its default flags (-O2).
 */
#include <stdatomic.h>

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

static void enter(void) {
	int now = atomic_fetch_add(&in_flight, 1) + 1;
	int seen = atomic_load(&max_in_flight);
	while (now > seen && !atomic_compare_exchange_weak(&max_in_flight, &seen, now)) {
		/* seen now holds the current maximum: try again if still lower */
	}
}

static void leave(uint64_t rounds) {
	atomic_fetch_add(&calls, 1);
	atomic_fetch_add(&rounds_done, rounds);
	atomic_fetch_sub(&in_flight, 1);
}

uint64_t kata_digest(uint64_t seed, uint64_t rounds) {
	enter();
	uint64_t x = seed;
	for (uint64_t i = 0; i < rounds; i++) {
		x += 0x9e3779b97f4a7c15ULL;
		uint64_t z = x;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		x = z ^ (z >> 31);
	}
	leave(rounds);
	return x;
}

kata_counts kata_stats(void) {
	kata_counts c;
	c.calls = atomic_load(&calls);
	c.rounds = atomic_load(&rounds_done);
	c.max_in_flight = atomic_load(&max_in_flight);
	return c;
}

void kata_reset_max(void) {
	atomic_store(&max_in_flight, atomic_load(&in_flight));
}
