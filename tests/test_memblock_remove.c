// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_remove.c - memblock_remove(), Linux 6.12 semantics.
 *
 * memblock_remove() takes a range out of memory: regions crossing its
 * ends are split (memblock_isolate_range) and the pieces inside dropped.
 * The pieces that stay keep their node and flags. Reserved is untouched.
 * Made-up addresses around 3 GiB; flat and numa variants (numa: memory on
 * node MB_TEST_NID, added with memblock_add_node()).
 *
 * Pictures: r1, r2 are memory regions, 'rm' the removed range.
 */
#include "helpers/memblock_harness.h"

#define A0	((phys_addr_t)SZ_2G + SZ_1G)

/*
 * Removing a whole region leaves the other one:
 *
 *   |  +----+          +----+        |
 *   |  | r1 |          | r2 |        |
 *   |  | rm |                        |   ->  { r2 }
 *   +--+----+----------+----+--------+
 */
MB_TEST(memblock_remove, whole_region, numa)
{
	mb_add(A0, SZ_1M);
	mb_add(A0 + SZ_4M, SZ_2M);

	mb_assert_eq(memblock_remove(A0, SZ_1M), 0);

	mb_assert_type(&memblock.memory, 1, SZ_2M);
	mb_assert_region_full(&memblock.memory, 0, A0 + SZ_4M, SZ_2M, 0, mb_nid());
}

/*
 * Misuse: removing what was never added changes nothing and succeeds:
 *
 *   |  +----+                        |
 *   |  | r1 |      +----+            |
 *   |             | rm |             |   ->  { r1 }
 *   +--+----+------+----+------------+
 */
MB_TEST(memblock_remove, absent_range_is_noop, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_1M);
	memblock_reserve(A0 + SZ_4M, SZ_1M);
	mb_snap(&s);

	mb_assert_eq(memblock_remove(A0 + SZ_4M, SZ_1M), 0);
	mb_assert_eq(memblock_remove(A0 + SZ_1M, SZ_1M), 0);	/* touching */

	mb_assert_unchanged(&s);
	mb_assert_valid();
}

/*
 * Misuse: removing from empty memory is a no-op.
 *
 *   memory  |        [  rm  ]        |   ->  {}
 */
MB_TEST(memblock_remove, from_empty, one)
{
	mb_assert_eq(memblock_remove(A0, SZ_1M), 0);
	mb_assert_type(&memblock.memory, 0, 0);
	mb_assert_valid();
}

/*
 * Removing across the start of a region trims its start:
 *
 *   |      +------------+        |
 *   |      |     r1     |        |
 *   |   +------+                 |
 *   |   |  rm  |                 |   ->  { [rm.end, r1.end) }
 *   +---+--+---+--------+--------+
 */
MB_TEST(memblock_remove, overlap_top, numa)
{
	mb_add(A0 + SZ_1M, SZ_4M);

	memblock_remove(A0, SZ_2M);

	mb_assert_type(&memblock.memory, 1, SZ_2M + SZ_1M);
	mb_assert_region_full(&memblock.memory, 0, A0 + SZ_2M, SZ_2M + SZ_1M, 0, mb_nid());
}

/*
 * Removing across the end of a region trims its end:
 *
 *   |   +------------+           |
 *   |   |     r1     |           |
 *   |           +--------+       |
 *   |           |   rm   |       |   ->  { [r1.base, rm.base) }
 *   +---+-------+----+---+-------+
 */
MB_TEST(memblock_remove, overlap_bottom, numa)
{
	mb_add(A0, SZ_4M);

	memblock_remove(A0 + SZ_2M + SZ_1M, SZ_4M);

	mb_assert_type(&memblock.memory, 1, SZ_2M + SZ_1M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_2M + SZ_1M, 0, mb_nid());
}

/*
 * Removing the middle of a region splits it in two, both keeping the
 * region's node and flags:
 *
 *   |   +--------------------+   |
 *   |   |         r1  HOTPLUG|   |
 *   |          +----+            |
 *   |          | rm |            |   ->  { r1 low part, r1 high part }
 *   +---+------+----+--------+---+
 */
MB_TEST(memblock_remove, within_splits, numa)
{
	mb_add(A0, SZ_8M);
	memblock_mark_hotplug(A0, SZ_8M);

	memblock_remove(A0 + SZ_2M, SZ_1M);

	mb_assert_type(&memblock.memory, 2, SZ_8M - SZ_1M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_2M, MEMBLOCK_HOTPLUG, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_2M + SZ_1M,
			      SZ_8M - SZ_2M - SZ_1M, MEMBLOCK_HOTPLUG, mb_nid());
}

/*
 * Removing the only region empties memory: cnt 0, total 0, and the first
 * entry cleared back to base 0, size 0, flags 0, nid MAX_NUMNODES.
 *
 *   |   +----+                   |
 *   |   | r1 |                   |
 *   |   | rm |                   |   ->  {}
 *   +---+----+-------------------+
 */
MB_TEST(memblock_remove, only_region_empties, numa)
{
	mb_add(A0, SZ_1M);

	memblock_remove(A0, SZ_1M);

	mb_assert_type(&memblock.memory, 0, 0);
	mb_assert_eq(memblock.memory.regions[0].base, 0);
	mb_assert_eq(memblock.memory.regions[0].size, 0);
	mb_assert_eq(memblock.memory.regions[0].flags, 0);
	mb_assert_eq(memblock.memory.regions[0].nid, MAX_NUMNODES);

	/* and memory can be added again as to an empty type */
	mb_add(A0 + SZ_1M, SZ_1M);
	mb_assert_type(&memblock.memory, 1, SZ_1M);
}

/*
 * A removal running past PHYS_ADDR_MAX is capped, so it removes up to
 * the end of the address space:
 *
 *   |   +----+           +----------+
 *   |   | r1 |           |   r2     |
 *   |                 +-------------|...
 *   |                 |    rm       |...  ->  { r1, [r2.base, rm.base) }
 *   +---+----+--------+--+----------+
 */
MB_TEST(memblock_remove, near_max_is_capped, numa)
{
	phys_addr_t r2 = PHYS_ADDR_MAX - SZ_1M + 1;

	mb_add(A0, SZ_1M);
	mb_add(r2, SZ_1M - 1);
	mb_assert_type(&memblock.memory, 2, SZ_2M - 1);

	memblock_remove(r2 + SZ_512K, SZ_1M);

	mb_assert_type(&memblock.memory, 2, SZ_1M + SZ_512K);
	mb_assert_region(&memblock.memory, 1, r2, SZ_512K);
}

/*
 * Removing a range across two regions trims the end of one and the start
 * of the other:
 *
 *   |   +--------+  +--------+   |
 *   |   |   r1   |  |   r2   |   |
 *   |        +--------+          |
 *   |        |   rm   |          |   ->  { r1 head, r2 tail }
 *   +---+----+---+--+-+------+---+
 */
MB_TEST(memblock_remove, overlap_two, numa)
{
	mb_add(A0, SZ_4M);
	mb_add(A0 + SZ_8M, SZ_4M);

	memblock_remove(A0 + SZ_2M, SZ_8M);

	mb_assert_type(&memblock.memory, 2, SZ_4M);
	mb_assert_region(&memblock.memory, 0, A0, SZ_2M);
	mb_assert_region(&memblock.memory, 1, A0 + SZ_8M + SZ_2M, SZ_2M);
}

/*
 * One removal can take several whole regions and leave their neighbours:
 *
 *   |  +--+ +--+ +--+ +--+ +--+  |
 *   |       +-----------+        |
 *   |       |    rm     |        |   ->  { r1, r5 }
 *   +--+--+-+--+-+--+-+-+--+--+--+
 */
MB_TEST(memblock_remove, several_regions, numa)
{
	for (int i = 0; i < 5; i++)
		mb_add(A0 + i * SZ_2M, SZ_1M);

	memblock_remove(A0 + SZ_2M, SZ_4M + SZ_1M);

	mb_assert_type(&memblock.memory, 2, SZ_2M);
	mb_assert_region(&memblock.memory, 0, A0, SZ_1M);
	mb_assert_region(&memblock.memory, 1, A0 + SZ_8M, SZ_1M);
}

/*
 * Regions of different nodes and flags under one removal: each surviving
 * piece keeps its own node and flags, and nothing merges.
 *
 *   |  +--n0--+--n1 HOT--+--n2--+  |
 *   |      +-------------+         |
 *   |      |     rm      |         |   ->  { n0 head, n2 whole }
 *   +--+---+------+------+------+--+
 */
MB_TEST(memblock_remove, keeps_nid_and_flags_of_pieces, one)
{
	memblock_add_node(A0, SZ_2M, 0, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_2M, SZ_2M, 1, MEMBLOCK_HOTPLUG);
	memblock_add_node(A0 + SZ_4M, SZ_2M, 2, MEMBLOCK_NONE);

	memblock_remove(A0 + SZ_1M, SZ_2M);

	mb_assert_type(&memblock.memory, 3, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, 0, 0);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_2M + SZ_1M, SZ_1M,
			      MEMBLOCK_HOTPLUG, 1);
	mb_assert_region_full(&memblock.memory, 2, A0 + SZ_4M, SZ_2M, 0, 2);
}

/*
 * Removing memory does not touch reserved: a reservation over removed
 * memory stays.
 *
 *   memory    |  +------------+  |   ->  {}
 *   reserved  |     +----+       |   ->  { r } unchanged
 */
MB_TEST(memblock_remove, leaves_reserved_alone, numa)
{
	mb_add(A0, SZ_4M);
	memblock_reserve(A0 + SZ_1M, SZ_1M);

	memblock_remove(A0, SZ_4M);

	mb_assert_type(&memblock.memory, 0, 0);
	mb_assert_type(&memblock.reserved, 1, SZ_1M);
	mb_assert_region(&memblock.reserved, 0, A0 + SZ_1M, SZ_1M);
}

/*
 * Misuse: removing 0 bytes, even inside a region, splits nothing.
 *
 *   |   +--------r1--------+   |   ->  { r1 } unchanged
 *             ^ rm (size 0)
 */
MB_TEST(memblock_remove, size_zero_is_noop, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_4M);
	mb_snap(&s);

	mb_assert_eq(memblock_remove(A0 + SZ_1M, 0), 0);

	mb_assert_unchanged(&s);
}

/*
 * Misuse: removing the same range twice; the second time is a no-op.
 *
 *   |   +--+ rm +------+   |   ->  { head, tail }, then unchanged
 */
MB_TEST(memblock_remove, twice, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_4M);
	memblock_remove(A0 + SZ_1M, SZ_1M);
	mb_snap(&s);

	mb_assert_eq(memblock_remove(A0 + SZ_1M, SZ_1M), 0);

	mb_assert_unchanged(&s);
	mb_assert_type(&memblock.memory, 2, SZ_4M - SZ_1M);
}

/*
 * Removing part of memory and adding it back restores one region (the
 * pieces have the same node and flags, so they merge again).
 *
 *   |   +--+    +------+   |  ->  add back  ->  |   +-----------+   |
 */
MB_TEST(memblock_remove, then_add_back_merges, numa)
{
	mb_add(A0, SZ_4M);
	memblock_remove(A0 + SZ_1M, SZ_1M);
	mb_assert_type(&memblock.memory, 2, SZ_2M + SZ_1M);

	mb_add(A0 + SZ_1M, SZ_1M);

	mb_assert_type(&memblock.memory, 1, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_4M, 0, mb_nid());
}
