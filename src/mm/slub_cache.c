// SPDX-License-Identifier: MIT
/*
 * src/mm/slub_cache.c - the life of a SLUB cache (the second half of Linux
 * 6.12's mm/slub.c): the slab order and object layout of a new cache
 * (calculate_order(), calculate_sizes()), its per-CPU and per-node
 * structures, creation, shrinking and shutdown, the object and slab
 * counts the reports read, kmm's validator kmem_cache_is_valid(), and the
 * bootstrap of kmem_cache_init().
 *
 * The boot parameters that shape caches live here too (slub_min_order=,
 * slub_max_order=, slub_min_objects=, slab_freelist_hardened=,
 * slab_freelist_random=). The allocation and free paths the cache then serves are in slub.c (its
 * design comment, points 1-7, describes both files); what they share is
 * declared in slab.h.
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


/* ---- Boot parameters (point 6, and calculate_order()) ---- */

/* PAGE_ALLOC_COSTLY_ORDER: slabs beyond order 3 are costly to assemble. */
unsigned int slub_min_order;
unsigned int slub_max_order = SLUB_DEFAULT_MAX_ORDER;
unsigned int slub_min_objects;
bool slab_freelist_hardened = true;
bool slab_freelist_random = true;

static int __init setup_slub_min_order(char *str)
{
	get_option(&str, (int *)&slub_min_order);
	if (slub_min_order > slub_max_order)
		slub_max_order = slub_min_order;
	return 1;
}
__setup("slab_min_order=", setup_slub_min_order);
__setup_param("slub_min_order=", slub_min_order, setup_slub_min_order, 0);

static int __init setup_slub_max_order(char *str)
{
	get_option(&str, (int *)&slub_max_order);
	slub_max_order = min_t(unsigned int, slub_max_order, MAX_PAGE_ORDER);
	if (slub_min_order > slub_max_order)
		slub_min_order = slub_max_order;
	return 1;
}
__setup("slab_max_order=", setup_slub_max_order);
__setup_param("slub_max_order=", slub_max_order, setup_slub_max_order, 0);

static int __init setup_slub_min_objects(char *str)
{
	get_option(&str, (int *)&slub_min_objects);
	return 1;
}
__setup("slab_min_objects=", setup_slub_min_objects);
__setup_param("slub_min_objects=", slub_min_objects, setup_slub_min_objects, 0);

static int __init setup_freelist_hardened(char *str)
{
	if (kstrtobool(str, &slab_freelist_hardened))
		pr_warn("slab_freelist_hardened: cannot parse '%s'\n", str);
	return 1;
}
__setup("slab_freelist_hardened=", setup_freelist_hardened);

static int __init setup_freelist_random(char *str)
{
	if (kstrtobool(str, &slab_freelist_random))
		pr_warn("slab_freelist_random: cannot parse '%s'\n", str);
	return 1;
}
__setup("slab_freelist_random=", setup_freelist_random);

void slub_params_reset(void)
{
	slub_min_order = 0;
	slub_max_order = SLUB_DEFAULT_MAX_ORDER;
	slub_min_objects = 0;
	slab_freelist_hardened = true;
	slab_freelist_random = true;
}

/* ---- Counting ---- */

int count_free(struct slab *slab)
{
	return slab->objects - slab->inuse;
}

int count_inuse(struct slab *slab)
{
	return slab->inuse;
}

int count_total(struct slab *slab)
{
	return slab->objects;
}

unsigned long count_partial(struct kmem_cache_node *n,
			    int (*get_count)(struct slab *))
{
	unsigned long flags, x = 0;
	struct slab *slab;

	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(slab, &n->partial, slab_list)
		x += (unsigned long)get_count(slab);
	spin_unlock_irqrestore(&n->list_lock, flags);
	return x;
}

/* ---- Creating caches ---- */

/*
 * calc_slab_order - the lowest order in [min_order, max_order] whose slab
 * wastes at most 1/fract_leftover of itself on @size-byte objects.
 */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)(PAGE_SIZE << order) / size;
}

/*
 * calculate_order - the slab order of a cache of @size-byte objects, as
 * 6.12: at least slub_min_objects objects (default 4 * (fls(CPUs) + 1)),
 * waste at most 1/16, then 1/8, 1/4 of the slab, up to slub_max_order.
 */
static int calculate_order(unsigned int size)
{
	unsigned int order, min_objects, max_objects, min_order;

	min_objects = slub_min_objects;
	if (!min_objects)
		min_objects = 4 * ((unsigned int)fls(nr_cpu_ids) + 1);
	max_objects = max(order_objects(slub_max_order, size), 1U);
	min_objects = min(min_objects, max_objects);
	min_order = max_t(unsigned int, slub_min_order,
			  (unsigned int)get_order((unsigned long)min_objects * size));
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, slub_max_order, fraction);
		if (order <= slub_max_order)
			return (int)order;
	}
	order = (unsigned int)get_order(size);
	if (order <= MAX_PAGE_ORDER)
		return (int)order;
	return -ENOSYS;
}

/*
 * calculate_sizes - lay an object out (slab.h point 3): where the free
 * pointer goes, the debug areas, the final size, order and allocation
 * flags. Return: 1 if at least one object fits a slab.
 */
static int calculate_sizes(struct kmem_cache_args *args, struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));
	int order;

	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) && !s->ctor)
		s->flags |= SLAB_OBJECT_POISON;
	else
		s->flags &= ~SLAB_OBJECT_POISON;
	/* A red zone of at least a word after the object. */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);
	s->inuse = size;
	if (((flags & SLAB_TYPESAFE_BY_RCU) && !args->use_freeptr_offset) ||
	    (flags & SLAB_POISON) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) &&
	     (s->object_size < sizeof(void *) || slub_debug_orig_size(s)))) {
		/* The object's contents must survive: free pointer after it. */
		s->offset = size;
		size += sizeof(void *);
	} else if ((flags & SLAB_TYPESAFE_BY_RCU) && args->use_freeptr_offset) {
		s->offset = args->freeptr_offset;
	} else {
		/* In the middle, away from the ends overflows hit first. */
		s->offset = ALIGN_DOWN(s->object_size / 2, (unsigned int)sizeof(void *));
	}
	if (flags & SLAB_STORE_USER) {
		size += 2 * sizeof(struct track);
		if (flags & SLAB_KMALLOC)
			size += sizeof(unsigned long);	/* orig_size */
	}
	if (flags & SLAB_RED_ZONE) {
		size += sizeof(void *);
		s->red_left_pad = ALIGN((unsigned int)sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	size = ALIGN(size, s->align);
	s->size = size;
	order = calculate_order(size);
	if (order < 0)
		return 0;
	s->allocflags = __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make((unsigned int)get_order(size), size);
	return !!oo_objects(s->oo);
}

/* Partial slabs a node keeps: log2(size) / 2, within [5, 10]. */
#define MIN_PARTIAL 5
#define MAX_PARTIAL 10

static void set_min_partial(struct kmem_cache *s, unsigned long min)
{
	s->min_partial = clamp(min, (unsigned long)MIN_PARTIAL,
			       (unsigned long)MAX_PARTIAL);
}

/* How many objects CPU partial slabs hold at most (6.12's table). */
static void set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (!kmem_cache_has_cpu_partial(s))
		nr_objects = 0;
	else if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	s->cpu_partial = nr_objects;
	s->cpu_partial_slabs = DIV_ROUND_UP(nr_objects * 2, oo_objects(s->oo));
}

/* ---- Per-CPU structures, recycled across caches ---- */

/*
 * kmm's per-CPU areas are a bump allocator that never frees: the
 * structures of destroyed caches are kept here for the next cache.
 */
static struct kmem_cache_cpu *free_cpu_slabs[1024];
static unsigned int nr_free_cpu_slabs;
static DEFINE_SPINLOCK(free_cpu_slabs_lock);

static int alloc_kmem_cache_cpus(struct kmem_cache *s)
{
	int cpu;

	spin_lock(&free_cpu_slabs_lock);
	if (nr_free_cpu_slabs)
		s->cpu_slab = free_cpu_slabs[--nr_free_cpu_slabs];
	else
		s->cpu_slab = __alloc_percpu(sizeof(struct kmem_cache_cpu),
					     2 * sizeof(void *));
	spin_unlock(&free_cpu_slabs_lock);
	if (!s->cpu_slab)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);

		memset(c, 0, sizeof(*c));
		spin_lock_init(&c->lock);
	}
	return 0;
}

static void free_kmem_cache_cpus(struct kmem_cache *s)
{
	spin_lock(&free_cpu_slabs_lock);
	if (s->cpu_slab && nr_free_cpu_slabs < ARRAY_SIZE(free_cpu_slabs))
		free_cpu_slabs[nr_free_cpu_slabs++] = s->cpu_slab;
	spin_unlock(&free_cpu_slabs_lock);
	s->cpu_slab = NULL;
}

/* ---- Per-node structures ---- */

static struct kmem_cache *kmem_cache_node;

static void init_kmem_cache_node(struct kmem_cache_node *n)
{
	n->nr_partial = 0;
	spin_lock_init(&n->list_lock);
	INIT_LIST_HEAD(&n->partial);
	atomic_long_set(&n->nr_slabs, 0);
	atomic_long_set(&n->total_objects, 0);
	INIT_LIST_HEAD(&n->full);
}

/*
 * The first kmem_cache_node of each node, before kmem_cache_node can
 * allocate: carve it out of a new slab of that cache by hand.
 */
static void early_kmem_cache_node_alloc(int node)
{
	struct kmem_cache_node *n;
	struct slab *slab;

	slab = new_slab(kmem_cache_node, GFP_NOWAIT, node);
	BUG_ON(!slab);
	n = slab->freelist;
	BUG_ON(!n);
	slab->freelist = get_freepointer(kmem_cache_node, n);
	slab->inuse = 1;
	kmem_cache_node->node[node] = n;
	init_kmem_cache_node(n);
	inc_slabs_node(kmem_cache_node, node, slab->objects);
	__add_partial(n, slab, DEACTIVATE_TO_HEAD);
}

static void free_kmem_cache_nodes(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	int node;

	for_each_kmem_cache_node(s, node, n) {
		s->node[node] = NULL;
		kmem_cache_free(kmem_cache_node, n);
	}
}

static int init_kmem_cache_nodes(struct kmem_cache *s)
{
	int node;

	for_each_node_state(node, N_MEMORY) {
		struct kmem_cache_node *n;

		if (slab_state == DOWN) {
			early_kmem_cache_node_alloc(node);
			continue;
		}
		n = kmem_cache_alloc_node(kmem_cache_node, GFP_KERNEL, node);
		if (!n) {
			free_kmem_cache_nodes(s);
			return 0;
		}
		init_kmem_cache_node(n);
		s->node[node] = n;
	}
	return 1;
}

void __kmem_cache_release(struct kmem_cache *s)
{
	kfree(s->random_seq);
	s->random_seq = NULL;
	free_kmem_cache_cpus(s);
	free_kmem_cache_nodes(s);
}

/*
 * do_kmem_cache_create - set up @s (6.12's do_kmem_cache_create):
 * debug flags from slub_debug=, layout, order, nodes, CPUs.
 * Return: 0, or -EINVAL / -ENOMEM.
 */
int do_kmem_cache_create(struct kmem_cache *s, const char *name,
			 unsigned int size, struct kmem_cache_args *args,
			 slab_flags_t flags)
{
	int err = -EINVAL;

	s->name = name;
	s->size = s->object_size = size;
	s->flags = kmem_cache_flags(flags, s->name);
	if (slab_freelist_hardened) {
		s->random = (unsigned long)get_random_u64();
		s->swab_mask = ~0UL;
	}
	if (!calculate_sizes(args, s))
		goto out;
	if (disable_higher_order_debug &&
	    get_order(s->size) > get_order(s->object_size)) {
		/* slub_debug=O: no metadata where it would raise the order. */
		s->flags &= ~DEBUG_METADATA_FLAGS;
		s->offset = 0;
		if (!calculate_sizes(args, s))
			goto out;
	}
	set_min_partial(s, (unsigned long)ilog2(s->size) / 2);
	set_cpu_partial(s);
	if (system_has_freelist_aba() && !kmem_cache_debug(s))
		s->flags |= SLAB_CMPXCHG_DOUBLE;
	err = -ENOMEM;
	if (slab_state >= FULL && init_cache_random_seq(s))
		goto out;
	if (!init_kmem_cache_nodes(s))
		goto out;
	if (alloc_kmem_cache_cpus(s))
		goto out;
	err = 0;
out:
	if (err)
		__kmem_cache_release(s);
	return err;
}

/* ---- Shrinking and shutting down ---- */

/* Print the objects left in @slab when its cache is destroyed. */
static void list_slab_objects(struct kmem_cache *s, struct slab *slab)
{
	/* On the stack: the list lock is held, allocating here could deadlock. */
	unsigned long map[BITS_TO_LONGS(MAX_OBJS_PER_PAGE)];
	char *addr = slab_address(slab);
	void *p;

	slab_bug(s, "Objects remaining on __kmem_cache_shutdown()");
	memset(map, 0, BITS_TO_LONGS(slab->objects) * sizeof(long));
	for (p = slab->freelist; p; p = get_freepointer(s, p))
		__set_bit(__obj_to_index(s, addr, p), map);
	for_each_object(p, s, addr, slab->objects) {
		if (test_bit(__obj_to_index(s, addr, p), map))
			continue;
		pr_err("Object 0x%px @offset=%tu\n", p, (char *)p - addr);
		print_tracking(s, p);
	}
	pr_err("Slab 0x%px objects=%u used=%u fp=0x%px flags=%pGp\n",
	       slab, slab->objects, slab->inuse, slab->freelist, &slab->__page_flags);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	WARN_ON(1);
}

/* Free the empty partial slabs of @n; report the others. */
static void free_partial(struct kmem_cache *s, struct kmem_cache_node *n)
{
	LIST_HEAD(discard);
	struct slab *slab, *h;

	spin_lock_irq(&n->list_lock);
	list_for_each_entry_safe(slab, h, &n->partial, slab_list) {
		if (!slab->inuse) {
			remove_partial(n, slab);
			list_add(&slab->slab_list, &discard);
		} else {
			list_slab_objects(s, slab);
		}
	}
	spin_unlock_irq(&n->list_lock);
	list_for_each_entry_safe(slab, h, &discard, slab_list)
		discard_slab(s, slab);
}

bool __kmem_cache_empty(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	int node;

	for_each_kmem_cache_node(s, node, n)
		if (n->nr_partial || node_nr_slabs(n))
			return false;
	return true;
}

/* Return: 0 if every slab of @s could be freed, 1 if objects remain. */
int __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	int node;

	flush_all(s);
	for_each_kmem_cache_node(s, node, n) {
		free_partial(s, n);
		if (n->nr_partial || node_nr_slabs(n))
			return 1;
	}
	return 0;
}

/* How many buckets __kmem_cache_shrink() sorts partial slabs into. */
#define SHRINK_PROMOTE_MAX 32

/*
 * __kmem_cache_shrink - free every empty slab and sort the partial lists
 * by fullness (fullest first), as 6.12 does.
 * Return: 0 if no slab is left on any node, 1 otherwise.
 */
int __kmem_cache_shrink(struct kmem_cache *s)
{
	struct list_head discard, promote[SHRINK_PROMOTE_MAX];
	struct kmem_cache_node *n;
	struct slab *slab, *t;
	unsigned long flags;
	int node, ret = 0;

	flush_all(s);
	for_each_kmem_cache_node(s, node, n) {
		INIT_LIST_HEAD(&discard);
		for (int i = 0; i < SHRINK_PROMOTE_MAX; i++)
			INIT_LIST_HEAD(promote + i);
		spin_lock_irqsave(&n->list_lock, flags);
		list_for_each_entry_safe(slab, t, &n->partial, slab_list) {
			int free = slab->objects - slab->inuse;

			if (free == slab->objects) {
				list_move(&slab->slab_list, &discard);
				clear_page_bit(slab_page(slab), PG_workingset);
				__atomic_store_n(&n->nr_partial, n->nr_partial - 1,
						 __ATOMIC_RELAXED);
				dec_slabs_node(s, node, slab->objects);
			} else if (free <= SHRINK_PROMOTE_MAX) {
				list_move(&slab->slab_list, promote + free - 1);
			}
		}
		for (int i = SHRINK_PROMOTE_MAX - 1; i >= 0; i--)
			list_splice(promote + i, &n->partial);
		spin_unlock_irqrestore(&n->list_lock, flags);
		list_for_each_entry_safe(slab, t, &discard, slab_list)
			free_slab(s, slab);
		if (node_nr_slabs(n))
			ret = 1;
	}
	return ret;
}

/* ---- Validation (kmm) ---- */

static bool slab_is_valid(struct kmem_cache *s, struct slab *slab,
			  unsigned long *map)
{
	char *addr = slab_address(slab);
	unsigned int nfree = 0, idx;
	void *p;

	if (slab->slab_cache != s || !PageSlab(slab_page(slab))) {
		pr_err("kmem_cache_is_valid: %s: slab %px not of this cache\n", s->name, slab);
		return false;
	}
	memset(map, 0, BITS_TO_LONGS(slab->objects) * sizeof(long));
	for (p = slab->freelist; p; p = get_freepointer(s, p)) {
		idx = __obj_to_index(s, addr, p);
		if ((char *)p < addr || idx >= slab->objects ||
		    p != fixup_red_left(s, addr + (size_t)idx * s->size)) {
			pr_err("kmem_cache_is_valid: %s: slab %px: bad free pointer %px\n",
			       s->name, slab, p);
			return false;
		}
		if (__test_and_set_bit(idx, map)) {
			pr_err("kmem_cache_is_valid: %s: slab %px: object %px free twice\n",
			       s->name, slab, p);
			return false;
		}
		nfree++;
	}
	if (slab->inuse + nfree != slab->objects) {
		pr_err("kmem_cache_is_valid: %s: slab %px: inuse %u + free %u != objects %u\n",
		       s->name, slab, slab->inuse, nfree, slab->objects);
		return false;
	}
	return true;
}

static bool node_is_valid(struct kmem_cache *s, struct kmem_cache_node *n,
			  unsigned long *map)
{
	unsigned long nr = 0, flags;
	struct slab *slab;
	bool ok = true;

	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(slab, &n->partial, slab_list) {
		nr++;
		if (!slab_is_valid(s, slab, map) || slab->frozen ||
		    !slab_test_node_partial(slab))
			ok = false;
	}
	if (nr != n->nr_partial) {
		pr_err("kmem_cache_is_valid: %s: nr_partial %lu, %lu on the list\n",
		       s->name, n->nr_partial, nr);
		ok = false;
	}
	list_for_each_entry(slab, &n->full, slab_list)
		if (!slab_is_valid(s, slab, map))
			ok = false;
	spin_unlock_irqrestore(&n->list_lock, flags);
	return ok;
}

/**
 * kmem_cache_is_valid - kmm's validator for one cache (see kmm/slab.h).
 * @s: the cache.
 *
 * Flushes the CPU slabs to the node lists first, so every slab with free
 * objects is on a list; then checks each: objects free once, counters
 * right, and that the node's slab count covers its listed slabs.
 * Context: process; takes the cache's locks, allocates nothing (callers
 * may hold slab_mutex as a spinlock).
 * Return: true if all is consistent.
 */
bool kmem_cache_is_valid(struct kmem_cache *s)
{
	unsigned long map[BITS_TO_LONGS(MAX_OBJS_PER_PAGE)];
	struct kmem_cache_node *n;
	bool ok = true;
	int node;

	if (!s)
		return false;
	flush_all(s);
	for_each_kmem_cache_node(s, node, n) {
		if (!node_is_valid(s, n, map))
			ok = false;
		if (n->nr_partial > node_nr_slabs(n)) {
			pr_err("kmem_cache_is_valid: %s: node %d: %lu partial of %lu slabs\n",
			       s->name, node, n->nr_partial, node_nr_slabs(n));
			ok = false;
		}
	}
	return ok;
}

/* ---- Bootstrap ---- */

/*
 * Move a statically allocated boot cache into a kmem_cache object and
 * point its slabs at the copy.
 */
static struct kmem_cache *bootstrap(struct kmem_cache *static_cache)
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_NOWAIT);
	struct kmem_cache_node *n;
	struct slab *p;
	int node;

	BUG_ON(!s);
	memcpy(s, static_cache, kmem_cache->object_size);
	flush_all(s);
	for_each_kmem_cache_node(s, node, n) {
		list_for_each_entry(p, &n->partial, slab_list)
			p->slab_cache = s;
		list_for_each_entry(p, &n->full, slab_list)
			p->slab_cache = s;
	}
	list_add(&s->list, &slab_caches);
	return s;
}

static struct kmem_cache boot_kmem_cache, boot_kmem_cache_node;

/**
 * kmem_cache_init - bring SLUB up: the caches of kmem_cache and
 * kmem_cache_node first (boot copies, then moved into slab memory), then
 * the kmalloc caches.
 *
 * Context: boot (mm_core_init(), after the page allocator).
 */
void __init kmem_cache_init(void)
{
	slub_init_cpu_table();
	slub_page_base = (unsigned long)vmemmap -
			 (PAGE_OFFSET >> PAGE_SHIFT) * sizeof(struct page);
	slub_debug_boot_notice();	/* 6.12: no_hash_pointers_enable() */
	kmem_cache_node = &boot_kmem_cache_node;
	kmem_cache = &boot_kmem_cache;
	create_boot_cache(kmem_cache_node, "kmem_cache_node",
			  sizeof(struct kmem_cache_node),
			  SLAB_HWCACHE_ALIGN | SLAB_NO_OBJ_EXT, 0, 0);
	slab_state = PARTIAL;
	create_boot_cache(kmem_cache, "kmem_cache",
			  (unsigned int)(offsetof(struct kmem_cache, node) +
					 nr_node_ids * sizeof(struct kmem_cache_node *)),
			  SLAB_HWCACHE_ALIGN | SLAB_NO_OBJ_EXT, 0, 0);
	kmem_cache = bootstrap(&boot_kmem_cache);
	kmem_cache_node = bootstrap(&boot_kmem_cache_node);
	slab_state = UP;
	create_kmalloc_caches();
	/* The caches made before kmalloc worked get their shuffle now. */
	{
		struct kmem_cache *s;

		list_for_each_entry(s, &slab_caches, list)
			init_cache_random_seq(s);
	}
	slab_state = FULL;
	pr_info("SLUB: HWalign=%d, Order=%u-%u, MinObjects=%u, CPUs=%u, Nodes=%u\n",
		L1_CACHE_BYTES, slub_min_order, slub_max_order, slub_min_objects,
		nr_cpu_ids, nr_node_ids);
}

/**
 * kmem_cache_halt - forget every cache (kmm_halt()). The slabs go with
 * physical memory; RCU callbacks must have run (rcu_barrier()) first.
 *
 * Context: no other thread uses slab caches.
 */
void kmem_cache_halt(void)
{
	slab_common_reset();
	kmem_cache_node = NULL;
	nr_free_cpu_slabs = 0;
	memset(&boot_kmem_cache, 0, sizeof(boot_kmem_cache));
	memset(&boot_kmem_cache_node, 0, sizeof(boot_kmem_cache_node));
	memset(slub_cpu_offset, 0, sizeof(slub_cpu_offset));
	slub_params_reset();
	slub_debug_reset();
}
