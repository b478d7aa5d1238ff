// SPDX-License-Identifier: MIT
/*
 * tests/test_demo.c - `make demo` (the kmm program with no command) runs
 * to the end and shows what the README promises of each layer: the boot
 * log, memblock, the buddy allocator, SLUB, vmalloc and mempool, each part
 * with the result that proves it worked.
 *
 *   === 1. ... ===  ...  === 8. mempool ... ===
 *   part 8: 4 drivers x 500 requests all complete while the allocator
 *   gives nothing (memory exhausted by a hog), GFP_ATOMIC gets NULL at
 *   once, and the reserve is full again afterwards.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers/run_kmm.h"

static struct run demo;

static void run_demo(void)
{
	const char *args[] = { NULL };

	demo = run_kmm(args);
	cr_assert_eq(demo.status, 0, "kmm exited %d\n%s", demo.status, demo.err);
}

/* The part of the demo's output under heading @n (up to the next one). */
static char *part(int n)
{
	char head[16], *p, *end;

	snprintf(head, sizeof(head), "=== %d. ", n);
	p = strstr(demo.out, head);
	cr_assert_not_null(p, "no part %d in:\n%s", n, demo.out);
	end = strstr(p + 4, "\n=== ");
	return strndup(p, end ? (size_t)(end - p) : strlen(p));
}

static void assert_part_has(int n, const char *what)
{
	char *p = part(n);

	cr_assert(strstr(p, what), "part %d lacks \"%s\":\n%s", n, what, p);
	free(p);
}

Test(demo, runs_every_part_in_order)
{
	const char *last;

	run_demo();
	last = demo.out;
	for (int n = 1; n <= 8; n++) {
		char head[16];
		const char *p;

		snprintf(head, sizeof(head), "=== %d. ", n);
		p = strstr(demo.out, head);
		cr_assert(p && p >= last, "part %d missing or out of order", n);
		last = p;
	}
	run_free(&demo);
}

Test(demo, each_layer_shows_its_result)
{
	run_demo();
	assert_part_has(5, "kmm_check_invariants(): every page counted once");
	assert_part_has(6, "kmem_cache_is_valid() = 1");
	assert_part_has(6, "merged, demo_b is an alias of demo_a");
	assert_part_has(7, "every page counted once");
	assert_part_has(7, "guard page");
	run_free(&demo);
}

Test(demo, mempool_keeps_the_drivers_alive_while_memory_is_exhausted)
{
	char *p;

	run_demo();
	p = part(8);
	cr_assert(strstr(p, "2000 completed"), "%s", p);
	cr_assert(strstr(p, " 0 corrupted"), "%s", p);
	cr_assert(strstr(p, "gave 0 elements"), "the allocator served nothing:\n%s", p);
	cr_assert(strstr(p, "mempool_alloc(GFP_ATOMIC) = (nil)"), "%s", p);
	cr_assert(strstr(p, "mempool_is_saturated() = 1"), "%s", p);
	free(p);
	run_free(&demo);
}
