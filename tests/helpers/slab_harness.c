// SPDX-License-Identifier: MIT
/* tests/helpers/slab_harness.c - see slab_harness.h. */
#include <string.h>

#include "slab_harness.h"
#include "mm/internal.h"
#include "mm/slab.h"

void sh_boot_cpus(const struct bh_machine *m, int nr_cpus, const char *cmdline)
{
	bh_boot_cpus(m, nr_cpus, cmdline);
	sh_check();
}

void sh_boot(const struct bh_machine *m, const char *cmdline)
{
	sh_boot_cpus(m, m->nr_cpus ? m->nr_cpus : BH_CPUS, cmdline);
}

bool sh_valid(void)
{
	struct kmem_cache *s;
	bool ok = true;

	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list)
		if (!kmem_cache_is_valid(s))
			ok = false;
	slab_mutex_unlock();
	return ok && bh_valid();
}

void sh_check(void)
{
	cr_assert(sh_valid(), "a validator failed:\n%s", bh_log());
}

void sh_check_cache(struct kmem_cache *s)
{
	cr_assert(kmem_cache_is_valid(s), "kmem_cache_is_valid(%s) failed:\n%s",
		  s->name, bh_log());
}

/* ---- one cache ---- */

const char *sh_name(struct kmem_cache *s) { return s->name; }
unsigned int sh_object_size(struct kmem_cache *s) { return s->object_size; }
unsigned int sh_size(struct kmem_cache *s) { return s->size; }
unsigned int sh_align(struct kmem_cache *s) { return s->align; }
unsigned int sh_offset(struct kmem_cache *s) { return s->offset; }
unsigned int sh_order(struct kmem_cache *s) { return oo_order(s->oo); }
unsigned int sh_objs_per_slab(struct kmem_cache *s) { return oo_objects(s->oo); }
unsigned long sh_min_partial(struct kmem_cache *s) { return s->min_partial; }
unsigned int sh_cpu_partial(struct kmem_cache *s) { return s->cpu_partial; }
unsigned int sh_cpu_partial_slabs(struct kmem_cache *s) { return s->cpu_partial_slabs; }
int sh_refcount(struct kmem_cache *s) { return s->refcount; }
unsigned int sh_useroffset(struct kmem_cache *s) { return s->useroffset; }
unsigned int sh_usersize(struct kmem_cache *s) { return s->usersize; }
bool sh_has_ctor(struct kmem_cache *s) { return s->ctor != NULL; }
slab_flags_t sh_flags(struct kmem_cache *s) { return s->flags; }

unsigned long sh_node_partial(struct kmem_cache *s, int nid)
{
	struct kmem_cache_node *n = get_node(s, nid);

	return n ? n->nr_partial : 0;
}

unsigned long sh_node_slabs(struct kmem_cache *s, int nid)
{
	struct kmem_cache_node *n = get_node(s, nid);

	return n ? node_nr_slabs(n) : 0;
}

unsigned long sh_node_objects(struct kmem_cache *s, int nid)
{
	struct kmem_cache_node *n = get_node(s, nid);

	return n ? node_nr_objs(n) : 0;
}

unsigned long sh_slabs(struct kmem_cache *s)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		n += sh_node_slabs(s, nid);
	return n;
}

unsigned long sh_partial(struct kmem_cache *s)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		n += sh_node_partial(s, nid);
	return n;
}

unsigned long sh_total_objects(struct kmem_cache *s)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		n += sh_node_objects(s, nid);
	return n;
}

/*
 * Objects in use = objects of every slab - free objects, where the free
 * ones are: on each CPU, the lockless freelist plus what the active slab
 * has free beyond it (remote frees lower its inuse), the free objects of
 * each per-CPU partial slab, and of each node partial slab. Full slabs
 * (on no list without debugging) have none.
 */
static unsigned long chain_length(struct kmem_cache *s, void *p)
{
	unsigned long n = 0;

	while (p && n <= MAX_OBJS_PER_PAGE) {
		n++;
		p = get_freepointer(s, p);
	}
	return n;
}

unsigned long sh_objects_inuse(struct kmem_cache *s)
{
	unsigned long total = 0, free = 0, flags;
	struct kmem_cache_node *n;
	int node;

	for_each_kmem_cache_node(s, node, n) {
		total += node_nr_objs(n);
		free += count_partial(n, count_free);
	}
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);
		struct slab *slab;

		spin_lock_irqsave(&c->lock, flags);
		if (c->slab)
			free += (unsigned long)(c->slab->objects - c->slab->inuse) +
				chain_length(s, c->freelist);
		for (slab = c->partial; slab; slab = slab->next)
			free += (unsigned long)(slab->objects - slab->inuse);
		spin_unlock_irqrestore(&c->lock, flags);
	}
	return total - free;
}

unsigned int sh_cpu_partial_count(struct kmem_cache *s, int cpu)
{
	struct kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);
	struct slab *slab;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&c->lock, flags);
	for (slab = c->partial; slab; slab = slab->next)
		n++;
	spin_unlock_irqrestore(&c->lock, flags);
	return n;
}

struct kmem_cache *sh_find(const char *name)
{
	struct kmem_cache *s, *found = NULL;

	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list)
		if (!strcmp(s->name, name)) {
			found = s;
			break;
		}
	slab_mutex_unlock();
	return found;
}

struct kmem_cache *sh_cache_of(const void *obj)
{
	struct slab *slab = virt_to_slab(obj);

	return slab ? slab->slab_cache : NULL;
}

struct page *sh_slab_page(const void *obj)
{
	return compound_head(virt_to_page(obj));
}

unsigned int sh_slab_inuse(const void *obj)
{
	return virt_to_slab(obj)->inuse;
}

unsigned int sh_slab_objects(const void *obj)
{
	return virt_to_slab(obj)->objects;
}

/* ---- reference: calculate_order() of Linux 6.12, from its rules ---- */

static unsigned int ref_get_order(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static unsigned int ref_fls(unsigned int x)
{
	unsigned int r = 0;

	while (x) {
		r++;
		x >>= 1;
	}
	return r;
}

unsigned int sh_ref_order(unsigned int size, unsigned int nr_cpus,
			  unsigned int min_order, unsigned int max_order,
			  unsigned int min_objects)
{
	unsigned int max_objects, start;

	if (!min_objects)
		min_objects = 4 * (ref_fls(nr_cpus) + 1);
	max_objects = (unsigned int)((PAGE_SIZE << max_order) / size);
	if (max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	start = ref_get_order((unsigned long)min_objects * size);
	if (start < min_order)
		start = min_order;
	if ((PAGE_SIZE << start) / size > 32767)
		return ref_get_order((unsigned long)size * 32767) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2)
		for (unsigned int order = start; order <= max_order; order++) {
			unsigned long slab = PAGE_SIZE << order;

			if (slab % size <= slab / fraction)
				return order;
		}
	return ref_get_order(size);
}

unsigned long sh_ref_min_partial(unsigned int size)
{
	unsigned long v = (ref_fls(size) - 1) / 2;	/* ilog2(size) / 2 */

	return v < 5 ? 5 : v > 10 ? 10 : v;
}

/* ---- objects ---- */

/* Word @i of the pattern of @tag: the same wherever the object lies, so
 * that a moved copy (krealloc) still matches. */
static uint64_t pattern_word(const void *obj, size_t i, uint64_t tag)
{
	(void)obj;
	return (tag * 0xD6E8FEB86659FD93ULL + i + 1) * 0x9E3779B97F4A7C15ULL;
}

void sh_fill(void *obj, size_t len, uint64_t tag)
{
	unsigned char *p = obj;

	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(pattern_word(obj, i / 8, tag) >> (8 * (i % 8)));
}

bool sh_filled(const void *obj, size_t len, uint64_t tag)
{
	const unsigned char *p = obj;

	for (size_t i = 0; i < len; i++)
		if (p[i] != (unsigned char)(pattern_word(obj, i / 8, tag) >> (8 * (i % 8))))
			return false;
	return true;
}

bool sh_all_bytes(const void *p, size_t len, unsigned char byte)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < len; i++)
		if (c[i] != byte)
			return false;
	return true;
}

enum zone_type sh_zone_of(const void *obj)
{
	return page_zonenum(virt_to_page(obj));
}

/* ---- counters ---- */

gfp_t sh_allocflags(struct kmem_cache *s)
{
	return s->allocflags;
}

static unsigned long node_stat_sum(enum node_stat_item item)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		n += node_page_state(NODE_DATA(nid), item);
	return n;
}

unsigned long sh_slab_reclaimable_bytes(void)
{
	return node_stat_sum(NR_SLAB_RECLAIMABLE_B);
}

unsigned long sh_slab_unreclaimable_bytes(void)
{
	return node_stat_sum(NR_SLAB_UNRECLAIMABLE_B);
}
