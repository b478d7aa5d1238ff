// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_alloc_nid.c - the node- and range-aware allocation
 * API: memblock_alloc_try_nid(), memblock_alloc_try_nid_raw(),
 * memblock_alloc_exact_nid_raw(), memblock_phys_alloc_try_nid() and
 * memblock_alloc_range_nid(), Linux 6.12 semantics.
 *
 * Memory is MEM = 1 MiB of real backing memory at mb_base(). In the numa
 * cases it is split into MB_NR_NODES nodes of 256K, 64K, 128K, 128K, 64K,
 * 128K, 128K, 128K (node 0 the largest, nodes 1 and 4 the smallest).
 *
 * The facts checked (mm/memblock.c):
 *  - the search only looks at memory of the requested node; with
 *    NUMA_NO_NODE at all memory (should_skip_region);
 *  - free ranges end at memory region ends, so a block never spans two
 *    nodes, even where their memory touches;
 *  - memblock_alloc_range_nid() falls back to any node unless exact_nid;
 *  - memblock_alloc_internal() retries without min_addr when nothing is
 *    found (for exact_nid too: it may then succeed on the same node below
 *    min_addr), and caps max_addr to current_limit;
 *  - memblock_alloc_range_nid() itself never drops start;
 *  - with Linux 6.12's memblock_add() memory has nid MAX_NUMNODES: a
 *    request for a real node finds nothing there, so exact_nid fails and
 *    try_nid falls back.
 *
 * Pictures: '|' node boundaries, '[' ']' the [min_addr, max_addr) range,
 * '#' reserved, '@' the allocation.
 */
#include "helpers/memblock_harness.h"

#define MEM	((phys_addr_t)SZ_1M)
#define MB_48K	(SZ_32K + SZ_16K)

static phys_addr_t lo(phys_addr_t off) { return mb_base() + off; }
static phys_addr_t hi(phys_addr_t off) { return mb_base() + MEM - off; }
static phys_addr_t pick(phys_addr_t bottom_up, phys_addr_t top_down)
{
	return mb_var.bottom_up ? bottom_up : top_down;
}

/* ---- ranges, any node ---- */

/*
 * A block inside [min, max): top-down at max - size, bottom-up at min.
 *
 *   |      [@@@@        ]      |   bottom-up
 *   |      [        @@@@]      |   top-down
 */
MB_TEST(memblock_alloc_nid, range_simple, all)
{
	phys_addr_t min = lo(SZ_128K), max = lo(SZ_128K + SZ_64K);
	void *p;

	mb_setup(MEM);

	p = memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, NUMA_NO_NODE);

	mb_assert_eq(mb_pa(p), pick(min, max - SZ_16K));
	mb_assert(mb_bytes_are(p, 0, SZ_16K), "zeroed");
	mb_assert_type(&memblock.reserved, 1, SZ_16K);
}

/*
 * A max_addr that is not aligned: top-down rounds max - size down.
 *
 *   |      [        @@@@.]     |   max = aligned + 1000 bytes
 */
MB_TEST(memblock_alloc_nid, range_end_misaligned, all)
{
	phys_addr_t min = lo(SZ_128K), max = lo(SZ_128K + SZ_64K) + 1000;

	mb_setup(MEM);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, NUMA_NO_NODE)),
		     pick(min, lo(SZ_128K + SZ_64K - SZ_16K)));
}

/*
 * A range exactly the size of the request is used exactly.
 *
 *   |      [@@@@]              |
 */
MB_TEST(memblock_alloc_nid, range_exact_fit, all)
{
	phys_addr_t min = lo(SZ_64K + SZ_4K);

	mb_setup(MEM);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, min + SZ_16K,
						  NUMA_NO_NODE)), min);
}

/*
 * A range narrower than the request: min_addr is dropped, the block ends
 * at or below max_addr:
 *
 *   |        [ ]            |   request does not fit
 *   |     @@@@              |   top-down: max - size
 *   |@@@@                   |   bottom-up: start of memory
 */
MB_TEST(memblock_alloc_nid, range_too_narrow_drops_min, all)
{
	phys_addr_t min = lo(SZ_64K), max = lo(SZ_64K + SZ_8K);

	mb_setup(MEM);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, NUMA_NO_NODE)),
		     pick(lo(0), max - SZ_16K));
}

/*
 * min_addr above max_addr: the range is empty, min is dropped.
 *
 *   |     @@@@max     min      |   top-down: right below max
 *   |@@@@     max     min      |   bottom-up: start of memory
 */
MB_TEST(memblock_alloc_nid, min_above_max, all)
{
	phys_addr_t min = lo(SZ_256K), max = lo(SZ_128K);

	mb_setup(MEM);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, NUMA_NO_NODE)),
		     pick(lo(0), max - SZ_16K));
}

/*
 * max_addr past the end of memory is the end of memory in effect;
 * min_addr below its start the start.
 *
 *   [   |@@@@            @@@@|   ]   bottom-up / top-down
 */
MB_TEST(memblock_alloc_nid, range_wider_than_memory, all)
{
	mb_setup(MEM);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, lo(0) - SZ_1M,
						  hi(0) + SZ_1M, NUMA_NO_NODE)),
		     pick(lo(0), hi(SZ_16K)));
}

/*
 * max_addr below all memory: nothing found, even without min: NULL.
 *
 *   [   ]max   |   memory   |      ->  NULL, nothing reserved
 */
MB_TEST(memblock_alloc_nid, max_below_memory_fails, all)
{
	struct mb_snapshot s;

	mb_setup(MEM);
	mb_snap(&s);

	mb_assert(memblock_alloc_try_nid(SZ_16K, SZ_4K, SZ_4K, lo(0), NUMA_NO_NODE) == NULL,
		  "must fail");
	mb_assert_unchanged(&s);
}

/*
 * A reservation touching the range's bottom (bottom-up) or top
 * (top-down) merges with the block:
 *
 *   |   ##[@@@@      ]    |   bottom-up
 *   |     [      @@@@]##  |   top-down
 */
MB_TEST(memblock_alloc_nid, merges_with_reservation_at_range_edge, all)
{
	phys_addr_t min = lo(SZ_128K), max = lo(SZ_256K);

	mb_setup(MEM);
	memblock_reserve(pick(min - SZ_8K, max), SZ_8K);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, NUMA_NO_NODE)),
		     pick(min, max - SZ_16K));
	mb_assert_type(&memblock.reserved, 1, SZ_16K + SZ_8K);
}

/*
 * A reservation inside the range with room beside it: the block goes
 * into the room at the policy's end and merges with the reservation.
 *
 *   |     [    ####@@@@]      |   top-down (room above the reservation)
 *   |     [@@@@####    ]      |   bottom-up
 */
MB_TEST(memblock_alloc_nid, reserved_with_space, all)
{
	phys_addr_t min = lo(SZ_128K), max = min + SZ_64K;

	mb_setup(MEM);
	memblock_reserve(pick(min + SZ_16K, max - SZ_32K), SZ_16K);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, NUMA_NO_NODE)),
		     pick(min, max - SZ_16K));
	mb_assert_type(&memblock.reserved, 1, SZ_32K);
}

/*
 * The two reservations leave a gap exactly the size of the request in
 * the range: the block fills it and reserved is one region.
 *
 *   |     [####@@@@####]      |
 */
MB_TEST(memblock_alloc_nid, fills_gap_full_merge, all)
{
	phys_addr_t min = lo(SZ_128K), max = min + MB_48K;

	mb_setup(MEM);
	memblock_reserve(min, SZ_16K);
	memblock_reserve(max - SZ_16K, SZ_16K);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, NUMA_NO_NODE)),
		     min + SZ_16K);
	mb_assert_type(&memblock.reserved, 1, MB_48K);
}

/*
 * The gap inside the range is too small: min is dropped and the block
 * comes from below the range (top-down: right under max_addr's free
 * space below the range; bottom-up: start of memory).
 *
 *   |     [####..####]      |   '..' 8K, request 16K
 */
MB_TEST(memblock_alloc_nid, reserved_no_space_drops_min, all)
{
	phys_addr_t min = lo(SZ_128K), max = min + SZ_32K + SZ_8K;

	mb_setup(MEM);
	memblock_reserve(min, SZ_16K);
	memblock_reserve(max - SZ_16K, SZ_16K);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, NUMA_NO_NODE)),
		     pick(lo(0), min - SZ_16K));
}

/*
 * Everything reserved: NULL, nothing changes.
 *
 *   [|######################|]    ->  NULL (try_nid and exact_nid)
 */
MB_TEST(memblock_alloc_nid, all_reserved_fails, all)
{
	struct mb_snapshot s;

	mb_setup(MEM);
	memblock_reserve(lo(0), MEM);
	mb_snap(&s);

	mb_assert(memblock_alloc_try_nid(SZ_4K, SZ_4K, lo(0), hi(0), NUMA_NO_NODE) == NULL,
		  "must fail");
	mb_assert(memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, 0, 0) == NULL, "exact");
	mb_assert_unchanged(&s);
}

/*
 * max_addr above current_limit is capped to it.
 *
 *   [|@@@@       @@@@|limit          |]   bottom-up / top-down
 */
MB_TEST(memblock_alloc_nid, max_capped_by_current_limit, all)
{
	mb_setup(MEM);
	memblock_set_current_limit(lo(SZ_128K));

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, lo(0), hi(0), NUMA_NO_NODE)),
		     pick(lo(0), lo(SZ_128K - SZ_16K)));
}

/*
 * The _raw variants leave the content; try_nid zeroes.
 *
 *   |  a: raw   b: raw   c: zeroed   |
 */
MB_TEST(memblock_alloc_nid, raw_variants_do_not_zero, all)
{
	void *a, *b, *c;

	mb_setup(MEM);

	a = memblock_alloc_try_nid_raw(SZ_8K, SZ_4K, 0, 0, NUMA_NO_NODE);
	b = memblock_alloc_exact_nid_raw(SZ_8K, SZ_4K, 0, 0, mb_var.numa ? 5 : NUMA_NO_NODE);
	c = memblock_alloc_try_nid(SZ_8K, SZ_4K, 0, 0, NUMA_NO_NODE);

	mb_assert(a && b && c, "allocations failed");
	mb_assert(mb_bytes_are(a, MB_FILL_BYTE, SZ_8K), "try_nid_raw wrote");
	mb_assert(mb_bytes_are(b, MB_FILL_BYTE, SZ_8K), "exact_nid_raw wrote");
	mb_assert(mb_bytes_are(c, 0, SZ_8K), "try_nid did not zero");
}

/* ---- nodes ---- */

/*
 * The block comes from the requested node:
 *
 *   |  n0  |n1|  n2  |@@ n3 |n4| ...   bottom-up: start of node 3
 *   |  n0  |n1|  n2  | n3 @@|n4| ...   top-down: end of node 3
 */
MB_TEST(memblock_alloc_nid, in_requested_node, nodes)
{
	void *p;

	mb_setup(MEM);

	p = memblock_alloc_try_nid(SZ_16K, SZ_4K, 0, 0, 3);

	mb_assert_eq(mb_pa(p), pick(mb_node_base(3), mb_node_end(3) - SZ_16K));
	mb_assert(memblock_is_reserved(mb_pa(p)), "reserved");
	mb_assert_eq(mb_pa(memblock_alloc_exact_nid_raw(SZ_16K, SZ_4K, 0, 0, 5)),
		     pick(mb_node_base(5), mb_node_end(5) - SZ_16K));
	mb_assert_eq(memblock_phys_alloc_try_nid(SZ_16K, SZ_4K, 6),
		     pick(mb_node_base(6), mb_node_end(6) - SZ_16K));
}

/*
 * A request larger than the node: try_nid falls back to any node (then
 * the policy decides: top of memory or bottom of memory); exact_nid
 * fails.
 *
 *   |  n0  |n1|  ...   request 128K > node 1 (64K)
 */
MB_TEST(memblock_alloc_nid, small_node_falls_back, nodes)
{
	mb_setup(MEM);

	mb_assert(memblock_alloc_exact_nid_raw(SZ_128K, SZ_4K, 0, 0, 1) == NULL,
		  "exact_nid must fail");
	mb_assert_type(&memblock.reserved, 0, 0);
	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_128K, SZ_4K, 0, 0, 1)),
		     pick(lo(0), hi(SZ_128K)));
}

/*
 * The requested node is fully reserved: try_nid falls back, exact_nid
 * fails.
 *
 *   |  n0  |n1|  ##n2##  |  n3  | ...
 */
MB_TEST(memblock_alloc_nid, node_reserved_falls_back, nodes)
{
	mb_setup(MEM);
	memblock_reserve(mb_node_base(2), mb_node_size(2));

	mb_assert(memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, 0, 2) == NULL,
		  "exact_nid must fail");
	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, 0, 0, 2)),
		     pick(lo(0), hi(SZ_4K)));
	mb_assert_type(&memblock.reserved, 2, mb_node_size(2) + SZ_4K);
}

/*
 * The node is partly reserved with room left: the block stays in the
 * node, beside the reservation.
 *
 *   |  n0  |n1|  ##@@    |   (bottom-up)   |    @@## |  (top-down)
 */
MB_TEST(memblock_alloc_nid, node_part_reserved, nodes)
{
	phys_addr_t n, e;

	mb_setup(MEM);
	n = mb_node_base(2);
	e = mb_node_end(2);
	memblock_reserve(pick(n, e - SZ_32K), SZ_32K);

	mb_assert_eq(mb_pa(memblock_alloc_exact_nid_raw(SZ_16K, SZ_4K, 0, 0, 2)),
		     pick(n + SZ_32K, e - MB_48K));
	mb_assert_type(&memblock.reserved, 1, MB_48K);
}

/*
 * Only a small part of the node is free: try_nid falls back, exact_nid
 * fails.
 *
 *   |  n0  |n1|######..|  n3  |...   '..' 8K free, request 16K
 */
MB_TEST(memblock_alloc_nid, node_part_reserved_fallback, nodes)
{
	phys_addr_t n;

	mb_setup(MEM);
	n = mb_node_base(2);
	memblock_reserve(n, mb_node_size(2) - SZ_8K);

	mb_assert(memblock_alloc_exact_nid_raw(SZ_16K, SZ_4K, 0, 0, 2) == NULL,
		  "exact_nid must fail");
	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, 0, 0, 2)),
		     pick(lo(0), hi(SZ_16K)));
}

/*
 * The range straddles the start of the requested node: the block is in
 * the node's part of the range.
 *
 *   |    n2     [   |   n3  ]        |
 *   |               |@@     |           bottom-up: node 3's start
 *   |               |     @@|           top-down: max - size
 */
MB_TEST(memblock_alloc_nid, range_split_low, nodes)
{
	phys_addr_t b3, min, max;

	mb_setup(MEM);
	b3 = mb_node_base(3);
	min = b3 - SZ_32K;
	max = b3 + SZ_32K;

	mb_assert_eq(mb_pa(memblock_alloc_exact_nid_raw(SZ_16K, SZ_4K, min, max, 3)),
		     pick(b3, max - SZ_16K));
}

/*
 * The range straddles the end of the requested node: the block is in the
 * node's part of the range.
 *
 *   |   [  n3    |]   n4   |
 */
MB_TEST(memblock_alloc_nid, range_split_high, nodes)
{
	phys_addr_t e3, min, max;

	mb_setup(MEM);
	e3 = mb_node_end(3);
	min = e3 - SZ_32K;
	max = e3 + SZ_32K;

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, 3)),
		     pick(min, e3 - SZ_16K));
}

/*
 * The node's part of the range is too small; the other node's part too:
 * a block never spans the boundary. try_nid drops min_addr: top-down
 * finds room in node 2 right below node 3 (node 3 only has the 32K below
 * max); bottom-up the start of memory. exact_nid fails (node 3 has only
 * 32K below max_addr).
 *
 *   |    n2     [   |   n3  ]        |    request 48K
 */
MB_TEST(memblock_alloc_nid, range_split_too_small, nodes)
{
	phys_addr_t b3, min, max;

	mb_setup(MEM);
	b3 = mb_node_base(3);
	min = b3 - SZ_32K;
	max = b3 + SZ_32K;

	mb_assert(memblock_alloc_exact_nid_raw(MB_48K, SZ_4K, min, max, 3) == NULL,
		  "exact_nid must fail");
	mb_assert_eq(mb_pa(memblock_alloc_try_nid(MB_48K, SZ_4K, min, max, 3)),
		     pick(lo(0), b3 - MB_48K));
}

/*
 * The range covers the whole requested node and more: the block is in
 * the node.
 *
 *   |  n1 [  |  n2   |  n3 ] |
 */
MB_TEST(memblock_alloc_nid, range_covers_node, nodes)
{
	phys_addr_t min, max;

	mb_setup(MEM);
	min = mb_node_base(2) - SZ_16K;
	max = mb_node_end(3) + SZ_16K;

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, 2)),
		     pick(mb_node_base(2), mb_node_end(2) - SZ_16K));
}

/*
 * The requested node lies below the range. try_nid takes the range on
 * other nodes. exact_nid first fails, then memblock_alloc_internal()
 * drops min_addr and finds the node below the range.
 *
 *   | n2 |  n3  [ n4 | n5 ]  n6  |
 */
MB_TEST(memblock_alloc_nid, node_below_range, nodes)
{
	phys_addr_t min, max;

	mb_setup(MEM);
	min = mb_node_base(4);
	max = mb_node_end(5);

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, 2)),
		     pick(min, max - SZ_16K));
	mb_assert_eq(mb_pa(memblock_alloc_exact_nid_raw(SZ_16K, SZ_4K, min, max, 2)),
		     pick(mb_node_base(2), mb_node_end(2) - SZ_16K));
}

/*
 * The requested node lies above the range: try_nid takes the range on
 * other nodes; exact_nid fails even after dropping min_addr (max_addr is
 * never dropped).
 *
 *   | n2 [ n3 | n4 ] n5 | n6 |
 */
MB_TEST(memblock_alloc_nid, node_above_range, nodes)
{
	phys_addr_t min, max;

	mb_setup(MEM);
	min = mb_node_base(3);
	max = mb_node_end(4);

	mb_assert(memblock_alloc_exact_nid_raw(SZ_16K, SZ_4K, min, max, 6) == NULL,
		  "exact_nid must fail");
	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, min, max, 6)),
		     pick(min, max - SZ_16K));
}

/*
 * A request larger than every node fails even though the nodes' memory
 * is contiguous: free ranges end at region (node) boundaries.
 *
 *   | 256K | 64K | 128K | ... |   request 512K  ->  NULL
 */
MB_TEST(memblock_alloc_nid, larger_than_any_node_fails, nodes)
{
	struct mb_snapshot s;

	mb_setup(MEM);
	mb_snap(&s);

	mb_assert(memblock_alloc_try_nid(SZ_512K, SZ_4K, 0, 0, 0) == NULL, "try_nid");
	mb_assert(memblock_alloc_try_nid(SZ_512K, SZ_4K, 0, 0, NUMA_NO_NODE) == NULL, "any");
	mb_assert_unchanged(&s);
}

/*
 * The only free memory spans two nodes, half in each; a request larger
 * than each half fails.
 *
 *   |####n2####..|..####n3####|   '..' 16K each side, request 24K
 */
MB_TEST(memblock_alloc_nid, free_split_across_nodes_fails, nodes)
{
	phys_addr_t b3;

	mb_setup(MEM);
	b3 = mb_node_base(3);
	memblock_reserve(lo(0), b3 - SZ_16K - lo(0));
	memblock_reserve(b3 + SZ_16K, hi(0) - b3 - SZ_16K);

	mb_assert(memblock_alloc_try_nid(SZ_16K + SZ_8K, SZ_4K, 0, 0, 3) == NULL, "24K");
	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, 0, 0, 3)), b3);
}

/*
 * memblock_alloc_node() takes it from the right node: the region under
 * the block has that nid.
 *
 *   | n0 @| n1 @| n2 @| n3 @| n4 @| n5 @| n6 @| n7 @|   (top-down)
 */
MB_TEST(memblock_alloc_nid, alloc_node_on_correct_nid, nodes)
{
	mb_setup(MEM);

	for (int nid = 0; nid < MB_NR_NODES; nid++) {
		void *p = memblock_alloc_node(SZ_4K, SZ_4K, nid);
		phys_addr_t pa = mb_pa(p);

		mb_assert(pa >= mb_node_base(nid) && pa + SZ_4K <= mb_node_end(nid),
			  "node %d: %#llx outside [%#llx, %#llx)", nid,
			  (unsigned long long)pa,
			  (unsigned long long)mb_node_base(nid),
			  (unsigned long long)mb_node_end(nid));
	}
	mb_assert_type(&memblock.reserved, MB_NR_NODES,
		       MB_NR_NODES * SZ_4K);
}

/* ---- memblock_alloc_range_nid ---- */

/*
 * exact_nid never changes node, even with all other nodes free;
 * without it the allocation moves to another node.
 *
 *   | n0 | n1 | n2 | n3 |##n4##| n5 | n6 | n7 |   nid 4: exact -> 0
 */
MB_TEST(memblock_alloc_nid, range_nid_exact_never_changes_node, nodes)
{
	mb_setup(MEM);
	memblock_reserve(mb_node_base(4), mb_node_size(4));

	mb_assert_eq(memblock_alloc_range_nid(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
					      4, true), 0);
	mb_assert_eq(memblock_alloc_range_nid(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
					      4, false), pick(lo(0), hi(SZ_4K)));
}

/*
 * memblock_alloc_range_nid() does not drop start: only the virtual API
 * (memblock_alloc_internal) does.
 *
 *   |                  start[####]   ->  0, no retry below start
 */
MB_TEST(memblock_alloc_nid, range_nid_keeps_start, all)
{
	mb_setup(MEM);
	memblock_reserve(hi(SZ_64K), SZ_64K);

	mb_assert_eq(memblock_alloc_range_nid(SZ_16K, SZ_4K, hi(SZ_64K), MEMBLOCK_ALLOC_ANYWHERE,
					      NUMA_NO_NODE, false), 0);
	mb_assert_eq(memblock_phys_alloc_range(SZ_16K, SZ_4K, hi(SZ_64K), hi(0)), 0);
	mb_assert_type(&memblock.reserved, 1, SZ_64K);
}

/*
 * memblock_phys_alloc_try_nid() falls back to another node.
 *
 *   | n0 | n1 | n2 | n3 |n4| ...   request 128K > node 4 (64K)
 */
MB_TEST(memblock_alloc_nid, phys_try_nid_falls_back, nodes)
{
	mb_setup(MEM);

	mb_assert_eq(memblock_phys_alloc_try_nid(SZ_128K, SZ_4K, 4),
		     pick(lo(0), hi(SZ_128K)));
}

/* ---- memory without nodes (memblock_add: nid MAX_NUMNODES) ---- */

/*
 * In flat memory no region belongs to node 2: exact_nid fails, try_nid
 * falls back to it and succeeds.
 *
 *   |   one region, nid MAX_NUMNODES   |   exact nid 2 -> NULL
 */
MB_TEST(memblock_alloc_nid, flat_memory_has_no_node, policy)
{
	mb_setup(MEM);

	mb_assert(memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, 0, 2) == NULL,
		  "exact_nid must fail");
	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, 0, 0, 2)),
		     pick(lo(0), hi(SZ_4K)));
	mb_assert_eq(mb_pa(memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, 0, NUMA_NO_NODE)),
		     pick(lo(SZ_4K), hi(SZ_8K)));
}

/*
 * Mirrored memory is preferred over the requested node: the kernel tries
 * (node, MIRROR), then (any node, MIRROR), and only then drops MIRROR
 * (memblock_alloc_range_nid). exact_nid skips the "any node" step, so it
 * drops MIRROR, warns, and stays on its node.
 *
 *   | n0 [MIRROR] | n1 | n2 | n3 | ...
 *          @@                         try_nid(3): in node 0's mirror
 *                          @@         exact_nid(3): node 3, + warning
 */
MB_TEST(memblock_alloc_nid, mirror_beats_node, nodes)
{
	phys_addr_t m0 = lo(SZ_64K);

	mirrored_kernelcore = true;
	mb_setup(MEM);
	memblock_mark_mirror(m0, SZ_64K);
	kmm_dmesg_clear();

	mb_assert_eq(mb_pa(memblock_alloc_try_nid(SZ_16K, SZ_4K, 0, 0, 3)),
		     pick(m0, m0 + SZ_64K - SZ_16K));
	mb_assert_no_log("mirrored memory");

	mb_assert_eq(mb_pa(memblock_alloc_exact_nid_raw(SZ_16K, SZ_4K, 0, 0, 3)),
		     pick(mb_node_base(3), mb_node_end(3) - SZ_16K));
	mb_assert_log("Could not allocate 0x0000000000004000 bytes of mirrored memory\n");
}
