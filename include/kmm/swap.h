/* SPDX-License-Identifier: MIT */
/*
 * kmm/swap.h - page reclaim's interface, as linux/swap.h declares it:
 * direct reclaim (try_to_free_pages), kswapd (wakeup_kswapd, kswapd_run,
 * kswapd_stop), the accounting of reclaimed pages, drop_slab().
 *
 * 1. Reclaimed pages. While a task reclaims, current->reclaim_state
 *    collects the pages freed on its behalf: a shrinker that frees whole
 *    pages calls mm_account_reclaimed_pages(nr), as Linux's slab allocator
 *    does when it frees a slab. That sum is what direct reclaim returns
 *    and what kswapd counts as progress.
 *
 * 2. kmm has no swap, no LRU lists and no page cache; the name of the
 *    header is Linux's. See src/mm/vmscan.c for what reclaim does here.
 */
#ifndef KMM_SWAP_H
#define KMM_SWAP_H

#include <kmm/types.h>
#include <kmm/gfp_types.h>
#include <kmm/mmzone.h>
#include <kmm/nodemask.h>
#include <kmm/task.h>

/* Reclaim priority: a round scans about 1/2^priority of what is freeable. */
#define DEF_PRIORITY		12
/* Pages direct reclaim tries to free before it stops (a "cluster"). */
#define SWAP_CLUSTER_MAX	32UL

struct reclaim_state {
	unsigned long reclaimed;	/* pages freed during this reclaim */
};

/**
 * mm_account_reclaimed_pages - report @pages pages freed by reclaim.
 * @pages: whole pages just given back to the page allocator
 *
 * Counted if the calling task is reclaiming (kswapd, direct reclaim);
 * ignored otherwise. Context: any.
 */
void mm_account_reclaimed_pages(unsigned long pages);

/**
 * try_to_free_pages - direct reclaim for an allocation that failed.
 * @zonelist: the allocation's zonelist
 * @order: its order
 * @gfp_mask: its flags (passed to the shrinkers)
 * @nodemask: its nodes, or NULL
 *
 * Shrinks the nodes of @zonelist, priority DEF_PRIORITY down to 0, until
 * SWAP_CLUSTER_MAX pages are reclaimed. Context: may sleep.
 * Return: pages reclaimed.
 */
unsigned long try_to_free_pages(struct zonelist *zonelist, int order, gfp_t gfp_mask,
				nodemask_t *nodemask);

/**
 * wakeup_kswapd - ask @zone's node's kswapd to reclaim up to the high
 * watermark, for an allocation of @order up to zone @highest_zoneidx.
 * Context: any; never sleeps.
 */
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order,
		   enum zone_type highest_zoneidx);

/** kswapd_run - start node @nid's kswapd ("kswapd<nid>"). Context: may sleep. */
void kswapd_run(int nid);
/** kswapd_stop - stop node @nid's kswapd and wait for it. Context: may sleep. */
void kswapd_stop(int nid);

/** current_is_kswapd - is the calling task a kswapd? */
static inline bool current_is_kswapd(void)
{
	return current->flags & PF_KSWAPD;
}

/**
 * zone_reclaimable_pages - pages reclaim could free in @zone: its LRU
 * pages. Return: 0 in kmm, which has no LRU (shrinker-held memory is not
 * counted, as Linux does not count slab here either).
 */
unsigned long zone_reclaimable_pages(struct zone *zone);

/**
 * congestion_wait - the seed era's "wait for writeback to make progress"
 * (mm/backing-dev.c, Linux 2.6.x - 5.17; 5.18 replaced it with
 * reclaim_throttle()).
 * @sync: BLK_RW_ASYNC or BLK_RW_SYNC (ignored: kmm has no block devices)
 * @timeout: jiffies
 *
 * kmm has no writeback; the wait ends when pages are freed or after
 * @timeout. Context: may sleep. Return: jiffies left.
 */
long congestion_wait(int sync, long timeout);

/**
 * drop_slab - ask every shrinker of every node to free all it can, until
 * a round frees little (echo 2 > /proc/sys/vm/drop_caches).
 * Context: may sleep. Return: objects freed.
 */
unsigned long drop_slab(void);

#endif /* KMM_SWAP_H */
