/* SPDX-License-Identifier: MIT */
/*
 * kmm/bitops.h - the bit helpers of linux/bitops.h and linux/log2.h that
 * kmm uses: bitmaps of unsigned longs (non-atomic __set_bit, test_bit,
 * __test_and_set_bit) and fls/ilog2.
 */
#ifndef KMM_BITOPS_H
#define KMM_BITOPS_H

#include <kmm/types.h>
#include <kmm/compiler.h>

#define BITS_PER_LONG_KMM	(8 * sizeof(long))
#define BITS_TO_LONGS(n)	(((unsigned long)(n) + BITS_PER_LONG_KMM - 1) / BITS_PER_LONG_KMM)
/* Last set bit, 1-based (fls(1) = 1); 0 for 0. */
#define fls(x)		((x) ? 32 - __builtin_clz((unsigned int)(x)) : 0)
/* Floor of log2 of a non-zero unsigned long. */
#define ilog2(x)	(63 - __builtin_clzl((unsigned long)(x)))

static inline void __set_bit(unsigned int nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG_KMM] |= 1UL << (nr % BITS_PER_LONG_KMM);
}

static inline bool test_bit(unsigned int nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG_KMM] >> (nr % BITS_PER_LONG_KMM)) & 1;
}

static inline bool __test_and_set_bit(unsigned int nr, unsigned long *map)
{
	bool old = test_bit(nr, map);

	__set_bit(nr, map);
	return old;
}

#endif /* KMM_BITOPS_H */
