// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_reserve.c - memblock_reserve() and the reserved
 * queries, Linux 6.12 semantics.
 *
 * Reserving never touches the bytes: these cases use made-up addresses
 * around 2 GiB. In the numa variants the memory under the reservations
 * belongs to node MB_TEST_NID; reserved regions still carry MAX_NUMNODES,
 * because memblock_reserve() records no node (the node is only assigned
 * to reserved regions later, by memmap_init_reserved_pages()).
 *
 * Pictures: the upper line is memory, the lower line is reserved.
 */
#include "helpers/memblock_harness.h"

#define A0	((phys_addr_t)SZ_2G)

/* In numa variants, put node memory under everything these cases use. */
static void memory_under(void)
{
	if (mb_var.numa)
		mb_add(A0 - SZ_16M, SZ_64M);
}

/*
 * One reservation is one reserved region; memory is not changed:
 *
 *   memory    |  ..............................  |
 *   reserved  |        +------+                  |   ->  { r1 }
 *             +--------+------+------------------+
 */
MB_TEST(memblock_reserve, simple, numa)
{
	memory_under();
	mb_assert_eq(memblock_reserve(A0, SZ_128M / 4), 0);

	mb_assert_type(&memblock.reserved, 1, SZ_32M);
	mb_assert_region_full(&memblock.reserved, 0, A0, SZ_32M, 0, MAX_NUMNODES);
	mb_assert_eq(memblock_reserved_size(), SZ_32M);
	mb_assert_eq(memblock.memory.cnt, mb_var.numa ? 1 : 0);
}

/*
 * Memory need not exist under a reservation (firmware areas often lie
 * outside RAM):
 *
 *   memory    |  +----+                    |
 *   reserved  |           +----+           |   ->  both recorded as given
 */
MB_TEST(memblock_reserve, outside_memory, one)
{
	memblock_add(A0, SZ_1M);
	mb_assert_eq(memblock_reserve(A0 + SZ_16M, SZ_1M), 0);

	mb_assert_type(&memblock.reserved, 1, SZ_1M);
	mb_assert_type(&memblock.memory, 1, SZ_1M);
}

/*
 * Disjoint reservations stay apart, sorted:
 *
 *   reserved  |   +----+       +--------+   |   ->  { r1, r2 }
 */
MB_TEST(memblock_reserve, disjoint_sorted, numa)
{
	memory_under();
	memblock_reserve(A0 + SZ_8M, SZ_1M);	/* r2 first */
	memblock_reserve(A0, SZ_256K);		/* r1 */

	mb_assert_type(&memblock.reserved, 2, SZ_1M + SZ_256K);
	mb_assert_region(&memblock.reserved, 0, A0, SZ_256K);
	mb_assert_region(&memblock.reserved, 1, A0 + SZ_8M, SZ_1M);
}

/*
 * Overlapping the start of a reservation merges:
 *
 *   reserved  |   +----+---+--------+      |
 *             |   | r2 |r1&r2  r1   |      |   ->  one region
 */
MB_TEST(memblock_reserve, overlap_top, numa)
{
	memory_under();
	memblock_reserve(A0 + SZ_512K, SZ_1M);
	memblock_reserve(A0, SZ_1M);

	mb_assert_type(&memblock.reserved, 1, SZ_1M + SZ_512K);
	mb_assert_region_full(&memblock.reserved, 0, A0, SZ_1M + SZ_512K, 0, MAX_NUMNODES);
}

/*
 * Overlapping the end of a reservation merges:
 *
 *   reserved  |   +------+---+----+        |
 *             |   |  r1  |r1&r2 r2|        |   ->  one region
 */
MB_TEST(memblock_reserve, overlap_bottom, numa)
{
	memory_under();
	memblock_reserve(A0, SZ_1M);
	memblock_reserve(A0 + SZ_512K, SZ_1M);

	mb_assert_type(&memblock.reserved, 1, SZ_1M + SZ_512K);
	mb_assert_region(&memblock.reserved, 0, A0, SZ_1M + SZ_512K);
}

/*
 * A reservation inside another changes nothing:
 *
 *   reserved  |   +---+----+-----+         |
 *             |   |r1 | r2 | r1  |         |   ->  { r1 }
 */
MB_TEST(memblock_reserve, within, numa)
{
	memory_under();
	memblock_reserve(A0, SZ_4M);
	memblock_reserve(A0 + SZ_1M, SZ_1M);

	mb_assert_type(&memblock.reserved, 1, SZ_4M);
	mb_assert_region(&memblock.reserved, 0, A0, SZ_4M);
}

/*
 * Reserving the same range twice counts it once.
 *
 *   reserved  |   +-r1,r1-+         |   ->  { r1 }, total = 64K
 */
MB_TEST(memblock_reserve, twice, numa)
{
	memory_under();
	mb_assert_eq(memblock_reserve(A0, SZ_64K), 0);
	mb_assert_eq(memblock_reserve(A0, SZ_64K), 0);

	mb_assert_type(&memblock.reserved, 1, SZ_64K);
}

/*
 * Touching reservations merge (memblock_reserve sets the same nid and
 * flags on all of them):
 *
 *   reserved  |   +-----+-----+            |
 *             |   | r1  | r2  |            |   ->  one region
 */
MB_TEST(memblock_reserve, adjacent_merge, numa)
{
	memory_under();
	memblock_reserve(A0 + SZ_64K, SZ_64K);
	memblock_reserve(A0, SZ_64K);

	mb_assert_type(&memblock.reserved, 1, SZ_128K);
	mb_assert_region(&memblock.reserved, 0, A0, SZ_128K);
}

/*
 * A reservation exactly filling the gap between two joins all three:
 *
 *   reserved  |   +----+....+----+         |
 *             |   | r1 | r2 | r3 |         |   ->  one region
 */
MB_TEST(memblock_reserve, fills_gap_between, numa)
{
	memory_under();
	memblock_reserve(A0, SZ_1M);
	memblock_reserve(A0 + SZ_2M, SZ_1M);
	memblock_reserve(A0 + SZ_1M, SZ_1M);

	mb_assert_type(&memblock.reserved, 1, SZ_2M + SZ_1M);
	mb_assert_region(&memblock.reserved, 0, A0, SZ_2M + SZ_1M);
}

/*
 * A reservation that covers several smaller ones and the gaps between
 * them swallows them:
 *
 *   reserved  |    +-+  +-+  +-+          |
 *             |  +-------------------+    |   ->  one region
 */
MB_TEST(memblock_reserve, covers_several, numa)
{
	memory_under();
	for (int i = 0; i < 5; i++)
		memblock_reserve(A0 + SZ_64K + i * SZ_256K, SZ_64K);
	mb_assert_type(&memblock.reserved, 5, 5 * SZ_64K);

	memblock_reserve(A0, SZ_2M);

	mb_assert_type(&memblock.reserved, 1, SZ_2M);
}

/*
 * A reservation that partly covers several regions leaves the parts of
 * the old regions outside it alone and merges the rest:
 *
 *   reserved  |   +----+     +----+       +----+   |
 *             |       +-------------------+        |
 *             |   +-----------------------+ +----+ |  -> { merged, r3 }
 *
 * Here the new range starts inside r1 and ends exactly at r3's start, so
 * everything merges into one region that touches r3: all three merge.
 */
MB_TEST(memblock_reserve, partial_overlaps_merge_all, numa)
{
	memory_under();
	memblock_reserve(A0, SZ_1M);			/* r1 */
	memblock_reserve(A0 + SZ_2M, SZ_1M);		/* r2 */
	memblock_reserve(A0 + SZ_4M, SZ_1M);		/* r3 */

	memblock_reserve(A0 + SZ_512K, SZ_4M - SZ_512K);

	mb_assert_type(&memblock.reserved, 1, SZ_4M + SZ_1M);
	mb_assert_region(&memblock.reserved, 0, A0, SZ_4M + SZ_1M);
}

/*
 * A reservation running past the top of the address space is capped:
 *
 *   reserved  |                    +-----------+
 *             |                    |  r1 ......|...  ->  [base, MAX)
 */
MB_TEST(memblock_reserve, near_max_is_capped, numa)
{
	phys_addr_t base = PHYS_ADDR_MAX - SZ_128K + 1;

	memory_under();
	mb_assert_eq(memblock_reserve(base, SZ_256K), 0);

	mb_assert_type(&memblock.reserved, 1, SZ_128K - 1);
	mb_assert_region(&memblock.reserved, 0, base, SZ_128K - 1);
}

/*
 * Misuse: reserving 0 bytes is a no-op that succeeds.
 *
 *   reserved  |   +-r1-+  ^   ^      |   ->  { r1 } unchanged
 *                         size 0 (touching r1, and away from it)
 */
MB_TEST(memblock_reserve, size_zero_is_noop, numa)
{
	struct mb_snapshot s;

	memory_under();
	memblock_reserve(A0, SZ_64K);
	mb_snap(&s);

	mb_assert_eq(memblock_reserve(A0 + SZ_1M, 0), 0);
	mb_assert_eq(memblock_reserve(A0 + SZ_64K, 0), 0);

	mb_assert_unchanged(&s);
	mb_assert_valid();
}

/*
 * The reserved queries:
 *
 *   memory    |+----------------------------------------+|
 *   reserved  |      +----+          +--------+          |
 *             A0   A0+1M A0+2M      A0+4M    A0+6M      A0+8M
 */
MB_TEST(memblock_reserve, reserved_queries, numa)
{
	mb_add(A0, SZ_8M);
	memblock_reserve(A0 + SZ_1M, SZ_1M);
	memblock_reserve(A0 + SZ_4M, SZ_2M);

	mb_assert_eq(memblock_reserved_size(), SZ_2M + SZ_1M);
	/* (8M - 3M) / 4K pages remain free */
	mb_assert_eq(memblock_estimated_nr_free_pages(), (SZ_8M - SZ_2M - SZ_1M) / PAGE_SIZE);

	mb_assert(memblock_is_reserved(A0 + SZ_1M), "start of r1");
	mb_assert(memblock_is_reserved(A0 + SZ_2M - 1), "last byte of r1");
	mb_assert(!memblock_is_reserved(A0 + SZ_2M), "end of r1");
	mb_assert(!memblock_is_reserved(A0), "free memory");
	mb_assert(memblock_is_reserved(A0 + SZ_4M + SZ_1M), "inside r2");

	mb_assert(memblock_is_region_reserved(A0, SZ_1M + 1), "touches r1 by a byte");
	mb_assert(!memblock_is_region_reserved(A0, SZ_1M), "ends where r1 starts");
	mb_assert(!memblock_is_region_reserved(A0 + SZ_2M, SZ_2M), "between");
	mb_assert(memblock_is_region_reserved(A0, SZ_8M), "covers both");

	mb_assert(memblock_overlaps_region(&memblock.reserved, A0 + (SZ_4M + SZ_2M) - 1, 1),
		  "last byte of r2");
	mb_assert(!memblock_overlaps_region(&memblock.reserved, A0 + (SZ_4M + SZ_2M), SZ_1M),
		  "after r2");
	mb_assert(memblock_overlaps_region(&memblock.memory, A0 + SZ_2M, SZ_4K),
		  "memory overlaps");
	/* An empty range "overlaps" a region it lies strictly inside
	 * (memblock_addrs_overlap: base2 < base1 + 0), not one it starts. */
	mb_assert(memblock_is_region_reserved(A0 + SZ_1M + SZ_4K, 0), "inside r1, size 0");
	mb_assert(!memblock_is_region_reserved(A0 + SZ_1M, 0), "start of r1, size 0");
	/* A size that wraps is capped, so the query still sees r2. */
	mb_assert(memblock_overlaps_region(&memblock.reserved, A0 + SZ_4M + SZ_1M,
					   PHYS_ADDR_MAX), "wrapping size");
}

/*
 * memblock_addrs_overlap() is a plain half-open interval test.
 *
 *   [0x1000   0x2000)[0x2000 ...     touching: no overlap
 *   [0x1000 ..... 0x5000)            around/inside: overlap
 */
MB_TEST(memblock_reserve, addrs_overlap, one)
{
	mb_assert(memblock_addrs_overlap(0x1000, 0x1000, 0x1fff, 1), "last byte");
	mb_assert(!memblock_addrs_overlap(0x1000, 0x1000, 0x2000, 1), "touching");
	mb_assert(!memblock_addrs_overlap(0x2000, 0x10, 0x1000, 0x1000), "below");
	mb_assert(memblock_addrs_overlap(0x1000, 0x4000, 0x2000, 0x10), "inside");
	mb_assert(memblock_addrs_overlap(0x2000, 0x10, 0x1000, 0x4000), "around");
	mb_assert(!memblock_addrs_overlap(0x1000, 0, 0x1000, 0x1000), "empty range");
}
