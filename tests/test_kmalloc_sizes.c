// SPDX-License-Identifier: MIT
/*
 * tests/test_kmalloc_sizes.c - kmalloc's size classes, at every boundary,
 * as Linux 6.12 defines them (include/linux/slab.h, mm/slab_common.c):
 *
 *   request        cache / source             ksize()
 *   0              ZERO_SIZE_PTR              0
 *   1 .. 8         kmalloc-8                  8
 *   9 .. 16        kmalloc-16                 16
 *   ...            (powers of two, with 96 between 64 and 128, 192
 *                   between 128 and 256)
 *   4097 .. 8192   kmalloc-8k                 8192 (KMALLOC_MAX_CACHE_SIZE)
 *   8193 .. 4 MiB  pages, order get_order()   PAGE_SIZE << order
 *   > 4 MiB        NULL, WARN_ON_ONCE_GFP in the page allocator
 *                  (silent with __GFP_NOWARN)
 *
 * Each size is tried both as a compile-time constant (the inline path
 * that picks the cache at compile time) and as a run-time value
 * (__kmalloc()). GFP_DMA uses the dma-kmalloc-N caches (ZONE_DMA);
 * __GFP_RECLAIMABLE the kmalloc-rcl-N ones. kmalloc_size_roundup() agrees
 * with ksize() for every size. Power-of-two sizes are naturally aligned.
 */
#include <stdio.h>
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

TestSuite(kmalloc_sizes, .init = boot, .fini = finish);

/* A run-time size the compiler cannot see through. */
static size_t rt(size_t size)
{
	volatile size_t v = size;

	return v;
}

static void class_name(char *buf, size_t len, const char *prefix, size_t size)
{
	if (size >= 1024)
		snprintf(buf, len, "%s%zuk", prefix, size / 1024);
	else
		snprintf(buf, len, "%s%zu", prefix, size);
}

/* The expected size class of @size (<= KMALLOC_MAX_CACHE_SIZE). */
static size_t class_of(size_t size)
{
	size_t c = 8;

	if (size > 64 && size <= 96)
		return 96;
	if (size > 128 && size <= 192)
		return 192;
	while (c < size)
		c <<= 1;
	return c;
}

static void check_small(void *p, size_t size, const char *prefix)
{
	size_t cls = class_of(size);
	char name[32];

	class_name(name, sizeof(name), prefix, cls);
	cr_assert_not_null(p, "kmalloc(%zu) failed", size);
	cr_assert(PageSlab(sh_slab_page(p)), "kmalloc(%zu) not from a slab", size);
	cr_assert_str_eq(sh_name(sh_cache_of(p)), name, "kmalloc(%zu) from %s, want %s",
			 size, sh_name(sh_cache_of(p)), name);
	cr_assert_eq(ksize(p), cls, "ksize after kmalloc(%zu) is %zu", size, ksize(p));
	cr_assert_eq(kmalloc_size_roundup(size), cls);
	if ((cls & (cls - 1)) == 0)
		cr_assert_eq((uintptr_t)p % cls, 0, "kmalloc(%zu) at %p", size, p);
	memset(p, 0x5a, ksize(p));
}

static void check_large(void *p, size_t size)
{
	unsigned int order = get_order(size);
	struct page *page;

	cr_assert_not_null(p, "kmalloc(%zu) failed", size);
	page = virt_to_page(p);
	cr_assert_eq(page_address(page), p, "large kmalloc not page-aligned");
	cr_assert_not(PageSlab(page), "kmalloc(%zu) came from a slab", size);
	if (order) {
		cr_assert(PageHead(page), "kmalloc(%zu): order %u block not compound", size, order);
		cr_assert_eq(compound_order(page), order);
	}
	cr_assert_eq(ksize(p), PAGE_SIZE << order, "ksize after kmalloc(%zu) is %zu", size,
		     ksize(p));
	cr_assert_eq(kmalloc_size_roundup(size), PAGE_SIZE << order);
	memset(p, 0xa5, size);
}

/* Every class boundary, at run time. */
Test(kmalloc_sizes, every_boundary_at_run_time)
{
	static const size_t sizes[] = {
		1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 95, 96, 97, 127, 128, 129,
		191, 192, 193, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 2047, 2048,
		2049, 4095, 4096, 4097, 8191, 8192,
	};

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *p = kmalloc(rt(sizes[i]), GFP_KERNEL);

		check_small(p, sizes[i], "kmalloc-");
		kfree(p);
	}
}

/* The same with constant sizes (the inline kmalloc()). */
#define CONST_CASE(n) do {						\
	void *p = kmalloc(n, GFP_KERNEL);				\
	check_small(p, n, "kmalloc-");						\
	kfree(p);							\
} while (0)

Test(kmalloc_sizes, every_boundary_with_constant_sizes)
{
	CONST_CASE(1); CONST_CASE(8); CONST_CASE(9); CONST_CASE(16); CONST_CASE(17);
	CONST_CASE(32); CONST_CASE(33); CONST_CASE(64); CONST_CASE(65); CONST_CASE(96);
	CONST_CASE(97); CONST_CASE(128); CONST_CASE(129); CONST_CASE(192); CONST_CASE(193);
	CONST_CASE(256); CONST_CASE(257); CONST_CASE(512); CONST_CASE(513);
	CONST_CASE(1024); CONST_CASE(1025); CONST_CASE(2048); CONST_CASE(2049);
	CONST_CASE(4096); CONST_CASE(4097); CONST_CASE(8192);
}

Test(kmalloc_sizes, zero_gives_zero_size_ptr)
{
	void *p = kmalloc(rt(0), GFP_KERNEL);
	void *q = kmalloc(0, GFP_KERNEL);

	cr_assert_eq(p, ZERO_SIZE_PTR);
	cr_assert_eq(q, ZERO_SIZE_PTR);
	cr_assert(ZERO_OR_NULL_PTR(p));
	cr_assert_eq(ksize(p), 0);
	cr_assert_eq(kmalloc_size_roundup(0), 0);
	kfree(p);
	kfree(q);
	cr_assert_eq(kzalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
}

/* 8193 bytes and up: compound pages straight from the buddy allocator. */
Test(kmalloc_sizes, large_sizes_are_compound_pages)
{
	static const size_t sizes[] = {
		8193, 12288, 12289, 16384, 16385, 65536, 100000, 1 << 20, (2 << 20) + 1,
		4 << 20,
	};

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned long free0 = bh_free_total();
		void *p = kmalloc(rt(sizes[i]), GFP_KERNEL);

		check_large(p, sizes[i]);
		cr_assert_eq(bh_free_total(), free0 - (1UL << get_order(sizes[i])),
			     "kmalloc(%zu) took %lu pages", sizes[i], free0 - bh_free_total());
		kfree(p);
		cr_assert_eq(bh_free_total(), free0, "kfree of kmalloc(%zu) leaked", sizes[i]);
	}
}

Test(kmalloc_sizes, large_constant_sizes)
{
	void *p = kmalloc(8193, GFP_KERNEL);
	void *q = kmalloc(4 << 20, GFP_KERNEL);

	check_large(p, 8193);
	check_large(q, 4 << 20);
	kfree(p);
	kfree(q);
}

/* 4 MiB + 1: order 11 > MAX_PAGE_ORDER, the page allocator warns once. */
Test(kmalloc_sizes, beyond_kmalloc_max_size_fails_with_warning)
{
	unsigned long free0 = bh_free_total();

	cr_assert_null(kmalloc(rt(KMALLOC_MAX_SIZE + 1), GFP_KERNEL));
	cr_assert(bh_log_has("------------[ cut here ]------------\n"), "%s", bh_log());
	cr_assert(bh_matches(bh_log_line("WARNING: CPU:"),
			     "WARNING: CPU: [0-9]+ PID: [0-9]+ at [^ ]*page_alloc\\.c:[0-9]+ .*"),
		  "no WARN_ON_ONCE_GFP from the page allocator:\n%s", bh_log());
	cr_assert_eq(bh_free_total(), free0);
	cr_assert_eq(kmalloc_size_roundup(KMALLOC_MAX_SIZE + 1), KMALLOC_MAX_SIZE + 1);
}

Test(kmalloc_sizes, beyond_kmalloc_max_size_constant)
{
	cr_assert_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	cr_assert(bh_log_has("WARNING: CPU:"), "%s", bh_log());
}

/* __GFP_NOWARN: the same failure, silent. */
Test(kmalloc_sizes, beyond_max_with_nowarn_is_silent)
{
	cr_assert_null(kmalloc(rt(KMALLOC_MAX_SIZE + 1), GFP_KERNEL | __GFP_NOWARN));
	cr_assert_null(kmalloc(rt(64UL << 20), GFP_KERNEL | __GFP_NOWARN));
	cr_assert_null(kmalloc(rt(SIZE_MAX), GFP_KERNEL | __GFP_NOWARN));
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
}

/* Huge sizes fail too (no overflow in the order computation). */
Test(kmalloc_sizes, absurd_sizes_fail)
{
	cr_assert_null(kmalloc(rt(SIZE_MAX), GFP_KERNEL | __GFP_NOWARN));
	cr_assert_null(kmalloc(rt(SIZE_MAX / 2 + 1), GFP_KERNEL | __GFP_NOWARN));
	cr_assert_null(kmalloc(rt(1UL << 40), GFP_KERNEL | __GFP_NOWARN));
	cr_assert_eq(kmalloc_size_roundup(SIZE_MAX), SIZE_MAX);
}

/* ksize() and kmalloc_size_roundup() agree for every size up to 16 KiB. */
Test(kmalloc_sizes, roundup_matches_ksize_everywhere)
{
	for (size_t size = 1; size <= 16384; size += (size < 300 ? 1 : 61)) {
		void *p = kmalloc(rt(size), GFP_KERNEL);

		cr_assert_not_null(p);
		cr_assert_eq(ksize(p), kmalloc_size_roundup(size), "size %zu: ksize %zu, roundup %zu",
			     size, ksize(p), kmalloc_size_roundup(size));
		cr_assert_geq(ksize(p), size);
		kfree(p);
	}
}

/* GFP_DMA: dma-kmalloc-N caches, objects in ZONE_DMA; large ones too. */
Test(kmalloc_sizes, gfp_dma_objects_come_from_zone_dma)
{
	static const size_t sizes[] = { 1, 8, 9, 96, 97, 192, 193, 1024, 8192 };

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *p[20];

		for (int j = 0; j < 20; j++) {
			p[j] = kmalloc(rt(sizes[i]), GFP_KERNEL | GFP_DMA);
			check_small(p[j], sizes[i], "dma-kmalloc-");
			cr_assert_eq(sh_zone_of(p[j]), ZONE_DMA, "kmalloc(%zu, GFP_DMA) in zone %d",
				     sizes[i], sh_zone_of(p[j]));
		}
		for (int j = 0; j < 20; j++)
			kfree(p[j]);
	}
}

Test(kmalloc_sizes, gfp_dma_constant_size)
{
	void *p = kmalloc(64, GFP_DMA);

	check_small(p, 64, "dma-kmalloc-");
	cr_assert_eq(sh_zone_of(p), ZONE_DMA);
	kfree(p);
}

Test(kmalloc_sizes, gfp_dma_large)
{
	void *p = kmalloc(rt(8193), GFP_KERNEL | GFP_DMA);

	check_large(p, 8193);
	cr_assert_eq(sh_zone_of(p), ZONE_DMA);
	kfree(p);
}

/* Without GFP_DMA, objects do not come from ZONE_DMA (Normal first). */
Test(kmalloc_sizes, plain_kmalloc_avoids_zone_dma)
{
	for (size_t size = 8; size <= 8192; size *= 2) {
		void *p = kmalloc(rt(size), GFP_KERNEL);

		cr_assert_eq(sh_zone_of(p), ZONE_NORMAL, "kmalloc(%zu) in zone %d", size,
			     sh_zone_of(p));
		kfree(p);
	}
}

/* __GFP_RECLAIMABLE: the kmalloc-rcl-N caches. */
Test(kmalloc_sizes, gfp_reclaimable_uses_rcl_caches)
{
	static const size_t sizes[] = { 8, 96, 192, 4096, 8192 };

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *p = kmalloc(rt(sizes[i]), GFP_KERNEL | __GFP_RECLAIMABLE);

		check_small(p, sizes[i], "kmalloc-rcl-");
		kfree(p);
	}
}

/* The caches exist at boot under the kernel's names, 8 ... 8k. */
Test(kmalloc_sizes, kmalloc_caches_exist_by_name)
{
	static const char *names[] = {
		"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96",
		"kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k",
		"kmalloc-2k", "kmalloc-4k", "kmalloc-8k",
		"dma-kmalloc-8", "dma-kmalloc-96", "dma-kmalloc-8k",
		"kmalloc-rcl-8", "kmalloc-rcl-96", "kmalloc-rcl-8k",
	};

	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct kmem_cache *s = sh_find(names[i]);

		cr_assert_not_null(s, "no cache %s", names[i]);
		cr_assert(sh_flags(s) & SLAB_KMALLOC, "%s lacks SLAB_KMALLOC", names[i]);
	}
	cr_assert(sh_flags(sh_find("dma-kmalloc-64")) & SLAB_CACHE_DMA);
	cr_assert(sh_flags(sh_find("kmalloc-rcl-64")) & SLAB_RECLAIM_ACCOUNT);
	cr_assert_null(sh_find("kmalloc-16k"));
}

/* Objects of each class never overlap (many at once). */
Test(kmalloc_sizes, objects_of_every_class_are_distinct)
{
	enum { PER = 40 };
	static void *p[14][PER];
	static const size_t sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048,
					4096, 8192, 9000 };

	for (unsigned int i = 0; i < 14; i++)
		for (int j = 0; j < PER; j++) {
			p[i][j] = kmalloc(rt(sizes[i]), GFP_KERNEL);
			sh_fill(p[i][j], sizes[i], i * 1000 + j);
		}
	for (unsigned int i = 0; i < 14; i++)
		for (int j = 0; j < PER; j++) {
			cr_assert(sh_filled(p[i][j], sizes[i], i * 1000 + j),
				  "kmalloc(%zu) #%d overwritten", sizes[i], j);
			kfree(p[i][j]);
		}
}

/* 6.12 counts large kmalloc pages as NR_SLAB_UNRECLAIMABLE_B too
 * (___kmalloc_large_node() and free_large_kmalloc()). */
Test(kmalloc_sizes, large_kmalloc_counts_as_unreclaimable_slab)
{
	unsigned long unrcl0 = sh_slab_unreclaimable_bytes();
	void *p = kmalloc(rt(20000), GFP_KERNEL);

	cr_assert_eq(sh_slab_unreclaimable_bytes(), unrcl0 + (PAGE_SIZE << 3),
		     "unreclaimable %lu, before %lu", sh_slab_unreclaimable_bytes(), unrcl0);
	kfree(p);
	cr_assert_eq(sh_slab_unreclaimable_bytes(), unrcl0);
}
