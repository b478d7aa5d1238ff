// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_pcp.c - the per-CPU page lists, as Linux 6.12 runs
 * them (mm/page_alloc.c: free_unref_page(), free_unref_page_commit(),
 * rmqueue_pcplist(), nr_pcp_alloc(), nr_pcp_free(), zone_batchsize(),
 * zone_highsize(), drain_all_pages(), drain_local_pages()):
 *
 *  - a free of order 0..PAGE_ALLOC_COSTLY_ORDER (3) goes to the list of
 *    the CPU the caller runs on, at its head (the list is LIFO), and the
 *    zone's NR_FREE_PAGES does not move; larger orders go straight to the
 *    buddy lists;
 *  - an allocation from an empty list refills it with `batch` pages
 *    (order 0) or max(batch >> order, 2) blocks (orders 1..3);
 *  - when a free brings the count to `high`, a batch or more goes back to
 *    the buddy lists, so the count stays below high;
 *  - drain_all_pages(NULL) empties every list of every CPU,
 *    drain_all_pages(zone) only that zone's, drain_local_pages() only the
 *    calling CPU's;
 *  - batch = rounddown_pow_of_two(b + b/2) - 1 with b = min(managed/1024,
 *    256)/4 (at least 1), so 63 for large zones; high_min and high_max
 *    are the low watermark and an eighth of the zone, split across the
 *    node's CPUs, and at least 4 * batch.
 *
 * Each case pins the thread to a host CPU, so smp_processor_id() is
 * known. Counts are checked against the lists themselves after each step.
 */
#include <pthread.h>

#include "helpers/buddy_harness.h"

static void boot(void)
{
	bh_boot(&bh_m256, NULL);
}

static void finish(void)
{
	bh_check();
	cr_assert_eq(bh_free_total(), bh_start_free);
	bh_halt();
}

TestSuite(page_alloc_pcp, .init = boot, .fini = finish);

/* Every list's count equals the pages on it. */
static void assert_counts_match_lists(void)
{
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt)
		for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			int sum = 0;

			for (int o = 0; o <= PAGE_ALLOC_COSTLY_ORDER; o++)
				sum += bh_pcp_list_pages(z, cpu, o);
			cr_assert_eq(bh_pcp_count(z, cpu), sum,
				     "node %d %s cpu %d: count %d, lists hold %d", nid,
				     zone_names[zt], cpu, bh_pcp_count(z, cpu), sum);
		}
}

static struct zone *dma32(void)
{
	return bh_zone(0, ZONE_DMA32);
}

Test(page_alloc_pcp, an_order0_free_goes_to_the_current_cpus_list)
{
	struct zone *z = dma32();

	for (int cpu = 0; cpu < BH_CPUS; cpu++) {
		struct page *page;
		int mine, other;
		unsigned long zfree;

		bh_pin_cpu(cpu);
		page = alloc_page(GFP_KERNEL);
		cr_assert_not_null(page);
		cr_assert_eq(page_zone(page), z);
		mine = bh_pcp_count(z, cpu);
		other = bh_pcp_count(z, 1 - cpu);
		zfree = bh_zone_free(z);
		__free_page(page);
		cr_assert_eq(bh_pcp_count(z, cpu), mine + 1, "cpu %d", cpu);
		cr_assert_eq(bh_pcp_count(z, 1 - cpu), other, "cpu %d freed to cpu %d", cpu,
			     1 - cpu);
		cr_assert_eq(bh_zone_free(z), zfree, "a pcp free must not touch NR_FREE_PAGES");
		assert_counts_match_lists();
		bh_check();
	}
}

Test(page_alloc_pcp, orders_1_to_3_are_cached_too)
{
	struct zone *z = dma32();

	bh_pin_cpu(0);
	for (unsigned int order = 1; order <= PAGE_ALLOC_COSTLY_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		int count, on_list;
		unsigned long zfree;

		cr_assert_not_null(page);
		count = bh_pcp_count(z, 0);
		on_list = bh_pcp_list_pages(z, 0, order);
		zfree = bh_zone_free(z);
		__free_pages(page, order);
		cr_assert_eq(bh_pcp_count(z, 0), count + (1 << order), "order %u", order);
		cr_assert_eq(bh_pcp_list_pages(z, 0, order), on_list + (1 << order),
			     "order %u", order);
		cr_assert_eq(bh_zone_free(z), zfree);
		assert_counts_match_lists();
	}
}

Test(page_alloc_pcp, order_4_and_up_bypass_the_lists)
{
	struct zone *z = dma32();

	bh_pin_cpu(0);
	for (unsigned int order = PAGE_ALLOC_COSTLY_ORDER + 1; order <= MAX_PAGE_ORDER; order++) {
		unsigned long total = bh_pcp_total(), zfree = bh_zone_free(z);
		struct page *page = alloc_pages(GFP_KERNEL, order);

		cr_assert_not_null(page);
		cr_assert_eq(bh_pcp_total(), total, "order %u allocation touched a pcp list", order);
		cr_assert_eq(bh_zone_free(z), zfree - (1UL << order));
		__free_pages(page, order);
		cr_assert_eq(bh_pcp_total(), total, "order %u free touched a pcp list", order);
		cr_assert_eq(bh_zone_free(z), zfree);
	}
}

/* nr_pcp_alloc(): the first refill of an empty list takes one batch. */
Test(page_alloc_pcp, an_empty_list_is_refilled_with_one_batch)
{
	struct zone *z = dma32();
	int batch = bh_pcp_batch(z, 0);
	unsigned long zfree;
	struct page *page;

	bh_pin_cpu(0);
	drain_all_pages(NULL);
	cr_assert_eq(bh_pcp_count(z, 0), 0);
	zfree = bh_zone_free(z);
	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page);
	cr_assert_eq(bh_zone_free(z), zfree - batch, "refill took %lu pages, batch is %d",
		     zfree - bh_zone_free(z), batch);
	cr_assert_eq(bh_pcp_count(z, 0), batch - 1);
	assert_counts_match_lists();
	__free_page(page);
}

/* Orders 1..3 refill max(batch >> order, 2) blocks. */
Test(page_alloc_pcp, high_order_refills_take_fewer_larger_blocks)
{
	struct zone *z = dma32();
	int batch = bh_pcp_batch(z, 0);

	bh_pin_cpu(0);
	for (unsigned int order = 1; order <= PAGE_ALLOC_COSTLY_ORDER; order++) {
		int blocks = batch >> order > 2 ? batch >> order : 2;
		unsigned long zfree;
		struct page *page;

		drain_all_pages(NULL);
		zfree = bh_zone_free(z);
		page = alloc_pages(GFP_KERNEL, order);
		cr_assert_not_null(page);
		cr_assert_eq(zfree - bh_zone_free(z), (unsigned long)blocks << order,
			     "order %u: refill took %lu pages, expected %d blocks", order,
			     zfree - bh_zone_free(z), blocks);
		cr_assert_eq(bh_pcp_count(z, 0), (blocks - 1) << order);
		__free_pages(page, order);
	}
}

/* Frees go to the head of the list and allocations take the head. */
Test(page_alloc_pcp, the_lists_are_last_in_first_out)
{
	struct page *a, *b;

	bh_pin_cpu(0);
	a = alloc_page(GFP_KERNEL);
	b = alloc_page(GFP_KERNEL);
	cr_assert(a && b);
	__free_page(a);
	__free_page(b);
	cr_assert_eq(alloc_page(GFP_KERNEL), b, "the page freed last must come back first");
	cr_assert_eq(alloc_page(GFP_KERNEL), a);
	__free_page(a);
	__free_page(b);
}

Test(page_alloc_pcp, a_page_freed_on_another_cpu_goes_to_that_cpus_list)
{
	struct zone *z = dma32();
	struct page *page;
	int c0, c1;

	bh_pin_cpu(0);
	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page);
	c0 = bh_pcp_count(z, 0);
	c1 = bh_pcp_count(z, 1);
	bh_pin_cpu(1);
	__free_page(page);
	cr_assert_eq(bh_pcp_count(z, 0), c0);
	cr_assert_eq(bh_pcp_count(z, 1), c1 + 1);
	assert_counts_match_lists();
}

/* Freeing many pages never lets a list grow past high: batches go back. */
Test(page_alloc_pcp, frees_beyond_high_go_back_to_the_buddy_lists)
{
	struct zone *z = dma32();
	struct bh_hold h = { 0 };
	unsigned long zfree_before;
	size_t n;
	bool drained = false;

	bh_pin_cpu(0);
	n = 4 * (size_t)(bh_pcp_high(z, 0) > z->pageset_high_max ? bh_pcp_high(z, 0)
					: z->pageset_high_max) + 64;
	cr_assert_eq(bh_fill(&h, GFP_KERNEL, 0, n), n);
	drain_all_pages(NULL);
	zfree_before = bh_zone_free(z);
	for (size_t i = 0; i < h.nr; i++) {
		int before = bh_pcp_count(z, 0);

		__free_page(h.b[i].page);
		cr_assert_leq(bh_pcp_count(z, 0), bh_pcp_high(z, 0),
			      "after %zu frees the list holds %d, high is %d", i + 1,
			      bh_pcp_count(z, 0), bh_pcp_high(z, 0));
		if (bh_pcp_count(z, 0) < before) {
			drained = true;
			cr_assert_geq(before + 1 - bh_pcp_count(z, 0), bh_pcp_batch(z, 0),
				      "a drain must return at least a batch");
		}
	}
	h.nr = 0;
	bh_release(&h);
	cr_assert(drained, "%zu frees never drained the list", n);
	cr_assert_eq(bh_zone_free(z) + bh_pcp_count(z, 0), zfree_before + n);
	assert_counts_match_lists();
}

/* Put pages on both CPUs' lists of both zones. */
static void populate_lists(void)
{
	for (int cpu = 0; cpu < BH_CPUS; cpu++) {
		struct page *p[4];

		bh_pin_cpu(cpu);
		p[0] = alloc_page(GFP_KERNEL);
		p[1] = alloc_page(GFP_KERNEL | GFP_DMA);
		p[2] = alloc_pages(GFP_KERNEL, 2);
		p[3] = alloc_page(GFP_HIGHUSER_MOVABLE);
		cr_assert(p[0] && p[1] && p[2] && p[3]);
		__free_page(p[0]);
		__free_page(p[1]);
		__free_pages(p[2], 2);
		__free_page(p[3]);
	}
	for (int cpu = 0; cpu < BH_CPUS; cpu++) {
		cr_assert_gt(bh_pcp_count(dma32(), cpu), 0);
		cr_assert_gt(bh_pcp_count(bh_zone(0, ZONE_DMA), cpu), 0);
	}
}

Test(page_alloc_pcp, drain_all_pages_empties_every_list)
{
	populate_lists();
	drain_all_pages(NULL);
	cr_assert_eq(bh_pcp_total(), 0);
	cr_assert_eq(nr_free_pages(), bh_start_free);
	assert_counts_match_lists();
}

Test(page_alloc_pcp, drain_all_pages_of_a_zone_leaves_the_others)
{
	struct zone *dma = bh_zone(0, ZONE_DMA);
	int dma_counts[BH_CPUS];

	populate_lists();
	for (int cpu = 0; cpu < BH_CPUS; cpu++)
		dma_counts[cpu] = bh_pcp_count(dma, cpu);
	drain_all_pages(dma32());
	for (int cpu = 0; cpu < BH_CPUS; cpu++) {
		cr_assert_eq(bh_pcp_count(dma32(), cpu), 0);
		cr_assert_eq(bh_pcp_count(dma, cpu), dma_counts[cpu]);
	}
	assert_counts_match_lists();
}

Test(page_alloc_pcp, drain_local_pages_drains_only_this_cpu)
{
	populate_lists();
	bh_pin_cpu(1);
	drain_local_pages(NULL);
	cr_assert_eq(bh_pcp_count(dma32(), 1), 0);
	cr_assert_eq(bh_pcp_count(bh_zone(0, ZONE_DMA), 1), 0);
	cr_assert_gt(bh_pcp_count(dma32(), 0), 0);
	assert_counts_match_lists();
}

/* zone_batchsize(), from the zone's managed pages. */
static int expected_batch(struct zone *z)
{
	unsigned long managed = bh_zone_managed(z);
	int b = (int)(managed >> 10 < 256 ? managed >> 10 : 256) / 4;
	int p = 1;

	if (b < 1)
		b = 1;
	while (p * 2 <= b + b / 2)
		p *= 2;
	return p - 1 < 1 ? 1 : p - 1;
}

Test(page_alloc_pcp, batch_follows_zone_batchsize)
{
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt)
		for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
			cr_assert_eq(bh_pcp_batch(z, cpu), expected_batch(z),
				     "%s: batch %d, expected %d", zone_names[zt],
				     bh_pcp_batch(z, cpu), expected_batch(z));
}

static int node_cpus(int nid)
{
	int n = 0;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += cpu_to_node(cpu) == nid;
	return n ? n : nr_cpu_ids;
}

/* zone_highsize(): high_min from the low watermark, high_max from an
 * eighth of the zone, split across the node's CPUs, at least 4 * batch. */
static void assert_high_limits(void)
{
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt) {
		int batch = expected_batch(z), cpus = node_cpus(nid);
		int hmin = (int)(low_wmark_pages(z) / cpus);
		int hmax = (int)(bh_zone_managed(z) / 8 / cpus);

		hmin = hmin > 4 * batch ? hmin : 4 * batch;
		hmax = hmax > 4 * batch ? hmax : 4 * batch;
		cr_assert_eq(z->pageset_high_min, hmin, "%s high_min %d, expected %d",
			     zone_names[zt], z->pageset_high_min, hmin);
		cr_assert_eq(z->pageset_high_max, hmax, "%s high_max %d, expected %d",
			     zone_names[zt], z->pageset_high_max, hmax);
	}
}

Test(page_alloc_pcp, high_limits_follow_zone_highsize)
{
	assert_high_limits();
}

/* setup_per_zone_wmarks() ends with zone_pcp_update(): new watermarks,
 * new high limits. */
Test(page_alloc_pcp, high_limits_follow_the_watermarks)
{
	cr_assert_eq(kmm_sysctl_min_free_kbytes(16384), 0);
	assert_high_limits();
}

/* Two threads on one CPU: every page still lands on exactly one list. */
static void *free_half(void *arg)
{
	struct bh_hold *h = arg;

	bh_pin_cpu(0);
	for (size_t i = 0; i < h->nr; i += 2)
		__free_page(h->b[i].page);
	return NULL;
}

Test(page_alloc_pcp, two_threads_on_one_cpu_keep_the_counts_right)
{
	struct bh_hold h = { 0 };
	pthread_t t;

	bh_pin_cpu(0);
	cr_assert_eq(bh_fill(&h, GFP_KERNEL, 0, 4000), 4000);
	cr_assert_eq(pthread_create(&t, NULL, free_half, &h), 0);
	for (size_t i = 1; i < h.nr; i += 2)
		__free_page(h.b[i].page);
	pthread_join(t, NULL);
	h.nr = 0;
	bh_release(&h);
	assert_counts_match_lists();
	bh_check();
}

/*
 * free_unref_page_commit(): high-order (1..3) frees in a row are not
 * hoarded. Once pcp->free_count reaches batch after a previous high-order
 * free (PCPF_PREV_FREE_HIGH_ORDER), free_high makes nr_pcp_high() return 0
 * and the whole list goes back to the buddy allocator; so a run of order-3
 * frees never leaves more than about a batch of pages cached.
 */
Test(page_alloc_pcp, a_run_of_high_order_frees_is_not_hoarded)
{
	struct zone *z = dma32();
	struct bh_hold h = { 0 };
	int batch = bh_pcp_batch(z, 0);

	bh_pin_cpu(0);
	cr_assert_eq(bh_fill(&h, GFP_KERNEL, 3, 64), 64);
	drain_all_pages(NULL);
	for (size_t i = 0; i < h.nr; i++) {
		__free_pages(h.b[i].page, 3);
		cr_assert_lt(bh_pcp_count(z, 0), batch + 8,
			     "after %zu order-3 frees in a row the list holds %d pages", i + 1,
			     bh_pcp_count(z, 0));
	}
	h.nr = 0;
	bh_release(&h);
	assert_counts_match_lists();
}

/* Per node: a node's zones split their high limits across that node's
 * CPUs; a node without CPUs splits across all online CPUs. */
Test(page_alloc_pcp, high_limits_are_split_by_the_cpus_of_each_node)
{
	struct bh_machine m = { "4n", 1ULL << 30, NULL, 4, 2 };

	bh_halt();
	bh_boot(&m, NULL);
	cr_assert_eq(node_cpus(0), 1);
	cr_assert_eq(node_cpus(2), 2, "a node without CPUs splits across all of them");
	assert_high_limits();
}
