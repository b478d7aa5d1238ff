// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_add.c - memblock_add(), memblock_add_node(),
 * memblock_physmem_add() and the memory queries, Linux 6.12 semantics.
 *
 * Adding never touches the bytes, so these cases use made-up addresses
 * around 1 GiB. Each case runs flat (memblock_add: the region carries
 * nid MAX_NUMNODES) and numa (memblock_add_node on node MB_TEST_NID); the
 * allocation policy does not matter here.
 *
 * Pictures: '|' and '+' draw the address line, r1/r2 the ranges added,
 * '->' the regions memblock keeps afterwards.
 */
#include <string.h>

#include "helpers/memblock_harness.h"

#define A0	((phys_addr_t)SZ_1G)

/*
 * Adding to empty memory makes one region:
 *
 *   |        +--------+         |
 *   |        |   r1   |         |   ->  memory = { r1 }
 *   +--------+--------+---------+
 *            A0     A0+256K
 */
MB_TEST(memblock_add, simple, numa)
{
	mb_assert_eq(mb_add(A0, SZ_256K), 0);

	mb_assert_type(&memblock.memory, 1, SZ_256K);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_256K, MEMBLOCK_NONE, mb_nid());
	mb_assert_type(&memblock.reserved, 0, 0);
	mb_assert_eq(memblock_phys_mem_size(), SZ_256K);
}

/*
 * memblock_add_node() records the node and the flags it is given:
 *
 *   |        +--------+         |
 *   |        | r1 n5  |         |   ->  { r1: nid 5, HOTPLUG }
 *   +--------+--------+---------+
 */
MB_TEST(memblock_add, node_records_nid_and_flags, one)
{
	mb_assert_eq(memblock_add_node(A0, SZ_1M, 5, MEMBLOCK_HOTPLUG), 0);

	mb_assert_type(&memblock.memory, 1, SZ_1M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, MEMBLOCK_HOTPLUG, 5);
}

/*
 * Linux 6.12's memblock_add() leaves the node unset: nid MAX_NUMNODES,
 * which is not a valid node (numa_valid_node() is false).
 *
 *   |        +--------+          |
 *   |        |   r1   |          |   ->  { r1: nid MAX_NUMNODES }
 *   +--------+--------+----------+
 */
MB_TEST(memblock_add, plain_add_has_no_node, one)
{
	memblock_add(A0, SZ_64K);

	mb_assert_eq(memblock.memory.regions[0].nid, MAX_NUMNODES);
	mb_assert(!numa_valid_node(memblock.memory.regions[0].nid),
		  "nid %d must not be a valid node", memblock.memory.regions[0].nid);
}

/*
 * Two disjoint ranges stay two regions, sorted by address whatever the
 * order they were added in:
 *
 *   |   +----+        +------+        |
 *   |   | r1 |        |  r2  |        |   added r2 first, then r1
 *   +---+----+--------+------+--------+   ->  { r1, r2 }
 */
MB_TEST(memblock_add, disjoint_sorted, numa)
{
	phys_addr_t r1 = A0, r2 = A0 + SZ_1M;

	mb_add(r2, SZ_512K);
	mb_add(r1, SZ_128K);

	mb_assert_type(&memblock.memory, 2, SZ_512K + SZ_128K);
	mb_assert_region_full(&memblock.memory, 0, r1, SZ_128K, 0, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, r2, SZ_512K, 0, mb_nid());
}

/*
 * A range overlapping the start of a region merges with it:
 *
 *   |    +----+----+------+     |
 *   |    | r2 |r1&r2  r1  |     |   ->  one region [r2.base, r1.end)
 *   +----+----+----+------+-----+
 *        A0   A0+64K      A0+320K
 */
MB_TEST(memblock_add, overlap_top, numa)
{
	mb_add(A0 + SZ_64K, SZ_256K);		/* r1 */
	mb_add(A0, SZ_128K);			/* r2 */

	mb_assert_type(&memblock.memory, 1, SZ_256K + SZ_64K);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_256K + SZ_64K, 0, mb_nid());
}

/*
 * A range overlapping the end of a region merges with it:
 *
 *   |    +------+----+----+     |
 *   |    |  r1  |r1&r2 r2 |     |   ->  one region [r1.base, r2.end)
 *   +----+------+----+----+-----+
 *        A0    A0+192K A0+256K A0+384K
 */
MB_TEST(memblock_add, overlap_bottom, numa)
{
	mb_add(A0, SZ_256K);			/* r1 */
	mb_add(A0 + SZ_128K + SZ_64K, SZ_128K + SZ_64K); /* r2 */

	mb_assert_type(&memblock.memory, 1, SZ_256K + SZ_128K);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_256K + SZ_128K, 0, mb_nid());
}

/*
 * A range inside a region changes nothing:
 *
 *   |    +---+-----+-----+      |
 *   |    |r1 | r2  | r1  |      |   ->  { r1 } unchanged
 *   +----+---+-----+-----+------+
 */
MB_TEST(memblock_add, within, numa)
{
	mb_add(A0, SZ_1M);
	mb_add(A0 + SZ_256K, SZ_64K);

	mb_assert_type(&memblock.memory, 1, SZ_1M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, 0, mb_nid());
}

/*
 * Adding the same range twice counts it once:
 *
 *   |    +--------+             |
 *   |    | r1, r1 |             |   ->  { r1 }, total_size = size of r1
 *   +----+--------+-------------+
 */
MB_TEST(memblock_add, twice, numa)
{
	mb_assert_eq(mb_add(A0, SZ_2M), 0);
	mb_assert_eq(mb_add(A0, SZ_2M), 0);

	mb_assert_type(&memblock.memory, 1, SZ_2M);
}

/*
 * Adjacent ranges with the same node and flags merge:
 *
 *   |    +-----+-----+          |
 *   |    | r1  | r2  |          |   ->  one region r1+r2
 *   +----+-----+-----+----------+
 */
MB_TEST(memblock_add, adjacent_regions_merge, numa)
{
	mb_add(A0 + SZ_64K, SZ_64K);		/* r2 first */
	mb_add(A0, SZ_64K);			/* r1 touches r2 */

	mb_assert_type(&memblock.memory, 1, SZ_128K);
	mb_assert_region(&memblock.memory, 0, A0, SZ_128K);
}

/*
 * A range that exactly fills the gap between two regions joins all three:
 *
 *   |  +----+....+----+         |
 *   |  | r1 | r2 | r3 |         |   ->  one region r1+r2+r3
 *   +--+----+....+----+---------+
 */
MB_TEST(memblock_add, fills_gap_between, numa)
{
	mb_add(A0, SZ_128K);
	mb_add(A0 + SZ_256K, SZ_128K);
	mb_assert_type(&memblock.memory, 2, SZ_256K);

	mb_add(A0 + SZ_128K, SZ_128K);

	mb_assert_type(&memblock.memory, 1, SZ_256K + SZ_128K);
	mb_assert_region(&memblock.memory, 0, A0, SZ_256K + SZ_128K);
}

/*
 * A range covering several regions and the gaps between them becomes one
 * region; the overlapping parts are not counted twice:
 *
 *   |  +--+  +--+  +--+         |
 *   |  |r1|  |r2|  |r3|         |
 *   | +-------------------+     |
 *   | |        r4         |     |   ->  one region = r4
 *   +-+-------------------+-----+
 */
MB_TEST(memblock_add, covers_several, numa)
{
	mb_add(A0 + SZ_64K, SZ_64K);
	mb_add(A0 + SZ_256K, SZ_64K);
	mb_add(A0 + SZ_512K, SZ_64K);
	mb_assert_type(&memblock.memory, 3, 3 * SZ_64K);

	mb_add(A0, SZ_1M);

	mb_assert_type(&memblock.memory, 1, SZ_1M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, 0, mb_nid());
}

/*
 * Adjacent ranges on different nodes stay apart:
 *
 *   |    +-----+-----+          |
 *   |    | n0  | n1  |          |   ->  two regions
 *   +----+-----+-----+----------+
 */
MB_TEST(memblock_add, adjacent_other_node_kept_apart, one)
{
	memblock_add_node(A0, SZ_128K, 0, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_128K, SZ_128K, 1, MEMBLOCK_NONE);

	mb_assert_type(&memblock.memory, 2, SZ_256K);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_128K, 0, 0);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_128K, SZ_128K, 0, 1);
}

/*
 * Adjacent ranges with different flags stay apart:
 *
 *   |    +-----+---------+      |
 *   |    | r1  | r2 HOT  |      |   ->  two regions
 *   +----+-----+---------+------+
 */
MB_TEST(memblock_add, adjacent_other_flags_kept_apart, one)
{
	memblock_add_node(A0, SZ_128K, 0, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_128K, SZ_128K, 0, MEMBLOCK_HOTPLUG);

	mb_assert_type(&memblock.memory, 2, SZ_256K);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_128K, 0, 0);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_128K, SZ_128K,
			      MEMBLOCK_HOTPLUG, 0);
}

/*
 * Adding over a region of another node fills only the holes: the existing
 * part keeps its node, and memblock_add_range() warns (WARN_ON(nid !=
 * rgn nid)) because the new range's lower part is cut by a region of
 * another node:
 *
 *   |        +-----+            |
 *   |        | n1  |            |
 *   |   +--------------+        |
 *   |   |     r n2     |        |   ->  { n2, n1, n2 }, one WARNING
 *   +---+----+-----+---+--------+
 */
MB_TEST(memblock_add, over_other_node_fills_holes_and_warns, one)
{
	memblock_add_node(A0 + SZ_64K, SZ_64K, 1, MEMBLOCK_NONE);
	kmm_dmesg_clear();

	mb_assert_eq(memblock_add_node(A0, SZ_256K, 2, MEMBLOCK_NONE), 0);

	mb_assert_type(&memblock.memory, 3, SZ_256K);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_64K, 0, 2);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_64K, SZ_64K, 0, 1);
	mb_assert_region_full(&memblock.memory, 2, A0 + SZ_128K, SZ_128K, 0, 2);
	mb_assert_eq(mb_log_count("WARNING: CPU:"), 1);
}

/*
 * When the new range starts inside the foreign region, no part of it lies
 * below that region: nothing to warn about.
 *
 *   |   +-----+                 |
 *   |   | n1  |                 |
 *   |      +-----------+        |
 *   |      |   r n2    |        |   ->  { n1, n2 }, no warning
 *   +---+--+--+--------+--------+
 */
MB_TEST(memblock_add, over_other_node_from_inside_no_warning, one)
{
	memblock_add_node(A0, SZ_128K, 1, MEMBLOCK_NONE);
	kmm_dmesg_clear();

	memblock_add_node(A0 + SZ_64K, SZ_256K, 2, MEMBLOCK_NONE);

	mb_assert_type(&memblock.memory, 2, SZ_256K + SZ_64K);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_128K, 0, 1);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_128K, SZ_128K + SZ_64K, 0, 2);
	mb_assert_no_log("WARNING");
}

/*
 * A range running past the top of the address space is capped at
 * PHYS_ADDR_MAX (memblock_cap_size): size becomes PHYS_ADDR_MAX - base.
 *
 *   |                     +---------+
 *   |                     |  r1 ....|....   ->  [base, PHYS_ADDR_MAX)
 *   +---------------------+---------+
 *                       base     PHYS_ADDR_MAX
 */
MB_TEST(memblock_add, near_max_is_capped, numa)
{
	phys_addr_t base = PHYS_ADDR_MAX - SZ_1M + 1;

	mb_assert_eq(mb_add(base, SZ_2M), 0);

	mb_assert_type(&memblock.memory, 1, SZ_1M - 1);
	mb_assert_region(&memblock.memory, 0, base, SZ_1M - 1);
	mb_assert_eq(memblock_end_of_DRAM(), PHYS_ADDR_MAX);
}

/*
 * Misuse: a range of size 0 is a no-op that succeeds.
 *
 *   |    +----+                 |
 *   |    | r1 |   (r2 size 0)   |   ->  { r1 } unchanged
 *   +----+----+-----------------+
 */
MB_TEST(memblock_add, size_zero_is_noop, numa)
{
	struct mb_snapshot s;

	mb_assert_eq(mb_add(A0, 0), 0);
	mb_assert_type(&memblock.memory, 0, 0);

	mb_add(A0, SZ_64K);
	mb_snap(&s);
	mb_assert_eq(mb_add(A0 + SZ_1M, 0), 0);
	mb_assert_eq(mb_add(A0 + SZ_64K, 0), 0);	/* even touching r1 */
	mb_assert_unchanged(&s);
	mb_assert_valid();
}

/*
 * Misuse: a range starting at PHYS_ADDR_MAX has no room at all once
 * capped: a no-op that succeeds.
 *
 *   |                            +...
 *   |             (nothing)      | r1 ...   ->  memory stays empty
 *   +----------------------------+
 *                          PHYS_ADDR_MAX
 */
MB_TEST(memblock_add, at_phys_addr_max_is_noop, numa)
{
	mb_assert_eq(mb_add(PHYS_ADDR_MAX, SZ_4K), 0);
	mb_assert_type(&memblock.memory, 0, 0);
	mb_assert_valid();
}

/*
 * Misuse: a size that wraps the address space (base + size overflows)
 * is capped the same way; it does not become a small region below base.
 *
 *   |  +--+                    +-----+
 *   |  |r1|                    | r2 .|....(wraps)  ->  { r1, [base, MAX) }
 *   +--+--+--------------------+-----+
 *                            base   PHYS_ADDR_MAX
 */
MB_TEST(memblock_add, wrapping_size_is_capped, numa)
{
	phys_addr_t base = PHYS_ADDR_MAX - SZ_64K + 1;

	mb_add(A0, SZ_64K);
	mb_assert_eq(mb_add(base, PHYS_ADDR_MAX), 0);

	mb_assert_type(&memblock.memory, 2, SZ_64K + SZ_64K - 1);
	mb_assert_region(&memblock.memory, 0, A0, SZ_64K);
	mb_assert_region(&memblock.memory, 1, base, SZ_64K - 1);
}

/*
 * The queries over memory:
 *
 *   |  +-----+      +--------+      |
 *   |  | r1  |      |   r2   |      |
 *   +--+-----+------+--------+------+
 *      A0   A0+64K  A0+1M     A0+2M
 */
MB_TEST(memblock_add, memory_queries, numa)
{
	mb_add(A0, SZ_64K);
	mb_add(A0 + SZ_1M, SZ_1M);

	mb_assert_eq(memblock_start_of_DRAM(), A0);
	mb_assert_eq(memblock_end_of_DRAM(), A0 + SZ_2M);
	mb_assert_eq(memblock_phys_mem_size(), SZ_64K + SZ_1M);

	mb_assert(memblock_is_memory(A0), "A0 is memory");
	mb_assert(memblock_is_memory(A0 + SZ_64K - 1), "last byte of r1 is memory");
	mb_assert(!memblock_is_memory(A0 + SZ_64K), "end of r1 is not memory");
	mb_assert(!memblock_is_memory(A0 - 1), "below r1 is not memory");
	mb_assert(memblock_is_memory(A0 + SZ_2M - 1), "last byte of r2");
	mb_assert(!memblock_is_memory(A0 + SZ_2M), "end of r2");

	mb_assert(memblock_is_region_memory(A0, SZ_64K), "r1 is memory");
	mb_assert(memblock_is_region_memory(A0 + SZ_1M + SZ_4K, SZ_4K), "inside r2");
	mb_assert(!memblock_is_region_memory(A0, SZ_64K + 1), "r1 + 1 byte");
	mb_assert(!memblock_is_region_memory(A0 + SZ_512K, SZ_4K), "hole");
	mb_assert(!memblock_is_region_memory(A0 + SZ_1M - SZ_4K, SZ_8K),
		  "straddling the start of r2");
	/* The map API sees them as mapped memory: nothing is NOMAP. */
	mb_assert(memblock_is_map_memory(A0), "r1 is mapped");
	mb_assert(!memblock_is_map_memory(A0 + SZ_512K), "hole is not mapped");
}

/*
 * With no memory, the queries answer "nothing" and do not crash.
 *
 *   memory  |                            |   (empty)
 */
MB_TEST(memblock_add, queries_on_empty, one)
{
	mb_assert_eq(memblock_phys_mem_size(), 0);
	mb_assert_eq(memblock_start_of_DRAM(), 0);
	mb_assert(!memblock_is_memory(A0), "empty: no memory");
	mb_assert(!memblock_is_region_memory(A0, SZ_4K), "empty: no region");
}

/*
 * physmem records what the firmware reported, in its own type, with no
 * node; it does not change memory.
 *
 *   physmem |  +----+----+   |   ->  one region, nid MAX_NUMNODES
 *   memory  |                |   ->  empty
 */
MB_TEST(memblock_add, physmem_add, one)
{
	mb_assert_eq(memblock_physmem_add(A0, SZ_1M), 0);
	mb_assert_eq(memblock_physmem_add(A0 + SZ_1M, SZ_1M), 0);

	mb_assert_type(&physmem, 1, SZ_2M);
	mb_assert_region_full(&physmem, 0, A0, SZ_2M, 0, MAX_NUMNODES);
	mb_assert_type(&memblock.memory, 0, 0);
}

/*
 * The static arrays and names after a reset, as the kernel initialises
 * them: INIT_MEMBLOCK_REGIONS entries, top-down, no limit.
 *
 *   memory    |      (empty, 128 slots)      |
 *   reserved  |      (empty, 128 slots)      |
 *   physmem   |      (empty,   4 slots)      |
 */
MB_TEST(memblock_add, initial_state, one)
{
	memblock_reset();

	mb_assert_eq(memblock.memory.cnt, 0);
	mb_assert_eq(memblock.memory.max, INIT_MEMBLOCK_REGIONS);
	mb_assert_eq(memblock.reserved.cnt, 0);
	mb_assert_eq(memblock.reserved.max, INIT_MEMBLOCK_RESERVED_REGIONS);
	mb_assert_eq(physmem.max, INIT_PHYSMEM_REGIONS);
	mb_assert(strcmp(memblock.memory.name, "memory") == 0, "memory name");
	mb_assert(strcmp(memblock.reserved.name, "reserved") == 0, "reserved name");
	mb_assert(strcmp(physmem.name, "physmem") == 0, "physmem name");
	mb_assert(!memblock_bottom_up(), "top-down by default");
	mb_assert_eq(memblock_get_current_limit(), MEMBLOCK_ALLOC_ANYWHERE);
}

/*
 * memblock_set_bottom_up() flips the policy both ways.
 *
 *   |-> bottom-up: allocations from the low end           |
 *   |                 top-down: allocations from the high end <-|
 */
MB_TEST(memblock_add, set_bottom_up, one)
{
	memblock_set_bottom_up(true);
	mb_assert(memblock_bottom_up(), "bottom-up set");
	mb_assert(memblock.bottom_up, "field set");
	memblock_set_bottom_up(false);
	mb_assert(!memblock_bottom_up(), "top-down again");
}
