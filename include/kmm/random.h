/* SPDX-License-Identifier: MIT */
/*
 * kmm/random.h - random numbers for kmm's own decisions (fault injection,
 * freelist randomisation), as linux/random.h names them.
 *
 * How kmm differs: not a cryptographic generator. Each thread runs its
 * own xorshift64* seeded from the clock and the thread; kmm_random_seed()
 * makes a thread's sequence repeatable (tests, fuzzing).
 */
#ifndef KMM_RANDOM_H
#define KMM_RANDOM_H

#include <kmm/types.h>

/** get_random_u64 - 64 random bits. Context: any. */
u64 get_random_u64(void);

/** get_random_u32 - 32 random bits. Context: any. */
static inline u32 get_random_u32(void)
{
	return (u32)(get_random_u64() >> 32);
}

/**
 * get_random_u32_below - a random number in [0, @ceil).
 * @ceil: the bound, > 0
 * Return: the number (multiply-shift, as Linux's, so no modulo bias
 * worth the name for small bounds).
 */
static inline u32 get_random_u32_below(u32 ceil)
{
	return (u32)(((u64)get_random_u32() * ceil) >> 32);
}

/** kmm_random_seed - restart the calling thread's sequence from @seed. */
void kmm_random_seed(u64 seed);

#endif /* KMM_RANDOM_H */
