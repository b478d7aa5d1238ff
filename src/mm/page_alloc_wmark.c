// SPDX-License-Identifier: MIT
/*
 * src/mm/page_alloc_wmark.c - watermarks, lowmem reserves and their
 * tunables (the watermark half of mm/page_alloc.c).
 *
 * 1. Watermarks. Each zone has three marks of free pages: min, low, high
 *    (and promo, for memory tiering). Below low, kswapd is woken; the fast
 *    path only allocates while a zone stays above low; the slow path goes
 *    down to min; only reserves (GFP_ATOMIC, OOM victims, __GFP_MEMALLOC)
 *    go below min.
 *      min  = min_free_kbytes spread over the lowmem zones by their size
 *             (Movable: managed/1024, clamped to 32..128 pages)
 *      low  = min + max(min/4, managed * watermark_scale_factor / 10000)
 *      high = low + the same step; promo = high + the step.
 *    min_free_kbytes defaults to sqrt(16 * lowmem KiB), clamped to
 *    128 KiB..256 MiB (calculate_min_free_kbytes()).
 *
 * 2. lowmem_reserve. An allocation that could use a higher zone must
 *    leave zone Z's lowmem_reserve[its highest zone] pages alone:
 *    lowmem_reserve[j] = (managed pages of zones Z+1..j) / ratio[Z], with
 *    sysctl_lowmem_reserve_ratio 256 (DMA), 256 (DMA32), 32 (Normal).
 *
 * 3. The check (__zone_watermark_ok, 6.12's semantics): free pages, minus
 *    the free highatomic reserve for those without reserve rights, must
 *    exceed mark + lowmem_reserve; ALLOC_MIN_RESERVE (__GFP_HIGH) lowers
 *    the mark by half, ALLOC_NON_BLOCK (cannot sleep) by a further quarter
 *    of that, ALLOC_OOM by half again; a high-order request also needs a
 *    free block of a usable type at or above its order (HIGHATOMIC only
 *    with ALLOC_HIGHATOMIC or ALLOC_OOM).
 *
 * 4. Tunables, as the vm sysctls would set them (kmm/mm.h):
 *    kmm_sysctl_min_free_kbytes(), kmm_sysctl_watermark_scale_factor(),
 *    kmm_sysctl_lowmem_reserve_ratio(). Each validates as the sysctl
 *    handler does and recomputes everything that depends on it.
 *
 * 5. Locking: each zone's watermarks are written under its zone->lock;
 *    readers read them without a lock, as Linux does (a stale mark only
 *    shifts one decision).
 *
 * How kmm differs: no percpu_drift_mark (counters are exact), no
 *    khugepaged or min_unmapped/min_slab ratios.
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/printk.h>
#include <kmm/errno.h>
#include <kmm/minmax.h>
#include "internal.h"

int min_free_kbytes = 1024;
int user_min_free_kbytes = -1;
int watermark_scale_factor = 10;
int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256, [ZONE_DMA32] = 256, [ZONE_NORMAL] = 32, [ZONE_MOVABLE] = 0,
};

/* SWAP_CLUSTER_MAX: reclaim's batch, the floor of Movable's min. */
#define SWAP_CLUSTER_MAX	32UL

/**
 * __zone_watermark_ok - would @z stay above @mark after 2^@order pages?
 * @z: the zone
 * @order: request order
 * @mark: watermark in pages
 * @highest_zoneidx: the highest zone the request may use (lowmem_reserve)
 * @alloc_flags: ALLOC_* reserve rights
 * @free_pages: the zone's free pages, as read by the caller
 *
 * Return: true if the request may proceed (see 3 above).
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);
	if (unlikely(alloc_flags & ALLOC_RESERVES)) {
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		if (!READ_ONCE_RELAXED(area->nr_free))
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

/** zone_watermark_ok - __zone_watermark_ok() with the zone's free pages now. */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

/* Slow part of zone_watermark_fast(): the full check, then boost relief. */
bool zone_watermark_fast_slow(struct zone *z, unsigned int order, unsigned long mark,
			      int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	if (__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages))
		return true;
	if (unlikely(!order && (alloc_flags & ALLOC_MIN_RESERVE) && z->watermark_boost &&
		     (alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN)) {
		mark = z->_watermark[WMARK_MIN];
		return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
					   free_pages);
	}
	return false;
}

/* Pages reserved in every zone: high watermark plus the largest reserve. */
static void calculate_totalreserve_pages(void)
{
	unsigned long reserve_pages = 0;
	pg_data_t *pgdat;

	for_each_online_pgdat(pgdat) {
		pgdat->totalreserve_pages = 0;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			unsigned long managed = zone_managed_pages(zone);
			long max = 0;

			for (int j = i; j < MAX_NR_ZONES; j++)
				if (zone->lowmem_reserve[j] > max)
					max = zone->lowmem_reserve[j];
			max += (long)high_wmark_pages(zone);
			if (max > (long)managed)
				max = (long)managed;
			pgdat->totalreserve_pages += (unsigned long)max;
			reserve_pages += (unsigned long)max;
		}
	}
	totalreserve_pages = reserve_pages;
}

static void setup_per_zone_lowmem_reserve(void)
{
	pg_data_t *pgdat;

	for_each_online_pgdat(pgdat) {
		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = sysctl_lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone_managed_pages(zone);
			unsigned long managed = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed += zone_managed_pages(&pgdat->node_zones[j]);
				zone->lowmem_reserve[j] = clear ? 0 : (long)(managed / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages();
}

static void __setup_per_zone_wmarks(void)
{
	unsigned long pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for_each_zone(zone)
		if (zone_idx(zone) != ZONE_MOVABLE)
			lowmem_pages += zone_managed_pages(zone);
	for_each_zone(zone) {
		unsigned long managed = zone_managed_pages(zone), flags;
		u64 tmp = lowmem_pages ? (u64)pages_min * managed / lowmem_pages : 0;

		spin_lock_irqsave(&zone->lock, flags);
		if (zone_idx(zone) == ZONE_MOVABLE)
			WRITE_ONCE_RELAXED(zone->_watermark[WMARK_MIN],
					   clamp(managed / 1024, SWAP_CLUSTER_MAX, 128UL));
		else
			WRITE_ONCE_RELAXED(zone->_watermark[WMARK_MIN], (unsigned long)tmp);
		tmp = max_t(u64, tmp >> 2,
			    (u64)managed * (unsigned long)watermark_scale_factor / 10000);
		WRITE_ONCE_RELAXED(zone->watermark_boost, 0UL);
		WRITE_ONCE_RELAXED(zone->_watermark[WMARK_LOW],
				   min_wmark_pages(zone) + (unsigned long)tmp);
		WRITE_ONCE_RELAXED(zone->_watermark[WMARK_HIGH],
				   low_wmark_pages(zone) + (unsigned long)tmp);
		WRITE_ONCE_RELAXED(zone->_watermark[WMARK_PROMO],
				   high_wmark_pages(zone) + (unsigned long)tmp);
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	calculate_totalreserve_pages();
}

/**
 * setup_per_zone_wmarks - recompute every zone's watermarks from
 * min_free_kbytes and watermark_scale_factor, then the per-CPU list sizes
 * that depend on them.
 */
void setup_per_zone_wmarks(void)
{
	static DEFINE_SPINLOCK(lock);
	struct zone *zone;

	spin_lock(&lock);
	__setup_per_zone_wmarks();
	spin_unlock(&lock);
	for_each_zone(zone)
		zone_pcp_update(zone, 0);
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long b, m, y = 0;

	if (x <= 1)
		return x;
	m = 1UL << ((63 - __builtin_clzl(x)) & ~1UL);
	while (m != 0) {
		b = y + m;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += m;
		}
		m >>= 2;
	}
	return y;
}

/* min_free_kbytes = sqrt(lowmem KiB * 16), 128 KiB..256 MiB. */
static void calculate_min_free_kbytes(void)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);
	int new_min_free_kbytes = (int)int_sqrt(lowmem_kbytes * 16);

	if (new_min_free_kbytes > user_min_free_kbytes)
		min_free_kbytes = clamp(new_min_free_kbytes, 128, 262144);
	else
		pr_warn("min_free_kbytes is not updated to %d because user defined value %d is preferred\n",
			new_min_free_kbytes, user_min_free_kbytes);
}

/**
 * init_per_zone_wmark_min - the watermarks and reserves of a fresh boot
 * (Linux runs it as a postcore initcall).
 */
void init_per_zone_wmark_min(void)
{
	calculate_min_free_kbytes();
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
}

/**
 * kmm_sysctl_min_free_kbytes - write vm.min_free_kbytes.
 * @kb: the new value, >= 0
 *
 * Recomputes the watermarks; later automatic recalculations keep a value
 * set here if it is the larger (user_min_free_kbytes).
 * Return: 0, or -EINVAL if @kb < 0 (nothing changes).
 */
int kmm_sysctl_min_free_kbytes(int kb)
{
	if (kb < 0)
		return -EINVAL;
	min_free_kbytes = kb;
	user_min_free_kbytes = kb;
	setup_per_zone_wmarks();
	return 0;
}

/**
 * kmm_sysctl_watermark_scale_factor - write vm.watermark_scale_factor.
 * @factor: distance between watermarks in 1/10000 of a zone, 1..3000
 *
 * Return: 0, or -EINVAL outside 1..3000 (nothing changes).
 */
int kmm_sysctl_watermark_scale_factor(int factor)
{
	if (factor < 1 || factor > 3000)
		return -EINVAL;
	watermark_scale_factor = factor;
	setup_per_zone_wmarks();
	return 0;
}

/**
 * kmm_sysctl_lowmem_reserve_ratio - write vm.lowmem_reserve_ratio.
 * @ratios: one ratio per zone (DMA, DMA32, Normal, Movable); values
 *	below 1 mean "no reserve" and are stored as 0, as the handler does
 *
 * Return: 0 (the sysctl accepts any integers).
 */
int kmm_sysctl_lowmem_reserve_ratio(const int ratios[MAX_NR_ZONES])
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		sysctl_lowmem_reserve_ratio[i] = ratios[i] < 1 ? 0 : ratios[i];
	setup_per_zone_lowmem_reserve();
	return 0;
}

/* kmm_halt: the tunables' defaults. */
void page_alloc_wmark_reset(void)
{
	min_free_kbytes = 1024;
	user_min_free_kbytes = -1;
	watermark_scale_factor = 10;
	sysctl_lowmem_reserve_ratio[ZONE_DMA] = 256;
	sysctl_lowmem_reserve_ratio[ZONE_DMA32] = 256;
	sysctl_lowmem_reserve_ratio[ZONE_NORMAL] = 32;
	sysctl_lowmem_reserve_ratio[ZONE_MOVABLE] = 0;
}
