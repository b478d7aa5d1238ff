// SPDX-License-Identifier: MIT
/*
 * src/lib/random.c - kmm/random.h: a per-thread xorshift64* generator.
 *
 * 1. State. One 64-bit word per thread; 0 means "not seeded yet", and the
 *    first call seeds it from the monotonic clock mixed with the address
 *    of the thread's own state (distinct per live thread), through
 *    splitmix64 so that close seeds give unrelated sequences.
 * 2. Step. xorshift64* (Vigna): three shifts and a multiply; period
 *    2^64 - 1, never 0 once seeded.
 *
 * How kmm differs from Linux: Linux's get_random_u32() is a ChaCha-based
 * CSPRNG fed by the entropy pool; kmm only needs numbers that look random
 * to allocator decisions, and repeatable ones in tests (kmm_random_seed()).
 */
#include <kmm/random.h>
#include <kmm/compiler.h>
#include "../host/host.h"

static _Thread_local u64 rng_state;

/* splitmix64: spreads any seed over the whole state. */
static u64 mix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void kmm_random_seed(u64 seed)
{
	rng_state = mix(seed) | 1;
}

u64 get_random_u64(void)
{
	u64 x = rng_state;

	if (unlikely(!x))
		x = mix(host_clock_ns() ^ (u64)(unsigned long)&rng_state) | 1;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}
