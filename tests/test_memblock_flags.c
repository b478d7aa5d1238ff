// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_flags.c - region attributes and nodes:
 * memblock_mark_hotplug/clear_hotplug, memblock_mark_mirror,
 * memblock_mark_nomap/clear_nomap, memblock_reserved_mark_noinit and
 * memblock_set_node(), Linux 6.12 semantics.
 *
 * All of them isolate the range first (split regions crossing its ends),
 * change the regions inside, then merge neighbours that became equal.
 * Only existing regions change: a flag set over a hole creates nothing.
 *
 * Pictures: the line is memory (or reserved where said); HOT, NOMAP,
 * NOINIT name a flag; nN a node.
 */
#include "helpers/memblock_harness.h"

#define A0	((phys_addr_t)SZ_1G)

/*
 * Marking a whole region sets the flag on it:
 *
 *   |  +-----------+   |        |  +-----------+   |
 *   |  |    r1     |   |   ->   |  |  r1 HOT   |   |
 */
MB_TEST(memblock_flags, hotplug_whole_region, numa)
{
	mb_add(A0, SZ_4M);

	mb_assert_eq(memblock_mark_hotplug(A0, SZ_4M), 0);

	mb_assert_type(&memblock.memory, 1, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_4M, MEMBLOCK_HOTPLUG, mb_nid());
	mb_assert(memblock_is_hotpluggable(&memblock.memory.regions[0]), "helper");
}

/*
 * Marking the middle of a region splits it in three:
 *
 *   |  +-----------+   |        |  +--+-----+--+   |
 *   |  |    r1     |   |   ->   |  |r1| HOT |r1|   |
 */
MB_TEST(memblock_flags, hotplug_middle_splits, numa)
{
	mb_add(A0, SZ_4M);

	memblock_mark_hotplug(A0 + SZ_1M, SZ_2M);

	mb_assert_type(&memblock.memory, 3, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, 0, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_1M, SZ_2M,
			      MEMBLOCK_HOTPLUG, mb_nid());
	mb_assert_region_full(&memblock.memory, 2, A0 + SZ_2M + SZ_1M, SZ_1M, 0, mb_nid());
}

/*
 * Clearing the flag again merges the three pieces back into one:
 *
 *   |  +--+-----+--+   |        |  +-----------+   |
 *   |  |r1| HOT |r1|   |   ->   |  |    r1     |   |
 */
MB_TEST(memblock_flags, clear_hotplug_merges_back, numa)
{
	mb_add(A0, SZ_4M);
	memblock_mark_hotplug(A0 + SZ_1M, SZ_2M);

	mb_assert_eq(memblock_clear_hotplug(A0 + SZ_1M, SZ_2M), 0);

	mb_assert_type(&memblock.memory, 1, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_4M, 0, mb_nid());
}

/*
 * Clearing part of a flagged region splits it; the part that stays
 * flagged is the rest:
 *
 *   |  +-----------+   |        |  +-----+-----+   |
 *   |  |    HOT    |   |   ->   |  | HOT |     |   |
 */
MB_TEST(memblock_flags, clear_hotplug_part, numa)
{
	mb_add(A0, SZ_4M);
	memblock_mark_hotplug(A0, SZ_4M);

	memblock_clear_hotplug(A0 + SZ_2M, SZ_8M);	/* runs past memory */

	mb_assert_type(&memblock.memory, 2, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_2M, MEMBLOCK_HOTPLUG, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_2M, SZ_2M, 0, mb_nid());
}

/*
 * Marking two touching ranges one after the other gives one flagged
 * region (the second marking merges with the first):
 *
 *   |  +-----+-----+--+  |        |  +-----------+--+  |
 *   |  | HOT | HOT |r1|  |   ->   |  |    HOT    |r1|  |
 */
MB_TEST(memblock_flags, adjacent_markings_merge, numa)
{
	mb_add(A0, SZ_4M);

	memblock_mark_hotplug(A0, SZ_1M);
	memblock_mark_hotplug(A0 + SZ_1M, SZ_1M);

	mb_assert_type(&memblock.memory, 2, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_2M, MEMBLOCK_HOTPLUG, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_2M, SZ_2M, 0, mb_nid());
}

/*
 * Marking twice is the same as marking once.
 *
 *   |  +--+-----+------+  |        |  +--+-----+------+  |
 *   |  |r1| HOT |  r1  |  |   ->   |  |r1| HOT |  r1  |  |   (unchanged)
 */
MB_TEST(memblock_flags, mark_twice, numa)
{
	mb_add(A0, SZ_4M);
	memblock_mark_hotplug(A0 + SZ_1M, SZ_1M);
	memblock_mark_hotplug(A0 + SZ_1M, SZ_1M);

	mb_assert_type(&memblock.memory, 3, SZ_4M);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_1M, SZ_1M,
			      MEMBLOCK_HOTPLUG, mb_nid());
}

/*
 * A marking that spans a hole flags the memory on both sides and creates
 * no memory in the hole; regions of different nodes keep their node:
 *
 *   |  +--n0--+     +--n1--+   |        |  +-n0-+--+     +--+-n1-+  |
 *   |      +-------------+     |   ->   |  |    |HOT     HOT|    |  |
 */
MB_TEST(memblock_flags, mark_across_hole_and_nodes, one)
{
	memblock_add_node(A0, SZ_2M, 0, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_4M, SZ_2M, 1, MEMBLOCK_NONE);

	memblock_mark_hotplug(A0 + SZ_1M, SZ_4M);

	mb_assert_type(&memblock.memory, 4, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, 0, 0);
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_1M, SZ_1M, MEMBLOCK_HOTPLUG, 0);
	mb_assert_region_full(&memblock.memory, 2, A0 + SZ_4M, SZ_1M, MEMBLOCK_HOTPLUG, 1);
	mb_assert_region_full(&memblock.memory, 3, A0 + SZ_4M + SZ_1M, SZ_1M, 0, 1);
	mb_assert(!memblock_is_memory(A0 + SZ_2M + SZ_1M), "hole stays a hole");
}

/*
 * Misuse: marking a range that is not memory, or of size 0, or clearing
 * a flag that is not set, changes nothing and succeeds.
 *
 *   |  +-----r1-----+     [mark]  |   ->  { r1 } unchanged
 */
MB_TEST(memblock_flags, mark_outside_or_empty_is_noop, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_4M);
	mb_snap(&s);

	mb_assert_eq(memblock_mark_hotplug(A0 + SZ_8M, SZ_1M), 0);
	mb_assert_eq(memblock_mark_nomap(A0 + SZ_1M, 0), 0);
	mb_assert_eq(memblock_clear_hotplug(A0, SZ_4M), 0);	/* never set */
	mb_assert_eq(memblock_clear_nomap(A0 + SZ_1M, SZ_1M), 0);

	mb_assert_unchanged(&s);
	mb_assert_valid();
}

/*
 * Two different flags on overlapping ranges give the pieces the union of
 * what was marked over them:
 *
 *   |  +----+----------+----+---+   |
 *   |  |HOT |HOT|NOMAP |NOMAP|   |   |
 */
MB_TEST(memblock_flags, flags_combine, numa)
{
	mb_add(A0, SZ_4M);

	memblock_mark_hotplug(A0, SZ_2M);
	memblock_mark_nomap(A0 + SZ_1M, SZ_2M);

	mb_assert_type(&memblock.memory, 4, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, MEMBLOCK_HOTPLUG, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_1M, SZ_1M,
			      MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP, mb_nid());
	mb_assert_region_full(&memblock.memory, 2, A0 + SZ_2M, SZ_1M, MEMBLOCK_NOMAP, mb_nid());
	mb_assert_region_full(&memblock.memory, 3, A0 + SZ_2M + SZ_1M, SZ_1M, 0, mb_nid());
}

/*
 * NOMAP memory is memory but not mapped memory; clearing it maps it again:
 *
 *   |  +--+-------+--+  |
 *   |  |  | NOMAP |  |  |   ->  is_memory yes, is_map_memory no
 */
MB_TEST(memblock_flags, nomap_queries, numa)
{
	mb_add(A0, SZ_4M);
	mb_assert_eq(memblock_mark_nomap(A0 + SZ_1M, SZ_1M), 0);

	mb_assert(memblock_is_memory(A0 + SZ_1M), "NOMAP is still memory");
	mb_assert(!memblock_is_map_memory(A0 + SZ_1M), "but not mapped");
	mb_assert(memblock_is_map_memory(A0), "its neighbour is mapped");
	mb_assert(memblock_is_nomap(&memblock.memory.regions[1]), "helper");

	mb_assert_eq(memblock_clear_nomap(A0 + SZ_1M, SZ_1M), 0);
	mb_assert(memblock_is_map_memory(A0 + SZ_1M), "mapped again");
	mb_assert_type(&memblock.memory, 1, SZ_4M);
}

/*
 * Allocations never come from NOMAP memory:
 *
 *   |  +----+--------------+----+  |
 *   |  |free|    NOMAP     |free|  |   ->  top-down: top free part,
 *   +--+----+--------------+----+--+       bottom-up: bottom free part
 *
 * With both free parts too small the allocation fails although the
 * NOMAP part is large enough.
 */
MB_TEST(memblock_flags, nomap_never_allocated, all)
{
	phys_addr_t base = mb_base();
	phys_addr_t got;

	mb_setup(SZ_1M);
	memblock_mark_nomap(base + SZ_64K, SZ_1M - SZ_128K);

	got = memblock_phys_alloc(SZ_64K, SZ_4K);
	mb_assert_eq(got, mb_var.bottom_up ? base : base + SZ_1M - SZ_64K);
	got = memblock_phys_alloc(SZ_64K, SZ_4K);
	mb_assert_eq(got, mb_var.bottom_up ? base + SZ_1M - SZ_64K : base);
	mb_assert_eq(memblock_phys_alloc(SZ_4K, SZ_4K), 0);
	mb_assert_type(&memblock.reserved, 2, SZ_128K);
}

/*
 * Without kernelcore=mirror, memblock_mark_mirror() does nothing
 * (mirrored_kernelcore is false) and returns 0.
 *
 *   |  +---[mirror]---r1------+  |   ->  { r1 } unchanged, no MIRROR
 */
MB_TEST(memblock_flags, mirror_ignored_without_kernelcore_mirror, numa)
{
	struct mb_snapshot s;

	mirrored_kernelcore = false;
	mb_add(A0, SZ_4M);
	mb_snap(&s);

	mb_assert_eq(memblock_mark_mirror(A0, SZ_1M), 0);

	mb_assert_unchanged(&s);
}

/*
 * With kernelcore=mirror the flag is set, and from then on allocations
 * prefer mirrored memory even against the policy:
 *
 *   |  +--------+---------------+  |
 *   |  | MIRROR |     plain     |  |   ->  allocation in MIRROR
 */
MB_TEST(memblock_flags, mirror_preferred_by_alloc, all)
{
	phys_addr_t base = mb_base(), got;

	mirrored_kernelcore = true;
	mb_setup(SZ_1M);
	mb_assert_eq(memblock_mark_mirror(base + SZ_256K, SZ_64K), 0);
	mb_assert(memblock_is_mirror(&memblock.memory.regions[1]),
		  "MIRROR set: %s", mb_describe(&memblock.memory));

	got = memblock_phys_alloc(SZ_16K, SZ_4K);

	mb_assert(got >= base + SZ_256K && got + SZ_16K <= base + SZ_256K + SZ_64K,
		  "allocation %#llx not in the mirrored range",
		  (unsigned long long)got);
	mb_assert_eq(got, mb_var.bottom_up ? base + SZ_256K
					   : base + SZ_256K + SZ_64K - SZ_16K);
	mb_assert_no_log("mirrored memory");
}

/*
 * When mirrored memory cannot hold the request, memblock warns
 * "Could not allocate %pap bytes of mirrored memory" and falls back to
 * any memory (memblock_alloc_range_nid).
 *
 *   |       +MIRROR 16K+            @@@@|   request 64K: top-down
 *   |@@@@   +MIRROR 16K+                |   bottom-up
 */
MB_TEST(memblock_flags, mirror_fallback_warns, all)
{
	phys_addr_t base = mb_base(), got;

	mirrored_kernelcore = true;
	mb_setup(SZ_1M);
	memblock_mark_mirror(base + SZ_256K, SZ_16K);
	kmm_dmesg_clear();

	got = memblock_phys_alloc(SZ_64K, SZ_4K);

	mb_assert_ne(got, 0);
	mb_assert_log("Could not allocate 0x0000000000010000 bytes of mirrored memory");
	mb_assert_eq(got, mb_var.bottom_up ? base : base + SZ_1M - SZ_64K);
}

/*
 * memblock_reserved_mark_noinit() flags reserved regions; the flag
 * keeps them apart from touching plain reservations:
 *
 *   reserved  |  +----+--------+      |        |  +----+--------+   |
 *             |  | r1 |   r2   |      |   ->   |  |NOINIT|  r2  |   |
 */
MB_TEST(memblock_flags, noinit_on_reserved, numa)
{
	memblock_reserve(A0, SZ_1M);
	mb_assert_eq(memblock_reserved_mark_noinit(A0, SZ_1M), 0);
	memblock_reserve(A0 + SZ_1M, SZ_1M);

	mb_assert_type(&memblock.reserved, 2, SZ_2M);
	mb_assert_region_full(&memblock.reserved, 0, A0, SZ_1M,
			      MEMBLOCK_RSRV_NOINIT, MAX_NUMNODES);
	mb_assert_region_full(&memblock.reserved, 1, A0 + SZ_1M, SZ_1M, 0, MAX_NUMNODES);
	mb_assert(memblock_is_reserved_noinit(&memblock.reserved.regions[0]), "helper");
	/* memory is a different type: not touched */
	mb_assert_type(&memblock.memory, 0, 0);
}

/*
 * NOINIT over a range that is not reserved does nothing.
 *
 *   reserved  |  +r1+     [noinit]   |   ->  { r1 } unchanged
 */
MB_TEST(memblock_flags, noinit_outside_reserved_is_noop, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_4M);
	memblock_reserve(A0, SZ_1M);
	mb_snap(&s);

	mb_assert_eq(memblock_reserved_mark_noinit(A0 + SZ_2M, SZ_1M), 0);

	mb_assert_unchanged(&s);
}

/*
 * Reserving over a NOINIT region fills only the gaps around it (with
 * flags 0); memblock_add_range() warns because the NOINIT region, with
 * other flags, cuts the new range's lower part (WARN_ON(flags !=
 * rgn->flags)):
 *
 *   reserved  |        +NOINIT+            |
 *             |  +------------------+      |   ->  { r, NOINIT, r } +WARN
 */
MB_TEST(memblock_flags, reserve_over_noinit_warns, one)
{
	memblock_reserve(A0 + SZ_1M, SZ_1M);
	memblock_reserved_mark_noinit(A0 + SZ_1M, SZ_1M);
	kmm_dmesg_clear();

	mb_assert_eq(memblock_reserve(A0, SZ_4M), 0);

	mb_assert_type(&memblock.reserved, 3, SZ_4M);
	mb_assert_region_full(&memblock.reserved, 0, A0, SZ_1M, 0, MAX_NUMNODES);
	mb_assert_region_full(&memblock.reserved, 1, A0 + SZ_1M, SZ_1M,
			      MEMBLOCK_RSRV_NOINIT, MAX_NUMNODES);
	mb_assert_region_full(&memblock.reserved, 2, A0 + SZ_2M, SZ_2M, 0, MAX_NUMNODES);
	mb_assert_eq(mb_log_count("WARNING: CPU:"), 1);
}

/*
 * memblock_set_node() gives part of a region another node, splitting it:
 *
 *   |  +-----------+   |        |  +--+-----+--+   |
 *   |  |     r1    |   |   ->   |  |  | n5  |  |   |
 */
MB_TEST(memblock_flags, set_node_splits, numa)
{
	mb_add(A0, SZ_4M);

	mb_assert_eq(memblock_set_node(A0 + SZ_1M, SZ_1M, &memblock.memory, 5), 0);

	mb_assert_type(&memblock.memory, 3, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, 0, mb_nid());
	mb_assert_region_full(&memblock.memory, 1, A0 + SZ_1M, SZ_1M, 0, 5);
	mb_assert_region_full(&memblock.memory, 2, A0 + SZ_2M, SZ_2M, 0, mb_nid());
}

/*
 * Setting the node of a region to its neighbour's merges them:
 *
 *   |  +--n0--+--n1--+   |        |  +-----n0------+   |
 */
MB_TEST(memblock_flags, set_node_merges, one)
{
	memblock_add_node(A0, SZ_2M, 0, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_2M, SZ_2M, 1, MEMBLOCK_NONE);

	memblock_set_node(A0 + SZ_2M, SZ_2M, &memblock.memory, 0);

	mb_assert_type(&memblock.memory, 1, SZ_4M);
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_4M, 0, 0);
}

/*
 * Splitting flat memory into nodes, the way NUMA setup does it: every
 * piece gets its node, flags are kept, nothing merges across nodes.
 *
 *   |  +-------HOT------+--------+  |        |  +-n0--+-n1--+-n2--+  |
 */
MB_TEST(memblock_flags, set_node_over_flat_memory, one)
{
	memblock_add(A0, SZ_8M);
	memblock_mark_hotplug(A0, SZ_4M);

	for (int nid = 0; nid < 4; nid++)
		memblock_set_node(A0 + nid * SZ_2M, SZ_2M, &memblock.memory, nid);

	mb_assert_type(&memblock.memory, 4, SZ_8M);
	for (int nid = 0; nid < 4; nid++)
		mb_assert_region_full(&memblock.memory, nid, A0 + nid * SZ_2M, SZ_2M,
				      nid < 2 ? MEMBLOCK_HOTPLUG : 0, nid);
}

/*
 * memblock_set_node() also works on reserved (memmap_init_reserved_pages
 * uses it to give reservations the node of their memory).
 *
 *   reserved  |  +-----r------+  |   ->  |  +--n2--+-r----+  |
 */
MB_TEST(memblock_flags, set_node_on_reserved, one)
{
	memblock_reserve(A0, SZ_4M);

	memblock_set_node(A0, SZ_2M, &memblock.reserved, 2);

	mb_assert_type(&memblock.reserved, 2, SZ_4M);
	mb_assert_region_full(&memblock.reserved, 0, A0, SZ_2M, 0, 2);
	mb_assert_region_full(&memblock.reserved, 1, A0 + SZ_2M, SZ_2M, 0, MAX_NUMNODES);
}

/*
 * Allocations skip HOTPLUG memory when movable_node is on, and use it
 * when it is off:
 *
 *   |  +--------+-----------+  |
 *   |  |  free  |    HOT    |  |   ->  movable_node: only 'free' is used
 */
MB_TEST(memblock_flags, hotplug_skipped_with_movable_node, all)
{
	phys_addr_t base = mb_base(), got;

	mb_setup(SZ_1M);
	memblock_mark_hotplug(base + SZ_512K, SZ_512K);
	movable_node_enabled = true;

	got = memblock_phys_alloc(SZ_64K, SZ_4K);
	mb_assert_eq(got, mb_var.bottom_up ? base : base + SZ_512K - SZ_64K);
	/* a request larger than the non-hotplug part fails */
	mb_assert_eq(memblock_phys_alloc(SZ_512K, SZ_4K), 0);

	movable_node_enabled = false;
	got = memblock_phys_alloc(SZ_64K, SZ_4K);
	mb_assert_eq(got, mb_var.bottom_up ? base + SZ_64K : base + SZ_1M - SZ_64K);
}

/*
 * memblock_has_mirror() tells whether any mirror was marked (and only
 * with kernelcore=mirror does marking happen).
 *
 *   |  +-----r1-----+  |   ->  |  +MIRROR+--r1--+  |   (second try)
 */
MB_TEST(memblock_flags, has_mirror, one)
{
	mb_add(A0, SZ_4M);

	mirrored_kernelcore = false;
	memblock_mark_mirror(A0, SZ_1M);
	mb_assert(!memblock_has_mirror(), "no mirror without kernelcore=mirror");

	mirrored_kernelcore = true;
	memblock_mark_mirror(A0, SZ_1M);
	mb_assert(memblock_has_mirror(), "mirror marked");
	mb_assert_region_full(&memblock.memory, 0, A0, SZ_1M, MEMBLOCK_MIRROR, MAX_NUMNODES);
}

/*
 * memblock_validate_numa_coverage() counts the whole pages of memory
 * without a valid node and fails, in the kernel's words, when they are
 * more than the threshold:
 *
 *   memory  | +--n0 4M--+  +--no node 2M--+ |
 */
MB_TEST(memblock_flags, validate_numa_coverage, one)
{
	memblock_add_node(A0, SZ_4M, 0, MEMBLOCK_NONE);
	memblock_add(A0 + SZ_8M, SZ_2M);

	mb_assert(memblock_validate_numa_coverage(SZ_2M), "2M uncovered is allowed");
	mb_assert_no_log("NUMA");
	mb_assert(!memblock_validate_numa_coverage(SZ_1M), "2M > 1M");
	mb_assert_log("NUMA: no nodes coverage for 2MB of 6MB RAM\n");

	memblock_set_node(A0 + SZ_8M, SZ_2M, &memblock.memory, 1);
	mb_assert(memblock_validate_numa_coverage(0), "all covered");
}
