// SPDX-License-Identifier: MIT
/*
 * src/mm/slub_slab.c - SLUB's slabs themselves (part of Linux 6.12's
 * mm/slub.c): a slab's compound pages from the buddy allocator (the
 * cache's order, then its minimum order), its objects set up and chained
 * into the slab's freelist (shuffled when slab_freelist_random), the
 * slab's pages accounted in NR_SLAB_*, and its return to the page
 * allocator (after an RCU grace period for SLAB_TYPESAFE_BY_RCU caches).
 *
 * Slow paths only: slub.c (design comment, points 1-7) calls new_slab()
 * when a CPU or node needs a slab and discard_slab() when one empties.
 */
#include <kmm/slab.h>
#include <kmm/bitops.h>
#include <kmm/random.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include <kmm/minmax.h>
#include <kmm/percpu.h>
#include <kmm/printk.h>
#include <kmm/bug.h>
#include <kmm/init.h>
#include <kmm/cmdline.h>
#include <kmm/panic.h>
#include <kmm/sched.h>
#include "../lib/string.h"
#include "../host/host.h"
#include "slab.h"
#include "slub_debug.h"
#include "failslab.h"


/* ---- Making and freeing slabs ---- */

static void *setup_object(struct kmem_cache *s, void *object)
{
	if (kmem_cache_debug(s))
		setup_object_debug(s, object);
	if (unlikely(s->ctor))
		s->ctor(object);
	return object;
}

/* A permutation of 0..count-1 for shuffled freelists (Fisher-Yates). */
int init_cache_random_seq(struct kmem_cache *s)
{
	unsigned int count = oo_objects(s->oo);

	if (!slab_freelist_random || s->random_seq || count < 2)
		return 0;
	s->random_seq = kmalloc_array(count, sizeof(unsigned int), GFP_KERNEL);
	if (!s->random_seq)
		return -ENOMEM;
	for (unsigned int i = 0; i < count; i++)
		s->random_seq[i] = i;
	for (unsigned int i = count - 1; i > 0; i--) {
		unsigned int j = (unsigned int)((unsigned long)get_random_u64() % (i + 1));
		unsigned int t = s->random_seq[i];

		s->random_seq[i] = s->random_seq[j];
		s->random_seq[j] = t;
	}
	/* Store byte offsets, as Linux does, to save a multiply per object. */
	for (unsigned int i = 0; i < count; i++)
		s->random_seq[i] *= s->size;
	return 0;
}

/* The next object of a shuffled walk, skipping indices past this slab. */
static void *next_freelist_entry(struct kmem_cache *s, unsigned long *pos,
				 void *start, unsigned long page_limit,
				 unsigned long freelist_count)
{
	unsigned int idx;

	do {
		idx = s->random_seq[*pos];
		*pos += 1;
		if (*pos >= freelist_count)
			*pos = 0;
	} while (unlikely(idx >= page_limit));
	return (char *)start + idx;
}

static bool shuffle_freelist(struct kmem_cache *s, struct slab *slab)
{
	unsigned long idx, pos, page_limit, freelist_count;
	void *start, *cur, *next;

	if (slab->objects < 2 || !s->random_seq)
		return false;
	freelist_count = oo_objects(s->oo);
	pos = (unsigned long)get_random_u64() % freelist_count;
	page_limit = slab->objects * s->size;
	start = fixup_red_left(s, slab_address(slab));
	cur = next_freelist_entry(s, &pos, start, page_limit, freelist_count);
	cur = setup_object(s, cur);
	slab->freelist = cur;
	for (idx = 1; idx < slab->objects; idx++) {
		next = next_freelist_entry(s, &pos, start, page_limit, freelist_count);
		next = setup_object(s, next);
		set_freepointer(s, cur, next);
		cur = next;
	}
	set_freepointer(s, cur, NULL);
	return true;
}

static void chain_freelist(struct kmem_cache *s, struct slab *slab)
{
	void *p, *next;
	unsigned int idx;

	p = setup_object(s, fixup_red_left(s, slab_address(slab)));
	slab->freelist = p;
	for (idx = 0; idx + 1 < slab->objects; idx++) {
		next = setup_object(s, (char *)p + s->size);
		set_freepointer(s, p, next);
		p = next;
	}
	set_freepointer(s, p, NULL);
}

static struct slab *alloc_slab_page(gfp_t flags, int node,
				    struct kmem_cache_order_objects oo)
{
	struct page *page;
	struct slab *slab;
	unsigned int order = oo_order(oo);

	if (node == NUMA_NO_NODE)
		page = alloc_pages(flags, order);
	else
		page = __alloc_pages(flags, order, node, NULL);
	if (!page)
		return NULL;
	slab = (struct slab *)page;
	__SetPageSlab(page);
	return slab;
}

/* What a slab's page allocation keeps of the caller's flags. */
#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS |	\
			  __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL |	\
			  __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)

gfp_t kmalloc_fix_flags(gfp_t flags)
{
	gfp_t invalid_mask = flags & GFP_SLAB_BUG_MASK;

	flags &= ~GFP_SLAB_BUG_MASK;
	pr_warn("Unexpected gfp: %#x (%pGg). Fixing up to gfp: %#x (%pGg). Fix your code!\n",
		invalid_mask, &invalid_mask, flags, &flags);
	dump_stack();
	return flags;
}

static struct slab *allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	struct slab *slab;
	gfp_t alloc_gfp;

	flags |= s->allocflags;
	/* Try the preferred order without effort, then the minimum. */
	alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	slab = alloc_slab_page(alloc_gfp, node, oo);
	if (unlikely(!slab)) {
		oo = s->min;
		slab = alloc_slab_page(flags, node, oo);
		if (unlikely(!slab))
			return NULL;
	}
	slab->objects = oo_objects(oo);
	slab->inuse = 0;
	slab->frozen = 0;
	slab->obj_exts = 0;
	slab_account_pages(s, slab, 1);
	slab->slab_cache = s;
	if (kmem_cache_debug(s))
		setup_slab_debug(s, slab, slab_address(slab));
	if (!shuffle_freelist(s, slab))
		chain_freelist(s, slab);
	return slab;
}

struct slab *new_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = kmalloc_fix_flags(flags);
	WARN_ON_ONCE(s->ctor && (flags & __GFP_ZERO));
	return allocate_slab(s, flags & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK), node);
}

static void __free_slab(struct kmem_cache *s, struct slab *slab)
{
	struct page *page = slab_page(slab);
	unsigned int order = slab_order(slab);

	slab_account_pages(s, slab, -1);
	/* Leave the struct page as the page allocator expects it. */
	slab->slab_list.next = NULL;
	slab->slab_list.prev = NULL;
	slab->freelist = NULL;
	slab->counters = 0;
	__atomic_store_n(&slab->slab_cache, NULL, __ATOMIC_RELEASE);
	__ClearPageSlab(page);
	__free_pages(page, order);
}

static void rcu_free_slab(struct rcu_head *h)
{
	struct slab *slab = container_of(h, struct slab, rcu_head);

	rcu_callback_begin(h);
	__free_slab(slab->slab_cache, slab);
}

void free_slab(struct kmem_cache *s, struct slab *slab)
{
	if (kmem_cache_debug_flags(s, SLAB_CONSISTENCY_CHECKS)) {
		void *p;

		slab_pad_check(s, slab);
		for_each_object(p, s, (char *)slab_address(slab), slab->objects)
			check_object(s, slab, p, 0xbb /* SLUB_RED_INACTIVE */);
	}
	if (unlikely(s->flags & SLAB_TYPESAFE_BY_RCU))
		call_rcu(&slab->rcu_head, rcu_free_slab);
	else
		__free_slab(s, slab);
}

void discard_slab(struct kmem_cache *s, struct slab *slab)
{
	dec_slabs_node(s, slab_nid(slab), slab->objects);
	free_slab(s, slab);
}

