/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/model_rng.h - what the randomised model tests share: a
 * seeded xorshift64* generator, and an assertion that names the seed and
 * the step so that a failure can be replayed (each test sets seed_used
 * and counts step; rng must be seeded non-zero).
 *
 * Each test binary is one translation unit: the state below is its own.
 */
#ifndef TESTS_HELPERS_MODEL_RNG_H
#define TESTS_HELPERS_MODEL_RNG_H

#include <criterion/criterion.h>
#include <stdint.h>

static uint64_t rng;
static unsigned long seed_used, step;

static inline uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

/* A number in [0, n). */
static inline unsigned int rnd_below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

#define massert(cond, fmt, ...)						\
	cr_assert((cond), "[seed %lu step %lu] " fmt, seed_used, step, ##__VA_ARGS__)

#endif /* TESTS_HELPERS_MODEL_RNG_H */
