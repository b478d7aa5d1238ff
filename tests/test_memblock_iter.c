// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_iter.c - the iterators: for_each_mem_range(_rev),
 * for_each_reserved_mem_range, for_each_free_mem_range(_reverse),
 * for_each_mem_pfn_range, for_each_mem_region and friends, Linux 6.12.
 *
 * The facts checked (mm/memblock.c, include/linux/memblock.h):
 *  - for_each_mem_range asks for MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED,
 *    so it lists hotplug and driver-managed memory (even with
 *    movable_node) but not NOMAP memory;
 *  - the free iterators yield memory minus reserved, each piece inside
 *    one memory region, with that region's nid; they filter by node, skip
 *    NOMAP and driver-managed memory unless asked, skip hotplug memory
 *    when movable_node is on unless asked, and with MEMBLOCK_MIRROR keep
 *    only mirrored memory (should_skip_region);
 *  - reserved is never filtered;
 *  - the reverse forms yield the same pieces in the opposite order;
 *  - for_each_mem_pfn_range yields [PFN_UP(base), PFN_DOWN(end)) per
 *    region, skipping regions without a whole page, filtered by node
 *    (an invalid nid such as MAX_NUMNODES means all nodes).
 *
 * Made-up addresses (nothing is touched). Pictures: memory above,
 * reserved below, the expected pieces last.
 */
#include "helpers/memblock_harness.h"

#define A0	((phys_addr_t)SZ_1G)
#define MAXR	32

struct range {
	phys_addr_t start, end;
	int nid;
};

struct ranges {
	int n;
	struct range r[MAXR];
};

static void push(struct ranges *rs, phys_addr_t s, phys_addr_t e, int nid)
{
	cr_assert(rs->n < MAXR, "too many ranges");
	rs->r[rs->n++] = (struct range){ s, e, nid };
}

/* Collect the free ranges (forward or reverse) for @nid and @flags. */
static void free_ranges(struct ranges *rs, int nid, enum memblock_flags flags, bool rev)
{
	phys_addr_t s, e;
	int n;
	u64 i;

	rs->n = 0;
	if (rev) {
		for_each_free_mem_range_reverse(i, nid, flags, &s, &e, &n)
			push(rs, s, e, n);
	} else {
		for_each_free_mem_range(i, nid, flags, &s, &e, &n)
			push(rs, s, e, n);
	}
}

#define assert_range(rs, k, s_, e_) do {					\
	mb_assert((k) < (rs)->n, "only %d ranges", (rs)->n);		\
	mb_assert((rs)->r[k].start == (phys_addr_t)(s_) &&		\
		  (rs)->r[k].end == (phys_addr_t)(e_),			\
		  "range %d: [%#llx, %#llx), expected [%#llx, %#llx)",	\
		  (int)(k), (unsigned long long)(rs)->r[k].start,	\
		  (unsigned long long)(rs)->r[k].end,			\
		  (unsigned long long)(s_), (unsigned long long)(e_));	\
} while (0)

/*
 * for_each_mem_range lists each memory region, in order; hotplug and
 * driver-managed ones included, NOMAP ones not.
 *
 *   memory  | +r1+  +r2 HOT+  +r3 NOMAP+  +r4 DRV+  +r5+ |
 *   yields    r1     r2                    r4        r5
 */
MB_TEST(memblock_iter, mem_range_flags, numa)
{
	phys_addr_t s, e, expect[][2] = {
		{ A0, A0 + SZ_1M },
		{ A0 + SZ_2M, A0 + SZ_4M },
		{ A0 + SZ_8M, A0 + SZ_8M + SZ_1M },
		{ A0 + SZ_16M, A0 + SZ_16M + SZ_4K },
	};
	int n = 0;
	u64 i;

	mb_add(A0, SZ_1M);
	memblock_add_node(A0 + SZ_2M, SZ_2M, 0, MEMBLOCK_HOTPLUG);
	mb_add(A0 + SZ_4M + SZ_1M, SZ_1M);
	memblock_mark_nomap(A0 + SZ_4M + SZ_1M, SZ_1M);
	memblock_add_node(A0 + SZ_8M, SZ_1M, 1, MEMBLOCK_DRIVER_MANAGED);
	mb_add(A0 + SZ_16M, SZ_4K);
	movable_node_enabled = true;	/* makes no difference here */

	for_each_mem_range(i, &s, &e) {
		mb_assert(n < 4, "too many ranges");
		mb_assert_eq(s, expect[n][0]);
		mb_assert_eq(e, expect[n][1]);
		n++;
	}
	mb_assert_eq(n, 4);

	for_each_mem_range_rev(i, &s, &e) {
		n--;
		mb_assert(n >= 0, "too many ranges backwards");
		mb_assert_eq(s, expect[n][0]);
		mb_assert_eq(e, expect[n][1]);
	}
	mb_assert_eq(n, 0);
}

/*
 * With nothing added the iterators run zero times.
 *
 *   memory    |                          |
 *   reserved  |                          |
 */
MB_TEST(memblock_iter, empty, one)
{
	phys_addr_t s, e;
	unsigned long pfn_s, pfn_e;
	int n = 0, j;
	u64 i;

	for_each_mem_range(i, &s, &e)
		n++;
	for_each_mem_range_rev(i, &s, &e)
		n++;
	for_each_reserved_mem_range(i, &s, &e)
		n++;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	for_each_mem_pfn_range(j, MAX_NUMNODES, &pfn_s, &pfn_e, NULL)
		n++;
	mb_assert_eq(n, 0);
}

/*
 * for_each_reserved_mem_range lists reserved regions, whatever memory
 * says (reserved is never filtered):
 *
 *   memory    |     +-------NOMAP-------+          |
 *   reserved  |  +--+    +---+       +----+ +NOINIT+|
 */
MB_TEST(memblock_iter, reserved_range, numa)
{
	phys_addr_t s, e;
	int n = 0;
	u64 i;

	mb_add(A0 + SZ_1M, SZ_8M);
	memblock_mark_nomap(A0 + SZ_1M, SZ_8M);
	memblock_reserve(A0, SZ_2M);
	memblock_reserve(A0 + SZ_4M, SZ_1M);
	memblock_reserve(A0 + SZ_8M, SZ_2M);
	memblock_reserve(A0 + SZ_16M, SZ_1M);
	memblock_reserved_mark_noinit(A0 + SZ_16M, SZ_1M);

	for_each_reserved_mem_range(i, &s, &e) {
		mb_assert_eq(s, memblock.reserved.regions[n].base);
		mb_assert_eq(e, mb_end(&memblock.reserved.regions[n]));
		n++;
	}
	mb_assert_eq(n, 4);
}

/*
 * The free ranges are memory minus reserved, cut at reservations and at
 * region ends; forward and reverse give the same pieces.
 *
 *   memory    | +--------------+    +-------+ |
 *   reserved  |    +--+  +--+          +--+   +--+|
 *   free      | +--+  +--+  +--+    +--+  +-+ |
 */
MB_TEST(memblock_iter, free_range_pieces, numa)
{
	struct ranges fw, rv;

	mb_add(A0, SZ_8M);
	mb_add(A0 + SZ_16M, SZ_4M);
	memblock_reserve(A0 + SZ_1M, SZ_1M);
	memblock_reserve(A0 + SZ_4M, SZ_1M);
	memblock_reserve(A0 + SZ_16M + SZ_2M, SZ_1M);
	memblock_reserve(A0 + SZ_32M, SZ_1M);	/* outside memory */

	free_ranges(&fw, NUMA_NO_NODE, MEMBLOCK_NONE, false);
	free_ranges(&rv, NUMA_NO_NODE, MEMBLOCK_NONE, true);

	mb_assert_eq(fw.n, 5);
	assert_range(&fw, 0, A0, A0 + SZ_1M);
	assert_range(&fw, 1, A0 + SZ_2M, A0 + SZ_4M);
	assert_range(&fw, 2, A0 + SZ_4M + SZ_1M, A0 + SZ_8M);
	assert_range(&fw, 3, A0 + SZ_16M, A0 + SZ_16M + SZ_2M);
	assert_range(&fw, 4, A0 + SZ_16M + SZ_2M + SZ_1M, A0 + SZ_16M + SZ_4M);
	mb_assert_eq(rv.n, fw.n);
	for (int k = 0; k < fw.n; k++) {
		assert_range(&rv, k, fw.r[fw.n - 1 - k].start, fw.r[fw.n - 1 - k].end);
		mb_assert_eq(fw.r[k].nid, mb_nid());
	}
}

/*
 * No reservations: the free ranges are the memory regions. Everything
 * reserved: there are none.
 *
 *   memory    |  +--r1--+    +--r2--+  |   ->  free = { r1, r2 }
 *   reserved  |############################|   ->  free = {}
 */
MB_TEST(memblock_iter, free_range_extremes, numa)
{
	struct ranges fw;

	mb_add(A0, SZ_2M);
	mb_add(A0 + SZ_4M, SZ_2M);

	free_ranges(&fw, NUMA_NO_NODE, MEMBLOCK_NONE, false);
	mb_assert_eq(fw.n, 2);
	assert_range(&fw, 1, A0 + SZ_4M, A0 + SZ_4M + SZ_2M);

	memblock_reserve(A0 - SZ_1M, SZ_8M);
	free_ranges(&fw, NUMA_NO_NODE, MEMBLOCK_NONE, false);
	mb_assert_eq(fw.n, 0);
	free_ranges(&fw, NUMA_NO_NODE, MEMBLOCK_NONE, true);
	mb_assert_eq(fw.n, 0);
}

/*
 * Touching memory of two nodes gives two free pieces, each with its nid;
 * asking for one node yields only its pieces.
 *
 *   memory    | +----n0----+----n1----+----n0----+ |
 *   reserved  |       +---------+                  |
 */
MB_TEST(memblock_iter, free_range_by_node, one)
{
	struct ranges fw;

	memblock_add_node(A0, SZ_2M, 0, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_2M, SZ_2M, 1, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_4M, SZ_2M, 0, MEMBLOCK_NONE);
	memblock_reserve(A0 + SZ_1M, SZ_2M);

	free_ranges(&fw, NUMA_NO_NODE, MEMBLOCK_NONE, false);
	mb_assert_eq(fw.n, 3);
	assert_range(&fw, 0, A0, A0 + SZ_1M);
	assert_range(&fw, 1, A0 + SZ_2M + SZ_1M, A0 + SZ_4M);
	assert_range(&fw, 2, A0 + SZ_4M, A0 + SZ_4M + SZ_2M);
	mb_assert_eq(fw.r[0].nid, 0);
	mb_assert_eq(fw.r[1].nid, 1);
	mb_assert_eq(fw.r[2].nid, 0);

	free_ranges(&fw, 0, MEMBLOCK_NONE, false);
	mb_assert_eq(fw.n, 2);
	assert_range(&fw, 0, A0, A0 + SZ_1M);
	assert_range(&fw, 1, A0 + SZ_4M, A0 + SZ_4M + SZ_2M);

	free_ranges(&fw, 1, MEMBLOCK_NONE, true);
	mb_assert_eq(fw.n, 1);
	assert_range(&fw, 0, A0 + SZ_2M + SZ_1M, A0 + SZ_4M);

	free_ranges(&fw, 7, MEMBLOCK_NONE, false);
	mb_assert_eq(fw.n, 0);
}

/*
 * Flag filtering of the free ranges:
 *
 *   memory    | +plain+ +HOT+ +NOMAP+ +MIRROR+ +DRV+ |
 *
 *   MEMBLOCK_NONE                 : plain HOT MIRROR
 *   NONE, movable_node            : plain MIRROR
 *   HOTPLUG, movable_node         : plain HOT MIRROR
 *   NOMAP                         : plain HOT NOMAP MIRROR
 *   MIRROR                        : MIRROR
 *   DRIVER_MANAGED                : plain HOT MIRROR DRV
 */
MB_TEST(memblock_iter, free_range_flag_filters, one)
{
	static const struct {
		enum memblock_flags flags;
		bool movable;
		int n;
		int which[5];
	} cases[] = {
		{ MEMBLOCK_NONE, false, 3, { 0, 1, 3 } },
		{ MEMBLOCK_NONE, true, 2, { 0, 3 } },
		{ MEMBLOCK_HOTPLUG, true, 3, { 0, 1, 3 } },
		{ MEMBLOCK_NOMAP, false, 4, { 0, 1, 2, 3 } },
		{ MEMBLOCK_MIRROR, false, 1, { 3 } },
		{ MEMBLOCK_DRIVER_MANAGED, false, 4, { 0, 1, 3, 4 } },
	};
	static const enum memblock_flags rflags[5] = {
		MEMBLOCK_NONE, MEMBLOCK_HOTPLUG, MEMBLOCK_NOMAP,
		MEMBLOCK_MIRROR, MEMBLOCK_DRIVER_MANAGED,
	};
	struct ranges fw, rv;

	for (int r = 0; r < 5; r++)
		memblock_add_node(A0 + r * SZ_2M, SZ_1M, 0, rflags[r]);
	mb_assert_type(&memblock.memory, 5, 5 * SZ_1M);

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		movable_node_enabled = cases[c].movable;
		free_ranges(&fw, NUMA_NO_NODE, cases[c].flags, false);
		free_ranges(&rv, NUMA_NO_NODE, cases[c].flags, true);
		mb_assert(fw.n == cases[c].n && rv.n == cases[c].n,
			  "case %zu: %d/%d ranges, expected %d", c, fw.n, rv.n,
			  cases[c].n);
		for (int k = 0; k < fw.n; k++) {
			phys_addr_t s = A0 + cases[c].which[k] * SZ_2M;

			mb_assert(fw.r[k].start == s && fw.r[k].end == s + SZ_1M,
				  "case %zu range %d", c, k);
			mb_assert(rv.r[fw.n - 1 - k].start == s, "case %zu reverse %d", c, k);
		}
	}
}

/*
 * for_each_mem_pfn_range: whole pages only. A region with no whole page
 * is skipped; partial pages at the ends are dropped.
 *
 *   memory  | [4K+100 .. 16K-1)   [32K .. 36K+10)   [40K+1 .. 44K) |
 *   pfns    |   pfn+2 .. pfn+3      pfn+8 .. pfn+9    (none)       |
 */
MB_TEST(memblock_iter, pfn_range_whole_pages, numa)
{
	unsigned long s, e, base_pfn = PHYS_PFN(A0);
	unsigned long want[][2] = {
		{ base_pfn + 2, base_pfn + 3 },
		{ base_pfn + 8, base_pfn + 9 },
	};
	int n = 0, j, nid;

	mb_add(A0 + SZ_4K + 100, SZ_16K - 1 - SZ_4K - 100);	/* [4K+100, 16K-1) */
	mb_add(A0 + SZ_32K, SZ_4K + 10);
	mb_add(A0 + SZ_32K + SZ_8K + 1, SZ_4K - 1);

	for_each_mem_pfn_range(j, MAX_NUMNODES, &s, &e, &nid) {
		mb_assert(n < 2, "too many pfn ranges: [%lu, %lu)", s, e);
		mb_assert_eq(s, want[n][0]);
		mb_assert_eq(e, want[n][1]);
		mb_assert_eq(nid, mb_nid());
		n++;
	}
	mb_assert_eq(n, 2);
}

/*
 * for_each_mem_pfn_range by node; NULL outputs are allowed.
 *
 *   memory  | +--n0 1M--+--n1 1M--+      +--n0 1M--+ |
 */
MB_TEST(memblock_iter, pfn_range_by_node, one)
{
	unsigned long s, e;
	int n = 0, j, nid;

	memblock_add_node(A0, SZ_1M, 0, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_1M, SZ_1M, 1, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_4M, SZ_1M, 0, MEMBLOCK_NONE);

	for_each_mem_pfn_range(j, 0, &s, &e, &nid) {
		mb_assert_eq(nid, 0);
		mb_assert_eq(e - s, SZ_1M / PAGE_SIZE);
		n++;
	}
	mb_assert_eq(n, 2);

	n = 0;
	for_each_mem_pfn_range(j, 1, &s, NULL, NULL) {
		mb_assert_eq(s, PHYS_PFN(A0 + SZ_1M));
		n++;
	}
	mb_assert_eq(n, 1);

	n = 0;
	for_each_mem_pfn_range(j, NUMA_NO_NODE, NULL, NULL, NULL)
		n++;
	mb_assert_eq(n, 3);
}

/*
 * The region walkers visit every region of their type, in order, and
 * the pfn helpers round as the kernel does (memory inwards, reserved
 * outwards).
 *
 *   memory    | .+--r0 8K--+.      +--r1 1M--+ |   r0 starts 100 bytes in
 *   reserved  | .+r 4K+.                       |
 */
MB_TEST(memblock_iter, region_walkers, numa)
{
	struct memblock_region *r;
	int n = 0, idx;

	mb_add(A0 + 100, SZ_8K);
	mb_add(A0 + SZ_1M, SZ_1M);
	memblock_reserve(A0 + 100, SZ_4K);

	for_each_mem_region(r) {
		mb_assert(r == &memblock.memory.regions[n], "order");
		n++;
	}
	mb_assert_eq(n, 2);

	n = 0;
	for_each_reserved_mem_region(r)
		n++;
	mb_assert_eq(n, 1);

	n = 0;
	for_each_memblock_type(idx, (&memblock.memory), r)
		n++;
	mb_assert_eq(n, 2);

	r = &memblock.memory.regions[0];
	mb_assert_eq(memblock_region_memory_base_pfn(r), PHYS_PFN(A0) + 1);
	mb_assert_eq(memblock_region_memory_end_pfn(r), PHYS_PFN(A0) + 2);
	r = &memblock.reserved.regions[0];
	mb_assert_eq(memblock_region_reserved_base_pfn(r), PHYS_PFN(A0));
	mb_assert_eq(memblock_region_reserved_end_pfn(r), PHYS_PFN(A0) + 2);
	mb_assert_eq(memblock_get_region_node(&memblock.memory.regions[1]), mb_nid());
}

/*
 * The raw iterator: a null out pointer is allowed for each output.
 *
 *   memory    | +-------------4M-------------+ |
 *   reserved  |      +-1M-+                    |   ->  two free pieces
 */
MB_TEST(memblock_iter, next_mem_range_null_outputs, one)
{
	int n = 0;
	u64 i;

	memblock_add(A0, SZ_4M);
	memblock_reserve(A0 + SZ_1M, SZ_1M);

	for (i = 0, __next_mem_range(&i, NUMA_NO_NODE, MEMBLOCK_NONE, &memblock.memory,
				     &memblock.reserved, NULL, NULL, NULL);
	     i != (u64)ULLONG_MAX;
	     __next_mem_range(&i, NUMA_NO_NODE, MEMBLOCK_NONE, &memblock.memory,
			      &memblock.reserved, NULL, NULL, NULL))
		n++;
	mb_assert_eq(n, 2);
}

/*
 * memblock_search_pfn_nid() finds the memory region holding a pfn and
 * returns its node, with the region's pfn span (both ends rounded down);
 * NUMA_NO_NODE outside memory.
 *
 *   memory  | [n2: A0+100 .. A0+8K+100)   [n5: A0+1M .. A0+2M) |
 */
MB_TEST(memblock_iter, search_pfn_nid, one)
{
	unsigned long s = 0, e = 0, p0 = PHYS_PFN(A0);

	memblock_add_node(A0 + 100, SZ_8K, 2, MEMBLOCK_NONE);
	memblock_add_node(A0 + SZ_1M, SZ_1M, 5, MEMBLOCK_HOTPLUG);

	mb_assert_eq(memblock_search_pfn_nid(p0 + 1, &s, &e), 2);
	mb_assert_eq(s, p0);
	mb_assert_eq(e, p0 + 2);
	mb_assert_eq(memblock_search_pfn_nid(PHYS_PFN(A0 + SZ_1M + SZ_512K), &s, &e), 5);
	mb_assert_eq(s, PHYS_PFN(A0 + SZ_1M));
	mb_assert_eq(e, PHYS_PFN(A0 + SZ_2M));
	/* pfn p0 starts at A0, below the region's first byte A0 + 100 */
	mb_assert_eq(memblock_search_pfn_nid(p0, &s, &e), NUMA_NO_NODE);
	mb_assert_eq(memblock_search_pfn_nid(PHYS_PFN(A0 + SZ_512K), &s, &e), NUMA_NO_NODE);
}
