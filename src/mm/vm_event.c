// SPDX-License-Identifier: MIT
/*
 * src/mm/vm_event.c - the event counters and their /proc/vmstat names
 * (the event half of mm/vmstat.c). See kmm/vm_event_item.h.
 */
#include <kmm/vm_event_item.h>

atomic_long_t vm_event_states[NR_VM_EVENT_ITEMS];

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	[ALLOCSTALL_DMA]		= "allocstall_dma",
	[ALLOCSTALL_DMA32]		= "allocstall_dma32",
	[ALLOCSTALL_NORMAL]		= "allocstall_normal",
	[ALLOCSTALL_MOVABLE]		= "allocstall_movable",
	[SLABS_SCANNED]			= "slabs_scanned",
	[KSWAPD_LOW_WMARK_HIT_QUICKLY]	= "kswapd_low_wmark_hit_quickly",
	[KSWAPD_HIGH_WMARK_HIT_QUICKLY]	= "kswapd_high_wmark_hit_quickly",
	[PAGEOUTRUN]			= "pageoutrun",
	[KMM_KSWAPD_WAKEUP]		= "kmm_kswapd_wakeup",
	[KMM_PGRECLAIM_KSWAPD]		= "kmm_pgreclaim_kswapd",
	[KMM_PGRECLAIM_DIRECT]		= "kmm_pgreclaim_direct",
	[KMM_FREE_WAIT]			= "kmm_free_wait",
	[KMM_OOM_RECLAIM]		= "kmm_oom_reclaim",
};

void all_vm_events(unsigned long *ret)
{
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		ret[i] = vm_event_count((enum vm_event_item)i);
}

void vm_events_reset(void)
{
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		atomic_long_set(&vm_event_states[i], 0);
}
