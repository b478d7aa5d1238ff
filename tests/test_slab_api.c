// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_api.c - the kmem_cache API does what Linux 6.12's does
 * (include/linux/slab.h, mm/slab_common.c, mm/slub.c):
 *
 *  - kmem_cache_create()/_usercopy() make a cache whose objects have the
 *    size asked and at least the alignment asked (SLAB_HWCACHE_ALIGN: the
 *    cache line, halved while the object fits twice: calculate_alignment());
 *    a size that no slab of MAX_PAGE_ORDER can hold fails with
 *    "kmem_cache_create(NAME) failed with error -22", or panics with
 *    SLAB_PANIC;
 *  - SLAB_CACHE_DMA / SLAB_CACHE_DMA32 objects live in ZONE_DMA / DMA32;
 *    plain caches prefer ZONE_NORMAL;
 *  - SLAB_RECLAIM_ACCOUNT slabs count as NR_SLAB_RECLAIMABLE_B, the
 *    others as NR_SLAB_UNRECLAIMABLE_B; SLAB_ACCOUNT is accepted;
 *  - kmem_cache_alloc_node() gives an object of that node;
 *    kmem_cache_zalloc() zeroes; kmem_cache_size() is the object size;
 *  - kmem_cache_alloc_bulk() fills the whole array or nothing;
 *    kmem_cache_free_bulk() takes objects of one cache, or of several
 *    kmalloc caches with a NULL cache (kfree_bulk());
 *  - kmem_cache_shrink() gives empty slabs back and returns whether slabs
 *    remain;
 *  - kmem_cache_destroy() of an empty cache frees it; with objects left it
 *    warns "kmem_cache_destroy NAME: Slab cache still has objects when
 *    called from CALLER" and leaves the cache alive; kmem_cache_destroy(NULL)
 *    does nothing.
 *
 * The machine is bh_m3z (DMA, DMA32 and Normal in one node) unless a case
 * needs two nodes. Every case ends with the validators.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "helpers/child_stderr.h"
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

TestSuite(slab_api, .init = boot, .fini = finish);
/* Cases that boot their own machine. */
TestSuite(slab_api_boot, .fini = finish);

/* A cache of 100-byte objects: alloc, write, free; counters follow. */
Test(slab_api, create_alloc_free)
{
	struct kmem_cache *s = kmem_cache_create("api_100", 100, 0, 0, NULL);
	void *p;

	cr_assert_not_null(s);
	cr_assert_str_eq(sh_name(s), "api_100");
	cr_assert_eq(kmem_cache_size(s), 100);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_eq(sh_cache_of(p), s);
	cr_assert_eq(sh_objects_inuse(s), 1);
	memset(p, 0xa5, 100);
	sh_check_cache(s);
	kmem_cache_free(s, p);
	cr_assert_eq(sh_objects_inuse(s), 0);
	sh_check_cache(s);
	kmem_cache_destroy(s);
}

/* Objects of one cache never overlap and lie in slabs of the cache. */
Test(slab_api, many_objects_are_distinct)
{
	enum { N = 2000 };
	static void *obj[N];
	struct kmem_cache *s = kmem_cache_create("api_72", 72, 0, SLAB_NO_MERGE, NULL);

	for (int i = 0; i < N; i++) {
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_not_null(obj[i]);
		sh_fill(obj[i], 72, (uint64_t)i);
	}
	cr_assert_eq(sh_objects_inuse(s), N);
	for (int i = 0; i < N; i++) {
		cr_assert(sh_filled(obj[i], 72, (uint64_t)i), "object %d overwritten", i);
		cr_assert(PageSlab(sh_slab_page(obj[i])));
		cr_assert_eq(sh_cache_of(obj[i]), s);
	}
	sh_check_cache(s);
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, obj[i]);
	cr_assert_eq(sh_objects_inuse(s), 0);
	kmem_cache_destroy(s);
}

/* Alignment: an explicit align is honoured; objects are at least
 * pointer-aligned (ARCH_SLAB_MINALIGN = 8 on x86-64). */
Test(slab_api, explicit_alignment_is_honoured)
{
	static const unsigned int aligns[] = { 0, 8, 16, 32, 64, 128, 256, 512, 4096, 8192 };

	for (unsigned int i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		char name[32];
		unsigned int want = aligns[i] ? aligns[i] : 8;
		struct kmem_cache *s;
		void *p[5];

		snprintf(name, sizeof(name), "api_align%u", aligns[i]);
		s = kmem_cache_create(name, 40, aligns[i], 0, NULL);
		cr_assert_not_null(s, "align %u", aligns[i]);
		cr_assert_geq(sh_align(s), want);
		for (int j = 0; j < 5; j++) {
			p[j] = kmem_cache_alloc(s, GFP_KERNEL);
			cr_assert_eq((uintptr_t)p[j] % want, 0, "align %u: object at %p",
				     aligns[i], p[j]);
		}
		for (int j = 0; j < 5; j++)
			kmem_cache_free(s, p[j]);
		kmem_cache_destroy(s);
	}
}

/*
 * SLAB_HWCACHE_ALIGN: align to the cache line (64), halved while the object
 * fits in half of it (calculate_alignment() in mm/slab_common.c):
 *
 *   size 100 -> 64,  size 40 -> 64,  size 20 -> 32,  size 12 -> 16,
 *   size 6 -> 8 (and never below 8)
 */
Test(slab_api, hwcache_align)
{
	static const struct { unsigned int size, align; } t[] = {
		{ 100, 64 }, { 40, 64 }, { 33, 64 }, { 32, 32 }, { 20, 32 },
		{ 12, 16 }, { 6, 8 }, { 1000, 64 },
	};

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char name[32];
		struct kmem_cache *s;
		void *p, *q;

		snprintf(name, sizeof(name), "api_hw%u", t[i].size);
		s = kmem_cache_create(name, t[i].size, 0, SLAB_HWCACHE_ALIGN | SLAB_NO_MERGE,
				      NULL);
		cr_assert_not_null(s);
		cr_assert_eq(sh_align(s), t[i].align, "size %u: align %u, want %u",
			     t[i].size, sh_align(s), t[i].align);
		cr_assert_eq(sh_size(s) % t[i].align, 0);
		p = kmem_cache_alloc(s, GFP_KERNEL);
		q = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_eq((uintptr_t)p % t[i].align, 0);
		cr_assert_eq((uintptr_t)q % t[i].align, 0);
		kmem_cache_free(s, p);
		kmem_cache_free(s, q);
		kmem_cache_destroy(s);
	}
}

/* A larger explicit align wins over SLAB_HWCACHE_ALIGN's. */
Test(slab_api, explicit_align_above_cache_line_wins)
{
	struct kmem_cache *s = kmem_cache_create("api_hw256", 100, 256, SLAB_HWCACHE_ALIGN, NULL);
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	cr_assert_eq(sh_align(s), 256);
	cr_assert_eq((uintptr_t)p % 256, 0);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* Objects smaller than a pointer still work (the free pointer needs 8). */
Test(slab_api, tiny_objects)
{
	struct kmem_cache *s = kmem_cache_create("api_1", 1, 0, SLAB_NO_MERGE, NULL);
	void *p[100];

	cr_assert_not_null(s);
	cr_assert_eq(kmem_cache_size(s), 1);
	cr_assert_geq(sh_size(s), 8);
	for (int i = 0; i < 100; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		*(unsigned char *)p[i] = (unsigned char)i;
	}
	for (int i = 0; i < 100; i++)
		cr_assert_eq(*(unsigned char *)p[i], (unsigned char)i);
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

/* Large objects: up to what fits one slab of MAX_PAGE_ORDER (4 MiB). */
Test(slab_api, large_objects)
{
	static const unsigned int sizes[] = { 4096, 5000, 65536, 1U << 20, 4U << 20 };

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char name[32];
		struct kmem_cache *s;
		void *p;

		snprintf(name, sizeof(name), "api_big%u", sizes[i]);
		s = kmem_cache_create(name, sizes[i], 0, 0, NULL);
		cr_assert_not_null(s, "size %u:\n%s", sizes[i], bh_log());
		p = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_not_null(p, "size %u", sizes[i]);
		memset(p, 0x3c, sizes[i]);
		cr_assert_eq(sh_cache_of(p), s);
		kmem_cache_free(s, p);
		kmem_cache_destroy(s);
	}
}

/* No order up to MAX_PAGE_ORDER holds 8 MiB: create fails with -EINVAL
 * and the kernel's warning (__kmem_cache_create_args()). */
Test(slab_api, create_too_large_fails)
{
	struct kmem_cache *s = kmem_cache_create("api_huge", 8U << 20, 0, 0, NULL);

	cr_assert_null(s);
	cr_assert(bh_log_has("(api_huge) failed with error -22"), "%s", bh_log());
}

static void create_huge_with_panic(void)
{
	kmm_set_console(NULL);
	kmem_cache_create("api_panic", 8U << 20, 0, SLAB_PANIC, NULL);
}

/* SLAB_PANIC: the failure panics with the kernel's words. */
Test(slab_api, slab_panic_panics_on_failure)
{
	char out[16384];
	int status = run_child_stderr(create_huge_with_panic, out, sizeof(out));

	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "status %#x\n%s",
		  status, out);
	cr_assert(strstr(out, "Kernel panic - not syncing: __kmem_cache_create_args: "
			      "Failed to create slab 'api_panic'. Error -22"), "%s", out);
}

/* SLAB_PANIC on a cache that can be made changes nothing. */
Test(slab_api, slab_panic_on_success)
{
	struct kmem_cache *s = kmem_cache_create("api_panic_ok", 64, 0, SLAB_PANIC, NULL);
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	cr_assert_not_null(p);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* A flag the kernel does not permit (SLAB_KMALLOC is for its own caches
 * but permitted; an unused high bit is not) makes create fail. */
Test(slab_api, unknown_flag_fails)
{
	struct kmem_cache *s = kmem_cache_create("api_badflag", 64, 0,
						 (slab_flags_t)(1U << 30), NULL);

	cr_assert_null(s);
	cr_assert(bh_log_has("(api_badflag) failed with error -22"), "%s", bh_log());
}

/* ---- names and the 6.12 argument forms ---- */

/* CONFIG_DEBUG_VM's kmem_cache_sanity_check(): a second cache of the same
 * name is made, with a warning ("Duplicate names will confuse slabtop"). */
Test(slab_api, duplicate_name_warns)
{
	struct kmem_cache *a = kmem_cache_create("api_dup", 64, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *b = kmem_cache_create("api_dup", 64, 0, SLAB_NO_MERGE, NULL);

	cr_assert_not_null(a);
	cr_assert_not_null(b);
	cr_assert_neq(a, b);
	cr_assert(bh_log_has("kmem_cache of name 'api_dup' already exists"), "%s", bh_log());
	cr_assert(bh_log_has("WARNING: CPU:"), "%s", bh_log());
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* A space in the name confuses parsers of /proc/slabinfo: WARN_ON. */
Test(slab_api, name_with_a_space_warns)
{
	struct kmem_cache *s = kmem_cache_create("api space", 64, 0, SLAB_NO_MERGE, NULL);

	cr_assert_not_null(s);
	cr_assert(bh_log_has("WARNING: CPU:"), "%s", bh_log());
	kmem_cache_destroy(s);
}

/* No name: the integrity check fails, create returns NULL. */
Test(slab_api, null_name_fails)
{
	cr_assert_null(kmem_cache_create(NULL, 64, 0, 0, NULL));
	cr_assert(bh_log_has("kmem_cache_create((null)) integrity check failed"), "%s",
		  bh_log());
}

/* 6.12's kmem_cache_create(name, size, &args, flags) and (name, size, NULL,
 * flags), and KMEM_CACHE(struct, flags) with the struct's alignment. */
struct api_item {
	long long a;
	char b[40];
} __attribute__((aligned(32)));

Test(slab_api, args_forms_and_kmem_cache_macro)
{
	struct kmem_cache_args args = { .align = 128 };
	struct kmem_cache *a = kmem_cache_create("api_args", 100, &args, SLAB_NO_MERGE);
	struct kmem_cache *b = kmem_cache_create("api_noargs", 100, NULL, SLAB_NO_MERGE);
	struct kmem_cache *c = KMEM_CACHE(api_item, SLAB_NO_MERGE);
	void *p, *q, *r;

	cr_assert_not_null(a);
	cr_assert_not_null(b);
	cr_assert_not_null(c);
	cr_assert_eq(sh_align(a), 128);
	cr_assert_eq(sh_align(b), 8);
	cr_assert_str_eq(sh_name(c), "api_item");
	cr_assert_eq(kmem_cache_size(c), sizeof(struct api_item));
	cr_assert_geq(sh_align(c), 32);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	q = kmem_cache_alloc(b, GFP_KERNEL);
	r = kmem_cache_alloc(c, GFP_KERNEL);
	cr_assert_eq((uintptr_t)p % 128, 0);
	cr_assert_eq((uintptr_t)r % 32, 0);
	kmem_cache_free(a, p);
	kmem_cache_free(b, q);
	kmem_cache_free(c, r);
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
}

/* ---- zones ---- */

static void check_zone(slab_flags_t flags, enum zone_type want, const char *name)
{
	struct kmem_cache *s = kmem_cache_create(name, 128, 0, flags, NULL);
	void *p[64];

	cr_assert_not_null(s);
	for (int i = 0; i < 64; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_not_null(p[i]);
		cr_assert_eq(sh_zone_of(p[i]), want, "%s: object %d in zone %d, want %d",
			     name, i, sh_zone_of(p[i]), want);
	}
	for (int i = 0; i < 64; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

Test(slab_api, cache_dma_objects_come_from_zone_dma)
{
	check_zone(SLAB_CACHE_DMA, ZONE_DMA, "api_dma");
}

Test(slab_api, cache_dma32_objects_come_from_zone_dma32)
{
	check_zone(SLAB_CACHE_DMA32, ZONE_DMA32, "api_dma32");
}

Test(slab_api, plain_objects_come_from_zone_normal)
{
	check_zone(0, ZONE_NORMAL, "api_normal");
}

/* kmem_cache_alloc(GFP_DMA) on a plain cache is a caller bug the kernel
 * refuses to honour for the zone... the object comes from the cache's slabs,
 * never from a DMA zone request of the caller: zone follows the cache. */

/* ---- nodes ---- */

/* bh_m3z_2n: node 0 holds DMA and DMA32, node 1 holds Normal. */
Test(slab_api_boot, alloc_node_gives_an_object_of_that_node)
{
	struct kmem_cache *s;
	void *p[2][40];

	sh_boot(&bh_m3z_2n, NULL);
	s = kmem_cache_create("api_node", 256, 0, 0, NULL);
	for (int nid = 0; nid < 2; nid++)
		for (int i = 0; i < 40; i++) {
			p[nid][i] = kmem_cache_alloc_node(s, GFP_KERNEL, nid);
			cr_assert_not_null(p[nid][i]);
			cr_assert_eq(page_to_nid(virt_to_page(p[nid][i])), nid,
				     "asked node %d, object %d on node %d", nid, i,
				     page_to_nid(virt_to_page(p[nid][i])));
		}
	cr_assert_gt(sh_node_slabs(s, 0), 0);
	cr_assert_gt(sh_node_slabs(s, 1), 0);
	sh_check_cache(s);
	for (int nid = 0; nid < 2; nid++)
		for (int i = 0; i < 40; i++)
			kmem_cache_free(s, p[nid][i]);
	/* NUMA_NO_NODE: any node */
	p[0][0] = kmem_cache_alloc_node(s, GFP_KERNEL, NUMA_NO_NODE);
	cr_assert_not_null(p[0][0]);
	kmem_cache_free(s, p[0][0]);
	kmem_cache_destroy(s);
}

/* ---- zalloc, size ---- */

Test(slab_api, zalloc_zeroes_a_reused_object)
{
	struct kmem_cache *s = kmem_cache_create("api_zalloc", 200, 0, 0, NULL);
	unsigned char *p = kmem_cache_alloc(s, GFP_KERNEL);

	memset(p, 0xff, 200);
	kmem_cache_free(s, p);
	for (int i = 0; i < 50; i++) {
		unsigned char *q = kmem_cache_zalloc(s, GFP_KERNEL);

		cr_assert(sh_all_bytes(q, 200, 0), "kmem_cache_zalloc gave dirty bytes");
		memset(q, 0xee, 200);
		kmem_cache_free(s, q);
	}
	p = kmem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);
	cr_assert(sh_all_bytes(p, 200, 0));
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

Test(slab_api, size_is_the_object_size_not_the_stride)
{
	struct kmem_cache *s = kmem_cache_create("api_size", 13, 64, 0, NULL);

	cr_assert_eq(kmem_cache_size(s), 13);
	cr_assert_eq(sh_size(s), 64);
	kmem_cache_destroy(s);
}

/*
 * ksize() of a cache's object is slab_ksize(): the whole stride (s->size)
 * for plain caches, including the alignment padding; up to the metadata
 * (s->inuse) for SLAB_TYPESAFE_BY_RCU caches, whose free pointer follows
 * the object; the object size when red zones or poisoning are on. (6.12
 * returns s->size for a constructor cache too, free pointer included.)
 */
Test(slab_api, ksize_of_cache_objects)
{
	struct kmem_cache *plain = kmem_cache_create("api_ks", 100, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *hw = kmem_cache_create("api_kshw", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	struct kmem_cache *rcu = kmem_cache_create("api_ksrcu", 100, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	struct kmem_cache *rz = kmem_cache_create("api_ksrz", 100, 0, SLAB_RED_ZONE, NULL);
	void *a = kmem_cache_alloc(plain, GFP_KERNEL);
	void *b = kmem_cache_alloc(hw, GFP_KERNEL);
	void *c = kmem_cache_alloc(rcu, GFP_KERNEL);
	void *d = kmem_cache_alloc(rz, GFP_KERNEL);

	cr_assert_eq(ksize(a), 104);
	cr_assert_eq(ksize(b), 128);
	cr_assert_eq(ksize(c), 104, "RCU cache: ksize %zu, want s->inuse 104", ksize(c));
	cr_assert_eq(ksize(d), 100);
	kmem_cache_free(plain, a);
	kmem_cache_free(hw, b);
	kmem_cache_free(rcu, c);
	kmem_cache_free(rz, d);
	kmem_cache_destroy(rz);
	kmem_cache_destroy(rcu);
	kmem_cache_destroy(hw);
	kmem_cache_destroy(plain);
}

/* ---- usercopy ---- */

Test(slab_api, create_usercopy)
{
	struct kmem_cache *s = kmem_cache_create_usercopy("api_uc", 256, 0, 0, 16, 64, NULL);
	void *p;

	cr_assert_not_null(s);
	cr_assert_eq(sh_useroffset(s), 16);
	cr_assert_eq(sh_usersize(s), 64);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_not_null(p);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* A user region outside the object is dropped with a warning (the cache
 * is still made, with usersize 0), as in __kmem_cache_create_args(). */
Test(slab_api, create_usercopy_bad_region_warns)
{
	struct kmem_cache *s = kmem_cache_create_usercopy("api_uc_bad", 64, 0, 0, 32, 64, NULL);

	cr_assert_not_null(s);
	cr_assert_eq(sh_usersize(s), 0);
	cr_assert_eq(sh_useroffset(s), 0);
	cr_assert(bh_log_has("WARNING: CPU:"), "%s", bh_log());
	kmem_cache_destroy(s);
}

/* ---- flags: accounting ---- */

/*
 * SLAB_RECLAIM_ACCOUNT slabs are reclaimable: every slab page is asked for
 * with __GFP_RECLAIMABLE (kmem_cache_open(): s->allocflags), so it comes
 * from a reclaimable pageblock when one exists; other caches' pages are
 * unmovable.
 */
Test(slab_api, reclaim_account_allocates_reclaimable_pages)
{
	struct kmem_cache *r = kmem_cache_create("api_rcl", 512, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	struct kmem_cache *u = kmem_cache_create("api_unrcl", 512, 0, SLAB_NO_MERGE, NULL);
	void *p[100], *q[100];

	cr_assert(sh_allocflags(r) & __GFP_RECLAIMABLE);
	cr_assert_not(sh_allocflags(u) & __GFP_RECLAIMABLE);
	cr_assert(sh_flags(r) & SLAB_RECLAIM_ACCOUNT);
	for (int i = 0; i < 100; i++) {
		p[i] = kmem_cache_alloc(r, GFP_KERNEL);
		q[i] = kmem_cache_alloc(u, GFP_KERNEL);
	}
	cr_assert_eq(bh_pageblock_mt(sh_slab_page(p[99])), MIGRATE_RECLAIMABLE);
	cr_assert_eq(bh_pageblock_mt(sh_slab_page(q[99])), MIGRATE_UNMOVABLE);
	for (int i = 0; i < 100; i++) {
		kmem_cache_free(r, p[i]);
		kmem_cache_free(u, q[i]);
	}
	kmem_cache_destroy(r);
	kmem_cache_destroy(u);
}

/*
 * The node counters follow the slab pages in bytes (account_slab() /
 * unaccount_slab() in mm/slab.h): a SLAB_RECLAIM_ACCOUNT cache's pages in
 * NR_SLAB_RECLAIMABLE_B, the others in NR_SLAB_UNRECLAIMABLE_B; shrink
 * takes them back out.
 */
Test(slab_api, slab_pages_are_counted_by_reclaimability)
{
	struct kmem_cache *r = kmem_cache_create("api_rcl2", 512, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	struct kmem_cache *u = kmem_cache_create("api_unrcl2", 512, 0, SLAB_NO_MERGE, NULL);
	unsigned long rcl0 = sh_slab_reclaimable_bytes();
	unsigned long unrcl0 = sh_slab_unreclaimable_bytes();
	unsigned long bytes;
	void *p[100], *q[100];

	for (int i = 0; i < 100; i++)
		p[i] = kmem_cache_alloc(r, GFP_KERNEL);
	bytes = sh_slabs(r) * (PAGE_SIZE << sh_order(r));
	cr_assert_gt(bytes, 0);
	cr_assert_eq(sh_slab_reclaimable_bytes(), rcl0 + bytes, "reclaimable %lu, want %lu",
		     sh_slab_reclaimable_bytes(), rcl0 + bytes);
	cr_assert_eq(sh_slab_unreclaimable_bytes(), unrcl0);
	for (int i = 0; i < 100; i++)
		q[i] = kmem_cache_alloc(u, GFP_KERNEL);
	cr_assert_eq(sh_slab_unreclaimable_bytes(),
		     unrcl0 + sh_slabs(u) * (PAGE_SIZE << sh_order(u)));
	for (int i = 0; i < 100; i++) {
		kmem_cache_free(r, p[i]);
		kmem_cache_free(u, q[i]);
	}
	kmem_cache_shrink(r);
	kmem_cache_shrink(u);
	cr_assert_eq(sh_slab_reclaimable_bytes(), rcl0);
	cr_assert_eq(sh_slab_unreclaimable_bytes(), unrcl0);
	kmem_cache_destroy(r);
	kmem_cache_destroy(u);
}

/* SLAB_ACCOUNT (memcg charging) is accepted and changes nothing here. */
Test(slab_api, slab_account_is_accepted)
{
	struct kmem_cache *s = kmem_cache_create("api_acct", 96, 0, SLAB_ACCOUNT, NULL);
	void *p;

	cr_assert_not_null(s);
	p = kmem_cache_alloc(s, GFP_KERNEL_ACCOUNT);
	cr_assert_not_null(p);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* ---- bulk ---- */

Test(slab_api, alloc_bulk_and_free_bulk)
{
	enum { N = 300 };
	struct kmem_cache *s = kmem_cache_create("api_bulk", 48, 0, SLAB_NO_MERGE, NULL);
	void *p[N];

	memset(p, 0, sizeof(p));
	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, N, p), N);
	for (int i = 0; i < N; i++) {
		cr_assert_not_null(p[i]);
		cr_assert_eq(sh_cache_of(p[i]), s);
		sh_fill(p[i], 48, (uint64_t)i);
	}
	for (int i = 0; i < N; i++)
		cr_assert(sh_filled(p[i], 48, (uint64_t)i), "bulk objects overlap at %d", i);
	cr_assert_eq(sh_objects_inuse(s), N);
	sh_check_cache(s);
	kmem_cache_free_bulk(s, N, p);
	cr_assert_eq(sh_objects_inuse(s), 0);
	sh_check_cache(s);
	kmem_cache_destroy(s);
}

/* Bulk with __GFP_ZERO zeroes every object. */
Test(slab_api, alloc_bulk_zero)
{
	struct kmem_cache *s = kmem_cache_create("api_bulkz", 64, 0, SLAB_NO_MERGE, NULL);
	void *p[40];

	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, 40, p), 40);
	for (int i = 0; i < 40; i++)
		memset(p[i], 0x77, 64);
	kmem_cache_free_bulk(s, 40, p);
	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL | __GFP_ZERO, 40, p), 40);
	for (int i = 0; i < 40; i++)
		cr_assert(sh_all_bytes(p[i], 64, 0), "object %d not zeroed", i);
	kmem_cache_free_bulk(s, 40, p);
	kmem_cache_destroy(s);
}

/* Objects from alloc_bulk and single allocs mix freely. */
Test(slab_api, bulk_and_single_mix)
{
	struct kmem_cache *s = kmem_cache_create("api_mix", 128, 0, SLAB_NO_MERGE, NULL);
	void *p[64];

	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, 64, p), 64);
	for (int i = 0; i < 64; i += 2)
		kmem_cache_free(s, p[i]);
	for (int i = 0; i < 64; i += 2)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(sh_objects_inuse(s), 64);
	kmem_cache_free_bulk(s, 64, p);
	cr_assert_eq(sh_objects_inuse(s), 0);
	kmem_cache_destroy(s);
}

/* kfree_bulk(): a NULL cache frees objects of several kmalloc caches and
 * large kmallocs, each to its own place (build_detached_freelist()). */
Test(slab_api, free_bulk_with_null_cache_is_kfree_bulk)
{
	static const size_t sizes[] = { 8, 64, 64, 100, 192, 4096, 8192, 20000, 64 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	struct kmem_cache *k64;
	unsigned long inuse64;
	void *p[N];

	for (int i = 0; i < N; i++)
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
	k64 = sh_cache_of(p[1]);
	inuse64 = sh_objects_inuse(k64);
	kmem_cache_free_bulk(NULL, N, p);
	cr_assert_eq(sh_objects_inuse(k64), inuse64 - 3);
	for (int i = 0; i < N; i++)
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
	cr_assert_eq(sh_objects_inuse(k64), inuse64);
	kfree_bulk(N, p);
	cr_assert_eq(sh_objects_inuse(k64), inuse64 - 3);
	sh_check();
}

/* ---- shrink ---- */

/*
 * Free everything, then shrink: no slab left and every page back.
 *
 *   before: [cpu slab][cpu partial ...][node partial: empty x min_partial]
 *   after:  (nothing)
 */
Test(slab_api, shrink_frees_empty_slabs)
{
	enum { N = 3000 };
	static void *p[N];
	struct kmem_cache *s = kmem_cache_create("api_shrink", 256, 0, SLAB_NO_MERGE, NULL);
	unsigned long free0 = bh_free_total();

	for (int i = 0; i < N; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_geq(sh_slabs(s), N / sh_objs_per_slab(s));
	for (int i = 0; i < N; i++)
		kmem_cache_free(s, p[i]);
	cr_assert_eq(kmem_cache_shrink(s), 0);
	cr_assert_eq(sh_slabs(s), 0, "%lu slabs left after shrink", sh_slabs(s));
	cr_assert_eq(sh_partial(s), 0);
	cr_assert_eq(bh_free_total(), free0, "free total %lu, before %lu", bh_free_total(),
		     free0);
	sh_check_cache(s);
	kmem_cache_destroy(s);
}

/* Shrink keeps slabs with objects and says so (returns 1). */
Test(slab_api, shrink_keeps_slabs_in_use)
{
	enum { N = 1000 };
	static void *p[N];
	struct kmem_cache *s = kmem_cache_create("api_shrink2", 256, 0, SLAB_NO_MERGE, NULL);
	unsigned int per = 0;

	for (int i = 0; i < N; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	per = sh_objs_per_slab(s);
	/* keep one object in every other slab's worth of allocations */
	for (int i = 0; i < N; i++)
		if (i % (2 * (int)per) != 0)
			kmem_cache_free(s, p[i]);
	cr_assert_eq(kmem_cache_shrink(s), 1);
	cr_assert_eq(sh_objects_inuse(s), (N + 2 * per - 1) / (2 * per));
	cr_assert_leq(sh_slabs(s), (N + 2 * per - 1) / (2 * per));
	for (int i = 0; i < N; i += 2 * (int)per)
		kmem_cache_free(s, p[i]);
	cr_assert_eq(kmem_cache_shrink(s), 0);
	cr_assert_eq(sh_slabs(s), 0);
	kmem_cache_destroy(s);
}

/* ---- destroy ---- */

/* Destroying an empty cache gives every slab page back and removes the
 * cache from slab_caches. */
Test(slab_api, destroy_empty_cache)
{
	struct kmem_cache *s = kmem_cache_create("api_destroy", 300, 0, SLAB_NO_MERGE, NULL);
	void *p[100];

	for (int i = 0; i < 100; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, p[i]);
	cr_assert_not_null(sh_find("api_destroy"));
	kmem_cache_destroy(s);
	cr_assert_null(sh_find("api_destroy"));
	cr_assert_not(bh_log_has("still has objects"), "%s", bh_log());
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
}

/* kmem_cache_destroy(NULL) does nothing. */
Test(slab_api, destroy_null)
{
	kmem_cache_destroy(NULL);
	cr_assert_not(bh_log_has("WARNING"));
}

/*
 * Objects left: Linux 6.12 WARNs "kmem_cache_destroy NAME: Slab cache still
 * has objects when called from CALLER" (mm/slab_common.c), lists them
 * ("Objects remaining on __kmem_cache_shutdown()", with CONFIG_SLUB_DEBUG),
 * and does not free the cache: the objects stay valid and can be freed.
 */
Test(slab_api, destroy_with_objects_left_warns_and_keeps_the_cache)
{
	struct kmem_cache *s = kmem_cache_create("api_leaky", 64, 0, SLAB_NO_MERGE, NULL);
	static char lines[400][256];
	void *p[10];
	int n, i;

	for (int i = 0; i < 10; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		sh_fill(p[i], 64, (uint64_t)i);
	}
	kmem_cache_free(s, p[9]);
	kmem_cache_destroy(s);
	/* list_slab_objects(): the BUG report, ended by __slab_err()'s WARN_ON */
	cr_assert(bh_log_has("BUG api_leaky (Not tainted): Objects remaining on "
			     "__kmem_cache_shutdown()"), "%s", bh_log());
	/* then kmem_cache_destroy()'s WARN, its text first */
	n = bh_log_lines(lines, 400);
	i = bh_line_find(lines, n, 0, "kmem_cache_destroy api_leaky: Slab cache still has "
				      "objects when called from ");
	cr_assert_geq(i, 0, "%s", bh_log());
	cr_assert(bh_matches(lines[i], ".* when called from [a-z_]*destroy_with_objects.*"),
		  "caller not named: %s", lines[i]);
	/* one "Object 0x... @offset=N" line per object left (9) */
	cr_assert_eq(bh_log_count(" @offset="), 9, "%s", bh_log());
	cr_assert(i + 1 < n && bh_matches(lines[i + 1], "WARNING: CPU: [0-9]+ PID: [0-9]+ at "
					  "[^ ]*slab_common\\.c:[0-9]+ kmem_cache_destroy.*"),
		  "%s", bh_log());
	/* the objects are intact and can still be freed */
	for (int i = 0; i < 9; i++)
		cr_assert(sh_filled(p[i], 64, (uint64_t)i));
	for (int i = 0; i < 9; i++)
		kmem_cache_free(s, p[i]);
	sh_check_cache(s);
}

/* Only the caches with objects complain. */
Test(slab_api, destroy_after_every_free_is_silent)
{
	struct kmem_cache *s = kmem_cache_create("api_quiet", 64, 0, SLAB_NO_MERGE, NULL);
	void *p[200];

	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, 200, p), 200);
	kmem_cache_free_bulk(s, 200, p);
	kmem_cache_destroy(s);
	cr_assert_not(bh_log_has("still has objects"), "%s", bh_log());
}

/* A cache can be made again under the same name after destroy. */
Test(slab_api, recreate_after_destroy)
{
	for (int round = 0; round < 20; round++) {
		struct kmem_cache *s = kmem_cache_create("api_again", 80 + round * 8, 0,
							 SLAB_NO_MERGE, NULL);
		void *p = kmem_cache_alloc(s, GFP_KERNEL);

		cr_assert_not_null(p);
		kmem_cache_free(s, p);
		kmem_cache_destroy(s);
	}
	cr_assert_null(sh_find("api_again"));
}
