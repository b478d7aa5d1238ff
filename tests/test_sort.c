// SPDX-License-Identifier: MIT
/*
 * tests/test_sort.c - sort() (src/lib/sort.c) agrees with the host's qsort
 * on random, sorted, reversed and constant arrays of several element
 * sizes, with and without a caller's swap function.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/sort.h>

struct rec {
	uint64_t key;
	uint32_t pad[4];
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

static void swap_rec(void *a, void *b, int size)
{
	struct rec t = *(struct rec *)a;

	cr_assert_eq(size, (int)sizeof(struct rec));
	*(struct rec *)a = *(struct rec *)b;
	*(struct rec *)b = t;
}

static void fill(uint32_t *v, size_t n, int pattern, unsigned *seed)
{
	for (size_t i = 0; i < n; i++) {
		switch (pattern) {
		case 0: v[i] = (uint32_t)rand_r(seed); break;
		case 1: v[i] = (uint32_t)i; break;
		case 2: v[i] = (uint32_t)(n - i); break;
		case 3: v[i] = 7; break;
		default: v[i] = (uint32_t)rand_r(seed) % 4; break;
		}
	}
}

Test(sort, agrees_with_qsort_on_u32)
{
	static uint32_t a[1500], b[1500];
	unsigned seed = 1;

	for (size_t n = 0; n < 1500; n += 1 + n / 3) {
		for (int pattern = 0; pattern < 5; pattern++) {
			fill(a, n, pattern, &seed);
			memcpy(b, a, n * sizeof(*a));
			sort(a, n, sizeof(*a), cmp_u32, NULL);
			qsort(b, n, sizeof(*b), cmp_u32);
			cr_assert_eq(memcmp(a, b, n * sizeof(*a)), 0, "n=%zu pattern=%d", n, pattern);
		}
	}
}

Test(sort, records_with_a_swap_function)
{
	static struct rec r[777];
	unsigned seed = 2;

	for (size_t i = 0; i < 777; i++)
		r[i] = (struct rec){ .key = (uint64_t)rand_r(&seed) << 20, .pad = { (uint32_t)i } };
	sort(r, 777, sizeof(r[0]), cmp_rec, swap_rec);
	for (size_t i = 1; i < 777; i++)
		cr_assert_leq(r[i - 1].key, r[i].key);
}
