/* SPDX-License-Identifier: MIT */
/*
 * src/mm/vmscan.h - what the page allocator and boot call in reclaim,
 * and nothing outside src/mm and src/init needs (see src/mm/vmscan.c).
 */
#ifndef KMM_MM_VMSCAN_H
#define KMM_MM_VMSCAN_H

#include <kmm/swap.h>
#include "internal.h"

/* Rounds without progress before reclaim gives up (mm/internal.h). */
#ifndef MAX_RECLAIM_RETRIES
#define MAX_RECLAIM_RETRIES	16
#endif

/* Boot and halt. */
void kswapd_init(void);		/* start a kswapd on every node with memory */
void kswapd_halt(void);		/* stop them all */
void shrinker_halt(void);	/* unregister every shrinker */
void vmscan_reset(void);	/* counters back to a fresh boot's */

/*
 * kmm's OOM step: where Linux would call out_of_memory(), free what the
 * shrinkers will give (drop_slab()). Return: progress (0: none).
 */
unsigned long out_of_memory_reclaim(gfp_t gfp_mask, unsigned int order,
				    const struct alloc_context *ac);

/*
 * Bounded wait for freed memory (the __GFP_NOFAIL loop): sleep at most
 * @timeout jiffies, woken early by a free. Return: jiffies left.
 * NOFAIL_WAIT_JIFFIES: the slow path's timeout (HZ/10, Linux's
 * reclaim_throttle() timeout for writeback).
 */
#define NOFAIL_WAIT_JIFFIES	(HZ / 10)
long wait_for_free_pages(const struct alloc_context *ac, unsigned int order, long timeout);

/*
 * The free path's hook, where freed pages reach the buddy lists (after
 * free_one_page() and free_pcppages_bulk() drop zone->lock): one relaxed
 * load of a counter that is 0 unless a task waits in
 * wait_for_free_pages(). Frees that stay on a per-CPU list do not wake
 * (they are not in NR_FREE_PAGES either; a waiter's retry drains them),
 * so the order-0 fast path pays nothing.
 */
extern int free_page_waiters;
void __wake_free_page_waiters(void);

static __always_inline void reclaim_notify_free(void)
{
	if (unlikely(__atomic_load_n(&free_page_waiters, __ATOMIC_RELAXED)))
		__wake_free_page_waiters();
}

#endif /* KMM_MM_VMSCAN_H */
