// SPDX-License-Identifier: MIT
/*
 * tests/test_fault_inject.c - fault injection (lib/fault-inject.c) and its
 * fail_page_alloc instance, as Documentation/fault-injection describes.
 *
 * Each case boots a 256 MiB machine with a command line and counts which
 * allocations fail. The eligible request is an order-1 GFP_ATOMIC one
 * (fail_page_alloc's defaults: min-order 1, ignore-gfp-wait), freed at
 * once, so the machine's free memory never runs out and every failure
 * seen is an injected one.
 *
 *   attempt:  1  2  3  4  5  6 ...
 *   1,100,0,-1   x  x  x  x  x  x     every eligible call fails
 *   3,100,0,-1   .  .  x  .  .  x     every third
 *   1,100,0,2    x  x  .  .  .  .     two failures, then none
 *   1,100,8,-1   .  .  .  x  x  x     8 pages let through (2 per call)
 *   (interval,probability,space,times)
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "helpers/buddy_harness.h"
#include "helpers/slab_harness.h"

#define MiB (1ULL << 20)

static void boot(const char *cmdline)
{
	bh_boot_ram(256 * MiB, 1, cmdline);
	kmm_dmesg_clear();
}

/* One eligible attempt: true if it failed. Frees what it got. */
static bool attempt(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	if (!page)
		return true;
	__free_pages(page, order);
	return false;
}

/* The failure pattern of @n eligible attempts, as "x" and "." */
static const char *pattern(int n)
{
	static char s[64];

	for (int i = 0; i < n; i++)
		s[i] = attempt(GFP_ATOMIC, 1) ? 'x' : '.';
	s[n] = '\0';
	return s;
}

Test(fault_inject, every_eligible_call_fails_with_probability_100)
{
	boot("fail_page_alloc=1,100,0,-1");
	cr_assert_str_eq(pattern(6), "xxxxxx");
	bh_check();
}

/*
 * The counting attributes are set after boot: booting allocates slabs of
 * order 1 and more, eligible calls that would use up interval, space and
 * times before the pattern starts (as on Linux, where the boot parameter
 * is live from the first allocation).
 */
static void arm(const char *interval, const char *space, const char *times)
{
	cr_assert_eq(fault_attr_write("fail_page_alloc", "interval", interval), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "space", space), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "times", times), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "probability", "100"), 0);
}

Test(fault_inject, interval_fails_every_nth_call)
{
	boot("");
	arm("3", "0", "-1");
	cr_assert_str_eq(pattern(9), "..x..x..x");
}

Test(fault_inject, times_bounds_the_failures)
{
	boot("");
	arm("1", "0", "2");
	cr_assert_str_eq(pattern(6), "xx....");
	cr_assert_eq(bh_log_count("FAULT_INJECTION: forcing a failure."), 2, "%s", bh_log());
}

Test(fault_inject, space_lets_pages_through_first)
{
	boot("");
	arm("1", "8", "-1");
	cr_assert_str_eq(pattern(6), "...xxx");
}

Test(fault_inject, the_boot_parameter_sets_all_four_attributes)
{
	char buf[16];

	boot("fail_page_alloc=3,100,8,-1");
	cr_assert_eq(fault_attr_read("fail_page_alloc", "interval", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "3");
	cr_assert_eq(fault_attr_read("fail_page_alloc", "probability", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "100");
	cr_assert_eq(fault_attr_read("fail_page_alloc", "times", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "-1");
}

Test(fault_inject, probability_zero_never_fails)
{
	boot("fail_page_alloc=1,0,0,-1");
	cr_assert_str_eq(pattern(6), "......");
	cr_assert_not(bh_log_has("FAULT_INJECTION"));
}

Test(fault_inject, probability_50_fails_about_half)
{
	int fails = 0;

	boot("fail_page_alloc=1,50,0,-1");
	fault_attr_write("fail_page_alloc", "verbose", "0");
	for (int i = 0; i < 2000; i++)
		fails += attempt(GFP_ATOMIC, 1);
	cr_assert(fails > 800 && fails < 1200, "%d of 2000 failed", fails);
}

/* The notice's two lines as lib/fault-inject.c prints them, then a stack. */
Test(fault_inject, the_notice_names_the_instance_and_its_attributes)
{
	boot("fail_page_alloc=1,100,0,-1");
	cr_assert(attempt(GFP_ATOMIC, 1));
	cr_assert(bh_log_has("FAULT_INJECTION: forcing a failure.\n"
			     "name fail_page_alloc, interval 1, probability 100, space 0, times -1\n"),
		  "%s", bh_log());
	cr_assert(bh_log_has("Call Trace:"), "verbose 2 dumps the stack:\n%s", bh_log());
	/* An injected failure is not an allocation failure report. */
	cr_assert_not(bh_log_has("page allocation failure"), "%s", bh_log());
}

Test(fault_inject, verbose_1_prints_no_stack_and_0_prints_nothing)
{
	boot("fail_page_alloc=1,100,0,-1");
	cr_assert_eq(fault_attr_write("fail_page_alloc", "verbose", "1"), 0);
	cr_assert(attempt(GFP_ATOMIC, 1));
	cr_assert(bh_log_has("FAULT_INJECTION: forcing a failure."));
	cr_assert_not(bh_log_has("Call Trace:"), "%s", bh_log());
	kmm_dmesg_clear();
	cr_assert_eq(fault_attr_write("fail_page_alloc", "verbose", "0"), 0);
	cr_assert(attempt(GFP_ATOMIC, 1));
	cr_assert_not(bh_log_has("FAULT_INJECTION"), "%s", bh_log());
}

Test(fault_inject, gfp_nowarn_fails_silently)
{
	boot("fail_page_alloc=1,100,0,-1");
	cr_assert(attempt(GFP_ATOMIC | __GFP_NOWARN, 1));
	cr_assert_not(bh_log_has("FAULT_INJECTION"), "%s", bh_log());
}

/* fail_page_alloc's own filters and their debugfs names. */
Test(fault_inject, default_filters_spare_order_0_reclaim_and_nofail)
{
	boot("fail_page_alloc=1,100,0,-1");
	cr_assert_not(attempt(GFP_ATOMIC, 0), "min-order is 1");
	cr_assert_not(attempt(GFP_KERNEL, 1), "ignore-gfp-wait spares direct reclaim");
	cr_assert_not(attempt(GFP_ATOMIC | __GFP_NOFAIL, 1), "never __GFP_NOFAIL");
	cr_assert(attempt(GFP_ATOMIC, 1));
}

Test(fault_inject, filters_are_switched_at_run_time)
{
	char buf[16];

	boot("fail_page_alloc=1,100,0,-1");
	cr_assert_eq(fault_attr_write("fail_page_alloc", "min-order", "0"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "ignore-gfp-wait", "N"), 0);
	cr_assert(attempt(GFP_ATOMIC, 0), "order 0 fails, the per-CPU fast path included");
	cr_assert(attempt(GFP_KERNEL, 0));
	cr_assert_eq(fault_attr_read("fail_page_alloc", "ignore-gfp-wait", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "N");
	cr_assert_eq(fault_attr_read("fail_page_alloc", "min-order", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "0");
	cr_assert_eq(fault_attr_read("fail_page_alloc", "times", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "-1");
	bh_check();
}

Test(fault_inject, run_time_attributes_without_a_boot_parameter)
{
	boot("");
	cr_assert_not(attempt(GFP_ATOMIC, 1), "off by default");
	cr_assert_eq(fault_attr_write("fail_page_alloc", "probability", "100"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "times", "1"), 0);
	cr_assert_str_eq(pattern(3), "x..");
}

Test(fault_inject, bad_names_and_values_are_refused)
{
	char buf[16];

	boot("");
	cr_assert_eq(fault_attr_write("fail_nothing", "probability", "1"), -ENOENT);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "no-such-file", "1"), -ENOENT);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "probability", "lots"), -EINVAL);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "task-filter", "maybe"), -EINVAL);
	cr_assert_eq(fault_attr_read("fail_page_alloc", "nope", buf, sizeof(buf)), -ENOENT);
	cr_assert_eq(fault_attr_read("fail_page_alloc", "probability", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "0", "a refused write changed nothing");
}

Test(fault_inject, a_malformed_boot_parameter_is_reported_and_ignored)
{
	char buf[16];

	bh_boot_ram(256 * MiB, 1, "fail_page_alloc=1,100");
	cr_assert(bh_log_has("FAULT_INJECTION: failed to parse arguments"), "%s", bh_log());
	cr_assert_eq(fault_attr_read("fail_page_alloc", "probability", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "0");
	cr_assert_not(attempt(GFP_ATOMIC, 1));
}

/* fail-nth: the thread's Nth eligible call fails, whatever the attributes. */
Test(fault_inject, fail_nth_fails_exactly_the_nth_call)
{
	boot("");
	fault_attr_write("fail_page_alloc", "verbose", "0");
	fault_fail_nth_set(3);
	cr_assert_eq(fault_fail_nth_get(), 3);
	cr_assert_str_eq(pattern(5), "..x..");
	cr_assert_eq(fault_fail_nth_get(), 0);
}

static void *other_thread_attempts(void *arg)
{
	*(bool *)arg = attempt(GFP_ATOMIC, 1);
	return NULL;
}

Test(fault_inject, fail_nth_and_task_filter_are_per_thread)
{
	pthread_t t;
	bool failed = true;

	boot("fail_page_alloc=1,100,0,-1");
	cr_assert_eq(fault_attr_write("fail_page_alloc", "task-filter", "Y"), 0);
	cr_assert_not(attempt(GFP_ATOMIC, 1), "no make-it-fail: spared");
	fault_make_it_fail(true);
	cr_assert(attempt(GFP_ATOMIC, 1));
	pthread_create(&t, NULL, other_thread_attempts, &failed);
	pthread_join(t, NULL);
	cr_assert_not(failed, "another thread is not marked");
	fault_make_it_fail(false);
	cr_assert_not(attempt(GFP_ATOMIC, 1));
}

/* Injected failures leave the allocator whole, and a new boot starts clean. */
Test(fault_inject, state_is_intact_and_halt_restores_defaults)
{
	unsigned long before;
	char buf[16];

	boot("fail_page_alloc=2,100,0,-1");
	before = bh_free_total();
	fault_attr_write("fail_page_alloc", "verbose", "0");
	fault_attr_write("fail_page_alloc", "min-order", "0");
	for (int i = 0; i < 1000; i++)
		attempt(GFP_ATOMIC, (unsigned int)(i % 4));
	cr_assert_eq(bh_free_total(), before);
	bh_check();
	bh_halt();
	boot("");
	cr_assert_eq(fault_attr_read("fail_page_alloc", "min-order", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "1");
	cr_assert_eq(fault_attr_read("fail_page_alloc", "probability", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "0");
	cr_assert_str_eq(pattern(3), "...");
}

/* ---- failslab (mm/failslab.c): the same attributes on slab allocations ---- */

/* An eligible slab allocation (GFP_ATOMIC: ignore-gfp-wait spares GFP_KERNEL). */
static bool slab_attempt(struct kmem_cache *s)
{
	void *p = kmem_cache_alloc(s, GFP_ATOMIC);

	if (!p)
		return true;
	kmem_cache_free(s, p);
	return false;
}

Test(failslab, fails_slab_allocations_as_configured)
{
	struct kmem_cache *s;
	char pat[7];
	void *p;

	boot("");
	s = kmem_cache_create("fi_test", 128, 0, 0, NULL);
	cr_assert_not_null(s);
	cr_assert_not(slab_attempt(s), "off by default");
	cr_assert_eq(fault_attr_write("failslab", "interval", "2"), 0);
	cr_assert_eq(fault_attr_write("failslab", "times", "-1"), 0);
	cr_assert_eq(fault_attr_write("failslab", "probability", "100"), 0);
	for (int i = 0; i < 6; i++)
		pat[i] = slab_attempt(s) ? 'x' : '.';
	pat[6] = '\0';
	cr_assert_str_eq(pat, ".x.x.x");
	cr_assert(bh_log_has("name failslab, interval 2, probability 100, space 0, times -1"),
		  "%s", bh_log());
	cr_assert_eq(fault_attr_write("failslab", "interval", "1"), 0);
	cr_assert_null(kmalloc(64, GFP_ATOMIC | __GFP_NOWARN), "kmalloc is slab too");
	p = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_not_null(p, "ignore-gfp-wait spares GFP_KERNEL");
	kmem_cache_free(s, p);
	cr_assert_eq(fault_attr_write("failslab", "probability", "0"), 0);
	kmem_cache_shrink(s);
	sh_check();
}

Test(failslab, cache_filter_limits_it_to_slab_failslab_caches)
{
	struct kmem_cache *marked, *plain;

	boot("failslab=1,100,0,-1");
	marked = kmem_cache_create("fi_marked", 64, 0, SLAB_FAILSLAB, NULL);
	plain = kmem_cache_create("fi_plain", 64, 0, SLAB_NO_MERGE, NULL);
	cr_assert_eq(fault_attr_write("failslab", "cache-filter", "Y"), 0);
	cr_assert(slab_attempt(marked));
	cr_assert_not(slab_attempt(plain));
	cr_assert_eq(fault_attr_write("failslab", "probability", "0"), 0);
	sh_check();
}

Test(failslab, fail_nth_counts_slab_and_page_allocations_alike)
{
	struct kmem_cache *s;

	boot("");
	s = kmem_cache_create("fi_nth", 256, 0, 0, NULL);
	fault_attr_write("failslab", "verbose", "0");
	fault_fail_nth_set(2);
	cr_assert_not(slab_attempt(s));
	cr_assert(slab_attempt(s), "the second eligible call fails");
	cr_assert_not(slab_attempt(s));
	sh_check();
}
