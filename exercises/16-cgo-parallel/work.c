/*
 * work.c: the C side of exercise 16 (support file: do not edit).
 * cgo compiles it with its default flags (-O2).
 */
/* nanosleep is POSIX, beyond the C standard: ask <time.h> for it. */
#define _POSIX_C_SOURCE 200809L
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

/*
 * For the tests: the next meet_calls calls each wait, before their work,
 * until meet_target calls are inside kata_digest at once or meet_ns
 * nanoseconds have passed. Calls made from several goroutines at once
 * then overlap for sure, however busy the machine: the waiting ones stay
 * inside while the others come in. A test that sets meet_target one above
 * the number of calls a solution should make at once sees every call
 * beyond it; a solution that makes exactly that many just waits meet_ns
 * once.
 */
static atomic_int meet_calls;
static atomic_int meet_target;
static atomic_llong meet_ns;

/* takes one of the meet_calls, if any is left */
static int take_meet_call(void) {
	int left = atomic_load(&meet_calls);
	while (left > 0 && !atomic_compare_exchange_weak(&meet_calls, &left, left - 1)) {
		/* left now holds the current count: try again */
	}
	return left > 0;
}

/*
 * For the tests: the next call whose seed is hold_seed waits, before it
 * comes in, until another call has finished or hold_ns nanoseconds have
 * passed. Its result then comes after another job's on any machine, even
 * one with a single CPU, where jobs would otherwise finish in the order
 * they were given.
 */
static atomic_int hold_armed;
static atomic_uint_least64_t hold_seed;
static atomic_llong hold_ns;
static atomic_int hold_timed_out;

static void hold(uint64_t seed) {
	if (!atomic_load(&hold_armed) || atomic_load(&hold_seed) != seed || !atomic_exchange(&hold_armed, 0)) {
		return;
	}
	const struct timespec step = {0, 200000}; /* 0.2 ms */
	uint64_t finished = atomic_load(&calls);
	uint64_t until = now_ns() + (uint64_t)atomic_load(&hold_ns);
	while (atomic_load(&calls) == finished) {
		if (now_ns() >= until) {
			atomic_store(&hold_timed_out, 1);
			return;
		}
		nanosleep(&step, NULL);
	}
}

static void enter(void) {
	int now = atomic_fetch_add(&in_flight, 1) + 1;
	int seen = atomic_load(&max_in_flight);
	while (now > seen && !atomic_compare_exchange_weak(&max_in_flight, &seen, now)) {
		/* seen now holds the current maximum: try again if still lower */
	}
	if (take_meet_call()) {
		/* Sleep in short steps rather than spin, so the wait leaves the
		 * cores to the calls that are coming in. */
		const struct timespec step = {0, 200000}; /* 0.2 ms */
		uint64_t until = now_ns() + (uint64_t)atomic_load(&meet_ns);
		while (atomic_load(&in_flight) < atomic_load(&meet_target) && now_ns() < until) {
			nanosleep(&step, NULL);
		}
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
	hold(seed);
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

void kata_meet(int calls, int target, long long ns) {
	atomic_store(&meet_target, target);
	atomic_store(&meet_ns, ns);
	atomic_store(&meet_calls, calls);
}

void kata_hold(uint64_t seed, long long ns) {
	atomic_store(&hold_timed_out, 0);
	atomic_store(&hold_seed, seed);
	atomic_store(&hold_ns, ns);
	atomic_store(&hold_armed, ns > 0);
}

int kata_hold_timed_out(void) {
	return atomic_load(&hold_timed_out);
}
