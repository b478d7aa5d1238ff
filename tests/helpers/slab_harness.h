/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/slab_harness.h - booting machines for the SLUB and kmalloc
 * suites, and looking inside SLUB.
 *
 * 1. Machines are buddy_harness.h's (bh_m3z has all three zones, so a
 *    cache's zone is visible: DMA below 16 MiB, DMA32 below 4 GiB, Normal
 *    above). sh_boot() boots one and checks every slab validator.
 *
 * 2. Internals. Everything a suite reads from struct kmem_cache, struct
 *    kmem_cache_node and struct slab goes through the functions below, so
 *    the suites name behaviour (order, objects per slab, partial slabs),
 *    not fields.
 *
 * 3. Reference. sh_ref_order() is calculate_order() of Linux 6.12
 *    (mm/slub.c) written from its rules, for the order tables of
 *    test_slab_structure.c:
 *      - min_objects = slub_min_objects, or 4 * (fls(nr_cpus) + 1);
 *      - capped by what fits in a slab of slub_max_order (at least 1);
 *      - start at max(slub_min_order, get_order(min_objects * size));
 *      - take the first order up to slub_max_order wasting at most 1/16
 *        of the slab, then 1/8, then 1/4;
 *      - failing all, get_order(size).
 *
 * 4. Objects. sh_fill()/sh_filled() write and check a pattern made from
 *    a tag (and the offset), so two live objects with different tags that
 *    overlap show up, and a copy moved by krealloc() still matches.
 */
#ifndef TESTS_HELPERS_SLAB_HARNESS_H
#define TESTS_HELPERS_SLAB_HARNESS_H

#include <stdint.h>

#include "buddy_harness.h"

#include <kmm/slab.h>

/* Boot @m with @cmdline and assert that every cache is valid. */
void sh_boot(const struct bh_machine *m, const char *cmdline);
void sh_boot_cpus(const struct bh_machine *m, int nr_cpus, const char *cmdline);
/* Every validator (slab and page allocator) passes. */
bool sh_valid(void);
void sh_check(void);
/* kmem_cache_is_valid(@s), asserted. */
void sh_check_cache(struct kmem_cache *s);

/* ---- one cache, read through its internals ---- */
const char *sh_name(struct kmem_cache *s);
unsigned int sh_object_size(struct kmem_cache *s);	/* s->object_size */
unsigned int sh_size(struct kmem_cache *s);		/* s->size (stride) */
unsigned int sh_align(struct kmem_cache *s);
unsigned int sh_offset(struct kmem_cache *s);		/* free pointer */
unsigned int sh_order(struct kmem_cache *s);		/* oo_order(s->oo) */
unsigned int sh_objs_per_slab(struct kmem_cache *s);	/* oo_objects(s->oo) */
unsigned long sh_min_partial(struct kmem_cache *s);
unsigned int sh_cpu_partial(struct kmem_cache *s);	/* objects */
unsigned int sh_cpu_partial_slabs(struct kmem_cache *s);
int sh_refcount(struct kmem_cache *s);
unsigned int sh_useroffset(struct kmem_cache *s);
unsigned int sh_usersize(struct kmem_cache *s);
bool sh_has_ctor(struct kmem_cache *s);
slab_flags_t sh_flags(struct kmem_cache *s);
/* Slabs on node @nid's partial list. */
unsigned long sh_node_partial(struct kmem_cache *s, int nid);
/* Slabs and objects (free or not) of @s on node @nid, all places. */
unsigned long sh_node_slabs(struct kmem_cache *s, int nid);
unsigned long sh_node_objects(struct kmem_cache *s, int nid);
/* Sums over every node. */
unsigned long sh_slabs(struct kmem_cache *s);
unsigned long sh_partial(struct kmem_cache *s);
unsigned long sh_total_objects(struct kmem_cache *s);
/* Objects allocated from @s now, counted by walking every slab. */
unsigned long sh_objects_inuse(struct kmem_cache *s);
/* Slabs on @cpu's partial list of @s. */
unsigned int sh_cpu_partial_count(struct kmem_cache *s, int cpu);
/* The cache named @name in slab_caches (the first, an alias's target
 * included), or NULL. */
struct kmem_cache *sh_find(const char *name);
/* The cache an object belongs to (virt_to_slab(obj)->slab_cache). */
struct kmem_cache *sh_cache_of(const void *obj);
/* The slab head page of @obj, and that slab's inuse/objects counts. */
struct page *sh_slab_page(const void *obj);
unsigned int sh_slab_inuse(const void *obj);
unsigned int sh_slab_objects(const void *obj);

/* ---- reference ---- */
unsigned int sh_ref_order(unsigned int size, unsigned int nr_cpus,
			  unsigned int min_order, unsigned int max_order,
			  unsigned int min_objects);
unsigned long sh_ref_min_partial(unsigned int size);

/* ---- objects ---- */
void sh_fill(void *obj, size_t len, uint64_t tag);
bool sh_filled(const void *obj, size_t len, uint64_t tag);
bool sh_all_bytes(const void *p, size_t len, unsigned char byte);

/* Zone type of the page an object lives in. */
enum zone_type sh_zone_of(const void *obj);

/* ---- counters ---- */
/* The GFP flags every slab page of @s is allocated with. */
gfp_t sh_allocflags(struct kmem_cache *s);
/* NR_SLAB_RECLAIMABLE_B / NR_SLAB_UNRECLAIMABLE_B summed over every node. */
unsigned long sh_slab_reclaimable_bytes(void);
unsigned long sh_slab_unreclaimable_bytes(void);

#endif /* TESTS_HELPERS_SLAB_HARNESS_H */
