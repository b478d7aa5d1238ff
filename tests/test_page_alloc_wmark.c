// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_wmark.c - watermarks, lowmem reserves and the
 * reserves that GFP flags may dip into, as Linux 6.12 computes them
 * (mm/page_alloc.c: calculate_min_free_kbytes(), __setup_per_zone_wmarks(),
 * setup_per_zone_lowmem_reserve(), calculate_totalreserve_pages(),
 * __zone_watermark_ok(), gfp_to_alloc_flags(); the sysctl handlers).
 *
 *   min_free_kbytes = clamp(int_sqrt(lowmem_kbytes * 16), 128, 262144)
 *       lowmem_kbytes: managed pages of every zone up to Normal, in KiB
 *       (the high watermarks are still 0 when boot computes it)
 *   per zone, pages_min = min_free_kbytes / 4 and lowmem = managed pages
 *   of all non-Movable zones:
 *       tmp  = pages_min * managed / lowmem
 *       min  = tmp, or for ZONE_MOVABLE clamp(managed / 1024, 32, 128)
 *       step = max(tmp / 4, managed * watermark_scale_factor / 10000)
 *       low  = min + step, high = low + step, promo = high + step
 *   lowmem_reserve[j] of zone i < j = managed(i+1..j) / ratio[i], ratios
 *       256 (DMA), 256 (DMA32), 32 (Normal); 0 if the ratio is 0 or zone i
 *       is empty
 *   __zone_watermark_ok: free - (2^order - 1) must exceed
 *       mark' + lowmem_reserve[highest_zoneidx], where mark' is the mark
 *       less half with ALLOC_MIN_RESERVE (__GFP_HIGH), less a further
 *       quarter with ALLOC_NON_BLOCK too (GFP_ATOMIC), less half with
 *       ALLOC_OOM; ALLOC_NON_BLOCK alone (GFP_NOWAIT) gets nothing; for
 *       order > 0 a free block of that order or more must exist.
 */
#include <string.h>

#include "helpers/buddy_harness.h"
#include "mm/internal.h"

/*
 * The sysctl-like setters (vm.min_free_kbytes, vm.watermark_scale_factor,
 * vm.lowmem_reserve_ratio), each returning 0 or -errno.
 */
#define set_min_free_kbytes(v)		kmm_sysctl_min_free_kbytes(v)
#define set_watermark_scale_factor(v)	kmm_sysctl_watermark_scale_factor(v)
#define set_lowmem_reserve_ratio(r)	kmm_sysctl_lowmem_reserve_ratio(r)
#define get_watermark_scale_factor()	watermark_scale_factor
#define get_lowmem_reserve_ratio(i)	sysctl_lowmem_reserve_ratio[i]

static void finish(void)
{
	bh_check();
	bh_halt();
}

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

static unsigned long expected_min_free_kbytes(void)
{
	unsigned long kb = 0, v;
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt)
		if (zt <= ZONE_NORMAL)
			kb += bh_zone_managed(z) * (PAGE_SIZE >> 10);
	v = isqrt(kb * 16);
	return v < 128 ? 128 : v > 262144 ? 262144 : v;
}

static unsigned long mult_frac_ul(unsigned long x, unsigned long n, unsigned long d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

/* Every zone's watermarks follow __setup_per_zone_wmarks() for @mfk, @wsf. */
static void assert_watermarks(unsigned long mfk, unsigned long wsf)
{
	unsigned long pages_min = mfk >> (PAGE_SHIFT - 10), lowmem = 0;
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt)
		if (zt != ZONE_MOVABLE)
			lowmem += bh_zone_managed(z);
	for_each_bh_zone(z, nid, zt) {
		unsigned long managed = bh_zone_managed(z);
		unsigned long tmp = (unsigned long)((unsigned __int128)pages_min * managed / lowmem);
		unsigned long min, step;

		if (zt == ZONE_MOVABLE) {
			min = managed / 1024;
			min = min < 32 ? 32 : min > 128 ? 128 : min;
		} else {
			min = tmp;
		}
		step = tmp >> 2;
		if (mult_frac_ul(managed, wsf, 10000) > step)
			step = mult_frac_ul(managed, wsf, 10000);
		cr_assert_eq(z->_watermark[WMARK_MIN], min, "node %d %s: min %lu, expected %lu",
			     nid, zone_names[zt], z->_watermark[WMARK_MIN], min);
		cr_assert_eq(z->_watermark[WMARK_LOW], min + step, "node %d %s: low", nid,
			     zone_names[zt]);
		cr_assert_eq(z->_watermark[WMARK_HIGH], min + 2 * step, "node %d %s: high",
			     nid, zone_names[zt]);
		cr_assert_eq(z->_watermark[WMARK_PROMO], min + 3 * step, "node %d %s: promo",
			     nid, zone_names[zt]);
	}
}

static const int default_ratio[MAX_NR_ZONES] = { 256, 256, 32, 0 };

static void assert_lowmem_reserves(const int *ratio)
{
	int nid;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *z = &pgdat->node_zones[i];
			bool clear = !ratio[i] || !zone_managed_pages(z);
			unsigned long upper = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				long want;

				upper += zone_managed_pages(&pgdat->node_zones[j]);
				want = clear ? 0 : (long)(upper / ratio[i]);
				cr_assert_eq(z->lowmem_reserve[j], want,
					     "node %d %s lowmem_reserve[%s] = %ld, expected %ld",
					     nid, zone_names[i], zone_names[j],
					     z->lowmem_reserve[j], want);
			}
		}
	}
}

/* ---- min_free_kbytes at boot, for several machines ---- */

static void boot_and_check_mfk(unsigned long long ram, int nodes, const char *cmdline)
{
	bh_boot_ram(ram, nodes, cmdline);
	cr_assert_eq((unsigned long)min_free_kbytes, expected_min_free_kbytes(),
		     "%llu MiB, %d node(s): min_free_kbytes %d", ram >> 20, nodes,
		     min_free_kbytes);
	assert_watermarks(min_free_kbytes, 10);
	assert_lowmem_reserves(default_ratio);
}

Test(page_alloc_wmark, min_free_kbytes_of_a_256m_machine, .fini = finish)
{
	boot_and_check_mfk(256ULL << 20, 1, NULL);
	/* 256 MiB less holes and reservations: just under the 2048 of the table */
	cr_assert(min_free_kbytes > 2000 && min_free_kbytes <= 2048, "%d", min_free_kbytes);
}

Test(page_alloc_wmark, min_free_kbytes_of_a_1g_machine, .fini = finish)
{
	boot_and_check_mfk(1ULL << 30, 1, NULL);
	cr_assert(min_free_kbytes > 4000 && min_free_kbytes <= 4096, "%d", min_free_kbytes);
}

Test(page_alloc_wmark, min_free_kbytes_of_a_4g_machine_with_normal, .fini = finish)
{
	boot_and_check_mfk(4ULL << 30, 1, NULL);
	cr_assert_not_null(bh_zone(0, ZONE_NORMAL));
	cr_assert(min_free_kbytes > 8000 && min_free_kbytes <= 8192, "%d", min_free_kbytes);
}

Test(page_alloc_wmark, min_free_kbytes_of_a_two_node_machine, .fini = finish)
{
	boot_and_check_mfk(2ULL << 30, 2, NULL);
}

/* ZONE_MOVABLE counts neither in lowmem_kbytes nor in the proportional split. */
Test(page_alloc_wmark, zone_movable_is_left_out_of_min_free_kbytes, .fini = finish)
{
	struct zone *movable;

	bh_boot(&bh_m3z, "movablecore=64M");
	movable = bh_zone(0, ZONE_MOVABLE);
	cr_assert_not_null(movable);
	cr_assert_eq((unsigned long)min_free_kbytes, expected_min_free_kbytes());
	assert_watermarks(min_free_kbytes, 10);
	assert_lowmem_reserves(default_ratio);
	cr_assert_eq(movable->_watermark[WMARK_MIN], 32UL,
		     "16384 managed / 1024 = 16, clamped to SWAP_CLUSTER_MAX");
}

static unsigned long expected_totalreserve(void)
{
	unsigned long want = 0;
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt) {
		long max = 0;

		for (int j = zt; j < MAX_NR_ZONES; j++)
			if (z->lowmem_reserve[j] > max)
				max = z->lowmem_reserve[j];
		max += high_wmark_pages(z);
		if ((unsigned long)max > bh_zone_managed(z))
			max = bh_zone_managed(z);
		want += max;
	}
	return want;
}

Test(page_alloc_wmark, totalreserve_pages_sums_high_and_the_largest_reserve, .fini = finish)
{
	bh_boot(&bh_m3z, NULL);
	cr_assert_eq(totalreserve_pages, expected_totalreserve());
}

/* __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve() both end
 * with calculate_totalreserve_pages(). */
Test(page_alloc_wmark, totalreserve_pages_follows_the_tunables, .fini = finish)
{
	int ratio[MAX_NR_ZONES] = { 64, 64, 8, 0 };

	bh_boot(&bh_m3z, "movablecore=32M");
	cr_assert_eq(kmm_sysctl_min_free_kbytes(30000), 0);
	cr_assert_eq(totalreserve_pages, expected_totalreserve());
	cr_assert_eq(kmm_sysctl_watermark_scale_factor(500), 0);
	cr_assert_eq(totalreserve_pages, expected_totalreserve());
	cr_assert_eq(kmm_sysctl_lowmem_reserve_ratio(ratio), 0);
	cr_assert_eq(totalreserve_pages, expected_totalreserve());
}

/* ---- the setters ---- */

Test(page_alloc_wmark, setting_min_free_kbytes_recomputes_the_watermarks, .fini = finish)
{
	bh_boot(&bh_m3z, NULL);
	cr_assert_eq(set_min_free_kbytes(65536), 0);
	cr_assert_eq(min_free_kbytes, 65536);
	assert_watermarks(65536, 10);
	cr_assert_eq(set_min_free_kbytes(0), 0, "0 is the sysctl's lower bound");
	assert_watermarks(0, 10);
	bh_check();
}

Test(page_alloc_wmark, negative_min_free_kbytes_is_rejected, .fini = finish)
{
	int before;

	bh_boot(&bh_m3z, NULL);
	before = min_free_kbytes;
	cr_assert_eq(set_min_free_kbytes(-1), -EINVAL);
	cr_assert_eq(min_free_kbytes, before);
	assert_watermarks(before, 10);
}

Test(page_alloc_wmark, watermark_scale_factor_widens_the_gaps, .fini = finish)
{
	bh_boot(&bh_m3z, NULL);
	cr_assert_eq(set_watermark_scale_factor(1000), 0);
	cr_assert_eq(get_watermark_scale_factor(), 1000);
	assert_watermarks(min_free_kbytes, 1000);
	cr_assert_eq(set_watermark_scale_factor(3000), 0, "3000 is the upper bound");
	assert_watermarks(min_free_kbytes, 3000);
	cr_assert_eq(set_watermark_scale_factor(1), 0, "1 is the lower bound");
	assert_watermarks(min_free_kbytes, 1);
}

Test(page_alloc_wmark, watermark_scale_factor_out_of_range_is_rejected, .fini = finish)
{
	bh_boot(&bh_m3z, NULL);
	cr_assert_eq(set_watermark_scale_factor(0), -EINVAL);
	cr_assert_eq(set_watermark_scale_factor(3001), -EINVAL);
	cr_assert_eq(set_watermark_scale_factor(-5), -EINVAL);
	cr_assert_eq(get_watermark_scale_factor(), 10);
	assert_watermarks(min_free_kbytes, 10);
}

Test(page_alloc_wmark, lowmem_reserve_ratio_recomputes_the_reserves, .fini = finish)
{
	int ratio[MAX_NR_ZONES] = { 128, 64, 16, 0 };

	bh_boot(&bh_m3z, "movablecore=64M");
	assert_lowmem_reserves(default_ratio);
	cr_assert_eq(set_lowmem_reserve_ratio(ratio), 0);
	assert_lowmem_reserves(ratio);
}

/* The handler turns ratios below 1 into 0, which clears the zone's reserves. */
Test(page_alloc_wmark, lowmem_reserve_ratio_below_one_clears_the_reserve, .fini = finish)
{
	int ratio[MAX_NR_ZONES] = { -3, 0, 32, 0 };
	const int cleared[MAX_NR_ZONES] = { 0, 0, 32, 0 };

	bh_boot(&bh_m3z, NULL);
	cr_assert_eq(set_lowmem_reserve_ratio(ratio), 0);
	cr_assert_eq(get_lowmem_reserve_ratio(ZONE_DMA), 0);
	assert_lowmem_reserves(cleared);
	cr_assert_eq(bh_zone(0, ZONE_DMA)->lowmem_reserve[ZONE_NORMAL], 0);
}

/* ---- __zone_watermark_ok arithmetic ---- */

Test(page_alloc_wmark, watermark_ok_needs_free_pages_above_the_mark, .fini = finish)
{
	struct zone *z;

	bh_boot(&bh_m256, NULL);
	z = bh_zone(0, ZONE_DMA32);
	cr_assert(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0, 101));
	cr_assert(!__zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0, 100));
	cr_assert(!__zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0, -5), "free may go negative");
	cr_assert(zone_watermark_ok(z, 0, bh_zone_free(z) - 1, ZONE_DMA32, 0));
	cr_assert(!zone_watermark_ok(z, 0, bh_zone_free(z), ZONE_DMA32, 0));
}

Test(page_alloc_wmark, min_reserve_halves_the_mark, .fini = finish)
{
	struct zone *z;

	bh_boot(&bh_m256, NULL);
	z = bh_zone(0, ZONE_DMA32);
	cr_assert(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, ALLOC_MIN_RESERVE, 51));
	cr_assert(!__zone_watermark_ok(z, 0, 100, ZONE_DMA32, ALLOC_MIN_RESERVE, 50));
	/* 101 - 101/2 = 51 */
	cr_assert(__zone_watermark_ok(z, 0, 101, ZONE_DMA32, ALLOC_MIN_RESERVE, 52));
	cr_assert(!__zone_watermark_ok(z, 0, 101, ZONE_DMA32, ALLOC_MIN_RESERVE, 51));
}

/* GFP_ATOMIC: 100 -> 50 -> 50 - 12 = 38. */
Test(page_alloc_wmark, non_blocking_min_reserve_takes_another_quarter, .fini = finish)
{
	struct zone *z;
	unsigned int atomic = ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK;

	bh_boot(&bh_m256, NULL);
	z = bh_zone(0, ZONE_DMA32);
	cr_assert(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, atomic, 39));
	cr_assert(!__zone_watermark_ok(z, 0, 100, ZONE_DMA32, atomic, 38));
}

/* GFP_NOWAIT: non-blocking without __GFP_HIGH gets no reserve at all. */
Test(page_alloc_wmark, non_blocking_alone_gets_no_reserve, .fini = finish)
{
	struct zone *z;

	bh_boot(&bh_m256, NULL);
	z = bh_zone(0, ZONE_DMA32);
	cr_assert(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, ALLOC_NON_BLOCK, 101));
	cr_assert(!__zone_watermark_ok(z, 0, 100, ZONE_DMA32, ALLOC_NON_BLOCK, 100));
}

/* OOM victims: another half: 100 -> 50; with GFP_ATOMIC's flags 38 -> 19. */
Test(page_alloc_wmark, oom_victims_take_another_half, .fini = finish)
{
	struct zone *z;
	unsigned int all = ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK | ALLOC_OOM;

	bh_boot(&bh_m256, NULL);
	z = bh_zone(0, ZONE_DMA32);
	cr_assert(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, ALLOC_OOM, 51));
	cr_assert(!__zone_watermark_ok(z, 0, 100, ZONE_DMA32, ALLOC_OOM, 50));
	cr_assert(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, all, 20));
	cr_assert(!__zone_watermark_ok(z, 0, 100, ZONE_DMA32, all, 19));
}

Test(page_alloc_wmark, lowmem_reserve_raises_the_mark_for_higher_requests, .fini = finish)
{
	struct zone *dma;
	long r;

	bh_boot(&bh_m3z, NULL);
	dma = bh_zone(0, ZONE_DMA);
	r = dma->lowmem_reserve[ZONE_NORMAL];
	cr_assert_gt(r, 0);
	cr_assert(__zone_watermark_ok(dma, 0, 100, ZONE_NORMAL, 0, 101 + r));
	cr_assert(!__zone_watermark_ok(dma, 0, 100, ZONE_NORMAL, 0, 100 + r));
	cr_assert(__zone_watermark_ok(dma, 0, 100, ZONE_DMA, 0, 101), "no reserve for own zone");
}

/* An order-3 request cannot count the 7 pages its own block would leave. */
Test(page_alloc_wmark, high_orders_discount_their_own_block, .fini = finish)
{
	struct zone *z;

	bh_boot(&bh_m256, NULL);
	z = bh_zone(0, ZONE_DMA32);
	cr_assert(__zone_watermark_ok(z, 3, 100, ZONE_DMA32, 0, 108));
	cr_assert(!__zone_watermark_ok(z, 3, 100, ZONE_DMA32, 0, 107));
}

Test(page_alloc_wmark, high_orders_need_a_free_block_that_large, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct zone *dma;

	bh_boot(&bh_m256, NULL);
	dma = bh_zone(0, ZONE_DMA);
	bh_fill(&h, GFP_NOWAIT | GFP_DMA, 10, 100);
	cr_assert_gt(h.nr, 0);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		cr_assert_eq(bh_free_list_blocks(dma, 10, mt), 0);
	cr_assert(!__zone_watermark_ok(dma, 10, 0, ZONE_DMA, 0, 1000000));
	cr_assert(!__zone_watermark_ok(dma, 10, 0, ZONE_DMA, ALLOC_OOM | ALLOC_MIN_RESERVE, 1000000));
	cr_assert(__zone_watermark_ok(dma, 0, 0, ZONE_DMA, 0, 1000000));
	bh_release(&h);
}

/* ---- the reserves in action, in ZONE_DMA (highest_zoneidx DMA: no
 * lowmem reserve), with movable requests. The first pageblock of ZONE_DMA
 * (pfns 0-511) is UNMOVABLE, as on Linux: memmap_init_range() sets the
 * type only at pageblock-aligned pfns it initialises, and pfn 0 is not
 * memory. When the movable blocks run out, a movable request steals from
 * it and boost_watermark() raises the marks by a pageblock; the order-0
 * __GFP_HIGH requests ignore the boost at the min mark
 * (zone_watermark_fast()), so their reserves are computed from the
 * unboosted _watermark[WMARK_MIN]. ---- */

#define DMA_MOVABLE (GFP_DMA | __GFP_MOVABLE | __GFP_NOWARN)

/* Allocate order-0 pages with @gfp until one fails; Return: the count. */
static size_t drain_with(struct bh_hold *h, gfp_t gfp)
{
	return bh_fill(h, gfp, 0, ~(size_t)0);
}

/* The slack a per-CPU refill may take below the mark in one go. */
static unsigned long refill_slack(struct zone *z)
{
	unsigned long hi = bh_pcp_high(z, 0), b = bh_pcp_batch(z, 0);

	return (hi > b ? hi : b) + 1;
}

Test(page_alloc_wmark, gfp_nowait_stops_at_the_min_watermark, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct zone *dma;
	unsigned long f;

	bh_boot(&bh_m256, NULL);
	bh_pin_cpu(0);
	dma = bh_zone(0, ZONE_DMA);
	drain_with(&h, GFP_NOWAIT | DMA_MOVABLE);
	f = bh_zone_free(dma);
	/* The mark may have been boosted during the fill (see above): GFP_NOWAIT
	 * stops at min + boost, and never goes below the unboosted min. */
	cr_assert_leq(f, min_wmark_pages(dma), "GFP_NOWAIT failed with %lu free above min %lu",
		      f, min_wmark_pages(dma));
	cr_assert_gt(f + refill_slack(dma), dma->_watermark[WMARK_MIN],
		     "GFP_NOWAIT went below min: %lu < %lu (slack %lu)", f,
		     dma->_watermark[WMARK_MIN], refill_slack(dma));
	bh_release(&h);
}

Test(page_alloc_wmark, gfp_atomic_dips_below_min_where_gfp_nowait_cannot, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct zone *dma;
	unsigned long min, reserve, f;
	size_t n;

	bh_boot(&bh_m256, NULL);
	bh_pin_cpu(0);
	dma = bh_zone(0, ZONE_DMA);
	drain_with(&h, GFP_NOWAIT | DMA_MOVABLE);
	cr_assert_null(alloc_page(GFP_NOWAIT | DMA_MOVABLE));
	n = drain_with(&h, GFP_ATOMIC | DMA_MOVABLE);
	cr_assert_gt(n, 0, "GFP_ATOMIC could not use the reserve below min");
	min = dma->_watermark[WMARK_MIN];
	reserve = min - min / 2;
	reserve -= reserve / 4;
	f = bh_zone_free(dma);
	cr_assert_lt(f, min);
	cr_assert_leq(f, reserve, "GFP_ATOMIC stopped at %lu, its mark is %lu", f, reserve);
	cr_assert_gt(f + refill_slack(dma), reserve,
		     "GFP_ATOMIC went below its reserve: %lu, mark %lu, slack %lu", f, reserve,
		     refill_slack(dma));
	bh_release(&h);
}

/* __GFP_NOMEMALLOC takes away ALLOC_NON_BLOCK: only half of min. */
Test(page_alloc_wmark, gfp_atomic_with_nomemalloc_keeps_half_of_min, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct zone *dma;
	unsigned long min, half, f;

	bh_boot(&bh_m256, NULL);
	bh_pin_cpu(0);
	dma = bh_zone(0, ZONE_DMA);
	drain_with(&h, GFP_ATOMIC | __GFP_NOMEMALLOC | DMA_MOVABLE);
	min = dma->_watermark[WMARK_MIN];
	half = min - min / 2;
	f = bh_zone_free(dma);
	cr_assert_leq(f, half, "stopped at %lu, the mark is %lu", f, half);
	cr_assert_gt(f + refill_slack(dma), half,
		     "went below the mark: %lu, mark %lu (min %lu), slack %lu", f, half, min,
		     refill_slack(dma));
	bh_release(&h);
}

/* A GFP_KERNEL-zone fill leaves ZONE_DMA its lowmem reserve: it stops there
 * at min + lowmem_reserve[ZONE_NORMAL], and GFP_DMA still succeeds. */
Test(page_alloc_wmark, lowmem_reserve_keeps_dma_from_normal_requests, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct zone *dma;
	unsigned long guard;
	struct page *page;

	bh_boot(&bh_m3z, NULL);
	bh_pin_cpu(0);
	dma = bh_zone(0, ZONE_DMA);
	drain_with(&h, GFP_NOWAIT | __GFP_MOVABLE | __GFP_NOWARN);
	guard = min_wmark_pages(dma) + dma->lowmem_reserve[ZONE_NORMAL];
	cr_assert_gt(bh_zone_free(dma) + refill_slack(dma), guard,
		     "Normal requests took ZONE_DMA to %lu, below min + reserve %lu",
		     bh_zone_free(dma), guard);
	page = alloc_page(GFP_NOWAIT | DMA_MOVABLE);
	cr_assert_not_null(page, "GFP_DMA must still find the reserved pages");
	bh_hold_add(&h, page, 0);
	bh_release(&h);
}
