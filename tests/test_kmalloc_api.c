// SPDX-License-Identifier: MIT
/*
 * tests/test_kmalloc_api.c - the kmalloc family does what Linux 6.12's
 * does (include/linux/slab.h, mm/slab_common.c, mm/util.c):
 *
 *  - kzalloc/kcalloc/kzalloc_node zero; kmalloc_array/kcalloc return NULL
 *    (silently) when n * size overflows;
 *  - krealloc(NULL, n) allocates; krealloc(p, 0) frees and returns
 *    ZERO_SIZE_PTR; a size that still fits ksize(p) keeps the object; a
 *    larger one moves it, copying the old contents, and frees the old;
 *  - kmemdup, kmemdup_nul, kstrdup, kstrndup copy (NULL in, NULL out);
 *  - kfree_sensitive zeroes the whole ksize() before freeing;
 *  - kfree(NULL) and kfree(ZERO_SIZE_PTR) do nothing;
 *  - kmalloc_node/kzalloc_node give memory of that node, small and large;
 *  - kfree_rcu frees after a grace period (not while a reader that began
 *    before it is still running); kfree_rcu_mightsleep frees before it
 *    returns;
 *  - kvmalloc/kvzalloc/kvfree/kvrealloc (kmalloc only until vmalloc lands:
 *    no warning from the kmalloc attempt, as kvmalloc_node() adds
 *    __GFP_NOWARN above a page).
 */
#include <string.h>
#include <unistd.h>

#include <kmm/rcupdate.h>

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

TestSuite(kmalloc_api, .init = boot, .fini = finish);
/* Cases that boot their own machine. */
TestSuite(kmalloc_api_boot, .fini = finish);

static size_t rt(size_t size)
{
	volatile size_t v = size;

	return v;
}

/* Objects in use in the kmalloc cache that serves @size. */
static unsigned long inuse_of(size_t size)
{
	void *p = kmalloc(rt(size), GFP_KERNEL);
	struct kmem_cache *s = sh_cache_of(p);
	unsigned long n;

	kfree(p);
	n = sh_objects_inuse(s);
	return n;
}

/* ---- zeroing ---- */

Test(kmalloc_api, kzalloc_zeroes_a_dirty_object)
{
	for (size_t size = 8; size <= 16384; size *= 2) {
		unsigned char *p = kmalloc(rt(size), GFP_KERNEL);

		memset(p, 0xff, size);
		kfree(p);
		p = kzalloc(rt(size), GFP_KERNEL);
		cr_assert(sh_all_bytes(p, size, 0), "kzalloc(%zu) not zeroed", size);
		kfree(p);
	}
}

Test(kmalloc_api, kcalloc_zeroes)
{
	unsigned int *p = kmalloc(100 * sizeof(*p), GFP_KERNEL);

	memset(p, 0xff, 100 * sizeof(*p));
	kfree(p);
	p = kcalloc(100, sizeof(*p), GFP_KERNEL);
	cr_assert(sh_all_bytes(p, 100 * sizeof(*p), 0));
	kfree(p);
}

/* n * size overflows: NULL, no warning, nothing allocated. */
Test(kmalloc_api, array_overflow_returns_null)
{
	unsigned long free0 = bh_free_total();

	cr_assert_null(kmalloc_array(rt(SIZE_MAX / 2 + 1), 2, GFP_KERNEL));
	cr_assert_null(kmalloc_array(rt(SIZE_MAX), rt(SIZE_MAX), GFP_KERNEL));
	cr_assert_null(kcalloc(rt((SIZE_MAX >> 3) + 1), 8, GFP_KERNEL));
	cr_assert_null(kmalloc_array_node(rt(SIZE_MAX / 3 + 1), 3, GFP_KERNEL, 0));
	cr_assert_null(kcalloc_node(rt(SIZE_MAX), 2, GFP_KERNEL, 0));
	cr_assert_null(kvmalloc_array(rt(SIZE_MAX / 4 + 1), 4, GFP_KERNEL));
	cr_assert_null(kvcalloc(rt(SIZE_MAX / 4 + 1), 4, GFP_KERNEL));
	cr_assert_null(krealloc_array(NULL, rt(SIZE_MAX / 2 + 1), 2, GFP_KERNEL));
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
	cr_assert_eq(bh_free_total(), free0);
}

/* No overflow: the product is allocated. */
Test(kmalloc_api, array_without_overflow)
{
	unsigned long long *p = kmalloc_array(rt(1000), sizeof(*p), GFP_KERNEL);

	cr_assert_not_null(p);
	cr_assert_geq(ksize(p), 8000);
	p[999] = 1;
	kfree(p);
	/* 0 elements: ZERO_SIZE_PTR */
	cr_assert_eq(kmalloc_array(rt(0), 8, GFP_KERNEL), ZERO_SIZE_PTR);
}

/* ---- krealloc ---- */

Test(kmalloc_api, krealloc_null_allocates)
{
	void *p = krealloc(NULL, rt(100), GFP_KERNEL);

	cr_assert_not_null(p);
	cr_assert_eq(ksize(p), 128);
	kfree(p);
	p = krealloc(ZERO_SIZE_PTR, rt(10), GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert(!ZERO_OR_NULL_PTR(p));
	kfree(p);
}

Test(kmalloc_api, krealloc_to_zero_frees)
{
	unsigned long inuse = inuse_of(200);
	void *p = kmalloc(rt(200), GFP_KERNEL);

	cr_assert_eq(inuse_of(200), inuse + 1);
	cr_assert_eq(krealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	cr_assert_eq(inuse_of(200), inuse);
}

/* Within ksize: the same object, contents kept. */
Test(kmalloc_api, krealloc_within_ksize_keeps_the_object)
{
	unsigned char *p = kmalloc(rt(100), GFP_KERNEL);	/* kmalloc-128 */
	unsigned char *q;

	sh_fill(p, 100, 1);
	q = krealloc(p, rt(128), GFP_KERNEL);
	cr_assert_eq(q, p, "grew within ksize and moved");
	cr_assert(sh_filled(q, 100, 1));
	q = krealloc(p, rt(20), GFP_KERNEL);
	cr_assert_eq(q, p, "shrank and moved");
	cr_assert(sh_filled(q, 20, 1));
	kfree(q);
}

/* Beyond ksize: a new object with the old contents; the old is freed. */
Test(kmalloc_api, krealloc_grow_moves_and_copies)
{
	static const size_t steps[] = { 8, 24, 100, 500, 3000, 8192, 9000, 70000, 1 << 20 };
	unsigned char *p = kmalloc(rt(steps[0]), GFP_KERNEL);

	sh_fill(p, steps[0], 7);
	for (unsigned int i = 1; i < sizeof(steps) / sizeof(steps[0]); i++) {
		size_t old = steps[i - 1];
		unsigned char *q = krealloc(p, rt(steps[i]), GFP_KERNEL);

		cr_assert_not_null(q);
		cr_assert_neq(q, p, "%zu -> %zu did not move", old, steps[i]);
		cr_assert(sh_filled(q, old, 7), "%zu -> %zu lost contents", old, steps[i]);
		cr_assert_geq(ksize(q), steps[i]);
		sh_fill(q, steps[i], 7);
		p = q;
	}
	kfree(p);
}

/* The old object really is freed when krealloc moves. */
Test(kmalloc_api, krealloc_frees_the_old_object)
{
	unsigned long in64 = inuse_of(64), in256 = inuse_of(256);
	void *p = kmalloc(rt(64), GFP_KERNEL);

	p = krealloc(p, rt(256), GFP_KERNEL);
	cr_assert_eq(inuse_of(64), in64);
	cr_assert_eq(inuse_of(256), in256 + 1);
	kfree(p);
}

/* Large to smaller large within the block: same pages. */
Test(kmalloc_api, krealloc_large_shrink_keeps)
{
	void *p = kmalloc(rt(10000), GFP_KERNEL);	/* order 2, 16 KiB */

	cr_assert_eq(krealloc(p, rt(16384), GFP_KERNEL), p);
	cr_assert_eq(krealloc(p, rt(9000), GFP_KERNEL), p);
	kfree(p);
}

/* A failed krealloc leaves the old object intact. */
Test(kmalloc_api, krealloc_failure_keeps_the_old)
{
	unsigned char *p = kmalloc(rt(64), GFP_KERNEL);

	sh_fill(p, 64, 3);
	cr_assert_null(krealloc(p, rt(KMALLOC_MAX_SIZE + 1), GFP_KERNEL | __GFP_NOWARN));
	cr_assert(sh_filled(p, 64, 3));
	cr_assert_eq(sh_cache_of(p), sh_find("kmalloc-64"));
	kfree(p);
}

/* ---- duplicating ---- */

Test(kmalloc_api, kmemdup_copies)
{
	unsigned char src[300];
	unsigned char *p;

	sh_fill(src, sizeof(src), 9);
	p = kmemdup(src, sizeof(src), GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_neq(p, src);
	cr_assert_eq(memcmp(p, src, sizeof(src)), 0);
	cr_assert_eq(ksize(p), 512);
	kfree(p);
}

Test(kmalloc_api, kmemdup_nul_terminates)
{
	char *p = kmemdup_nul("abcdef", 3, GFP_KERNEL);

	cr_assert_str_eq(p, "abc");
	kfree(p);
	cr_assert_null(kmemdup_nul(NULL, 3, GFP_KERNEL));
}

Test(kmalloc_api, kstrdup_copies)
{
	char *p = kstrdup("hello, kmm", GFP_KERNEL);

	cr_assert_str_eq(p, "hello, kmm");
	cr_assert_eq(ksize(p), 16);
	kfree(p);
	p = kstrdup("", GFP_KERNEL);
	cr_assert_str_eq(p, "");
	kfree(p);
	cr_assert_null(kstrdup(NULL, GFP_KERNEL));
}

Test(kmalloc_api, kstrndup_stops_at_max)
{
	char *p = kstrndup("hello world", 5, GFP_KERNEL);
	char *q = kstrndup("hi", 50, GFP_KERNEL);

	cr_assert_str_eq(p, "hello");
	cr_assert_str_eq(q, "hi");
	cr_assert_eq(ksize(q), 8, "kstrndup allocates strnlen + 1, not max");
	kfree(p);
	kfree(q);
	cr_assert_null(kstrndup(NULL, 5, GFP_KERNEL));
}

/* ---- kfree_sensitive ---- */

/*
 * kfree_sensitive() zeroes ksize(p) bytes, then frees. After the free
 * only the free pointer (at s->offset, 8 bytes) is written again.
 */
Test(kmalloc_api, kfree_sensitive_zeroes_the_whole_object)
{
	for (size_t size = 8; size <= 8192; size *= 2) {
		unsigned char *p = kmalloc(rt(size - 1), GFP_KERNEL);
		struct kmem_cache *s = sh_cache_of(p);
		unsigned int off = sh_offset(s);
		size_t n = ksize(p);

		cr_assert_eq(n, size);
		memset(p, 0xcd, n);
		kfree_sensitive(p);
		cr_assert(sh_all_bytes(p, off, 0), "kmalloc-%zu: bytes before the free pointer",
			  size);
		if (off + 8 < n)
			cr_assert(sh_all_bytes(p + off + 8, n - off - 8, 0),
				  "kmalloc-%zu: bytes after the free pointer", size);
	}
}

Test(kmalloc_api, kfree_sensitive_large)
{
	unsigned long free0 = bh_free_total();
	unsigned char *p = kmalloc(rt(20000), GFP_KERNEL);

	memset(p, 0xcd, 20000);
	kfree_sensitive(p);
	cr_assert_eq(bh_free_total(), free0);
	cr_assert(sh_all_bytes(p, 20480, 0), "large kfree_sensitive left bytes");
}

Test(kmalloc_api, kfree_sensitive_null)
{
	kfree_sensitive(NULL);
	kfree_sensitive(ZERO_SIZE_PTR);
	cr_assert_not(bh_log_has("BUG"));
}

/* ---- kfree of nothing ---- */

Test(kmalloc_api, kfree_null_and_zero_size_ptr_do_nothing)
{
	unsigned long free0 = bh_free_total();

	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	kvfree(NULL);
	kvfree(ZERO_SIZE_PTR);
	cr_assert_eq(bh_free_total(), free0);
	cr_assert_eq(bh_log_count("BUG"), 0, "%s", bh_log());
	cr_assert_eq(bh_log_count("WARNING"), 0, "%s", bh_log());
}

/* ---- nodes ---- */

Test(kmalloc_api_boot, kmalloc_node_and_kzalloc_node)
{
	static const size_t sizes[] = { 8, 96, 192, 1000, 8192, 8193, 100000 };

	sh_boot(&bh_m3z_2n, NULL);
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (int nid = 0; nid < 2; nid++) {
			unsigned char *p = kmalloc_node(rt(sizes[i]), GFP_KERNEL, nid);
			unsigned char *z;

			cr_assert_not_null(p);
			cr_assert_eq(page_to_nid(virt_to_page(p)), nid, "kmalloc_node(%zu, %d)",
				     sizes[i], nid);
			memset(p, 0xff, sizes[i]);
			kfree(p);
			z = kzalloc_node(rt(sizes[i]), GFP_KERNEL, nid);
			cr_assert_eq(page_to_nid(virt_to_page(z)), nid);
			cr_assert(sh_all_bytes(z, sizes[i], 0));
			kfree(z);
		}
	cr_assert_not_null(kmalloc_node(rt(64), GFP_KERNEL, NUMA_NO_NODE));
}

/* ---- kfree_rcu ---- */

struct rcu_obj {
	unsigned long payload[6];
	struct rcu_head rcu;
};

/*
 * kfree_rcu() while a reader holds rcu_read_lock(): the object stays
 * allocated (and intact) until the reader leaves and a grace period
 * passes; rcu_barrier() then sees it freed.
 */
Test(kmalloc_api, kfree_rcu_waits_for_readers)
{
	unsigned long inuse = inuse_of(sizeof(struct rcu_obj));
	struct rcu_obj *o = kmalloc(sizeof(*o), GFP_KERNEL);

	for (int i = 0; i < 6; i++)
		o->payload[i] = 0x1234 + i;
	rcu_read_lock();
	kfree_rcu(o, rcu);
	usleep(50 * 1000);
	cr_assert_eq(inuse_of(sizeof(struct rcu_obj)), inuse + 1,
		     "kfree_rcu freed the object inside a read-side critical section");
	for (int i = 0; i < 6; i++)
		cr_assert_eq(o->payload[i], 0x1234UL + i);
	rcu_read_unlock();
	rcu_barrier();
	cr_assert_eq(inuse_of(sizeof(struct rcu_obj)), inuse, "not freed after rcu_barrier()");
}

Test(kmalloc_api, kfree_rcu_many)
{
	unsigned long inuse = inuse_of(sizeof(struct rcu_obj));

	for (int i = 0; i < 5000; i++) {
		struct rcu_obj *o = kmalloc(sizeof(*o), GFP_KERNEL);

		kfree_rcu(o, rcu);
	}
	rcu_barrier();
	cr_assert_eq(inuse_of(sizeof(struct rcu_obj)), inuse);
}

/* kfree_rcu of a large kmalloc and of NULL. */
Test(kmalloc_api, kfree_rcu_large_and_null)
{
	unsigned long free0 = bh_free_total();
	struct big {
		char data[20000];
		struct rcu_head rcu;
	} *b = kmalloc(sizeof(*b), GFP_KERNEL), *n = NULL;

	kfree_rcu(b, rcu);
	kfree_rcu(n, rcu);
	rcu_barrier();
	cr_assert_eq(bh_free_total(), free0);
}

/* kfree_rcu_mightsleep waits, then frees: done when it returns. */
Test(kmalloc_api, kfree_rcu_mightsleep_frees_before_returning)
{
	unsigned long inuse = inuse_of(100);
	void *p = kmalloc(rt(100), GFP_KERNEL);

	kfree_rcu_mightsleep(p);
	cr_assert_eq(inuse_of(100), inuse);
}

/* ---- kvmalloc ---- */

Test(kmalloc_api, kvmalloc_small_and_large)
{
	static const size_t sizes[] = { 1, 100, 4096, 4097, 100000, 4 << 20 };

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = kvmalloc(rt(sizes[i]), GFP_KERNEL);

		cr_assert_not_null(p, "kvmalloc(%zu)", sizes[i]);
		memset(p, 0xee, sizes[i]);
		kvfree(p);
		p = kvzalloc(rt(sizes[i]), GFP_KERNEL);
		cr_assert(sh_all_bytes(p, sizes[i], 0), "kvzalloc(%zu) not zeroed", sizes[i]);
		kvfree(p);
	}
}

/* Above a page, kvmalloc's kmalloc attempt is __GFP_NOWARN: no warning
 * for a size kmalloc cannot serve (Linux would then try vmalloc). */
Test(kmalloc_api, kvmalloc_too_large_does_not_warn_from_kmalloc)
{
	void *p = kvmalloc(rt(8 << 20), GFP_KERNEL);

	if (p)
		kvfree(p);
	cr_assert_not(bh_log_has("page_alloc.c"), "%s", bh_log());
}

Test(kmalloc_api, kvrealloc_copies)
{
	unsigned char *p = kvmalloc(rt(100), GFP_KERNEL);

	sh_fill(p, 100, 5);
	p = kvrealloc(p, rt(50000), GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert(sh_filled(p, 100, 5));
	kvfree(p);
}

Test(kmalloc_api, kvfree_sensitive_zeroes)
{
	unsigned char *p = kvmalloc(rt(64), GFP_KERNEL);
	unsigned int off = sh_offset(sh_cache_of(p));

	memset(p, 0x11, 64);
	kvfree_sensitive(p, 64);
	cr_assert(sh_all_bytes(p, off, 0));
}

/* ---- all sizes, freed by kfree, nothing lost ---- */

Test(kmalloc_api, alloc_free_every_size_leaves_no_object)
{
	struct kmem_cache *k[14];
	unsigned long before[14];
	static const size_t cls[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048,
				      4096, 8192 };

	for (int i = 0; i < 13; i++) {
		void *p = kmalloc(rt(cls[i]), GFP_KERNEL);

		k[i] = sh_cache_of(p);
		kfree(p);
		before[i] = sh_objects_inuse(k[i]);
	}
	for (size_t size = 1; size <= 8192; size++) {
		void *p = kmalloc(rt(size), GFP_KERNEL);

		kfree(p);
	}
	for (int i = 0; i < 13; i++)
		cr_assert_eq(sh_objects_inuse(k[i]), before[i], "%s", sh_name(k[i]));
}

/* ---- flags SLUB refuses ---- */

/*
 * __GFP_DMA32 and __GFP_HIGHMEM make no sense for slab memory
 * (GFP_SLAB_BUG_MASK): kmalloc_fix_flags() drops them with 6.12's words
 * (%pGg names 0x4 "GFP_DMA32", from include/trace/events/mmflags.h) and
 * the allocation goes on. Large kmalloc checks on every call; a slab
 * cache when it makes a new slab (new_slab()).
 */
Test(kmalloc_api, dma32_flag_is_fixed_up_with_a_warning)
{
	void *p = kmalloc(rt(10000), GFP_KERNEL | __GFP_DMA32);

	cr_assert_not_null(p);
	cr_assert(bh_log_has("Unexpected gfp: 0x4 (GFP_DMA32). Fixing up to gfp: 0xcc0 "
			     "(GFP_KERNEL). Fix your code!\n"), "%s", bh_log());
	kfree(p);
}

Test(kmalloc_api, highmem_flag_on_a_new_slab_is_fixed_up)
{
	struct kmem_cache *s = kmem_cache_create("ka_fix", 128, 0, SLAB_NO_MERGE, NULL);
	void *p = kmem_cache_alloc(s, GFP_KERNEL | __GFP_HIGHMEM);

	cr_assert_not_null(p);
	cr_assert(bh_log_has("Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 "
			     "(GFP_KERNEL). Fix your code!\n"), "%s", bh_log());
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* ---- init_on_alloc= / init_on_free= ---- */

/* init_on_alloc=1: every kmalloc is zeroed, small or large, __GFP_ZERO
 * or not (slab_want_init_on_alloc(), and the page allocator for large). */
Test(kmalloc_api_boot, init_on_alloc_zeroes_every_kmalloc)
{
	sh_boot(&bh_m3z, "init_on_alloc=1");
	for (size_t size = 8; size <= 32768; size *= 2) {
		unsigned char *p = kmalloc(rt(size), GFP_KERNEL);

		memset(p, 0xab, size);
		kfree(p);
		p = kmalloc(rt(size), GFP_KERNEL);
		cr_assert(sh_all_bytes(p, size, 0), "kmalloc(%zu) not zeroed", size);
		kfree(p);
	}
}

/* init_on_free=1: kfree() zeroes the object; only the free pointer word
 * is written again (slab_free_hook()). */
Test(kmalloc_api_boot, init_on_free_zeroes_freed_objects)
{
	sh_boot(&bh_m3z, "init_on_free=1");
	for (size_t size = 16; size <= 8192; size *= 2) {
		unsigned char *p = kmalloc(rt(size), GFP_KERNEL);
		unsigned int off = sh_offset(sh_cache_of(p));

		memset(p, 0xab, size);
		kfree(p);
		cr_assert(sh_all_bytes(p, off, 0), "kmalloc-%zu: bytes before the free pointer", size);
		cr_assert(sh_all_bytes(p + off + 8, size - off - 8, 0),
			  "kmalloc-%zu: bytes after the free pointer", size);
	}
}
