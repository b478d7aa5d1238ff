// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_merge.c - cache merging and aliases, as Linux 6.12's
 * find_mergeable() and slab_unmergeable() decide (mm/slab_common.c):
 *
 *  - a new cache merges into an existing one (kmem_cache_create() returns
 *    the existing cache, with one more reference) when:
 *      its size, rounded to a pointer and to its alignment, is at most
 *      the existing s->size and less than a pointer below it;
 *      s->size is a multiple of its alignment;
 *      both agree on SLAB_RECLAIM_ACCOUNT, SLAB_CACHE_DMA, SLAB_CACHE_DMA32
 *      and SLAB_ACCOUNT (SLAB_MERGE_SAME);
 *      neither has a ctor, a usercopy region (CONFIG_HARDENED_USERCOPY) or
 *      a flag of SLAB_NEVER_MERGE (red zone, poison, store user, trace,
 *      typesafe-by-RCU, noleaktrace, failslab, no-merge);
 *  - "slab_nomerge" (and "slub_nomerge") turns merging off, "slab_merge"
 *    (and "slub_merge") on again; the default is on
 *    (CONFIG_SLAB_MERGE_DEFAULT);
 *  - flags that slub_debug= adds to a cache by name count as that cache's
 *    flags (kmem_cache_flags() runs before the search);
 *  - kmem_cache_destroy() of an alias only drops a reference: the cache
 *    lives on for the others, and goes with the last.
 *
 * Sizes here (1000, 996, 992 ...) lie far from every kmalloc size class
 * (kmalloc-1k is 24 bytes away), so only the suite's own caches can match.
 *
 *   "m_a" 1000 -----> [kmem_cache m_a, size 1000, refcount 1]
 *   "m_b"  996 --+                          ^ refcount 2
 *                +--------------------------+  (ALIGN(996, 8) = 1000)
 */
#include <string.h>

#include "helpers/slab_harness.h"

static void boot(void)
{
	sh_boot(&bh_m3z, NULL);
}

static void finish(void)
{
	sh_check();
	bh_halt();
}

TestSuite(slab_merge, .init = boot, .fini = finish);
/* Cases that boot their own machine. */
TestSuite(slab_merge_boot, .fini = finish);

static struct kmem_cache *mk(const char *name, unsigned int size, unsigned int align,
			     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = kmem_cache_create(name, size, align, flags, ctor);

	cr_assert_not_null(s, "kmem_cache_create(%s) failed:\n%s", name, bh_log());
	return s;
}

static void ctor(void *p)
{
	memset(p, 0, 8);
}

/* Exercise a cache (or alias) and check the objects land in @s's slabs. */
static void use(struct kmem_cache *s, struct kmem_cache *via)
{
	void *p[20];

	for (int i = 0; i < 20; i++) {
		p[i] = kmem_cache_alloc(via, GFP_KERNEL);
		cr_assert_not_null(p[i]);
		cr_assert_eq(sh_cache_of(p[i]), s);
	}
	for (int i = 0; i < 20; i++)
		kmem_cache_free(via, p[i]);
}

/* Same size class after rounding to a pointer: one cache, two names. */
Test(slab_merge, compatible_caches_merge)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 996, 0, 0, NULL);

	cr_assert_eq(b, a, "996 bytes did not merge into the 1000-byte cache");
	cr_assert_eq(sh_refcount(a), 2);
	cr_assert_str_eq(sh_name(a), "m_a", "the alias renamed its target");
	cr_assert_eq(kmem_cache_size(b), 1000);
	use(a, b);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* A smaller request merges while the waste stays below a pointer. */
Test(slab_merge, merge_only_within_a_pointer)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 993, 0, 0, NULL);	/* 1000 */
	struct kmem_cache *c = mk("m_c", 992, 0, 0, NULL);	/* 992: 8 below */

	cr_assert_eq(b, a);
	cr_assert_neq(c, a, "992 merged into 1000 (s->size - size >= sizeof(void *))");
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* A larger request never merges into a smaller cache. */
Test(slab_merge, never_into_a_smaller_cache)
{
	struct kmem_cache *a = mk("m_a", 992, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 1000, 0, 0, NULL);

	cr_assert_neq(b, a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* Alignment: the existing cache's stride must be a multiple of the new
 * alignment, and the new size rounded to it must fit. */
Test(slab_merge, alignment_must_be_compatible)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);	/* size 1000 = 8 * 125 */
	struct kmem_cache *b = mk("m_b", 1000, 16, 0, NULL);	/* 1008 > 1000 */
	struct kmem_cache *c = mk("m_c", 1024 + 200, 64, 0, NULL);	/* 1280 */
	struct kmem_cache *d = mk("m_d", 1276, 0, 0, NULL);	/* 1280, 8 | 1280 */
	struct kmem_cache *e = mk("m_e", 1270, 128, 0, NULL);	/* 1280 = 10 * 128 */

	cr_assert_neq(b, a);
	cr_assert_eq(d, c);
	cr_assert_eq(e, c, "1270 with align 128 rounds to 1280, a multiple of 128");
	kmem_cache_destroy(e);
	kmem_cache_destroy(d);
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* SLAB_HWCACHE_ALIGN: 1000 rounds to 1024 with align 64: too far from
 * the 1000-byte cache. */
Test(slab_merge, hwcache_align_rounds_before_matching)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 1000, 0, SLAB_HWCACHE_ALIGN, NULL);

	cr_assert_neq(b, a);
	cr_assert_eq(sh_size(b) % 64, 0);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* A constructor prevents merging both ways. */
Test(slab_merge, ctor_prevents_merging)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 1000, 0, 0, ctor);
	struct kmem_cache *c = mk("m_c", 1000, 0, 0, ctor);
	struct kmem_cache *d = mk("m_d", 1080, 0, 0, ctor);
	struct kmem_cache *e = mk("m_e", 1076, 0, 0, NULL);	/* not into d */

	cr_assert_neq(b, a);
	cr_assert_neq(c, b, "two ctor caches merged");
	cr_assert_neq(e, d, "merged into a ctor cache");
	cr_assert_eq(sh_refcount(b), 1);
	kmem_cache_destroy(e);
	kmem_cache_destroy(d);
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* SLAB_NO_MERGE on either side. */
Test(slab_merge, no_merge_flag)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *b = mk("m_b", 1000, 0, 0, NULL);
	struct kmem_cache *c = mk("m_c", 1000, 0, SLAB_NO_MERGE, NULL);

	cr_assert_neq(b, a, "merged into a SLAB_NO_MERGE cache");
	cr_assert_neq(c, b, "a SLAB_NO_MERGE cache merged");
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* Every flag of SLAB_NEVER_MERGE keeps a cache apart. */
Test(slab_merge, never_merge_flags)
{
	static const struct { slab_flags_t flag; const char *name; } t[] = {
		{ SLAB_RED_ZONE, "red_zone" },
		{ SLAB_POISON, "poison" },
		{ SLAB_STORE_USER, "store_user" },
		{ SLAB_TRACE, "trace" },
		{ SLAB_TYPESAFE_BY_RCU, "typesafe_by_rcu" },
		{ SLAB_NOLEAKTRACE, "noleaktrace" },
		{ SLAB_FAILSLAB, "failslab" },
		{ SLAB_NO_MERGE, "no_merge" },
	};
	struct kmem_cache *a = mk("m_plain", 1000, 0, 0, NULL);

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct kmem_cache *b = mk(t[i].name, 1000, 0, t[i].flag, NULL);
		struct kmem_cache *c;

		cr_assert_neq(b, a, "%s merged into a plain cache", t[i].name);
		/* and nothing merges into it */
		c = mk("m_after", 1000, 0, 0, NULL);
		cr_assert_eq(c, a, "%s: a plain cache did not merge with the plain one",
			     t[i].name);
		kmem_cache_destroy(c);
		kmem_cache_destroy(b);
	}
	cr_assert_eq(sh_refcount(a), 1);
	kmem_cache_destroy(a);
}

/* SLAB_MERGE_SAME: these flags must agree for a merge. */
Test(slab_merge, merge_same_flags_must_agree)
{
	static const struct { slab_flags_t flag; const char *name; } t[] = {
		{ SLAB_RECLAIM_ACCOUNT, "reclaim_account" },
		{ SLAB_CACHE_DMA, "cache_dma" },
		{ SLAB_CACHE_DMA32, "cache_dma32" },
		{ SLAB_ACCOUNT, "account" },
	};
	struct kmem_cache *a = mk("m_plain", 1000, 0, 0, NULL);

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct kmem_cache *b = mk(t[i].name, 1000, 0, t[i].flag, NULL);
		struct kmem_cache *c = mk("m_same", 996, 0, t[i].flag, NULL);

		cr_assert_neq(b, a, "%s merged into a plain cache", t[i].name);
		cr_assert_eq(c, b, "two %s caches did not merge", t[i].name);
		cr_assert_eq(sh_refcount(b), 2);
		kmem_cache_destroy(c);
		kmem_cache_destroy(b);
	}
	kmem_cache_destroy(a);
}

/* SLAB_HWCACHE_ALIGN is not in SLAB_MERGE_SAME: only the layout counts. */
Test(slab_merge, hwcache_align_flag_itself_does_not_block)
{
	struct kmem_cache *a = mk("m_a", 1280, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 1276, 0, SLAB_HWCACHE_ALIGN, NULL);	/* 1280, 64 | 1280 */

	cr_assert_eq(b, a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* A usercopy region keeps a cache apart (CONFIG_HARDENED_USERCOPY). */
Test(slab_merge, usercopy_region_prevents_merging)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = kmem_cache_create_usercopy("m_uc", 1000, 0, 0, 0, 100, NULL);
	struct kmem_cache *c;

	cr_assert_neq(b, a);
	c = mk("m_c", 1000, 0, 0, NULL);
	cr_assert_eq(c, a);
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/*
 * The kmalloc caches are on slab_caches but never merge targets:
 * create_kmalloc_cache() gives each a usercopy region of its whole size
 * (usersize = size), which slab_unmergeable() refuses under
 * CONFIG_HARDENED_USERCOPY; with CONFIG_MEMCG new_kmalloc_cache() also
 * marks the KMALLOC_NORMAL ones SLAB_NO_MERGE (kmm's configuration, see
 * kmm/slab.h). A 512-byte cache gets its own, reclaimable or not.
 */
Test(slab_merge, kmalloc_caches_are_not_merge_targets)
{
	struct kmem_cache *k = sh_find("kmalloc-512");
	struct kmem_cache *rcl = sh_find("kmalloc-rcl-512");
	struct kmem_cache *a, *b;

	cr_assert_not_null(k);
	cr_assert_not_null(rcl);
	cr_assert_eq(sh_usersize(k), 512);
	cr_assert_eq(sh_usersize(rcl), 512);
	cr_assert(sh_flags(k) & SLAB_NO_MERGE, "kmalloc-512 lacks SLAB_NO_MERGE");
	a = mk("m_512", 512, 0, 0, NULL);
	cr_assert_neq(a, k, "a 512-byte cache merged into kmalloc-512");
	b = mk("m_512_rcl", 512, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	cr_assert_neq(b, rcl, "a reclaimable 512-byte cache merged into kmalloc-rcl-512");
	cr_assert_eq(sh_refcount(k), 1);
	cr_assert_eq(sh_refcount(rcl), 1);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* ---- destroy of aliases ---- */

/* Destroying the alias first leaves the cache, with its objects. */
Test(slab_merge, destroy_alias_first)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 1000, 0, 0, NULL);
	void *p = kmem_cache_alloc(a, GFP_KERNEL);

	cr_assert_eq(b, a);
	kmem_cache_destroy(b);
	cr_assert_eq(sh_refcount(a), 1);
	cr_assert_not_null(sh_find("m_a"));
	cr_assert_not(bh_log_has("still has objects"), "%s", bh_log());
	use(a, a);
	kmem_cache_free(a, p);
	kmem_cache_destroy(a);
	cr_assert_null(sh_find("m_a"));
}

/* Destroying the original first: the alias keeps the cache alive. */
Test(slab_merge, destroy_original_first)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 1000, 0, 0, NULL);
	struct kmem_cache *c = mk("m_c", 1000, 0, 0, NULL);

	cr_assert_eq(sh_refcount(a), 3);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	cr_assert_eq(sh_refcount(c), 1);
	use(c, c);
	kmem_cache_destroy(c);
	cr_assert_null(sh_find("m_a"));
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
}

/* Objects allocated through one name may be freed through another. */
Test(slab_merge, objects_cross_alias_names)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 1000, 0, 0, NULL);
	void *p[30];

	for (int i = 0; i < 30; i++)
		p[i] = kmem_cache_alloc(i % 2 ? a : b, GFP_KERNEL);
	for (int i = 0; i < 30; i++)
		kmem_cache_free(i % 2 ? b : a, p[i]);
	cr_assert_eq(sh_objects_inuse(a), 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
}

/* ---- boot options ---- */

static void expect_merge(bool merge)
{
	struct kmem_cache *a = mk("m_a", 1000, 0, 0, NULL);
	struct kmem_cache *b = mk("m_b", 996, 0, 0, NULL);

	if (merge)
		cr_assert_eq(b, a, "caches did not merge");
	else
		cr_assert_neq(b, a, "caches merged under slab_nomerge");
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

Test(slab_merge_boot, slab_nomerge)
{
	sh_boot(&bh_m3z, "slab_nomerge");
	expect_merge(false);
}

Test(slab_merge_boot, slub_nomerge)
{
	sh_boot(&bh_m3z, "slub_nomerge");
	expect_merge(false);
}

Test(slab_merge_boot, slab_merge_after_nomerge)
{
	sh_boot(&bh_m3z, "slab_nomerge slab_merge");
	expect_merge(true);
}

Test(slab_merge_boot, slub_merge_after_nomerge)
{
	sh_boot(&bh_m3z, "slub_nomerge slub_merge");
	expect_merge(true);
}

Test(slab_merge_boot, nomerge_after_merge)
{
	sh_boot(&bh_m3z, "slab_merge slab_nomerge");
	expect_merge(false);
}

/* slub_debug= for one cache name gives it debug flags before the search:
 * it does not merge, while other names still do. */
Test(slab_merge_boot, slub_debug_by_name_prevents_merging)
{
	struct kmem_cache *a, *b, *c;

	sh_boot(&bh_m3z, "slub_debug=Z,m_b");
	a = mk("m_a", 1000, 0, 0, NULL);
	b = mk("m_b", 996, 0, 0, NULL);
	c = mk("m_c", 996, 0, 0, NULL);
	cr_assert_neq(b, a, "a slub_debug cache merged");
	cr_assert(sh_flags(b) & SLAB_RED_ZONE);
	cr_assert_eq(c, a);
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* slub_debug for every cache: nothing merges. */
Test(slab_merge_boot, global_slub_debug_prevents_merging)
{
	sh_boot(&bh_m3z, "slub_debug=P");
	expect_merge(false);
}
