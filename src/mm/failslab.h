/* SPDX-License-Identifier: MIT */
/* src/mm/failslab.h - the failslab instance (failslab.c) for slub.c. */
#ifndef KMM_MM_FAILSLAB_H
#define KMM_MM_FAILSLAB_H

#include <kmm/fault-inject.h>
#include <kmm/gfp.h>

struct kmem_cache;

struct failslab_attr {
	struct fault_attr attr;
	bool ignore_gfp_reclaim;
	bool cache_filter;
};
extern struct failslab_attr failslab;

int should_failslab(struct kmem_cache *s, gfp_t gfpflags);

/* Could should_failslab() fail anything now? (the fast path's test) */
static __always_inline bool failslab_armed(void)
{
	return READ_ONCE_RELAXED(fault_inject_armed);
}

#endif /* KMM_MM_FAILSLAB_H */
