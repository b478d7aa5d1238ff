// SPDX-License-Identifier: MIT
/*
 * tests/test_vmalloc_model.c - a randomised model test of vmap_area
 * allocation: 10^5 steps (10^4 under sanitizers) of alloc_vmap_area()
 * with mixed sizes (1 page .. 1 MiB, log-uniform) and alignments (a page
 * .. 4 MiB) and frees of random live areas, against a reference: a
 * bitmap of the pages of a 256 MiB vmalloc area (vmalloc=256M).
 *
 *   VMALLOC_START                                         VMALLOC_END
 *   |##|..|#####|.......|###|....................................|
 *     busy areas (#) from the allocator, checked against the bitmap
 *
 * After each step: vmap_area_is_valid() (both trees, subtree_max_size,
 * merged neighbours, exact tiling), and the result itself: inside the
 * range, aligned, on pages the model has free, which it then marks. A
 * failure must be real: the model then has no free run of size + align
 * - 1 pages (the search's guarantee for aligned requests).
 * Frees return areas straight to the free tree (free_vmap_area(); no host
 * mapping exists for these areas).
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/buddy_harness.h"
#include "mm/vmalloc_internal.h"

#ifdef KMM_SANITIZED
#define STEPS		10000
#else
#define STEPS		100000
#endif
#define AREA_BYTES	(256UL << 20)
#define AREA_PAGES	(AREA_BYTES >> PAGE_SHIFT)
#define MAX_LIVE	4096

static unsigned char model[AREA_PAGES];	/* 1: busy */
static struct vmap_area *live[MAX_LIVE];
static unsigned int nr_live;
static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned long)rng;
}

static void boot(void)
{
	bh_boot(&bh_m256, "vmalloc=256M");
}

static void finish(void)
{
	bh_halt();
}

TestSuite(vmalloc_model, .init = boot, .fini = finish);

static unsigned long model_index(unsigned long addr)
{
	return (addr - VMALLOC_START) >> PAGE_SHIFT;
}

/* Longest run of free pages in the model. */
static unsigned long model_longest_free(void)
{
	unsigned long best = 0, run = 0;

	for (unsigned long i = 0; i < AREA_PAGES; i++) {
		run = model[i] ? 0 : run + 1;
		best = run > best ? run : best;
	}
	return best;
}

static void model_mark(struct vmap_area *va, unsigned char busy)
{
	for (unsigned long i = model_index(va->va_start); i < model_index(va->va_end); i++) {
		cr_assert_neq(model[i], busy, "page %lu of 0x%lx-0x%lx", i, va->va_start,
			      va->va_end);
		model[i] = busy;
	}
}

static void step_alloc(unsigned long *fails)
{
	unsigned long pages = 1UL << (rnd() % 9);	/* 1 .. 256 pages */
	unsigned long size, align;
	struct vmap_area *va;

	pages += rnd() % pages;
	size = pages << PAGE_SHIFT;
	align = PAGE_SIZE << (rnd() % 4 == 0 ? rnd() % 11 : 0);	/* 4K .. 4M */
	va = alloc_vmap_area(size, align, VMALLOC_START, VMALLOC_END, NUMA_NO_NODE,
			     GFP_KERNEL | __GFP_NOWARN, 0, NULL);
	if (!va) {
		cr_assert_lt(model_longest_free() << PAGE_SHIFT, align > PAGE_SIZE ? size + align - 1 : size,
			     "failed with room for %lu bytes at align %#lx", size, align);
		(*fails)++;
		return;
	}
	cr_assert_eq(va->va_end - va->va_start, size);
	cr_assert_eq(va->va_start & (align - 1), 0);
	cr_assert_geq(va->va_start, VMALLOC_START);
	cr_assert_leq(va->va_end, VMALLOC_END);
	model_mark(va, 1);
	live[nr_live++] = va;
}

static void step_free(void)
{
	unsigned int i = (unsigned int)(rnd() % nr_live);
	struct vmap_area *va = live[i];

	live[i] = live[--nr_live];
	model_mark(va, 0);
	cr_assert_eq(find_vmap_area(va->va_start), va);
	free_busy_vmap_area(va);
}

Test(vmalloc_model, random_alloc_free_against_a_bitmap, .timeout = 600)
{
	unsigned long fails = 0;

	cr_assert_eq(VMALLOC_END - VMALLOC_START, AREA_BYTES);
	memset(model, 0, sizeof(model));
	for (int s = 0; s < STEPS; s++) {
		bool alloc = nr_live < MAX_LIVE && (nr_live == 0 || rnd() % 100 < 55);

		if (alloc)
			step_alloc(&fails);
		else
			step_free();
		if (!vmap_area_is_valid())
			cr_assert_fail("step %d: trees invalid\n%s", s, bh_log());
	}
	while (nr_live)
		step_free();
	cr_assert(vmap_area_is_valid());
	cr_assert_eq(vmalloc_largest_free(), AREA_BYTES, "everything merged back");
	cr_log_info("%d steps, %lu allocations refused", STEPS, fails);
}
