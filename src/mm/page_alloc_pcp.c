// SPDX-License-Identifier: MIT
/*
 * src/mm/page_alloc_pcp.c - per-CPU page lists, the allocator's fast path
 * (the pcp half of mm/page_alloc.c).
 *
 * 1. Concept. Every CPU keeps, per zone, a small cache of free blocks of
 *    orders 0..PAGE_ALLOC_COSTLY_ORDER (3) in struct per_cpu_pages: one
 *    list per (order, pcp migratetype), NR_PCP_LISTS = 4 * 3 lists.
 *    Allocation pops from the list; an empty list is refilled with a batch
 *    taken under one hold of zone->lock (rmqueue_bulk). Freeing pushes on
 *    the list; when count reaches high, a batch goes back to the buddy
 *    lists (free_pcppages_bulk). Pages on these lists are free but not in
 *    the buddy allocator: refcount 0, not PageBuddy, not in NR_FREE_PAGES.
 *
 * 2. Sizes (as 6.12). batch is ~0.1% of the zone or 1 MiB, whichever is
 *    smaller, /4, rounded down to 2^n - 1 (zone_batchsize). high floats
 *    between high_min (the zone's low watermark split over the CPUs of
 *    its node) and high_max (1/8 of the zone split likewise): it grows
 *    while a CPU frees in long runs and shrinks when the zone falls below
 *    its high watermark (nr_pcp_high). Allocation refills grow by
 *    alloc_factor while a CPU allocates in a row; frees batch more while
 *    it frees in a row (free_count). Before setup_per_cpu_pageset() the
 *    zones have no lists and every request goes to the buddy lists.
 *
 * 3. CPUs and threads. A kmm "CPU" is raw_smp_processor_id(), the host
 *    CPU this thread last ran on folded onto nr_cpu_ids: only a hint. Two
 *    threads may share a CPU's lists and a thread may move between taking
 *    the hint and using the lists. So every access holds the pcp's lock,
 *    taken with a trylock as 6.12's pcp_spin_trylock(); if it is busy the
 *    request falls back to the zone's buddy lists (allocation) or frees
 *    straight to them (free). No request ever waits for a pcp lock except
 *    drains, which take every CPU's lock in turn from the calling thread.
 *
 * 4. Lock order: pcp->lock, then zone->lock. Neither sleeps.
 *
 * 5. Fast path cost: an order-0 allocation served from a non-empty list
 *    is a trylock, a list pop, two counter updates and an unlock; a free
 *    is a trylock, a list push, three counter updates, the high check and
 *    an unlock. bench/bench_page_alloc.c measures the pair.
 *
 * 6. The order-0 fast paths, two leaf functions. pcp_alloc_fast() is what
 *    __alloc_pages() does for an order-0 request without a nodemask when
 *    the first zone of the zonelist passes its watermark and this CPU's
 *    list has a page: the same checks in the same order, with the zone,
 *    highest zone and list taken from a per-node table indexed by the GFP
 *    bits that decide them (pcp_fast_build(), filled when the zonelists
 *    are built) instead of an alloc_context. free_unref_page_fast() pushes
 *    a freed page when nothing else is due: the page passes the free
 *    checks, its pageblock is of a pcp type, and nr_pcp_high() could
 *    neither drain nor change high (the zone neither below its high
 *    watermark nor under reclaim, the new count below a high that lies
 *    within [high_min, high_max]). Either returns NULL/false for anything
 *    else - a report, a yield, a refill, a drain - and the general path
 *    starts from the top, so the outcome is Linux's. Both take the pcp
 *    lock with the bare atomic exchange, without raising the preempt
 *    count as spin_trylock() does: nothing between lock and unlock may
 *    sleep or looks at the count. Cost (callgrind, bench_page_alloc
 *    --instr): ~289 instructions per alloc_page+__free_page pair, 652
 *    through the general paths; three atomics (the two lock exchanges,
 *    the refcount decrement) are half of its ~48 ns (atomic_floor).
 *
 * How kmm differs: no THP lists, no vmstat worker to decay pcp->high
 * (decay_pcp_high() exists for whoever drives it), no CPU hotplug (all
 * nr_cpu_ids CPUs are online from boot), no cache-size tuning of
 * PCPF_FREE_HIGH_BATCH (it stays clear), numa statistics not kept.
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/percpu.h>
#include <kmm/sizes.h>
#include <kmm/minmax.h>
#include "../lib/string.h"
#include "internal.h"
#include "vmscan.h"

/* Boot pagesets hold nothing: high 0, batch 1 (BOOT_PAGESET_*). */
#define BOOT_PAGESET_HIGH	0
#define BOOT_PAGESET_BATCH	1
/* high_max is at most 1/8 of the zone (MIN_PERCPU_PAGELIST_HIGH_FRACTION). */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION	8

/* vm.percpu_pagelist_high_fraction: 0 lets high float (the default). */
static int percpu_pagelist_high_fraction;

static inline unsigned int order_to_pindex(int migratetype, unsigned int order)
{
	VM_BUG_ON(order > PAGE_ALLOC_COSTLY_ORDER);
	return (MIGRATE_PCPTYPES * order) + (unsigned int)migratetype;
}

static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex / MIGRATE_PCPTYPES;
}

/* This CPU's lists of @zone, locked (point 6); NULL if busy or not set up. */
static __always_inline struct per_cpu_pages *pcp_spin_trylock(struct zone *zone)
{
	struct per_cpu_pages *pcp;

	pcp = zone->per_cpu_pageset;
	if (unlikely(!pcp))
		return NULL;
	pcp = this_cpu_ptr(pcp);
	if (unlikely(atomic_exchange_explicit(&pcp->lock.locked, 1, memory_order_acquire)))
		return NULL;
	return pcp;
}

static __always_inline void pcp_spin_unlock(struct per_cpu_pages *pcp)
{
	arch_spin_unlock(&pcp->lock);
}

/* Before setup_per_cpu_pageset(): no lists (zone_pcp_init of 6.12). */
void zone_pcp_init(struct zone *zone)
{
	zone->per_cpu_pageset = NULL;
	zone->pageset_high_min = BOOT_PAGESET_HIGH;
	zone->pageset_high_max = BOOT_PAGESET_HIGH;
	zone->pageset_batch = BOOT_PAGESET_BATCH;
}

/**
 * free_pcppages_bulk - give @count pages of @pcp back to the buddy lists,
 * round-robin over the lists, starting with @pindex.
 * @zone: the lists' zone
 * @count: pages to free
 * @pcp: the lists, locked
 * @pindex: the list to drain first
 *
 * Context: pcp->lock held; takes zone->lock.
 */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp,
			       int pindex)
{
	unsigned long flags;

	count = min(pcp->count, count);
	pindex = pindex - 1;
	spin_lock_irqsave(&zone->lock, flags);
	while (count > 0) {
		struct list_head *list;
		unsigned int order;
		int nr_pages;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));
		order = pindex_to_order((unsigned int)pindex);
		nr_pages = 1 << order;
		do {
			struct page *page = list_last_entry(list, struct page, pcp_list);
			unsigned long pfn = page_to_pfn(page);

			list_del(&page->pcp_list);
			count -= nr_pages;
			pcp->count -= nr_pages;
			__free_one_page(page, pfn, zone, order,
					get_pfnblock_migratetype(page, pfn), FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	reclaim_notify_free();
}

/* Take @count blocks for @list under one hold of zone->lock. */
static int rmqueue_bulk(struct zone *zone, unsigned int order, unsigned long count,
			struct list_head *list, int migratetype, unsigned int alloc_flags)
{
	int mode = 0;	/* RMQUEUE_NORMAL */
	unsigned long flags;
	unsigned long i;

	spin_lock_irqsave(&zone->lock, flags);
	for (i = 0; i < count; ++i) {
		struct page *page = __rmqueue(zone, order, migratetype, alloc_flags, &mode);

		if (unlikely(!page))
			break;
		list_add_tail(&page->pcp_list, list);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return (int)i;
}

/* How many blocks a refill takes (nr_pcp_alloc of 6.12). */
static int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone, unsigned int order)
{
	int high, base_batch, batch, max_nr_alloc;
	int high_max, high_min;

	base_batch = READ_ONCE_RELAXED(pcp->batch);
	high_min = READ_ONCE_RELAXED(pcp->high_min);
	high_max = READ_ONCE_RELAXED(pcp->high_max);
	high = pcp->high = clamp(pcp->high, high_min, high_max);
	if (unlikely(high < base_batch))
		return 1;
	batch = order ? base_batch : (base_batch << pcp->alloc_factor);
	if (high_min != high_max && !zone_test_flag(zone, ZONE_BELOW_HIGH))
		high = pcp->high = min(high + batch, high_max);
	if (!order) {
		max_nr_alloc = max(high - pcp->count - base_batch, base_batch);
		if (batch <= max_nr_alloc && pcp->alloc_factor < CONFIG_PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = min(batch, max_nr_alloc);
	}
	if (batch > 1)
		batch = max(batch >> order, 2);
	return batch;
}

/* Pop a block from @list, refilling it when empty. */
static struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order,
				      int migratetype, unsigned int alloc_flags,
				      struct per_cpu_pages *pcp, struct list_head *list)
{
	struct page *page;

	do {
		if (list_empty(list)) {
			int batch = nr_pcp_alloc(pcp, zone, order);
			int alloced = rmqueue_bulk(zone, order, (unsigned long)batch, list,
						   migratetype, alloc_flags);

			pcp->count += alloced << order;
			if (unlikely(list_empty(list)))
				return NULL;
		}
		page = list_first_entry(list, struct page, pcp_list);
		list_del(&page->pcp_list);
		pcp->count -= 1 << order;
	} while (check_new_pages(page, order));
	return page;
}

/**
 * rmqueue_pcplist - allocate a block of @order <= 3 from this CPU's lists.
 * @preferred_zone: where the allocation started (statistics)
 * @zone: the zone to take from
 * @order: the order
 * @migratetype: the list type
 * @alloc_flags: ALLOC_* for a refill
 *
 * Return: a checked block, or NULL if the lists are busy, not set up, or
 * the zone has nothing (the caller then tries the buddy lists).
 */
struct page *rmqueue_pcplist(struct zone *preferred_zone, struct zone *zone,
			     unsigned int order, int migratetype, unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = pcp_spin_trylock(zone);
	struct page *page;

	if (!pcp)
		return NULL;
	pcp->free_count >>= 1;
	page = __rmqueue_pcplist(zone, order, migratetype, alloc_flags, pcp,
				 &pcp->lists[order_to_pindex(migratetype, order)]);
	pcp_spin_unlock(pcp);
	(void)preferred_zone;
	return page;
}

/* Point 6: the GFP bits that choose the zone and the list, as an index. */
#define PCP_FAST_GFP_BITS	(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE | \
				 __GFP_RECLAIMABLE)

static __always_inline unsigned int pcp_fast_index(gfp_t gfp)
{
	BUILD_BUG_ON(PCP_FAST_GFP_BITS != 0x1f);
	return (gfp & PCP_FAST_GFP_BITS) | ((gfp & __GFP_THISNODE) ? 0x20 : 0);
}

/**
 * pcp_fast_build - fill @pgdat's table of fast-path targets from its
 * zonelists: what gfp_zone(), gfp_migratetype() and first_zones_zonelist()
 * give for each index. Invalid zone modifiers and both mobility bits at
 * once are left to the general path, which reports them.
 * @pgdat: a node whose zonelists are built
 *
 * Context: boot, after build_zonelists() and page_group_by_mobility_disabled.
 */
void pcp_fast_build(pg_data_t *pgdat)
{
	for (unsigned int i = 0; i < PCP_FAST_TARGETS; i++) {
		struct pcp_fast_target *t = &pgdat->pcp_fast[i];
		gfp_t gfp = (i & PCP_FAST_GFP_BITS) | ((i & 0x20) ? __GFP_THISNODE : 0);
		struct zonelist *zl = &pgdat->node_zonelists[
			(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];

		t->zone = NULL;
		if (((GFP_ZONE_BAD >> (gfp & GFP_ZONEMASK)) & 1) ||
		    (gfp & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) ==
		    (__GFP_MOVABLE | __GFP_RECLAIMABLE))
			continue;
		t->highest_zoneidx = (int)gfp_zone(gfp);
		t->migratetype = gfp_migratetype(gfp);
		t->zone = zonelist_zone(first_zones_zonelist(zl, t->highest_zoneidx, NULL));
	}
}

/* prep_new_page()'s zeroing, out of line: a tail call keeps the fast path a leaf. */
static noinline struct page *pcp_zero_page(struct page *page)
{
	prep_new_page_zero(page, 0, __GFP_ZERO);
	return page;
}

/**
 * pcp_alloc_fast - point 6: an order-0 page from this CPU's list of the
 * first zone of @preferred_nid's zonelist for @gfp.
 * @gfp: the request, already masked with gfp_allowed_mask
 * @preferred_nid: the node to start from
 *
 * Context: as __alloc_pages(). Anything but a page from the list - a
 * might_alloc() report or yield due, an injection armed, a watermark, a
 * busy or empty list - is __alloc_pages_general()'s, called as a tail call.
 * Return: as __alloc_pages().
 */
struct page *pcp_alloc_fast(gfp_t gfp, int preferred_nid)
{
	const struct pcp_fast_target *t = &NODE_DATA(preferred_nid)->pcp_fast[pcp_fast_index(gfp)];
	struct zone *zone = t->zone;
	struct per_cpu_pages *pcp;
	struct list_head *list;
	struct page *page;

	/* might_alloc(): a report or a yield due is the general path's to make. */
	if (gfpflags_allow_blocking(gfp)) {
		if (unlikely(kmm_cannot_sleep() || !kmm_resched_poll))
			goto general;
		kmm_resched_poll--;
	}
	if (unlikely(!zone || zone_test_flag(zone, ZONE_BOOSTED_WATERMARK)))
		goto general;
	if (unlikely(fail_page_alloc_armed()))
		goto general;	/* should_fail_alloc_page() is the general path's */
	if (unlikely(!zone_watermark_fast(zone, 0, zone_test_flag(zone, ZONE_BELOW_HIGH) ?
					  low_wmark_pages(zone) : high_wmark_pages(zone),
					  t->highest_zoneidx, ALLOC_WMARK_LOW, gfp)))
		goto general;
	pcp = pcp_spin_trylock(zone);
	if (unlikely(!pcp))
		goto general;
	list = &pcp->lists[order_to_pindex(t->migratetype, 0)];
	if (unlikely(list_empty(list)))
		goto unlock_general;
	page = list_first_entry(list, struct page, pcp_list);
	if (unlikely(check_new_pages(page, 0)))
		goto unlock_general;	/* the general path reports and drops it */
	list_del(&page->pcp_list);
	pcp->count--;
	pcp->free_count >>= 1;
	pcp_spin_unlock(pcp);
	set_page_private(page, 0);
	set_page_refcounted(page);
	kmm_page_set_alloc_order(page, 0);
	if (unlikely(init_on_alloc || (gfp & __GFP_ZERO)))
		return pcp_zero_page(page);
	return page;
unlock_general:
	pcp_spin_unlock(pcp);
general:
	return __alloc_pages_general(gfp, 0, preferred_nid, NULL);
}

/* How many pages a drain above high frees (nr_pcp_free of 6.12). */
static int nr_pcp_free(struct per_cpu_pages *pcp, int batch, int high, bool free_high)
{
	if (unlikely(free_high))
		return min(pcp->count, batch << CONFIG_PCP_BATCH_SCALE_MAX);
	if (unlikely(high < batch))
		return 1;
	return clamp((int)pcp->free_count, batch, high - batch);
}

/* The current high of @pcp, adapting it as 6.12's nr_pcp_high(). */
static int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone, int batch,
		       bool free_high)
{
	int high, high_min, high_max;

	high_min = READ_ONCE_RELAXED(pcp->high_min);
	high_max = READ_ONCE_RELAXED(pcp->high_max);
	high = pcp->high = clamp(pcp->high, high_min, high_max);
	if (unlikely(!high))
		return 0;
	if (unlikely(free_high)) {
		pcp->high = max(high - (batch << CONFIG_PCP_BATCH_SCALE_MAX), high_min);
		return 0;
	}
	if (zone_test_flag(zone, ZONE_RECLAIM_ACTIVE)) {
		int free_count = max((int)pcp->free_count, batch);

		pcp->high = max(high - free_count, high_min);
		return min(batch << 2, pcp->high);
	}
	if (high_min == high_max)
		return high;
	if (zone_test_flag(zone, ZONE_BELOW_HIGH)) {
		int free_count = max((int)pcp->free_count, batch);

		pcp->high = max(high - free_count, high_min);
		high = max(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		if (pcp->high < need_high)
			pcp->high = clamp(need_high, high_min, high_max);
	}
	return high;
}

/*
 * Point 6: would nr_pcp_high() leave high as it is and the drain check
 * fail, after an order-0 free that makes the count @count?
 */
static __always_inline bool pcp_high_check_is_noop(const struct zone *zone,
						   const struct per_cpu_pages *pcp, int count)
{
	int high = pcp->high;

	return !(READ_ONCE_RELAXED(zone->flags) &
		 (1UL << ZONE_BELOW_HIGH | 1UL << ZONE_RECLAIM_ACTIVE)) &&
	       count < high && high <= READ_ONCE_RELAXED(pcp->high_max) &&
	       high >= READ_ONCE_RELAXED(pcp->high_min);
}

/**
 * free_unref_page_fast - point 6: push an order-0 page whose last
 * reference is gone on this CPU's list, when nothing else is due.
 * @page: the page, refcount 0
 *
 * Context: any; never sleeps. Anything else - a page to check or report,
 * an isolated or highatomic pageblock, a busy list, a drain or a change of
 * high due - is free_unref_page()'s, called as a tail call after nothing
 * has changed that it would not change the same way.
 */
void free_unref_page_fast(struct page *page)
{
	struct per_cpu_pages *pcp;
	struct zone *zone;
	int mt, batch;

	if (unlikely(!free_page_prepare_fast(page)))
		goto general;
	zone = page_zone(page);
	mt = get_pfnblock_migratetype(page, page_to_pfn(page));
	if (unlikely(mt >= MIGRATE_PCPTYPES))
		goto general;
	pcp = pcp_spin_trylock(zone);
	if (unlikely(!pcp))
		goto general;
	if (unlikely(!pcp_high_check_is_noop(zone, pcp, pcp->count + 1))) {
		pcp_spin_unlock(pcp);
		goto general;
	}
	pcp->alloc_factor >>= 1;
	list_add(&page->pcp_list, &pcp->lists[order_to_pindex(mt, 0)]);
	pcp->count++;
	pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	batch = READ_ONCE_RELAXED(pcp->batch);
	if (pcp->free_count < (batch << CONFIG_PCP_BATCH_SCALE_MAX))
		pcp->free_count++;
	pcp_spin_unlock(pcp);
	return;
general:
	free_unref_page(page, 0);
}

static void free_unref_page_commit(struct zone *zone, struct per_cpu_pages *pcp,
				   struct page *page, int migratetype, unsigned int order)
{
	unsigned int pindex = order_to_pindex(migratetype, order);
	bool free_high = false;
	int high, batch;

	pcp->alloc_factor >>= 1;
	list_add(&page->pcp_list, &pcp->lists[pindex]);
	pcp->count += 1 << order;
	batch = READ_ONCE_RELAXED(pcp->batch);
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = pcp->free_count >= batch &&
			    (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << CONFIG_PCP_BATCH_SCALE_MAX))
		pcp->free_count += 1 << order;
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (pcp->count >= high) {
		free_pcppages_bulk(zone, nr_pcp_free(pcp, batch, high, free_high), pcp,
				   (int)pindex);
		if (zone_test_flag(zone, ZONE_BELOW_HIGH) &&
		    zone_watermark_ok(zone, 0, high_wmark_pages(zone), ZONE_MOVABLE, 0))
			zone_clear_flag(zone, ZONE_BELOW_HIGH);
	}
}

/**
 * free_unref_page - free a block whose last reference is gone: to this
 * CPU's list if its order allows, else (or if the list is busy) to the
 * buddy lists.
 * @page: head of the block, refcount 0
 * @order: its order
 *
 * Context: any; never sleeps.
 */
void free_unref_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	struct per_cpu_pages *pcp;
	struct zone *zone;
	int migratetype;

	if (!free_pages_prepare(page, order))
		return;
	zone = page_zone(page);
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		free_one_page(zone, page, pfn, order, FPI_NONE);
		return;
	}
	migratetype = get_pfnblock_migratetype(page, pfn);
	if (unlikely(migratetype >= MIGRATE_PCPTYPES)) {
		if (unlikely(is_migrate_isolate(migratetype))) {
			free_one_page(zone, page, pfn, order, FPI_NONE);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}
	pcp = pcp_spin_trylock(zone);
	if (pcp) {
		free_unref_page_commit(zone, pcp, page, migratetype, order);
		pcp_spin_unlock(pcp);
	} else {
		free_one_page(zone, page, pfn, order, FPI_NONE);
	}
}

/* Empty one CPU's lists of one zone. */
static void drain_pages_zone(int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp;
	int count;

	if (!zone->per_cpu_pageset)
		return;
	pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
	do {
		spin_lock(&pcp->lock);
		count = pcp->count;
		if (count) {
			int to_drain = min(count, pcp->batch << CONFIG_PCP_BATCH_SCALE_MAX);

			free_pcppages_bulk(zone, to_drain, pcp, 0);
			count -= to_drain;
		}
		spin_unlock(&pcp->lock);
	} while (count);
}

static void drain_pages(int cpu)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		drain_pages_zone(cpu, zone);
}

/**
 * drain_local_pages - give this CPU's listed pages back to the buddy lists.
 * @zone: only this zone's lists, or NULL for all zones
 */
void drain_local_pages(struct zone *zone)
{
	int cpu = raw_smp_processor_id();

	if (zone)
		drain_pages_zone(cpu, zone);
	else
		drain_pages(cpu);
}

/**
 * drain_all_pages - give every CPU's listed pages back to the buddy lists,
 * from the calling thread (each CPU's lists under their own lock).
 * @zone: only this zone's lists, or NULL for all zones
 *
 * Context: may spin on a pcp lock; never sleeps.
 */
void drain_all_pages(struct zone *zone)
{
	int cpu;

	for_each_online_cpu(cpu) {
		if (zone)
			drain_pages_zone(cpu, zone);
		else
			drain_pages(cpu);
	}
}

/**
 * decay_pcp_high - lower pcp->high by an eighth towards high_min and free
 * what is above it (6.12's vmstat worker calls it every second).
 * @zone: the zone
 * @pcp: one CPU's lists of it
 *
 * Return: whether more decay is due.
 */
bool decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp)
{
	int high_min = READ_ONCE_RELAXED(pcp->high_min), batch = READ_ONCE_RELAXED(pcp->batch);
	bool todo = false;
	int to_drain;

	spin_lock(&pcp->lock);
	if (pcp->high > high_min) {
		pcp->high = max(max(pcp->count - (batch << CONFIG_PCP_BATCH_SCALE_MAX),
				    pcp->high - (pcp->high >> 3)), high_min);
		if (pcp->high > high_min)
			todo = true;
	}
	to_drain = pcp->count - pcp->high;
	if (to_drain > 0) {
		free_pcppages_bulk(zone, to_drain, pcp, 0);
		todo = true;
	}
	spin_unlock(&pcp->lock);
	return todo;
}

/* Pages sitting on every CPU's lists of @zone (racy, for reports). */
unsigned long zone_pcp_free_pages(struct zone *zone)
{
	unsigned long sum = 0;
	int cpu;

	if (!zone->per_cpu_pageset)
		return 0;
	for_each_online_cpu(cpu)
		sum += (unsigned long)READ_ONCE_RELAXED(per_cpu_ptr(zone->per_cpu_pageset, cpu)->count);
	return sum;
}

/* Batch size: ~0.1% of the zone or 1 MiB, /4, as 2^n - 1 (zone_batchsize). */
static int zone_batchsize(struct zone *zone)
{
	int batch = (int)min(zone_managed_pages(zone) >> 10, SZ_1M / PAGE_SIZE);

	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch = batch + batch / 2;
	batch = (int)(1UL << (63 - __builtin_clzl((unsigned long)batch))) - 1;
	return batch;
}

static int cpus_of_node(int nid)
{
	int cpu, n = 0;

	for_each_online_cpu(cpu)
		if (cpu_to_node(cpu) == nid)
			n++;
	return n;
}

/* high for one CPU: the low watermark (or a fraction) over the node's CPUs. */
static int zone_highsize(struct zone *zone, int batch, int cpu_online, int high_fraction)
{
	unsigned long total_pages;
	int nr_split_cpus, high;

	if (!high_fraction)
		total_pages = low_wmark_pages(zone);
	else
		total_pages = zone_managed_pages(zone) / (unsigned long)high_fraction;
	nr_split_cpus = cpus_of_node(zone_to_nid(zone)) + cpu_online;
	if (!nr_split_cpus)
		nr_split_cpus = nr_cpu_ids;
	high = (int)(total_pages / (unsigned long)nr_split_cpus);
	return max(high, batch << 2);
}

static void zone_set_pageset_high_and_batch(struct zone *zone, int cpu_online)
{
	int new_high_min, new_high_max, new_batch, cpu;

	new_batch = max(1, zone_batchsize(zone));
	if (percpu_pagelist_high_fraction) {
		new_high_min = zone_highsize(zone, new_batch, cpu_online,
					     percpu_pagelist_high_fraction);
		new_high_max = new_high_min;
	} else {
		new_high_min = zone_highsize(zone, new_batch, cpu_online, 0);
		new_high_max = zone_highsize(zone, new_batch, cpu_online,
					     MIN_PERCPU_PAGELIST_HIGH_FRACTION);
	}
	if (zone->pageset_high_min == new_high_min && zone->pageset_high_max == new_high_max &&
	    zone->pageset_batch == new_batch)
		return;
	zone->pageset_high_min = new_high_min;
	zone->pageset_high_max = new_high_max;
	zone->pageset_batch = new_batch;
	if (!zone->per_cpu_pageset)
		return;
	for_each_possible_cpu(cpu) {
		struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);

		WRITE_ONCE_RELAXED(pcp->batch, new_batch);
		WRITE_ONCE_RELAXED(pcp->high_min, new_high_min);
		WRITE_ONCE_RELAXED(pcp->high_max, new_high_max);
	}
}

/* Recompute batch and high after a change of managed pages or watermarks. */
void zone_pcp_update(struct zone *zone, int cpu_online)
{
	zone_set_pageset_high_and_batch(zone, cpu_online);
}

static void per_cpu_pages_init(struct per_cpu_pages *pcp)
{
	memset(pcp, 0, sizeof(*pcp));
	spin_lock_init(&pcp->lock);
	for (int pindex = 0; pindex < NR_PCP_LISTS; pindex++)
		INIT_LIST_HEAD(&pcp->lists[pindex]);
	pcp->high_min = BOOT_PAGESET_HIGH;
	pcp->high_max = BOOT_PAGESET_HIGH;
	pcp->batch = BOOT_PAGESET_BATCH;
}

static void setup_zone_pageset(struct zone *zone)
{
	struct per_cpu_pages *pageset = alloc_percpu(struct per_cpu_pages);
	int cpu;

	if (!pageset)
		panic("setup_zone_pageset: per-CPU areas are full\n");
	for_each_possible_cpu(cpu)
		per_cpu_pages_init(per_cpu_ptr(pageset, cpu));
	zone->pageset_high_min = zone->pageset_high_max = zone->pageset_batch = -1;
	zone->per_cpu_pageset = pageset;
	zone_set_pageset_high_and_batch(zone, 0);
}

/**
 * setup_per_cpu_pageset - give every populated zone its per-CPU lists
 * (before this, all allocations and frees go to the buddy lists).
 *
 * Context: boot, after mm_core_init().
 */
void setup_per_cpu_pageset(void)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		setup_zone_pageset(zone);
}
