// SPDX-License-Identifier: MIT
/*
 * tests/test_fault_every_point.c - every failure point survived: each
 * workload runs once per N = 1, 2, ... with the calling thread's Nth
 * eligible allocation failed (fail-nth, as /proc/thread-self/fail-nth),
 * until a run ends with the countdown not reached, i.e. the workload has
 * fewer than N failure points. After every run: the workload saw and
 * handled the failure, the validators pass, and once everything is freed
 * the machine has exactly the free pages boot left (nothing leaked).
 *
 *   N=1: alloc x  ...              (the first allocation fails)
 *   N=2: alloc ok, alloc x ...
 *   ...
 *   N=k+1: all k allocations succeed: done, k points survived
 *
 * fail_page_alloc is opened to every request (min-order 0, no gfp filter)
 * so that each allocation is a failure point. Workloads that build on
 * later layers (SLUB, vmalloc, mempool) join the table as they land.
 */
#include <criterion/criterion.h>
#include <stdio.h>

#include "helpers/buddy_harness.h"

#define MiB (1ULL << 20)
#define MAX_POINTS 4096

struct workload {
	const char *name;
	/* Runs; Return: allocations that failed (and were handled). */
	int (*run)(void);
};

/* Pages of several orders and kinds, held, then freed in another order. */
static int pages_workload(void)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_ATOMIC, GFP_KERNEL | __GFP_ZERO,
				      GFP_DMA32, GFP_KERNEL | __GFP_COMP, GFP_NOWAIT };
	struct page *held[48];
	unsigned int order[48];
	int n = 0, failed = 0;

	for (int i = 0; i < 48; i++) {
		order[n] = (unsigned int)(i * 7 % 11);
		held[n] = alloc_pages(gfps[i % ARRAY_SIZE(gfps)] | __GFP_NOWARN, order[n]);
		if (held[n])
			n++;
		else
			failed++;
	}
	for (int i = 0; i < n; i += 2)
		__free_pages(held[i], order[i]);
	for (int i = 1; i < n; i += 2)
		__free_pages(held[i], order[i]);
	return failed;
}

/* The address-based and exact APIs. */
static int addresses_workload(void)
{
	unsigned long a = __get_free_pages(GFP_KERNEL | __GFP_NOWARN, 2);
	unsigned long z = get_zeroed_page(GFP_KERNEL | __GFP_NOWARN);
	void *e = alloc_pages_exact(5 * PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN);
	int failed = !a + !z + !e;

	if (z)
		cr_assert_eq(*(unsigned long *)z, 0);
	free_pages(a, 2);
	free_page(z);
	if (e)
		free_pages_exact(e, 5 * PAGE_SIZE);
	return failed;
}

/* split_page() and frees of the pieces one by one. */
static int split_workload(void)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 3);

	if (!page)
		return 1;
	split_page(page, 3);
	for (int i = 0; i < 8; i++)
		__free_page(page + i);
	return 0;
}

static const struct workload workloads[] = {
	{ "pages", pages_workload },
	{ "addresses", addresses_workload },
	{ "split", split_workload },
};

static void open_every_point(void)
{
	cr_assert_eq(fault_attr_write("fail_page_alloc", "min-order", "0"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "ignore-gfp-wait", "N"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "ignore-gfp-highmem", "N"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "verbose", "0"), 0);
}

/* One run with the Nth point failed. Return: whether the point was reached. */
static bool run_with_nth(const struct workload *w, unsigned int nth)
{
	unsigned long start;
	bool reached;
	int failed;

	bh_boot_ram(128 * MiB, 1, "");
	open_every_point();
	start = bh_free_total();
	fault_fail_nth_set(nth);
	failed = w->run();
	reached = fault_fail_nth_get() == 0;
	fault_fail_nth_set(0);
	cr_assert_eq(failed, reached ? 1 : 0, "%s, N=%u: %d allocations failed", w->name,
		     nth, failed);
	drain_all_pages(NULL);
	cr_assert_eq(bh_free_total(), start, "%s, N=%u: pages leaked", w->name, nth);
	bh_check();
	bh_halt();
	return reached;
}

Test(fault_every_point, every_allocation_of_every_workload_can_fail,
     .timeout = 600)
{
	unsigned int total = 0;

	for (size_t i = 0; i < ARRAY_SIZE(workloads); i++) {
		unsigned int nth = 1;

		while (run_with_nth(&workloads[i], nth))
			cr_assert_lt(++nth, MAX_POINTS, "%s never ends", workloads[i].name);
		cr_assert_gt(nth, 1, "%s has no failure point", workloads[i].name);
		total += nth - 1;
	}
	/* The number the README quotes. */
	fprintf(stderr, "fault_every_point: %u injection points survived\n", total);
}
