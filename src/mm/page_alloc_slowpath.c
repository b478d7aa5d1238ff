// SPDX-License-Identifier: MIT
/*
 * src/mm/page_alloc_slowpath.c - what an allocation does when the fast
 * path found no zone above its low watermark (__alloc_pages_slowpath of
 * mm/page_alloc.c), and the report of a failure (warn_alloc).
 *
 * 1. Rights. gfp_to_alloc_flags() turns the GFP flags into ALLOC_* rights:
 *    every request may now go down to the min watermark; __GFP_HIGH gets
 *    ALLOC_MIN_RESERVE (half of min); a request that cannot sleep (no
 *    __GFP_DIRECT_RECLAIM, no __GFP_NOMEMALLOC) gets ALLOC_NON_BLOCK (a
 *    quarter more), and with __GFP_HIGH and order > 0 ALLOC_HIGHATOMIC
 *    (may reserve and use highatomic pageblocks). So GFP_ATOMIC digs
 *    deepest but never sleeps. __GFP_MEMALLOC ignores watermarks.
 *
 * 2. Order of attempts (6.12's): wake kswapd; retry with the adjusted
 *    flags; if the request may not reclaim (or the task is reclaiming
 *    already, PF_MEMALLOC), give up; else direct reclaim (the shrinkers),
 *    then drain the per-CPU lists and release highatomic reserves once
 *    (what Linux does after reclaim fails); __GFP_NORETRY gives up now;
 *    costly orders (> 3) give up unless __GFP_RETRY_MAYFAIL;
 *    should_reclaim_retry() allows up to MAX_RECLAIM_RETRIES rounds while
 *    a zone could meet its min watermark; then the OOM step (one try at
 *    the high watermark, then kmm's stand-in for the OOM killer: drop the
 *    shrinkers' objects and retry if that freed anything); then
 *    __GFP_NOFAIL keeps looping (with ALLOC_MIN_RESERVE, and a bounded
 *    wait for freed pages between rounds), everything else fails with
 *    warn_alloc().
 *
 * 3. The reclaim seam. Reclaim is reached through four named functions
 *    at the top of this file: page_alloc_wake_kswapds(),
 *    page_alloc_direct_reclaim(), page_alloc_reclaimable_pages() and
 *    page_alloc_nofail_wait(), plus out_of_memory_reclaim() in the OOM
 *    step; src/mm/vmscan.c implements them (kswapd, try_to_free_pages(),
 *    wait_for_free_pages()). zone_reclaimable_pages() is 0 (no LRU), so
 *    should_reclaim_retry() retries only while free pages alone could
 *    meet the min watermark, as on a Linux machine whose only reclaimable
 *    memory is slab.
 *
 * 4. The report, unless __GFP_NOWARN, at most once in 10 s as Linux's
 *    ratelimit: "COMM: page allocation failure: order:N, mode:0x..(GFP_..),
 *    nodemask=(null),cpuset=/,mems_allowed=0", the stack, and show_mem's
 *    Mem-Info (show_mem.c) for the zones the request could use.
 *
 * How kmm differs: no cpusets or mempolicies (the cpuset is "/" and allows
 * every node with memory), no compaction, no OOM killer (see point 2 and
 * vmscan.c point 4). PF_MEMALLOC tasks (kswapd, direct reclaimers) and
 * __GFP_MEMALLOC get ALLOC_NO_WATERMARKS, as in Linux.
 */
#include <stdarg.h>

#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/sched.h>
#include <kmm/jiffies.h>
#include <kmm/printk.h>
#include <kmm/smp.h>
#include "../lib/string.h"
#include "internal.h"
#include "vmscan.h"

/* Rounds without progress before reclaim gives up (MAX_RECLAIM_RETRIES). */
#define MAX_RECLAIM_RETRIES	16

/* ---- The reclaim seam (point 3): src/mm/vmscan.c behind it. ---- */

/* Wake each node's kswapd for the zones of @ac (wake_all_kswapds). */
static void page_alloc_wake_kswapds(unsigned int order, gfp_t gfp_mask,
				    const struct alloc_context *ac)
{
	enum zone_type highest_zoneidx = ac->highest_zoneidx;
	pg_data_t *last_pgdat = NULL;
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist_nodemask(zone, z, ac->zonelist, highest_zoneidx, ac->nodemask) {
		if (!managed_zone(zone) || last_pgdat == zone->zone_pgdat)
			continue;
		wakeup_kswapd(zone, gfp_mask, (int)order, highest_zoneidx);
		last_pgdat = zone->zone_pgdat;
	}
}

/*
 * Direct reclaim (__perform_reclaim): shrinkers, with PF_MEMALLOC so
 * that their own allocations do not recurse into reclaim.
 * Return: pages reclaimed (progress).
 */
static unsigned long page_alloc_direct_reclaim(gfp_t gfp_mask, unsigned int order,
					       const struct alloc_context *ac)
{
	unsigned int noreclaim_flag = current->flags & PF_MEMALLOC;
	unsigned long progress;

	might_sleep();
	cond_resched();
	current->flags |= PF_MEMALLOC;
	progress = try_to_free_pages(ac->zonelist, (int)order, gfp_mask, ac->nodemask);
	current->flags = (current->flags & ~PF_MEMALLOC) | noreclaim_flag;
	cond_resched();
	return progress;
}

/* Pages reclaim could still free in @zone (0: kmm has no LRU pages). */
static unsigned long page_alloc_reclaimable_pages(struct zone *zone)
{
	return zone_reclaimable_pages(zone);
}

/* __GFP_NOFAIL between attempts: a bounded wait for somebody to free memory. */
static void page_alloc_nofail_wait(unsigned int order, const struct alloc_context *ac)
{
	wait_for_free_pages(ac, order, NOFAIL_WAIT_JIFFIES);
}

/* ---- The slow path ---- */

/**
 * gfp_to_alloc_flags - the ALLOC_* rights of a request in the slow path.
 * @gfp_mask: the request's flags
 * @order: its order
 *
 * Return: ALLOC_WMARK_MIN plus the reserve rights of point 1.
 */
unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	if (gfp_mask & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (gfp_mask & __GFP_KSWAPD_RECLAIM)
		alloc_flags |= ALLOC_KSWAPD;
	if (!(gfp_mask & __GFP_DIRECT_RECLAIM)) {
		if (!(gfp_mask & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0 && (alloc_flags & ALLOC_MIN_RESERVE))
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	return alloc_flags;
}

/* Rights to all of memory: __GFP_MEMALLOC, or a PF_MEMALLOC task (reclaim). */
static inline int __gfp_pfmemalloc_flags(gfp_t gfp_mask)
{
	if (unlikely(gfp_mask & __GFP_NOMEMALLOC))
		return 0;
	if (gfp_mask & __GFP_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (!in_interrupt() && (current->flags & PF_MEMALLOC))
		return ALLOC_NO_WATERMARKS;
	return 0;
}

/**
 * gfp_pfmemalloc_allowed - may a request with @gfp_mask ignore watermarks?
 * Return: true for __GFP_MEMALLOC without __GFP_NOMEMALLOC.
 */
bool gfp_pfmemalloc_allowed(gfp_t gfp_mask)
{
	return !!__gfp_pfmemalloc_flags(gfp_mask);
}

/* Reclaim (the seam), then drain per-CPU lists and highatomic once. */
static struct page *__alloc_pages_direct_reclaim(gfp_t gfp_mask, unsigned int order,
		unsigned int alloc_flags, const struct alloc_context *ac,
		unsigned long *did_some_progress)
{
	bool drained = false;
	struct page *page;

	*did_some_progress = page_alloc_direct_reclaim(gfp_mask, order, ac);
retry:
	page = get_page_from_freelist(gfp_mask, order, (int)alloc_flags, ac);
	if (!page && !drained) {
		unreserve_highatomic_pageblock(ac, false);
		drain_all_pages(NULL);
		drained = true;
		goto retry;
	}
	return page;
}

/* Could any zone meet its min watermark if reclaim freed all it can? */
static bool should_reclaim_retry(gfp_t gfp_mask, unsigned int order,
				 const struct alloc_context *ac, unsigned int alloc_flags,
				 bool did_some_progress, int *no_progress_loops)
{
	struct zoneref *z;
	struct zone *zone;
	bool ret = false;

	if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;
	if (*no_progress_loops > MAX_RECLAIM_RETRIES)
		goto out;
	for_each_zone_zonelist_nodemask(zone, z, ac->zonelist, ac->highest_zoneidx,
					ac->nodemask) {
		unsigned long reclaimable = page_alloc_reclaimable_pages(zone);
		unsigned long available = reclaimable + zone_page_state(zone, NR_FREE_PAGES);

		if (__zone_watermark_ok(zone, order, min_wmark_pages(zone), ac->highest_zoneidx,
					alloc_flags, (long)available)) {
			ret = true;
			break;
		}
	}
	cond_resched();
out:
	if (!ret)
		return unreserve_highatomic_pageblock(ac, true);
	(void)gfp_mask;
	return ret;
}

/*
 * The OOM step without an OOM killer: one last try at the high mark,
 * then, where Linux would kill, drop the shrinkers' objects
 * (out_of_memory_reclaim(), vmscan.c point 4); progress means retry.
 */
static struct page *__alloc_pages_may_oom(gfp_t gfp_mask, unsigned int order,
					  const struct alloc_context *ac,
					  unsigned long *did_some_progress)
{
	struct page *page;

	*did_some_progress = 0;
	page = get_page_from_freelist((gfp_mask | __GFP_HARDWALL) & ~__GFP_DIRECT_RECLAIM,
				      order, ALLOC_WMARK_HIGH | ALLOC_CPUSET, ac);
	if (!page)
		*did_some_progress = out_of_memory_reclaim(gfp_mask, order, ac);
	return page;
}

/* 6.12's cpuset fallback: kmm has no cpuset, so one attempt. */
static struct page *__alloc_pages_cpuset_fallback(gfp_t gfp_mask, unsigned int order,
						  unsigned int alloc_flags,
						  const struct alloc_context *ac)
{
	return get_page_from_freelist(gfp_mask, order, (int)(alloc_flags | ALLOC_CPUSET), ac);
}

/* The checks 6.12 makes of __GFP_NOFAIL callers. */
static void check_nofail(gfp_t gfp_mask, unsigned int order)
{
	WARN_ON_ONCE(order > 1);
	WARN_ON_ONCE(!(gfp_mask & __GFP_DIRECT_RECLAIM));
	WARN_ON_ONCE(current->flags & PF_MEMALLOC);
}

/**
 * __alloc_pages_slowpath - everything the flags allow after the fast path
 * failed (point 2).
 * @gfp_mask: the request
 * @order: its order
 * @ac: the allocation context of the fast path
 *
 * Context: may sleep if @gfp_mask has __GFP_DIRECT_RECLAIM.
 * Return: a prepared block, or NULL after warn_alloc().
 */
struct page *__alloc_pages_slowpath(gfp_t gfp_mask, unsigned int order,
				    struct alloc_context *ac)
{
	bool can_direct_reclaim = gfp_mask & __GFP_DIRECT_RECLAIM;
	bool can_compact = gfp_compaction_allowed(gfp_mask);
	bool nofail = gfp_mask & __GFP_NOFAIL;
	bool costly_order = order > PAGE_ALLOC_COSTLY_ORDER;
	unsigned long did_some_progress;
	unsigned int alloc_flags;
	int no_progress_loops;
	int reserve_flags;
	struct page *page;

	if (unlikely(nofail))
		check_nofail(gfp_mask, order);
	no_progress_loops = 0;
	alloc_flags = gfp_to_alloc_flags(gfp_mask, order);
	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist, ac->highest_zoneidx,
						     ac->nodemask);
	if (!zonelist_zone(ac->preferred_zoneref))
		goto nopage;
	if (alloc_flags & ALLOC_KSWAPD)
		page_alloc_wake_kswapds(order, gfp_mask, ac);
	page = get_page_from_freelist(gfp_mask, order, (int)alloc_flags, ac);
	if (page)
		goto got_pg;
retry:
	if (alloc_flags & ALLOC_KSWAPD)
		page_alloc_wake_kswapds(order, gfp_mask, ac);
	reserve_flags = __gfp_pfmemalloc_flags(gfp_mask);
	if (reserve_flags)
		alloc_flags = (unsigned int)reserve_flags | (alloc_flags & ALLOC_KSWAPD);
	if (!(alloc_flags & ALLOC_CPUSET) || reserve_flags) {
		ac->nodemask = NULL;
		ac->preferred_zoneref = first_zones_zonelist(ac->zonelist, ac->highest_zoneidx,
							     ac->nodemask);
	}
	page = get_page_from_freelist(gfp_mask, order, (int)alloc_flags, ac);
	if (page)
		goto got_pg;
	if (!can_direct_reclaim)
		goto nopage;
	if (current->flags & PF_MEMALLOC)	/* no recursion into reclaim */
		goto nopage;
	page = __alloc_pages_direct_reclaim(gfp_mask, order, alloc_flags, ac,
					    &did_some_progress);
	if (page)
		goto got_pg;
	if (gfp_mask & __GFP_NORETRY)
		goto nopage;
	if (costly_order && (!can_compact || !(gfp_mask & __GFP_RETRY_MAYFAIL)))
		goto nopage;
	if (should_reclaim_retry(gfp_mask, order, ac, alloc_flags, did_some_progress > 0,
				 &no_progress_loops))
		goto retry;
	page = __alloc_pages_may_oom(gfp_mask, order, ac, &did_some_progress);
	if (page)
		goto got_pg;
	if (did_some_progress) {
		no_progress_loops = 0;
		goto retry;
	}
nopage:
	if (unlikely(nofail)) {
		if (!can_direct_reclaim)
			goto fail;
		page = __alloc_pages_cpuset_fallback(gfp_mask, order, ALLOC_MIN_RESERVE, ac);
		if (page)
			goto got_pg;
		page_alloc_nofail_wait(order, ac);
		goto retry;
	}
fail:
	warn_alloc(gfp_mask, ac->nodemask, "page allocation failure: order:%u", order);
	return NULL;
got_pg:
	return page;
}

/* "0-2,5": a node set as %*pbl prints it. */
static void nodelist_str(char *buf, size_t size, const nodemask_t *mask)
{
	size_t len = 0;
	int nid = 0;

	buf[0] = '\0';
	while (nid < MAX_NUMNODES) {
		int end;

		if (!node_isset(nid, mask)) {
			nid++;
			continue;
		}
		for (end = nid; end + 1 < MAX_NUMNODES && node_isset(end + 1, mask); end++)
			;
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0,
					end > nid ? "%s%d-%d" : "%s%d", len ? "," : "", nid, end);
		nid = end + 1;
	}
}

/* Linux's nopage_rs: one report per 10 * HZ, burst 1. */
static unsigned long warn_alloc_last;
static bool warn_alloc_started;

static bool warn_alloc_ratelimit(void)
{
	unsigned long now = jiffies;

	if (warn_alloc_started && time_before(now, warn_alloc_last + 10 * HZ))
		return false;
	warn_alloc_started = true;
	warn_alloc_last = now;
	return true;
}

/* kmm_halt: a new machine reports its first failure again. */
void page_alloc_slowpath_reset(void)
{
	warn_alloc_started = false;
}

static void warn_alloc_show_mem(gfp_t gfp_mask, nodemask_t *nodemask)
{
	unsigned int filter = SHOW_MEM_FILTER_NODES;

	if (!(gfp_mask & __GFP_DIRECT_RECLAIM))
		filter &= ~SHOW_MEM_FILTER_NODES;
	__show_mem(filter, nodemask, gfp_zone(gfp_mask));
}

/**
 * warn_alloc - report a failed allocation as Linux does (point 4).
 * @gfp_mask: the request's flags (__GFP_NOWARN: say nothing)
 * @nodemask: its nodemask, or NULL
 * @fmt: what failed, printf-style
 *
 * Context: any; never sleeps.
 */
void warn_alloc(gfp_t gfp_mask, nodemask_t *nodemask, const char *fmt, ...)
{
	char what[128], nodes[64], mems[64];
	va_list args;

	if ((gfp_mask & __GFP_NOWARN) || !warn_alloc_ratelimit())
		return;
	va_start(args, fmt);
	vsnprintf(what, sizeof(what), fmt, args);
	va_end(args);
	if (nodemask)
		nodelist_str(nodes, sizeof(nodes), nodemask);
	else
		snprintf(nodes, sizeof(nodes), "(null)");
	nodelist_str(mems, sizeof(mems), &node_states[N_MEMORY]);
	pr_warn("%s: %s, mode:%#x(%pGg), nodemask=%s,cpuset=/,mems_allowed=%s\n",
		current_comm(), what, gfp_mask, &gfp_mask, nodes, mems);
	dump_stack();
	warn_alloc_show_mem(gfp_mask, nodemask);
}
