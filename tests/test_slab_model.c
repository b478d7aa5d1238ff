// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_model.c - the randomised model test of issue 4: 10^6
 * operations in all (8 cases of 125000, each with its own seed, machine
 * and boot options) on SLUB caches and kmalloc, checked against a simple
 * reference.
 *
 * Caches (SLAB_NO_MERGE, so their counts are theirs alone):
 *
 *   m_32     32 bytes               m_ctor   120 bytes, constructor
 *   m_hw     100 bytes, HWCACHE     m_dma    256 bytes, SLAB_CACHE_DMA
 *   m_rcl    700 bytes, RECLAIM     m_big    5000 bytes, align 256
 *
 * and kmalloc of every size from 1 to 8192 (and large ones up to 64 KiB,
 * rarely 1 MiB), with GFP_KERNEL, GFP_DMA, __GFP_RECLAIMABLE, __GFP_ZERO.
 *
 * Operations: kmem_cache_alloc/_node/zalloc, kmem_cache_free, alloc_bulk,
 * free_bulk (one cache, or kfree_bulk across kmalloc caches), kmalloc,
 * kzalloc, krealloc (grow and shrink), kfree, kmem_cache_shrink.
 *
 * The reference is the table of live objects: address, size, how it was
 * allocated (cache, or kmalloc and its cache), and a tag; each object
 * holds a pattern made from its address and tag (the ctor cache keeps its
 * constructor's magic in the first word, as a user must return constructed
 * objects in constructed state).
 *
 * After every allocation: the address is not live already (a hash of live
 * addresses), it lies in a slab of the expected cache (or a compound page
 * for large kmalloc), in the expected zone, ksize() covers the request,
 * zeroed if asked, constructed if the cache has a ctor.
 *
 * After every batch of 1000 steps (of 100 steps in the first 10^4 of each
 * case, while slabs are being made): every cache passes kmem_cache_is_valid()
 * (each object of each slab free exactly once or allocated, slab inuse and
 * node counters match the lists) and the page allocator's validators pass;
 * each cache has exactly as many objects in use as the reference holds
 * (plus, for kmalloc caches, what boot left in use); and every live object
 * still holds its pattern (no two live objects overlap, nothing wrote into
 * a live object).
 *
 * At the end everything is freed, every own cache shrinks to no slab and
 * is destroyed without complaint.
 *
 * Seeds: fixed per case; SH_SEED=n in the environment overrides them.
 * Under sanitizers each case runs a tenth of the steps.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/slab_harness.h"
#include "helpers/model_rng.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OPS_PER_CASE	12500
#else
#define OPS_PER_CASE	125000
#endif
#define BATCH		1000
#define EARLY_STEPS	10000	/* ... and every EARLY_BATCH steps before this */
#define EARLY_BATCH	100
#define MAX_LIVE	3000
#define MAX_BULK	16
#define CTOR_MAGIC	0xC0C0C0C0DEADBEEFULL

/* rng, rnd(), rnd_below(), seed_used, step, massert(): helpers/model_rng.h */

/* ---- the caches ---- */

struct mcache {
	const char *name;
	unsigned int size, align;
	slab_flags_t flags;
	bool ctor;
	struct kmem_cache *s;
};

static void m_ctor(void *p)
{
	*(uint64_t *)p = CTOR_MAGIC;
}

static struct mcache mc[] = {
	{ "m_32", 32, 0, 0, false, NULL },
	{ "m_ctor", 120, 0, 0, true, NULL },
	{ "m_hw", 100, 0, SLAB_HWCACHE_ALIGN, false, NULL },
	{ "m_dma", 256, 0, SLAB_CACHE_DMA, false, NULL },
	{ "m_rcl", 700, 0, SLAB_RECLAIM_ACCOUNT, false, NULL },
	{ "m_big", 5000, 256, 0, false, NULL },
};
#define NR_MC ((int)(sizeof(mc) / sizeof(mc[0])))

/* Every cache the model touches, with its reference count of objects. */
#define MAX_TRACKED 64
static struct tracked {
	struct kmem_cache *s;
	unsigned long base;	/* in use before the model began */
	unsigned long live;	/* held by the model */
} tracked[MAX_TRACKED];
static int nr_tracked;

static struct tracked *track(struct kmem_cache *s)
{
	massert(s, "no such cache");
	for (int i = 0; i < nr_tracked; i++)
		if (tracked[i].s == s)
			return &tracked[i];
	massert(nr_tracked < MAX_TRACKED, "too many caches");
	tracked[nr_tracked] = (struct tracked){ s, sh_objects_inuse(s), 0 };
	return &tracked[nr_tracked++];
}

/* ---- the reference: live objects ---- */

enum how { BY_CACHE, BY_KMALLOC };

struct obj {
	void *p;
	size_t size;		/* bytes the model owns */
	uint64_t tag;
	enum how how;
	int mc;			/* BY_CACHE: index into mc[] */
	struct kmem_cache *s;	/* the slab cache, NULL for large kmalloc */
	unsigned int large_order;
	bool reallocated;	/* by krealloc() */
};

static struct obj live[MAX_LIVE];
static int nr_live, max_live;
static unsigned long nr_validations, nr_allocs, nr_large, nr_frees;

#define HASH_SIZE 8192
static int hash_head[HASH_SIZE];	/* index + 1 into live[], chained */
static int hash_next[MAX_LIVE];

static unsigned int hash_of(const void *p)
{
	return (unsigned int)(((uintptr_t)p >> 3) * 0x9E3779B1u) % HASH_SIZE;
}

static bool is_live(const void *p)
{
	for (int i = hash_head[hash_of(p)]; i; i = hash_next[i - 1])
		if (live[i - 1].p == p)
			return true;
	return false;
}

static void hash_add(int idx)
{
	unsigned int h = hash_of(live[idx].p);

	hash_next[idx] = hash_head[h];
	hash_head[h] = idx + 1;
}

static void hash_del(int idx)
{
	unsigned int h = hash_of(live[idx].p);
	int *pp = &hash_head[h];

	while (*pp != idx + 1) {
		massert(*pp, "object %p missing from the hash", live[idx].p);
		pp = &hash_next[*pp - 1];
	}
	*pp = hash_next[idx];
}

/* Patterns: word-wise, the ctor cache keeps its magic word. */
static size_t pattern_start(const struct obj *o)
{
	return (o->how == BY_CACHE && mc[o->mc].ctor) ? 8 : 0;
}

static uint64_t pword(const struct obj *o, size_t i)
{
	/* not the address: krealloc moves objects with their contents */
	return (o->tag + i) * 0x9E3779B97F4A7C15ULL;
}

/* Byte @i as the whole word would have it, so any prefix of an object
 * matches the pattern of the prefix's size (krealloc shrinking in place). */
static unsigned char tail_byte(const struct obj *o, size_t i)
{
	return (unsigned char)(pword(o, i & ~7UL) >> (8 * (i & 7)));
}

static void write_pattern(const struct obj *o)
{
	unsigned char *c = o->p;

	for (size_t i = pattern_start(o); i + 8 <= o->size; i += 8) {
		uint64_t w = pword(o, i);

		memcpy(c + i, &w, 8);
	}
	for (size_t i = o->size & ~7UL; i < o->size; i++)
		if (i >= pattern_start(o))
			c[i] = tail_byte(o, i);
}

static bool pattern_ok(const struct obj *o)
{
	const unsigned char *c = o->p;

	if (pattern_start(o) && *(const uint64_t *)o->p != CTOR_MAGIC)
		return false;
	for (size_t i = pattern_start(o); i + 8 <= o->size; i += 8) {
		uint64_t w;

		memcpy(&w, c + i, 8);
		if (w != pword(o, i))
			return false;
	}
	for (size_t i = o->size & ~7UL; i < o->size; i++)
		if (i >= pattern_start(o) && c[i] != tail_byte(o, i))
			return false;
	return true;
}

/* Record a new object; check it against everything that must hold. */
static void add_live(struct obj o, bool zeroed, enum zone_type zone)
{
	massert(o.p && !ZERO_OR_NULL_PTR(o.p), "allocation of %zu bytes failed", o.size);
	massert(!is_live(o.p), "%p handed out twice", o.p);
	massert(nr_live < MAX_LIVE, "reference full");
	if (o.how == BY_KMALLOC && !PageSlab(virt_to_head_page(o.p))) {
		struct page *page = virt_to_page(o.p);

		/* krealloc() keeps a large block it shrinks within ksize() */
		massert(o.size > KMALLOC_MAX_CACHE_SIZE || o.reallocated,
			"kmalloc(%zu) not from a slab", o.size);
		massert(page_address(page) == o.p, "large kmalloc not page aligned");
		o.large_order = compound_order(page);
		massert((int)o.large_order >= get_order(o.size), "large kmalloc(%zu) of order %u",
			o.size, o.large_order);
		if (get_order(o.size))
			massert(PageHead(page), "large kmalloc(%zu) not a compound page", o.size);
		o.s = NULL;
	} else {
		struct kmem_cache *s = sh_cache_of(o.p);

		massert(s, "%p is in no slab", o.p);
		if (o.how == BY_CACHE)
			massert(s == mc[o.mc].s, "object of %s in the slab of %s", mc[o.mc].name,
				sh_name(s));
		o.s = s;
		track(s)->live++;
	}
	if (o.how == BY_KMALLOC)
		massert(ksize(o.p) >= o.size, "ksize %zu < %zu", ksize(o.p), o.size);
	massert(sh_zone_of(o.p) == zone || (zone == ZONE_NORMAL && sh_zone_of(o.p) != ZONE_DMA),
		"object of %zu bytes in zone %d, want %d", o.size, sh_zone_of(o.p), zone);
	if (zeroed)
		massert(sh_all_bytes(o.p, o.size, 0), "zeroed allocation of %zu bytes is dirty",
			o.size);
	if (o.how == BY_CACHE && mc[o.mc].ctor)
		massert(*(uint64_t *)o.p == CTOR_MAGIC || zeroed, "ctor object not constructed");
	if (o.how == BY_CACHE && mc[o.mc].ctor && zeroed)
		*(uint64_t *)o.p = CTOR_MAGIC;	/* the user restores its state */
	o.tag = rnd();
	live[nr_live] = o;
	hash_add(nr_live);
	write_pattern(&live[nr_live]);
	nr_live++;
	if (nr_live > max_live)
		max_live = nr_live;
	nr_allocs++;
	nr_large += o.large_order > 0 || (o.how == BY_KMALLOC && !o.s);
}

/* Take live[i] out of the reference (after checking its pattern). */
static struct obj take_live(int i)
{
	struct obj o = live[i];

	massert(pattern_ok(&o), "object %p (%zu bytes) overwritten while live", o.p, o.size);
	hash_del(i);
	if (i != nr_live - 1) {
		hash_del(nr_live - 1);
		live[i] = live[nr_live - 1];
		hash_add(i);
	}
	nr_live--;
	nr_frees++;
	if (o.s)
		track(o.s)->live--;
	return o;
}

/* ---- operations ---- */

static gfp_t kmalloc_gfp(enum zone_type *zone, bool *zero)
{
	gfp_t gfp = GFP_KERNEL;
	unsigned int r = rnd_below(100);

	*zone = ZONE_NORMAL;
	if (r < 10) {
		gfp |= GFP_DMA;
		*zone = ZONE_DMA;
	} else if (r < 20) {
		gfp |= __GFP_RECLAIMABLE;
	}
	*zero = rnd_below(8) == 0;
	if (*zero)
		gfp |= __GFP_ZERO;
	return gfp;
}

static size_t kmalloc_size(void)
{
	unsigned int r = rnd_below(1000);

	if (r < 600)
		return 1 + rnd_below(256);
	if (r < 900)
		return 1 + rnd_below(2048);
	if (r < 990)
		return 1 + rnd_below(8192);
	if (r < 999)
		return 8193 + rnd_below(65536 - 8192);
	return (1 << 20) - rnd_below(4096);
}

static enum zone_type cache_zone(int i)
{
	return (mc[i].flags & SLAB_CACHE_DMA) ? ZONE_DMA : ZONE_NORMAL;
}

static void op_cache_alloc(void)
{
	int i = (int)rnd_below(NR_MC);
	unsigned int how = rnd_below(3);
	struct obj o = { .how = BY_CACHE, .mc = i, .size = mc[i].size };

	if (how == 0)
		o.p = kmem_cache_alloc(mc[i].s, GFP_KERNEL);
	else if (how == 1)
		o.p = kmem_cache_alloc_node(mc[i].s, GFP_KERNEL,
					    (int)rnd_below((unsigned int)nr_online_nodes));
	else
		o.p = kmem_cache_zalloc(mc[i].s, GFP_KERNEL);
	add_live(o, how == 2, cache_zone(i));
}

static void op_cache_alloc_bulk(void)
{
	int i = (int)rnd_below(NR_MC);
	int n = 1 + (int)rnd_below(MAX_BULK);
	void *p[MAX_BULK];

	if (nr_live + n > MAX_LIVE)
		return;
	massert(kmem_cache_alloc_bulk(mc[i].s, GFP_KERNEL, (size_t)n, p) == n,
		"alloc_bulk of %d from %s failed", n, mc[i].name);
	for (int j = 0; j < n; j++)
		add_live((struct obj){ .p = p[j], .how = BY_CACHE, .mc = i, .size = mc[i].size },
			 false, cache_zone(i));
}

static void op_kmalloc(void)
{
	enum zone_type zone;
	bool zero;
	gfp_t gfp = kmalloc_gfp(&zone, &zero);
	struct obj o = { .how = BY_KMALLOC, .size = kmalloc_size() };

	if (zone == ZONE_DMA && o.size > 65536)
		o.size = 4096;	/* keep the 16 MiB of ZONE_DMA for the rest */
	o.p = kmalloc(o.size, gfp);
	add_live(o, zero, zone);
}

static void free_obj(struct obj *o)
{
	if (o->how == BY_CACHE && mc[o->mc].ctor)
		*(uint64_t *)o->p = CTOR_MAGIC;
	if (o->how == BY_CACHE && rnd_below(4))
		kmem_cache_free(mc[o->mc].s, o->p);
	else
		kfree(o->p);	/* 6.12's kfree() takes any slab object */
}

static void op_free(void)
{
	struct obj o;

	if (!nr_live)
		return;
	o = take_live((int)rnd_below((unsigned int)nr_live));
	free_obj(&o);
}

/* Free up to MAX_BULK objects of one cache with kmem_cache_free_bulk(),
 * or kmalloc objects of any size with kfree_bulk(). */
static void op_free_bulk(void)
{
	void *p[MAX_BULK];
	int n = 0, want = 1 + (int)rnd_below(MAX_BULK);
	int start, i;
	bool by_cache;
	int cache = -1;

	if (!nr_live)
		return;
	start = (int)rnd_below((unsigned int)nr_live);
	by_cache = live[start].how == BY_CACHE;
	if (by_cache)
		cache = live[start].mc;
	for (i = start; i < nr_live && n < want;) {
		if ((by_cache && live[i].how == BY_CACHE && live[i].mc == cache) ||
		    (!by_cache && live[i].how == BY_KMALLOC)) {
			struct obj o = take_live(i);

			if (by_cache && mc[cache].ctor)
				*(uint64_t *)o.p = CTOR_MAGIC;
			p[n++] = o.p;
			continue;	/* live[i] is now another object */
		}
		i++;
	}
	if (by_cache)
		kmem_cache_free_bulk(mc[cache].s, (size_t)n, p);
	else
		kfree_bulk((size_t)n, p);
}

/* krealloc a kmalloc object: the kept bytes must survive. */
static void op_krealloc(void)
{
	struct obj o;
	size_t keep, new_size = kmalloc_size();
	unsigned char *q;
	int i;

	if (!nr_live)
		return;
	i = (int)rnd_below((unsigned int)nr_live);
	if (live[i].how != BY_KMALLOC || sh_zone_of(live[i].p) == ZONE_DMA)
		return;
	o = take_live(i);
	keep = o.size < new_size ? o.size : new_size;
	q = krealloc(o.p, new_size, GFP_KERNEL);
	massert(q, "krealloc to %zu failed", new_size);
	o.p = q;
	massert(pattern_ok(&(struct obj){ .p = q, .size = keep, .tag = o.tag,
					  .how = BY_KMALLOC }),
		"krealloc %zu -> %zu lost contents", o.size, new_size);
	o.size = new_size;
	o.reallocated = true;
	add_live(o, false, ZONE_NORMAL);
}

static void op_shrink(void)
{
	kmem_cache_shrink(mc[rnd_below(NR_MC)].s);
}

/* ---- the validator ---- */

static void validate(void)
{
	nr_validations++;
	massert(sh_valid(), "a validator failed:\n%s", bh_log());
	for (int i = 0; i < nr_tracked; i++) {
		unsigned long inuse = sh_objects_inuse(tracked[i].s);

		massert(inuse == tracked[i].base + tracked[i].live,
			"%s: %lu objects in use, the reference holds %lu (+%lu at start)",
			sh_name(tracked[i].s), inuse, tracked[i].live, tracked[i].base);
	}
	for (int i = 0; i < nr_live; i++)
		massert(pattern_ok(&live[i]), "live object %p (%zu bytes) overwritten",
			live[i].p, live[i].size);
}

/* ---- a case ---- */

static void run_case(const struct bh_machine *m, const char *cmdline, unsigned long seed)
{
	const char *env = getenv("SH_SEED");
	int grow = 1;

	seed_used = env ? strtoul(env, NULL, 0) : seed;
	rng = seed_used * 0x9E3779B97F4A7C15ULL + 1;
	step = 0;
	nr_live = max_live = 0;
	nr_tracked = 0;
	nr_validations = nr_allocs = nr_large = nr_frees = 0;
	memset(hash_head, 0, sizeof(hash_head));
	sh_boot(m, cmdline);
	for (int i = 0; i < NR_MC; i++) {
		mc[i].s = kmem_cache_create(mc[i].name, mc[i].size, mc[i].align,
					    mc[i].flags | SLAB_NO_MERGE,
					    mc[i].ctor ? m_ctor : NULL);
		massert(mc[i].s, "cannot create %s", mc[i].name);
		track(mc[i].s);
	}
	/* every kmalloc cache the model may touch, counted from now */
	for (size_t size = 8; size <= KMALLOC_MAX_CACHE_SIZE; size *= 2) {
		track(kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(size)]);
		track(kmalloc_caches[KMALLOC_DMA][kmalloc_index(size)]);
		track(kmalloc_caches[KMALLOC_RECLAIM][kmalloc_index(size)]);
	}
	for (int t = 0; t < NR_KMALLOC_TYPES; t++) {
		track(kmalloc_caches[t][kmalloc_index(96)]);
		track(kmalloc_caches[t][kmalloc_index(192)]);
	}

	for (step = 1; step <= OPS_PER_CASE; step++) {
		unsigned int r = rnd_below(100);
		unsigned int alloc_share = grow ? 60 : 35;

		if (step % 20000 == 0)
			grow = !grow;
		if (nr_live >= MAX_LIVE - MAX_BULK)
			r = 99;	/* free */
		if (r < alloc_share / 2)
			op_cache_alloc();
		else if (r < alloc_share * 3 / 4)
			op_kmalloc();
		else if (r < alloc_share)
			op_cache_alloc_bulk();
		else if (r < alloc_share + 5)
			op_free_bulk();
		else if (r < alloc_share + 9)
			op_krealloc();
		else if (r == alloc_share + 9 && rnd_below(10) == 0)
			op_shrink();
		else
			op_free();
		if (step % BATCH == 0 || (step <= EARLY_STEPS && step % EARLY_BATCH == 0))
			validate();
	}
	validate();
	/* the run did what it claims */
	massert(nr_validations == OPS_PER_CASE / BATCH + 1 +
		(EARLY_STEPS / EARLY_BATCH - EARLY_STEPS / BATCH), "%lu validations",
		nr_validations);
	massert(nr_allocs > OPS_PER_CASE / 3, "only %lu allocations", nr_allocs);
	massert(nr_large > 0, "no large kmalloc");
	massert(max_live > MAX_LIVE / 4, "at most %d objects held", max_live);

	/* give everything back */
	while (nr_live) {
		struct obj o = take_live(nr_live - 1);

		free_obj(&o);
	}
	validate();
	for (int i = 0; i < NR_MC; i++) {
		massert(sh_objects_inuse(mc[i].s) == 0, "%s not empty", mc[i].name);
		kmem_cache_shrink(mc[i].s);
		massert(sh_slabs(mc[i].s) == 0, "%s keeps %lu slabs after shrink", mc[i].name,
			sh_slabs(mc[i].s));
		kmem_cache_destroy(mc[i].s);
	}
	massert(!bh_log_has("still has objects"), "%s", bh_log());
	sh_check();
	bh_halt();
}

TestSuite(slab_model);

Test(slab_model, one_node_a)
{
	run_case(&bh_m3z, NULL, 1);
}

Test(slab_model, one_node_b)
{
	run_case(&bh_m3z, NULL, 2);
}

Test(slab_model, two_nodes)
{
	run_case(&bh_m3z_2n, NULL, 3);
}

Test(slab_model, numa)
{
	run_case(&bh_mnuma, NULL, 4);
}

Test(slab_model, one_cpu)
{
	static const struct bh_machine m = { "256M/1cpu", 256ULL << 20, NULL, 1, 1 };

	run_case(&m, "slub_min_objects=4", 5);
}

Test(slab_model, high_min_order)
{
	run_case(&bh_m3z, "slub_min_order=2", 6);
}

Test(slab_model, max_order_zero)
{
	run_case(&bh_m3z, "slub_max_order=0", 7);
}

Test(slab_model, no_hardening_no_random)
{
	run_case(&bh_m3z, "slab_freelist_hardened=0 slab_freelist_random=0", 8);
}
