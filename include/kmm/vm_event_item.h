/* SPDX-License-Identifier: MIT */
/*
 * kmm/vm_event_item.h - event counters, as linux/vm_event_item.h and the
 * counting half of linux/vmstat.h: things that happened, counted since
 * boot, as /proc/vmstat shows them after the zone and node counters.
 *
 * 1. The items are those of Linux 6.12 that kmm's reclaim can produce, in
 *    Linux's order, followed by kmm's own (names starting "kmm_", which a
 *    /proc/vmstat printer leaves out). vm_event_names[] (src/mm/vm_event.c)
 *    is the one table of their /proc/vmstat names.
 *
 * 2. Counting is one relaxed atomic add on a global counter (Linux keeps
 *    per-CPU counters and sums them on read); these events are all in
 *    slow paths. all_vm_events() reads a snapshot (not atomic as a whole).
 *    The counters are reset at kmm_boot().
 */
#ifndef KMM_VM_EVENT_ITEM_H
#define KMM_VM_EVENT_ITEM_H

#include <kmm/atomic.h>

enum vm_event_item {
	ALLOCSTALL_DMA,		/* direct reclaim entered, by highest zone */
	ALLOCSTALL_DMA32,
	ALLOCSTALL_NORMAL,
	ALLOCSTALL_MOVABLE,
	SLABS_SCANNED,		/* objects shrinkers scanned */
	KSWAPD_LOW_WMARK_HIT_QUICKLY,	/* kswapd found the node short again at once */
	KSWAPD_HIGH_WMARK_HIT_QUICKLY,	/* ... or after its short sleep */
	PAGEOUTRUN,		/* balance_pgdat() runs */
	/* kmm's own, not in Linux's /proc/vmstat: */
	KMM_KSWAPD_WAKEUP,	/* wakeup_kswapd() woke a sleeping kswapd */
	KMM_PGRECLAIM_KSWAPD,	/* pages shrinkers freed for kswapd */
	KMM_PGRECLAIM_DIRECT,	/* pages shrinkers freed in direct reclaim */
	KMM_FREE_WAIT,		/* bounded waits for freed memory (__GFP_NOFAIL) */
	KMM_OOM_RECLAIM,	/* kmm's OOM step: drop_slab() instead of a kill */
	NR_VM_EVENT_ITEMS
};

extern atomic_long_t vm_event_states[NR_VM_EVENT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

static inline void count_vm_events(enum vm_event_item item, unsigned long delta)
{
	atomic_long_add((long)delta, &vm_event_states[item]);
}

static inline void count_vm_event(enum vm_event_item item)
{
	count_vm_events(item, 1);
}

/** vm_event_count - one event counter's value. */
static inline unsigned long vm_event_count(enum vm_event_item item)
{
	return (unsigned long)atomic_long_read(&vm_event_states[item]);
}

/** all_vm_events - copy every counter into @ret[NR_VM_EVENT_ITEMS]. */
void all_vm_events(unsigned long *ret);
/** vm_events_reset - zero every counter (kmm_boot). */
void vm_events_reset(void);

#endif /* KMM_VM_EVENT_ITEM_H */
