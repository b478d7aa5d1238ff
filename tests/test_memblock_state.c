// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_state.c - kmm's own memblock API: memblock_reset()
 * and the validator memblock_is_valid(), which every other memblock test
 * relies on.
 *
 * memblock_reset() returns memblock to the state a fresh process has:
 * empty static arrays of INIT_MEMBLOCK_REGIONS (and INIT_PHYSMEM_REGIONS)
 * entries, top-down, no current_limit, no resizing allowed.
 *
 * memblock_is_valid() must be false for each broken invariant of
 * src/mm/memblock.c's design comment: unsorted or overlapping regions,
 * touching regions that should have been merged, empty or wrapping
 * regions, cnt above max, total_size not the sum of the sizes. These
 * cases break the arrays on purpose (each test runs in its own process).
 */
#include <signal.h>

#include "helpers/memblock_harness.h"

#define A0	((phys_addr_t)SZ_1G)

/*
 * Everything a test may change goes back to the initial state:
 *
 *   memory    | +r1 HOT+  +r2+ |      ->  |                |
 *   reserved  |   +r+          |      ->  |                |
 *   physmem   | +----p----+    |      ->  |                |
 *   bottom-up, limit, debug           ->  top-down, ANYWHERE, 0
 */
MB_TEST(memblock_state, reset_clears_everything, one)
{
	memblock_add_node(A0, SZ_1M, 2, MEMBLOCK_HOTPLUG);
	memblock_add(A0 + SZ_2M, SZ_1M);
	memblock_reserve(A0 + SZ_64K, SZ_4K);
	memblock_physmem_add(A0, SZ_4M);
	memblock_set_bottom_up(true);
	memblock_set_current_limit(A0 + SZ_1M);
	memblock_debug = 1;

	memblock_reset();

	mb_assert_type(&memblock.memory, 0, 0);
	mb_assert_type(&memblock.reserved, 0, 0);
	mb_assert_type(&physmem, 0, 0);
	mb_assert_eq(memblock.memory.max, INIT_MEMBLOCK_REGIONS);
	mb_assert_eq(memblock.reserved.max, INIT_MEMBLOCK_RESERVED_REGIONS);
	mb_assert_eq(physmem.max, INIT_PHYSMEM_REGIONS);
	mb_assert(!memblock_bottom_up(), "top-down again");
	mb_assert_eq(memblock_get_current_limit(), MEMBLOCK_ALLOC_ANYWHERE);
	mb_assert_eq(memblock_debug, 0);
	mb_assert(memblock_is_valid(), "valid after reset");
	/* and it works as new */
	memblock_add(A0, SZ_4K);
	mb_assert_type(&memblock.memory, 1, SZ_4K);
}

/*
 * After a doubling, reset goes back to the static arrays (128 entries)
 * and forbids resizing again: the 129th region panics as in a fresh
 * process.
 *
 *   memory  | [arr 256] r0 ... r128 |  reset  ->  | (128 slots, empty) |
 */
Test(memblock_state, reset_after_doubling_forbids_resize, .signal = SIGABRT)
{
	static const struct mb_variant v = { false, false };
	struct memblock_region *doubled;
	phys_addr_t base;

	mb_start(&v);
	base = mb_base();
	memblock_allow_resize();
	memblock_add(base, SZ_64K);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(base + SZ_1M + i * 128, 64);
	cr_assert_eq(memblock.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	doubled = memblock.memory.regions;

	memblock_reset();
	cr_assert_eq(memblock.memory.max, INIT_MEMBLOCK_REGIONS);
	cr_assert_eq(memblock.memory.cnt, 0);
	cr_assert_eq(memblock.reserved.max, INIT_MEMBLOCK_RESERVED_REGIONS);
	cr_assert(memblock.memory.regions != doubled, "still the doubled array");

	mb_expect_panic("Kernel panic - not syncing: memblock: cannot resize memory array");
	for (int i = 0; i <= INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(base + SZ_1M + i * 128, 64);
	cr_assert_fail("no panic after reset");
}

/* ---- the validator ---- */

/* Three well-formed regions to break. */
static void three_regions(void)
{
	memblock_add(A0, SZ_1M);
	memblock_add(A0 + SZ_2M, SZ_1M);
	memblock_add(A0 + SZ_4M, SZ_1M);
	cr_assert(memblock_is_valid());
}

/*
 *   memory  | +r0+ +r2+ +r1+ |   unsorted  ->  invalid
 */
MB_TEST(memblock_state, invalid_unsorted, one)
{
	struct memblock_region t;

	three_regions();
	t = memblock.memory.regions[1];
	memblock.memory.regions[1] = memblock.memory.regions[2];
	memblock.memory.regions[2] = t;

	mb_assert(!memblock_is_valid(), "unsorted regions accepted");
	memblock_reset();
}

/*
 *   memory  | +r0+          |
 *           |   +r1+        |   overlapping  ->  invalid
 */
MB_TEST(memblock_state, invalid_overlap, one)
{
	three_regions();
	memblock.memory.regions[1].base = A0 + SZ_512K;
	memblock.memory.regions[1].size = SZ_1M;

	mb_assert(!memblock_is_valid(), "overlap accepted");
	memblock_reset();
}

/*
 *   memory  | +r0++r1+  +r2+ |   touching, same nid and flags, not
 *                                merged  ->  invalid
 */
MB_TEST(memblock_state, invalid_unmerged, one)
{
	three_regions();
	memblock.memory.regions[1].base = A0 + SZ_1M;

	mb_assert(!memblock_is_valid(), "unmerged neighbours accepted");
	/* with another node they may touch */
	memblock.memory.regions[1].nid = 1;
	mb_assert(memblock_is_valid(), "touching regions of different nodes refused");
	memblock_reset();
}

/*
 *   memory  | +r0+ || +r2+ |   an empty region  ->  invalid
 */
MB_TEST(memblock_state, invalid_empty_region, one)
{
	three_regions();
	memblock.memory.total_size -= memblock.memory.regions[1].size;
	memblock.memory.regions[1].size = 0;

	mb_assert(!memblock_is_valid(), "empty region accepted");
	memblock_reset();
}

/*
 *   memory  | +r0+ +r1+ +r2 ....|....   wraps past PHYS_ADDR_MAX
 */
MB_TEST(memblock_state, invalid_wrapping_region, one)
{
	three_regions();
	memblock.memory.total_size -= memblock.memory.regions[2].size;
	memblock.memory.regions[2].base = PHYS_ADDR_MAX - SZ_4K;
	memblock.memory.regions[2].size = SZ_1M;
	memblock.memory.total_size += SZ_1M;

	mb_assert(!memblock_is_valid(), "wrapping region accepted");
	memblock_reset();
}

/*
 *   memory  | +r0+ +r1+ +r2+ |   total_size != sum  ->  invalid
 */
MB_TEST(memblock_state, invalid_total_size, one)
{
	three_regions();
	memblock.memory.total_size += SZ_4K;

	mb_assert(!memblock_is_valid(), "wrong total_size accepted");
	memblock_reset();
}

/*
 *   reserved  | +r0+ +r1+ |   cnt > max  ->  invalid
 */
MB_TEST(memblock_state, invalid_cnt_above_max, one)
{
	memblock_reserve(A0, SZ_4K);
	memblock.reserved.max = 0;

	mb_assert(!memblock_is_valid(), "cnt above max accepted");
	memblock_reset();
}

/*
 *   reserved  | +r0+r1+ |   reserved is checked too (unmerged)
 *   physmem   | +p0+p1+ |   and physmem
 */
MB_TEST(memblock_state, invalid_reserved_and_physmem, one)
{
	memblock_reserve(A0, SZ_4K);
	memblock_reserve(A0 + SZ_8K, SZ_4K);
	memblock.reserved.regions[1].base = A0 + SZ_4K;
	mb_assert(!memblock_is_valid(), "broken reserved accepted");
	memblock_reset();

	memblock_physmem_add(A0, SZ_4K);
	memblock_physmem_add(A0 + SZ_8K, SZ_4K);
	physmem.regions[0].base = A0 + SZ_16K;
	mb_assert(!memblock_is_valid(), "broken physmem accepted");
	memblock_reset();
}
