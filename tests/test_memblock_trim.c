// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_trim.c - memblock_trim_memory(),
 * memblock_enforce_memory_limit() (mem=), memblock_cap_memory_range() and
 * memblock_mem_limit_remove_map(), Linux 6.12 semantics.
 *
 * Made-up addresses around 1 GiB; flat and numa variants (in numa the
 * memory regions belong to node MB_TEST_NID).
 *
 * One deliberate difference, checked here: Linux 6.12's
 * memblock_trim_memory() shrinks regions without lowering
 * memblock.memory.total_size; kmm keeps total_size equal to the sum of
 * the sizes (memblock_is_valid() demands it).
 */
#include "helpers/memblock_harness.h"

#define A0	((phys_addr_t)SZ_1G)

/* ---- memblock_trim_memory ---- */

/*
 * Aligned regions are left as they are:
 *
 *   |  +------+    +------+  |   ->  unchanged
 *   |  |  r1  |    |  r2  |  |       (both on 2 MiB boundaries)
 */
MB_TEST(memblock_trim, aligned_unchanged, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_2M);
	mb_add(A0 + SZ_4M, SZ_4M);
	mb_snap(&s);

	memblock_trim_memory(SZ_2M);

	mb_assert_unchanged(&s);
}

/*
 * A region with no aligned block inside goes away:
 *
 *   |  +------+  +-+  +------+  |        |  +------+       +------+  |
 *   |  |  r1  |  |r2|  |  r3  |  |   ->   |  |  r1  |       |  r3  |  |
 *               (r2 smaller than align, unaligned)
 */
MB_TEST(memblock_trim, too_small_removed, numa)
{
	mb_add(A0, SZ_2M);
	mb_add(A0 + SZ_4M + SZ_4K, SZ_1M);
	mb_add(A0 + SZ_8M, SZ_2M);

	memblock_trim_memory(SZ_2M);

	mb_assert_type(&memblock.memory, 2, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_2M, 0, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_8M, SZ_2M, 0, mb_nid());
}

/*
 * Two too-small regions in a row both go (the walk re-examines the slot
 * the next region moves into).
 *
 *   |.+r1+..+r2+...+------r3------+.|   ->  |        +--r3 2M--+     |
 */
MB_TEST(memblock_trim, consecutive_small_removed, numa)
{
	mb_add(A0 + SZ_4K, SZ_64K);
	mb_add(A0 + SZ_1M, SZ_64K);
	mb_add(A0 + SZ_2M + SZ_4K, SZ_4M);

	memblock_trim_memory(SZ_2M);

	mb_assert_type(&memblock.memory, 1, SZ_2M);
	mb_assert_region(&memblock.memory, 0, A0 + SZ_4M, SZ_2M);
}

/*
 * An unaligned start is rounded up:
 *
 *   |  +------+   .+-------+  |        |  +------+    +------+  |
 *   |  |  r1  |   .|  r2   |  |   ->   |  |  r1  |    |  r2  |  |
 *                 ^ r2.base + 4K          r2 starts on the boundary
 */
MB_TEST(memblock_trim, unaligned_base, numa)
{
	mb_add(A0, SZ_2M);
	mb_add(A0 + SZ_4M + SZ_4K, SZ_4M - SZ_4K);

	memblock_trim_memory(SZ_2M);

	mb_assert_type(&memblock.memory, 2, SZ_2M + SZ_2M);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_4M + SZ_2M, SZ_2M, 0, mb_nid());
	mb_assert_eq(memblock_phys_mem_size(), SZ_4M);
}

/*
 * An unaligned end is rounded down:
 *
 *   |  +------+    +-------.+ |        |  +------+    +------+  |
 *   |  |  r1  |    |  r2   .| |   ->   |  |  r1  |    |  r2  |  |
 */
MB_TEST(memblock_trim, unaligned_end, numa)
{
	mb_add(A0, SZ_2M);
	mb_add(A0 + SZ_4M, SZ_4M - SZ_4K);

	memblock_trim_memory(SZ_2M);

	mb_assert_type(&memblock.memory, 2, SZ_2M + SZ_2M);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_4M, SZ_2M, 0, mb_nid());
}

/*
 * Trimming keeps each region's node and flags, and leaves reserved.
 *
 *   memory    | .+---n2 HOT---+.  |   ->  |  +--n2 HOT--+    |
 *   reserved  | .+r+              |   ->  unchanged
 */
MB_TEST(memblock_trim, keeps_attributes_not_reserved, one)
{
	memblock_add_node(A0 + SZ_4K, SZ_4M, 2, MEMBLOCK_HOTPLUG);
	memblock_reserve(A0 + SZ_4K, SZ_4K);

	memblock_trim_memory(SZ_1M);

	mb_assert_type(&memblock.memory, 1, SZ_2M + SZ_1M);
	mb_assert_region_full(&memblock.memory, 0, A0 + SZ_1M, SZ_2M + SZ_1M,
			      MEMBLOCK_HOTPLUG, 2);
	mb_assert_type(&memblock.reserved, 1, SZ_4K);
}

/* ---- memblock_enforce_memory_limit (mem=) ---- */

/*
 * The limit counts bytes of memory, not addresses: holes are skipped.
 * Everything above the address where the limit runs out is removed from
 * memory and from reserved:
 *
 *   memory    |  +--1M--+      +------4M------+       |
 *   reserved  |            +-+        +--+      +--+  |
 *             limit 2M:  ^ kept  ... cut at r2.base + 1M
 *   memory    |  +--1M--+      +-1M-+                 |
 *   reserved  |            +-+                        |
 */
MB_TEST(memblock_trim, enforce_limit_skips_holes, numa)
{
	mb_add(A0, SZ_1M);
	mb_add(A0 + SZ_4M, SZ_4M);
	memblock_reserve(A0 + SZ_2M, SZ_64K);		/* in the hole */
	memblock_reserve(A0 + SZ_4M + SZ_2M, SZ_64K);	/* above the cut */
	memblock_reserve(A0 + SZ_16M, SZ_64K);		/* beyond memory */

	memblock_enforce_memory_limit(SZ_2M);

	mb_assert_type(&memblock.memory, 2, SZ_2M);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_4M, SZ_1M, 0, mb_nid());
	mb_assert_type(&memblock.reserved, 1, SZ_64K);
	mb_assert_region(&memblock.reserved, 0, A0 + SZ_2M, SZ_64K);
}

/*
 * A reservation crossing the cut is cut with it.
 *
 *   memory    |+-------8M--------+|   ->  |+--4M--+           |
 *   reserved  |    +----4M---+    |   ->  |    +2M+           |
 *                       ^ cut at 4M
 */
MB_TEST(memblock_trim, enforce_limit_cuts_reserved, numa)
{
	mb_add(A0, SZ_8M);
	memblock_reserve(A0 + SZ_2M, SZ_4M);

	memblock_enforce_memory_limit(SZ_4M);

	mb_assert_type(&memblock.memory, 1, SZ_4M);
	mb_assert_type(&memblock.reserved, 1, SZ_2M);
	mb_assert_region(&memblock.reserved, 0, A0 + SZ_2M, SZ_2M);
}

/*
 * A limit equal to the first region's size keeps exactly that region.
 *
 *   memory    |+-2M-+   +-2M-+|   ->  |+-2M-+        |
 */
MB_TEST(memblock_trim, enforce_limit_at_region_end, numa)
{
	mb_add(A0, SZ_2M);
	mb_add(A0 + SZ_4M, SZ_2M);

	memblock_enforce_memory_limit(SZ_2M);

	mb_assert_type(&memblock.memory, 1, SZ_2M);
	mb_assert_region(&memblock.memory, 0, A0, SZ_2M);
}

/*
 * A limit of 0 (no mem=) or at least all memory changes nothing.
 *
 *   memory    |+-2M-+   +-2M-+       |
 *   reserved  |                  +r+ |   ->  unchanged
 */
MB_TEST(memblock_trim, enforce_limit_noop, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_2M);
	mb_add(A0 + SZ_4M, SZ_2M);
	memblock_reserve(A0 + SZ_16M, SZ_4K);
	mb_snap(&s);

	memblock_enforce_memory_limit(0);
	mb_assert_unchanged(&s);
	memblock_enforce_memory_limit(SZ_4M + 1);
	mb_assert_unchanged(&s);
	memblock_enforce_memory_limit(PHYS_ADDR_MAX);
	mb_assert_unchanged(&s);
}

/* ---- memblock_cap_memory_range ---- */

/*
 * Only memory and reservations inside [base, base + size) remain:
 *
 *   memory    |  +---------------------------+  |
 *   reserved  |   +-+      +------+      +-+    |
 *   cap       |        [=============]          |
 *   memory    |        +-------------+          |
 *   reserved  |            +------+             |
 */
MB_TEST(memblock_trim, cap_range, numa)
{
	mb_add(A0, SZ_16M);
	memblock_reserve(A0, SZ_64K);
	memblock_reserve(A0 + SZ_4M + SZ_2M, SZ_4M);
	memblock_reserve(A0 + SZ_16M - SZ_64K, SZ_64K);

	memblock_cap_memory_range(A0 + SZ_4M, SZ_8M);

	mb_assert_type(&memblock.memory, 1, SZ_8M);
	mb_assert_region_full(&memblock.memory, 0, A0 + SZ_4M, SZ_8M, 0, mb_nid());
	mb_assert_type(&memblock.reserved, 1, SZ_4M);
	mb_assert_region(&memblock.reserved, 0, A0 + SZ_4M + SZ_2M, SZ_4M);
}

/*
 * NOMAP regions outside the range are kept (they describe firmware
 * memory that must stay known); mapped memory outside goes:
 *
 *   memory    |  +NOMAP+  +-------+  +----+  |
 *   cap       |             [===]            |
 *   memory    |  +NOMAP+    +---+            |
 */
MB_TEST(memblock_trim, cap_keeps_nomap_outside, numa)
{
	mb_add(A0, SZ_1M);
	memblock_mark_nomap(A0, SZ_1M);
	mb_add(A0 + SZ_2M, SZ_4M);
	mb_add(A0 + SZ_8M, SZ_1M);

	memblock_cap_memory_range(A0 + SZ_2M + SZ_1M, SZ_2M);

	mb_assert_type(&memblock.memory, 2, SZ_1M + SZ_2M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, MEMBLOCK_NOMAP, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_2M + SZ_1M, SZ_2M, 0, mb_nid());
}

/*
 * A NOMAP region crossing the cap's ends is split by the isolation and,
 * being NOMAP, all its pieces stay; Linux does not merge them again, so
 * three touching NOMAP regions with equal node remain
 * (memblock_cap_memory_range() calls no memblock_merge_regions()).
 *
 *   memory    |  +-------NOMAP--------+  |   ->  |  +NOMAP+NOMAP+NOMAP+ |
 *   cap       |        [=====]          |
 */
MB_TEST(memblock_trim, cap_splits_nomap_without_merging, one)
{
	memblock_add(A0, SZ_8M);
	memblock_mark_nomap(A0, SZ_8M);

	memblock_cap_memory_range(A0 + SZ_2M, SZ_2M);

	mb_assert_type(&memblock.memory, 3, SZ_8M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_2M, MEMBLOCK_NOMAP, MAX_NUMNODES);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_2M, SZ_2M, MEMBLOCK_NOMAP,
			      MAX_NUMNODES);
	mb_assert_region_full(&memblock.memory, 2, A0 + SZ_4M, SZ_4M, MEMBLOCK_NOMAP,
			      MAX_NUMNODES);
}

/*
 * A cap of size 0 does nothing.
 *
 *   memory    |+--------8M---------+|
 *   reserved  |+r+                  |   ->  unchanged
 *   cap       |    ^ (size 0)        |
 */
MB_TEST(memblock_trim, cap_size_zero_is_noop, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_8M);
	memblock_reserve(A0, SZ_64K);
	mb_snap(&s);

	memblock_cap_memory_range(A0 + SZ_2M, 0);

	mb_assert_unchanged(&s);
}

/*
 * Misuse: capping before any memory is known warns in the kernel's words
 * and changes nothing.
 *
 *   memory    |                     |   (empty)
 *   reserved  |+r+                  |   ->  unchanged + warning
 */
MB_TEST(memblock_trim, cap_without_memory_warns, one)
{
	struct mb_snapshot s;

	memblock_reserve(A0, SZ_64K);
	mb_snap(&s);

	memblock_cap_memory_range(A0, SZ_1M);

	mb_assert_log("memblock_cap_memory_range: No memory registered yet\n");
	mb_assert_unchanged(&s);
}

/*
 * memblock_mem_limit_remove_map() is mem= for machines with NOMAP
 * memory: the limit is found as by memblock_enforce_memory_limit(), then
 * memory is capped to [0, that address), keeping NOMAP regions above it.
 *
 *   memory    |  +--2M--+   +--2M--+   +NOMAP+  |
 *   limit 3M  |  +--2M--+   +1M+       +NOMAP+  |
 */
MB_TEST(memblock_trim, mem_limit_remove_map_keeps_nomap, numa)
{
	mb_add(A0, SZ_2M);
	mb_add(A0 + SZ_4M, SZ_2M);
	mb_add(A0 + SZ_8M, SZ_2M);
	memblock_mark_nomap(A0 + SZ_8M, SZ_2M);
	memblock_reserve(A0 + SZ_8M, SZ_64K);

	memblock_mem_limit_remove_map(SZ_2M + SZ_1M);

	mb_assert_type(&memblock.memory, 3, SZ_2M + SZ_1M + SZ_2M);
	mb_assert_region(&memblock.memory, 1, A0 + SZ_4M, SZ_1M);
	mb_assert_region_full(&memblock.memory, 2, A0 + SZ_8M, SZ_2M, MEMBLOCK_NOMAP, mb_nid());
	/* reservations above the cap go, even over kept NOMAP memory */
	mb_assert_type(&memblock.reserved, 0, 0);
}

/*
 * memblock_mem_limit_remove_map() with 0 or a limit above all memory does
 * nothing.
 *
 *   memory    |+-2M-+               |
 *   reserved  |              +r+    |   ->  unchanged
 */
MB_TEST(memblock_trim, mem_limit_remove_map_noop, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_2M);
	memblock_reserve(A0 + SZ_16M, SZ_64K);
	mb_snap(&s);

	memblock_mem_limit_remove_map(0);
	memblock_mem_limit_remove_map(SZ_4M);

	mb_assert_unchanged(&s);
}
