// SPDX-License-Identifier: MIT
/*
 * src/mm/vmscan.c - page reclaim: kswapd, direct reclaim, and the waits
 * of allocations that must not fail (mm/vmscan.c of Linux 6.12).
 *
 * 1. What is reclaimable. Linux reclaims LRU pages (page cache, anon
 *    memory to swap) and, through shrinkers, caches such as dentries and
 *    inodes. kmm has no LRU, no page cache, no swap and no writeback:
 *    shrinkers (src/mm/shrinker.c) are all the reclaimable memory it
 *    knows of. shrink_node() is therefore shrink_slab() for the node, and
 *    progress is the pages shrinkers report freed through
 *    mm_account_reclaimed_pages() into current->reclaim_state.
 *
 * 2. kswapd. One kthread per node with memory, "kswapd<nid>", started by
 *    kswapd_init() at boot once the page allocator works and stopped by
 *    kswapd_halt() from kmm_halt(). It sleeps on pgdat->kswapd_wait.
 *    An allocation whose fast path found no zone above the low watermark
 *    wakes it (wakeup_kswapd() from the slow path, or from rmqueue() when
 *    a fallback boosted a zone's watermarks), recording the order and the
 *    highest zone it needs in kswapd_order / kswapd_highest_zoneidx.
 *    balance_pgdat() then shrinks, priority DEF_PRIORITY (12) down to 1,
 *    until one eligible zone is above its high watermark for that order
 *    (pgdat_balanced), and kswapd_try_to_sleep() sleeps HZ/10 to see
 *    whether the node stays balanced before sleeping until woken. A run
 *    that reclaims nothing counts a kswapd failure; after
 *    MAX_RECLAIM_RETRIES (16) in a row the node is hopeless and wakers
 *    leave it alone until some reclaim frees a page there again. Boosted
 *    watermarks (a fragmenting fallback) are reclaimed for and then
 *    cleared at the end of the run, as Linux does.
 *
 * 3. Direct reclaim. try_to_free_pages() runs in the allocating task:
 *    for each node of the zonelist shrink_node(), priority 12 down to 0,
 *    until SWAP_CLUSTER_MAX (32) pages are reclaimed. The page allocator
 *    (page_alloc_slowpath.c) decides how often to retry, as 6.12 does.
 *    The task carries PF_MEMALLOC meanwhile, so an allocation a shrinker
 *    makes does not recurse into reclaim.
 *
 * 4. Where Linux would call the OOM killer (__alloc_pages_may_oom after
 *    the retries), kmm has nobody to kill. out_of_memory_reclaim() runs
 *    in that place, for the requests Linux would OOM-kill for (order <=
 *    PAGE_ALLOC_COSTLY_ORDER, not __GFP_RETRY_MAYFAIL or __GFP_THISNODE,
 *    a zonelist reaching ZONE_NORMAL): it drops every shrinker's objects
 *    (drop_slab(), priority 0 until a round frees little) and reports
 *    progress if anything was freed, so the allocation retries, as after
 *    a kill. When nothing is left to drop, the allocation fails with
 *    warn_alloc()'s report, where Linux would have killed a task or
 *    panicked ("System is deadlocked on memory"); a __GFP_NOFAIL
 *    allocation keeps waiting instead (point 5). Unlike Linux with its
 *    OOM killer disabled, kmm does not then give __GFP_NOFAIL access to
 *    all of memory: it waits, keeping the atomic reserves for GFP_ATOMIC.
 *
 * 5. Bounded waits. Every sleep here ends by itself:
 *      - kswapd's short sleep, HZ/10, as Linux;
 *      - wait_for_free_pages(), the __GFP_NOFAIL loop's wait between
 *        retries: up to NOFAIL_WAIT_JIFFIES (HZ/10, Linux's throttle for
 *        writeback), woken early when freed pages reach the buddy
 *        lists; the seed era's congestion_wait() waits on the same
 *        queue. The free path checks one counter (free_page_waiters, 0
 *        unless someone waits) after free_one_page() and
 *        free_pcppages_bulk(), and only then takes the queue's lock to
 *        wake: the per-CPU fast path of a free pays nothing, a batch
 *        returned to the buddy lists a relaxed load. A free that stays on
 *        a per-CPU list, or races with a waiter's registration, wakes
 *        nobody; the timeout bounds the cost, and the waiter's next
 *        direct reclaim drains the per-CPU lists.
 *    Only kswapd's long sleep has no timeout; it ends by wakeup_kswapd()
 *    or kthread_stop(), and kthread_should_stop() is checked after its
 *    state is set, so a stop is never missed.
 *
 * 6. Locking and who runs what.
 *      kswapd thread:   kswapd() -> balance_pgdat() -> shrink_node()
 *                       -> shrink_slab() -> shrinker callbacks -> frees
 *      allocating task: slow path -> wakeup_kswapd() (never sleeps),
 *                       try_to_free_pages() (sleeps only in callbacks and
 *                       cond_resched()), wait_for_free_pages()
 *      freeing task:    free_one_page(), free_pcppages_bulk()
 *                       -> reclaim_notify_free()
 *    Locks: pgdat->kswapd_wait.lock and free_page_wait.lock are leaf
 *    locks (wait queues); zone->lock is taken briefly to reset watermark
 *    boosts (read without it, as the allocator reads them); shrinker_lock
 *    is never held across a callback.
 *    Reclaim holds none of them while calling shrinkers, so shrinkers
 *    may free pages (pcp->lock -> zone->lock) and allocate.
 *    kswapd_order, kswapd_highest_zoneidx, kswapd_failures and
 *    watermark_boost are read and written with relaxed atomics
 *    (READ_ONCE_RELAXED, where Linux has READ_ONCE/WRITE_ONCE): they are
 *    hints, and a stale value costs one needless or one late wakeup;
 *    pgdat->kswapd is published with release/acquire.
 *
 * 7. Counters (kmm/vm_event_item.h): pageoutrun, allocstall_*,
 *    slabs_scanned, kswapd_{low,high}_wmark_hit_quickly as Linux's
 *    /proc/vmstat, and kmm's own kswapd wakeups, pages reclaimed by
 *    kswapd and by direct reclaim, free waits and OOM steps.
 *
 * How kmm differs, in short: no LRU, swap, writeback, memcg, compaction,
 * kcompactd or OOM killer (point 4); no direct-reclaim throttling on
 * pfmemalloc_wait (Linux throttles only while zones have LRU-reclaimable
 * pages, which kmm's never have); no per-CPU vmstat thresholds; no
 * freezer; kswapd is not bound to its node's CPUs.
 */
#include <kmm/swap.h>
#include <kmm/shrinker.h>
#include <kmm/kthread.h>
#include <kmm/wait.h>
#include <kmm/sched.h>
#include <kmm/printk.h>
#include <kmm/minmax.h>
#include <kmm/vm_event_item.h>
#include "internal.h"
#include "vmscan.h"

/* Point 5. */
#define KSWAPD_SHORT_SLEEP	(HZ / 10)

/* What one reclaim pass is asked to do, and what it did (Linux's subset). */
struct scan_control {
	unsigned long nr_to_reclaim;	/* stop once this many pages are reclaimed */
	nodemask_t *nodemask;		/* direct reclaim: the allocation's nodes */
	gfp_t gfp_mask;			/* passed to the shrinkers */
	int order;			/* the allocation's order */
	int priority;			/* DEF_PRIORITY .. 0: how hard to shrink */
	int reclaim_idx;		/* the highest zone reclaim works for */
	unsigned long nr_reclaimed;	/* pages reclaimed so far */
	struct reclaim_state reclaim_state;
};

/* ---- reclaimed pages (kmm/swap.h point 1) ---- */

static void set_task_reclaim_state(struct task_struct *task, struct reclaim_state *rs)
{
	task->reclaim_state = rs;
}

void mm_account_reclaimed_pages(unsigned long pages)
{
	if (current->reclaim_state)
		current->reclaim_state->reclaimed += pages;
}

static void flush_reclaim_state(struct scan_control *sc)
{
	sc->nr_reclaimed += sc->reclaim_state.reclaimed;
	sc->reclaim_state.reclaimed = 0;
}

unsigned long zone_reclaimable_pages(struct zone *zone)
{
	(void)zone;
	return 0;
}

/* ---- shrinking a node (point 1) ---- */

static void shrink_node(pg_data_t *pgdat, struct scan_control *sc)
{
	unsigned long before = sc->nr_reclaimed;

	shrink_slab(sc->gfp_mask, pgdat->node_id, NULL, sc->priority);
	flush_reclaim_state(sc);
	/* Progress revives a node kswapd had given up on (point 2). */
	if (sc->nr_reclaimed > before)
		WRITE_ONCE_RELAXED(pgdat->kswapd_failures, 0);
}

/* ---- direct reclaim (point 3) ---- */

/* One shrink_node() per node of the zonelist, at sc->priority. */
static void shrink_zones(struct zonelist *zonelist, struct scan_control *sc)
{
	pg_data_t *last_pgdat = NULL;
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist_nodemask(zone, z, zonelist, sc->reclaim_idx, sc->nodemask) {
		if (!populated_zone(zone) || zone->zone_pgdat == last_pgdat)
			continue;
		last_pgdat = zone->zone_pgdat;
		shrink_node(last_pgdat, sc);
	}
}

static unsigned long do_try_to_free_pages(struct zonelist *zonelist, struct scan_control *sc)
{
	count_vm_event((enum vm_event_item)(ALLOCSTALL_DMA + sc->reclaim_idx));
	do {
		shrink_zones(zonelist, sc);
		if (sc->nr_reclaimed >= sc->nr_to_reclaim)
			break;
	} while (--sc->priority >= 0);
	return sc->nr_reclaimed;
}

unsigned long try_to_free_pages(struct zonelist *zonelist, int order, gfp_t gfp_mask,
				nodemask_t *nodemask)
{
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		.gfp_mask = gfp_mask,
		.reclaim_idx = gfp_zone(gfp_mask),
		.order = order,
		.nodemask = nodemask,
		.priority = DEF_PRIORITY,
	};
	unsigned long nr_reclaimed;

	might_sleep();
	set_task_reclaim_state(current, &sc.reclaim_state);
	nr_reclaimed = do_try_to_free_pages(zonelist, &sc);
	set_task_reclaim_state(current, NULL);
	count_vm_events(KMM_PGRECLAIM_DIRECT, nr_reclaimed);
	return nr_reclaimed;
}

/* ---- kmm's OOM step (point 4) ---- */

static unsigned long drop_slab_node(int nid)
{
	return shrink_slab(GFP_KERNEL, nid, NULL, 0);
}

unsigned long drop_slab(void)
{
	unsigned long freed, total = 0;
	int nid, shift = 0;

	do {
		freed = 0;
		for_each_online_node(nid)
			freed += drop_slab_node(nid);
		total += freed;
	} while ((freed >> shift++) > 1);
	return total;
}

/* Would Linux call out_of_memory() for this request? (__alloc_pages_may_oom) */
static bool oom_would_kill(gfp_t gfp_mask, unsigned int order,
			   const struct alloc_context *ac)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return false;
	if (gfp_mask & (__GFP_RETRY_MAYFAIL | __GFP_THISNODE))
		return false;
	return ac->highest_zoneidx >= ZONE_NORMAL;
}

unsigned long out_of_memory_reclaim(gfp_t gfp_mask, unsigned int order,
				    const struct alloc_context *ac)
{
	struct reclaim_state rs = { 0 };
	unsigned long freed;

	if (!oom_would_kill(gfp_mask, order, ac))
		return 0;
	count_vm_event(KMM_OOM_RECLAIM);
	set_task_reclaim_state(current, &rs);
	freed = drop_slab();
	set_task_reclaim_state(current, NULL);
	count_vm_events(KMM_PGRECLAIM_DIRECT, rs.reclaimed);
	return rs.reclaimed ? rs.reclaimed : freed;
}

/* ---- waiting for freed memory (point 5) ---- */

static DECLARE_WAIT_QUEUE_HEAD(free_page_wait);
int free_page_waiters;

void __wake_free_page_waiters(void)
{
	wake_up_all(&free_page_wait);
}

/* Could the __GFP_NOFAIL fallback (ALLOC_MIN_RESERVE) succeed now? */
static bool zonelist_has_free(const struct alloc_context *ac, unsigned int order)
{
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist_nodemask(zone, z, ac->zonelist, ac->highest_zoneidx,
					ac->nodemask) {
		if (zone_watermark_ok(zone, order, min_wmark_pages(zone), ac->highest_zoneidx,
				      ALLOC_MIN_RESERVE))
			return true;
	}
	return false;
}

long wait_for_free_pages(const struct alloc_context *ac, unsigned int order, long timeout)
{
	DEFINE_WAIT(wait);
	long left = timeout;

	might_sleep();
	__atomic_fetch_add(&free_page_waiters, 1, __ATOMIC_SEQ_CST);
	prepare_to_wait(&free_page_wait, &wait, TASK_UNINTERRUPTIBLE);
	if (!zonelist_has_free(ac, order))
		left = schedule_timeout(timeout);
	finish_wait(&free_page_wait, &wait);
	__atomic_fetch_sub(&free_page_waiters, 1, __ATOMIC_RELAXED);
	count_vm_event(KMM_FREE_WAIT);
	return left;
}

long congestion_wait(int sync, long timeout)
{
	DEFINE_WAIT(wait);
	long left;

	(void)sync;
	might_sleep();
	__atomic_fetch_add(&free_page_waiters, 1, __ATOMIC_SEQ_CST);
	prepare_to_wait(&free_page_wait, &wait, TASK_UNINTERRUPTIBLE);
	left = io_schedule_timeout(timeout);
	finish_wait(&free_page_wait, &wait);
	__atomic_fetch_sub(&free_page_waiters, 1, __ATOMIC_RELAXED);
	return left;
}

/* ---- kswapd: is the node balanced? (point 2) ---- */

/* A zone's watermark boost: written under zone->lock, read without it. */
static unsigned long zone_boost(struct zone *zone)
{
	return READ_ONCE_RELAXED(zone->watermark_boost);
}

static bool pgdat_watermark_boosted(pg_data_t *pgdat, int highest_zoneidx)
{
	for (int i = highest_zoneidx; i >= 0; i--) {
		struct zone *zone = pgdat->node_zones + i;

		if (managed_zone(zone) && zone_boost(zone))
			return true;
	}
	return false;
}

/* Is one zone up to @highest_zoneidx above its high watermark for @order? */
static bool pgdat_balanced(pg_data_t *pgdat, int order, int highest_zoneidx)
{
	bool any_managed = false;

	for (int i = 0; i <= highest_zoneidx; i++) {
		struct zone *zone = pgdat->node_zones + i;

		if (!managed_zone(zone))
			continue;
		any_managed = true;
		if (zone_watermark_ok(zone, (unsigned int)order, high_wmark_pages(zone),
				      highest_zoneidx, 0))
			return true;
	}
	/* A node with no eligible zone needs no balancing. */
	return !any_managed;
}

static bool prepare_kswapd_sleep(pg_data_t *pgdat, int order, int highest_zoneidx)
{
	if (READ_ONCE_RELAXED(pgdat->kswapd_failures) >= MAX_RECLAIM_RETRIES)
		return true;
	return pgdat_balanced(pgdat, order, highest_zoneidx);
}

/* ---- kswapd: one run (balance_pgdat) ---- */

/* Shrink the node for the pages its eligible zones need; enough done? */
static bool kswapd_shrink_node(pg_data_t *pgdat, struct scan_control *sc)
{
	unsigned long before = sc->nr_reclaimed;

	sc->nr_to_reclaim = 0;
	for (int z = 0; z <= sc->reclaim_idx; z++) {
		struct zone *zone = pgdat->node_zones + z;

		if (managed_zone(zone))
			sc->nr_to_reclaim += max(high_wmark_pages(zone), SWAP_CLUSTER_MAX);
	}
	shrink_node(pgdat, sc);
	/* Twice the request reclaimed: check order 0 only (compact_gap). */
	if (sc->order && sc->nr_reclaimed >= 2UL << sc->order)
		sc->order = 0;
	return sc->nr_reclaimed - before >= sc->nr_to_reclaim;
}

/* ZONE_RECLAIM_ACTIVE makes the per-CPU lists keep less (page_alloc_pcp.c). */
static void update_reclaim_active(pg_data_t *pgdat, int highest_zoneidx, bool active)
{
	for (int i = 0; i <= highest_zoneidx; i++) {
		struct zone *zone = pgdat->node_zones + i;

		if (!managed_zone(zone))
			continue;
		if (active)
			zone_set_flag(zone, ZONE_RECLAIM_ACTIVE);
		else
			zone_clear_flag(zone, ZONE_RECLAIM_ACTIVE);
	}
}

/* The boosts at the start of the run; Return: their sum. */
static unsigned long snapshot_boosts(pg_data_t *pgdat, int highest_zoneidx,
				     unsigned long *zone_boosts)
{
	unsigned long sum = 0;

	for (int i = 0; i <= highest_zoneidx; i++) {
		struct zone *zone = pgdat->node_zones + i;

		zone_boosts[i] = managed_zone(zone) ? zone_boost(zone) : 0;
		sum += zone_boosts[i];
	}
	return sum;
}

/* After a boosted run: take back the boost it was started for. */
static void release_boosts(pg_data_t *pgdat, int highest_zoneidx,
			   const unsigned long *zone_boosts)
{
	for (int i = 0; i <= highest_zoneidx; i++) {
		struct zone *zone = pgdat->node_zones + i;
		unsigned long flags;

		if (!zone_boosts[i])
			continue;
		spin_lock_irqsave(&zone->lock, flags);
		WRITE_ONCE_RELAXED(zone->watermark_boost,
				   zone->watermark_boost - min(zone->watermark_boost, zone_boosts[i]));
		spin_unlock_irqrestore(&zone->lock, flags);
	}
}

/* One step of the priority loop; Return: false to stop the loop. */
static bool balance_step(pg_data_t *pgdat, struct scan_control *sc,
			 unsigned long *nr_boost_reclaim)
{
	unsigned long nr_reclaimed = sc->nr_reclaimed;
	bool raise_priority = true;

	if (*nr_boost_reclaim && sc->priority == DEF_PRIORITY - 2)
		raise_priority = false;
	if (kswapd_shrink_node(pgdat, sc))
		raise_priority = false;
	if (kthread_should_stop())
		return false;
	nr_reclaimed = sc->nr_reclaimed - nr_reclaimed;
	*nr_boost_reclaim -= min(*nr_boost_reclaim, nr_reclaimed);
	if (*nr_boost_reclaim && !nr_reclaimed)
		return false;
	if (raise_priority || !nr_reclaimed)
		sc->priority--;
	return sc->priority >= 1;
}

/**
 * balance_pgdat - reclaim on @pgdat until a zone up to @highest_zoneidx is
 * above its high watermark for @order, or priority runs out (point 2).
 * Return: the order it finished at (0 if it gave up on @order).
 */
static int balance_pgdat(pg_data_t *pgdat, int order, int highest_zoneidx)
{
	unsigned long zone_boosts[MAX_NR_ZONES] = { 0 };
	unsigned long nr_boost_reclaim;
	struct scan_control sc = { .gfp_mask = GFP_KERNEL, .order = order };
	bool boosted, balanced;

	set_task_reclaim_state(current, &sc.reclaim_state);
	count_vm_event(PAGEOUTRUN);
	nr_boost_reclaim = snapshot_boosts(pgdat, highest_zoneidx, zone_boosts);
	boosted = nr_boost_reclaim;
restart:
	update_reclaim_active(pgdat, highest_zoneidx, true);
	sc.priority = DEF_PRIORITY;
	do {
		sc.reclaim_idx = highest_zoneidx;
		balanced = pgdat_balanced(pgdat, sc.order, highest_zoneidx);
		if (!balanced && nr_boost_reclaim) {
			nr_boost_reclaim = 0;
			goto restart;
		}
		if (!nr_boost_reclaim && balanced)
			goto out;
	} while (balance_step(pgdat, &sc, &nr_boost_reclaim));
	if (!sc.nr_reclaimed)
		WRITE_ONCE_RELAXED(pgdat->kswapd_failures, READ_ONCE_RELAXED(pgdat->kswapd_failures) + 1);
out:
	update_reclaim_active(pgdat, highest_zoneidx, false);
	if (boosted)
		release_boosts(pgdat, highest_zoneidx, zone_boosts);
	set_task_reclaim_state(current, NULL);
	count_vm_events(KMM_PGRECLAIM_KSWAPD, sc.nr_reclaimed);
	return sc.order;
}

/* ---- kswapd: sleeping and the thread ---- */

/* The zone a waker asked for, or the previous one if none did. */
static int kswapd_highest_zoneidx(pg_data_t *pgdat, int prev_highest_zoneidx)
{
	int curr_idx = (int)READ_ONCE_RELAXED(pgdat->kswapd_highest_zoneidx);

	return curr_idx == MAX_NR_ZONES ? prev_highest_zoneidx : curr_idx;
}

/* Woken during the short sleep: keep what the wakers asked for. */
static void kswapd_note_premature_wake(pg_data_t *pgdat, int reclaim_order,
				       int highest_zoneidx)
{
	WRITE_ONCE_RELAXED(pgdat->kswapd_highest_zoneidx,
		   (enum zone_type)kswapd_highest_zoneidx(pgdat, highest_zoneidx));
	if (READ_ONCE_RELAXED(pgdat->kswapd_order) < reclaim_order)
		WRITE_ONCE_RELAXED(pgdat->kswapd_order, reclaim_order);
}

static void kswapd_try_to_sleep(pg_data_t *pgdat, int alloc_order, int reclaim_order,
				int highest_zoneidx)
{
	long remaining = 0;
	DEFINE_WAIT(wait);

	(void)alloc_order;	/* kcompactd's; kmm has none */
	if (kthread_should_stop())
		return;
	prepare_to_wait(&pgdat->kswapd_wait, &wait, TASK_INTERRUPTIBLE);
	if (prepare_kswapd_sleep(pgdat, reclaim_order, highest_zoneidx) &&
	    !kthread_should_stop()) {
		remaining = schedule_timeout(KSWAPD_SHORT_SLEEP);
		if (remaining)
			kswapd_note_premature_wake(pgdat, reclaim_order, highest_zoneidx);
		finish_wait(&pgdat->kswapd_wait, &wait);
		prepare_to_wait(&pgdat->kswapd_wait, &wait, TASK_INTERRUPTIBLE);
	}
	if (!remaining && prepare_kswapd_sleep(pgdat, reclaim_order, highest_zoneidx)) {
		if (!kthread_should_stop())
			schedule();
	} else {
		count_vm_event(remaining ? KSWAPD_LOW_WMARK_HIT_QUICKLY
					 : KSWAPD_HIGH_WMARK_HIT_QUICKLY);
	}
	finish_wait(&pgdat->kswapd_wait, &wait);
}

/* Take the wakers' request: order and zone, then clear them. */
static void kswapd_take_request(pg_data_t *pgdat, int *alloc_order, int *highest_zoneidx)
{
	*alloc_order = READ_ONCE_RELAXED(pgdat->kswapd_order);
	*highest_zoneidx = kswapd_highest_zoneidx(pgdat, *highest_zoneidx);
	WRITE_ONCE_RELAXED(pgdat->kswapd_order, 0);
	WRITE_ONCE_RELAXED(pgdat->kswapd_highest_zoneidx, (enum zone_type)MAX_NR_ZONES);
}

/* The thread: sleep until woken, balance, repeat until stopped. */
static int kswapd(void *p)
{
	pg_data_t *pgdat = p;
	int alloc_order, reclaim_order, highest_zoneidx = MAX_NR_ZONES - 1;

	current->flags |= PF_MEMALLOC | PF_KSWAPD;
	for (;;) {
		alloc_order = reclaim_order = READ_ONCE_RELAXED(pgdat->kswapd_order);
		highest_zoneidx = kswapd_highest_zoneidx(pgdat, highest_zoneidx);
kswapd_try_sleep:
		kswapd_try_to_sleep(pgdat, alloc_order, reclaim_order, highest_zoneidx);
		kswapd_take_request(pgdat, &alloc_order, &highest_zoneidx);
		if (kthread_should_stop())
			break;
		reclaim_order = balance_pgdat(pgdat, alloc_order, highest_zoneidx);
		if (reclaim_order < alloc_order)
			goto kswapd_try_sleep;
	}
	current->flags &= ~(PF_MEMALLOC | PF_KSWAPD);
	return 0;
}

void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order,
		   enum zone_type highest_zoneidx)
{
	pg_data_t *pgdat = zone->zone_pgdat;
	enum zone_type curr_idx;

	(void)gfp_flags;
	if (!managed_zone(zone) || !__atomic_load_n(&pgdat->kswapd, __ATOMIC_ACQUIRE))
		return;
	curr_idx = READ_ONCE_RELAXED(pgdat->kswapd_highest_zoneidx);
	if (curr_idx == MAX_NR_ZONES || curr_idx < highest_zoneidx)
		WRITE_ONCE_RELAXED(pgdat->kswapd_highest_zoneidx, highest_zoneidx);
	if (READ_ONCE_RELAXED(pgdat->kswapd_order) < order)
		WRITE_ONCE_RELAXED(pgdat->kswapd_order, order);
	if (!waitqueue_active(&pgdat->kswapd_wait))
		return;
	/* A hopeless node, or nothing to do: leave it to direct reclaim. */
	if (READ_ONCE_RELAXED(pgdat->kswapd_failures) >= MAX_RECLAIM_RETRIES ||
	    (pgdat_balanced(pgdat, order, highest_zoneidx) &&
	     !pgdat_watermark_boosted(pgdat, highest_zoneidx)))
		return;
	if (wake_up_interruptible(&pgdat->kswapd_wait))
		count_vm_event(KMM_KSWAPD_WAKEUP);
}

/* ---- starting and stopping ---- */

void kswapd_run(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	struct task_struct *k;

	if (__atomic_load_n(&pgdat->kswapd, __ATOMIC_ACQUIRE))
		return;
	init_waitqueue_head(&pgdat->kswapd_wait);
	WRITE_ONCE_RELAXED(pgdat->kswapd_order, 0);
	WRITE_ONCE_RELAXED(pgdat->kswapd_highest_zoneidx, (enum zone_type)MAX_NR_ZONES);
	WRITE_ONCE_RELAXED(pgdat->kswapd_failures, 0);
	k = kthread_run(kswapd, pgdat, "kswapd%d", nid);
	if (IS_ERR(k)) {
		pr_err("Failed to start kswapd on node %d, ret=%ld\n", nid, PTR_ERR(k));
		return;
	}
	__atomic_store_n(&pgdat->kswapd, k, __ATOMIC_RELEASE);
}

void kswapd_stop(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	struct task_struct *k = __atomic_exchange_n(&pgdat->kswapd, NULL, __ATOMIC_ACQ_REL);

	if (k)
		kthread_stop(k);
}

/**
 * kswapd_init - start kswapd on every node with memory (Linux's
 * module_init(kswapd_init)). Context: boot, after the page allocator works.
 */
void kswapd_init(void)
{
	int nid;

	for_each_node_state(nid, N_MEMORY)
		kswapd_run(nid);
}

/**
 * kswapd_halt - stop every node's kswapd (kmm_halt()).
 * Context: no allocation in flight.
 */
void kswapd_halt(void)
{
	int nid;

	for_each_online_node(nid)
		if (NODE_DATA(nid))
			kswapd_stop(nid);
}

/** vmscan_reset - a fresh boot's reclaim counters. */
void vmscan_reset(void)
{
	vm_events_reset();
}
