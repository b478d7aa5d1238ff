// SPDX-License-Identifier: MIT
/*
 * src/mm/failslab.c - the failslab fault-injection instance (mm/failslab.c
 * of Linux 6.12).
 *
 * 1. Eligible allocations: any slab allocation but from the bootstrap
 *    cache of struct kmem_cache, never __GFP_NOFAIL, not direct-reclaim
 *    ones while ignore-gfp-wait (default on), and with cache-filter on
 *    only caches created with SLAB_FAILSLAB. __GFP_NOWARN fails silently.
 *    should_fail_ex() then decides with the object size as the size.
 * 2. Configuration: "failslab=<interval>,<probability>,<space>,<times>" at
 *    boot; fault_attr_write("failslab", FILE, VALUE) at run time, with the
 *    instance's own ignore-gfp-wait and cache-filter.
 * 3. Cost: slab_alloc_node() (slub.c) asks only while failslab_armed()
 *    says an injection could happen; then it calls should_failslab().
 *    Large kmalloc()s go to the page allocator: fail_page_alloc's.
 */
#include <kmm/fault-inject.h>
#include <kmm/init.h>
#include <kmm/errno.h>
#include "slab.h"
#include "failslab.h"

struct failslab_attr failslab = {
	.attr = FAULT_ATTR_INITIALIZER("failslab"),
	.ignore_gfp_reclaim = true,
	.cache_filter = false,
};

static const struct fault_attr_file failslab_files[] = {
	{ "ignore-gfp-wait", &failslab.ignore_gfp_reclaim, true },
	{ "cache-filter", &failslab.cache_filter, true },
	{ NULL, NULL, false },
};

__attribute__((constructor)) static void failslab_register(void)
{
	fault_attr_register(&failslab.attr);
	fault_attr_register_files(&failslab.attr, failslab_files);
}

static int __init setup_failslab(char *str)
{
	return setup_fault_attr(&failslab.attr, str);
}
__setup("failslab=", setup_failslab);

/**
 * should_failslab - point 1: must this allocation from @s fail?
 * @s: the cache
 * @gfpflags: the request's flags
 *
 * Context: any; never sleeps. Return: -ENOMEM to fail it, 0 to go on.
 */
int should_failslab(struct kmem_cache *s, gfp_t gfpflags)
{
	int flags = 0;

	if (unlikely(s == kmem_cache))
		return 0;
	if (gfpflags & __GFP_NOFAIL)
		return 0;
	if (failslab.ignore_gfp_reclaim && (gfpflags & __GFP_DIRECT_RECLAIM))
		return 0;
	if (failslab.cache_filter && !(s->flags & SLAB_FAILSLAB))
		return 0;
	if (gfpflags & __GFP_NOWARN)
		flags |= FAULT_NOWARN;
	return should_fail_ex(&failslab.attr, s->object_size, flags) ? -ENOMEM : 0;
}
