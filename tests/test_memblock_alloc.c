// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_alloc.c - memblock_alloc(), memblock_alloc_raw(),
 * memblock_alloc_from(), memblock_alloc_low(), memblock_alloc_node(),
 * memblock_phys_alloc() and memblock_phys_alloc_range(), Linux 6.12.
 *
 * Memory is MEM = 1 MiB of real backing memory at mb_base(), filled with
 * MB_FILL_BYTE, so the zeroing of the virtual API can be seen. Every case
 * runs top-down and bottom-up, flat and split into MB_NR_NODES nodes (the
 * node split only matters where a free range would cross a node
 * boundary; the cases keep their free ranges inside node 0 (the first
 * 256 KiB) and node 7 (the last 128 KiB)).
 *
 * The facts checked (mm/memblock.c):
 *  - top-down takes the highest fitting block: round_down(end - size,
 *    align) of the highest free range; bottom-up the lowest:
 *    round_up(start, align) of the lowest free range
 *    (__memblock_find_range_top_down/_bottom_up);
 *  - the block is reserved and merges with touching reservations;
 *  - memblock_alloc*() zeroes the block, the _raw variants do not;
 *  - the first page is never returned (memblock_find_in_range_node);
 *  - align 0 is a caller bug: dump_stack(), then SMP_CACHE_BYTES
 *    (memblock_alloc_range_nid);
 *  - max_addr is capped to current_limit by the virtual API, and end ==
 *    MEMBLOCK_ALLOC_ACCESSIBLE means current_limit; the physical range API
 *    with an explicit end ignores current_limit;
 *  - min_addr is dropped when nothing fits above it
 *    (memblock_alloc_internal);
 *  - failure is NULL (virtual) or 0 (physical) and changes nothing.
 *
 * Pictures: the line is memory; '#' reserved before, '@' the allocation.
 */
#include "helpers/memblock_harness.h"

#define MEM	((phys_addr_t)SZ_1M)

static phys_addr_t lo(phys_addr_t off) { return mb_base() + off; }
static phys_addr_t hi(phys_addr_t off) { return mb_base() + MEM - off; }

/* The expected address: bottom-up or top-down. */
static phys_addr_t pick(phys_addr_t bottom_up, phys_addr_t top_down)
{
	return mb_var.bottom_up ? bottom_up : top_down;
}

/*
 * An allocation in empty memory takes the top (top-down) or the bottom
 * (bottom-up) and is reserved:
 *
 *   |                     @@@@|  top-down
 *   |@@@@                     |  bottom-up
 */
MB_TEST(memblock_alloc, simple, all)
{
	void *p;

	mb_setup(MEM);

	p = memblock_alloc(SZ_16K, SMP_CACHE_BYTES);

	mb_assert(p != NULL, "allocation failed");
	mb_assert_eq(mb_pa(p), pick(lo(0), hi(SZ_16K)));
	mb_assert_type(&memblock.reserved, 1, SZ_16K);
	mb_assert_region_full(&memblock.reserved, 0, mb_pa(p), SZ_16K, 0, MAX_NUMNODES);
	mb_assert_type(&memblock.memory, mb_var.numa ? MB_NR_NODES : 1, MEM);
}

/*
 * memblock_alloc() zeroes exactly the block; the bytes around it keep
 * their old content (MB_FILL_BYTE).
 *
 *   |#  ..........@@@@........  #|   '@' zeroed, '.' untouched
 */
MB_TEST(memblock_alloc, zeroes_block_only, all)
{
	unsigned char *p;

	mb_setup(MEM);
	memblock_reserve(hi(SZ_4K), SZ_4K);	/* keep the top byte readable */
	memblock_reserve(lo(0), SZ_4K);

	p = memblock_alloc(SZ_8K, SZ_4K);

	mb_assert(p != NULL, "allocation failed");
	mb_assert(mb_bytes_are(p, 0, SZ_8K), "block not zeroed");
	mb_assert(mb_bytes_are(p - 64, MB_FILL_BYTE, 64), "bytes below touched");
	mb_assert(mb_bytes_are(p + SZ_8K, MB_FILL_BYTE, 64), "bytes above touched");
}

/*
 * memblock_alloc_raw() leaves the content as it was.
 *
 *   |                    @@@@|   top-down, '@' still MB_FILL_BYTE
 *   |@@@@                    |   bottom-up
 */
MB_TEST(memblock_alloc, raw_does_not_zero, all)
{
	void *p;

	mb_setup(MEM);

	p = memblock_alloc_raw(SZ_8K, SZ_4K);

	mb_assert(p != NULL, "allocation failed");
	mb_assert_eq(mb_pa(p), pick(lo(0), hi(SZ_8K)));
	mb_assert(mb_bytes_are(p, MB_FILL_BYTE, SZ_8K), "raw block was written");
	mb_assert_type(&memblock.reserved, 1, SZ_8K);
}

/*
 * An allocation away from an existing reservation does not merge with it:
 *
 *   |        ####         @@@@|  top-down
 *   |@@@@    ####             |  bottom-up
 */
MB_TEST(memblock_alloc, disjoint, all)
{
	phys_addr_t r = lo(SZ_512K);
	void *p;

	mb_setup(MEM);
	memblock_reserve(r, SZ_64K);

	p = memblock_alloc(SZ_16K, SZ_4K);

	mb_assert_eq(mb_pa(p), pick(lo(0), hi(SZ_16K)));
	mb_assert_type(&memblock.reserved, 2, SZ_64K + SZ_16K);
}

/*
 * An allocation next to a reservation merges with it:
 *
 *   |                 @@@@####|  top-down: below the top reservation
 *   |####@@@@                 |  bottom-up: above the bottom one
 */
MB_TEST(memblock_alloc, merges_with_neighbour, all)
{
	void *p;

	mb_setup(MEM);
	memblock_reserve(pick(lo(0), hi(SZ_32K)), SZ_32K);

	p = memblock_alloc(SZ_16K, SZ_4K);

	mb_assert_eq(mb_pa(p), pick(lo(SZ_32K), hi(SZ_32K + SZ_16K)));
	mb_assert_type(&memblock.reserved, 1, SZ_32K + SZ_16K);
	mb_assert_region(&memblock.reserved, 0, pick(lo(0), hi(SZ_32K + SZ_16K)),
			 SZ_32K + SZ_16K);
}

/*
 * A gap exactly the size of the request, at the policy's end of memory,
 * is filled and all three regions become one:
 *
 *   |             ####@@@@####|  top-down
 *   |####@@@@####             |  bottom-up
 */
MB_TEST(memblock_alloc, fills_gap_exactly, all)
{
	void *p;

	mb_setup(MEM);
	if (mb_var.bottom_up) {
		memblock_reserve(lo(0), SZ_16K);
		memblock_reserve(lo(SZ_32K), SZ_16K);
	} else {
		memblock_reserve(hi(SZ_16K), SZ_16K);
		memblock_reserve(hi((SZ_32K + SZ_16K)), SZ_16K);
	}

	p = memblock_alloc(SZ_16K, SZ_4K);

	mb_assert_eq(mb_pa(p), pick(lo(SZ_16K), hi(SZ_32K)));
	mb_assert_type(&memblock.reserved, 1, (SZ_32K + SZ_16K));
}

/*
 * Gaps too small for the request are skipped: the allocation goes to the
 * next free range that is large enough.
 *
 *   |      @@@@##.##.##.##|  top-down: 4K gaps between reservations
 *   |##.##.##.##@@@@      |  bottom-up
 */
MB_TEST(memblock_alloc, skips_small_gaps, all)
{
	phys_addr_t span = 4 * SZ_8K;	/* 4 x (4K reserved + 4K gap) */
	void *p;

	mb_setup(MEM);
	for (int i = 0; i < 4; i++) {
		if (mb_var.bottom_up)
			memblock_reserve(lo(i * SZ_8K), SZ_4K);
		else
			memblock_reserve(hi(i * SZ_8K + SZ_4K), SZ_4K);
	}

	p = memblock_alloc(SZ_8K, SZ_4K);

	/* bottom-up: the last gap [28K, 32K) is too small but merges into
	 * the free range above, so the block starts at 28K */
	mb_assert_eq(mb_pa(p), pick(lo(span - SZ_4K), hi(span - SZ_4K + SZ_8K)));
	mb_assert_type(&memblock.reserved, 4, 3 * SZ_4K + SZ_4K + SZ_8K);
}

/*
 * Misuse-adjacent: all memory reserved: the allocation fails with NULL
 * and nothing changes.
 *
 *   |##########################|   ->  NULL / 0, reserved unchanged
 */
MB_TEST(memblock_alloc, all_reserved_fails, all)
{
	struct mb_snapshot s;

	mb_setup(MEM);
	memblock_reserve(lo(0), MEM);
	mb_snap(&s);

	mb_assert(memblock_alloc(SZ_4K, SZ_4K) == NULL, "must fail");
	mb_assert_eq(memblock_phys_alloc(SZ_4K, SZ_4K), 0);

	mb_assert_unchanged(&s);
}

/*
 * Free space smaller than the request (one 4K page left in node 7's
 * range) fails:
 *
 *   |#######################.|   request 8K -> NULL
 */
MB_TEST(memblock_alloc, no_space_fails, all)
{
	struct mb_snapshot s;

	mb_setup(MEM);
	memblock_reserve(lo(0), MEM - SZ_4K);
	mb_snap(&s);

	mb_assert(memblock_alloc(SZ_8K, SZ_4K) == NULL, "must fail");

	mb_assert_unchanged(&s);
}

/*
 * Exactly the request left: it is used and reserved becomes one region
 * covering all memory:
 *
 *   |#####################@@@@|
 */
MB_TEST(memblock_alloc, limited_space_exact_fit, all)
{
	void *p;

	mb_setup(MEM);
	memblock_reserve(lo(0), MEM - SZ_16K);

	p = memblock_alloc(SZ_16K, SZ_4K);

	mb_assert_eq(mb_pa(p), hi(SZ_16K));
	mb_assert_type(&memblock.reserved, 1, MEM);
}

/*
 * No memory at all: NULL, nothing reserved.
 *
 *   memory  |                          |   (empty)  ->  NULL / 0
 */
MB_TEST(memblock_alloc, no_memory_fails, all)
{
	mb_assert(memblock_alloc(SZ_4K, SZ_4K) == NULL, "must fail");
	mb_assert_eq(memblock_phys_alloc(SZ_4K, SZ_4K), 0);
	mb_assert_type(&memblock.reserved, 0, 0);
}

/*
 * A request larger than all memory fails.
 *
 *   |          1 MiB           |
 *   |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@   1 MiB + 4K  ->  NULL
 */
MB_TEST(memblock_alloc, too_large_fails, all)
{
	mb_setup(MEM);

	mb_assert(memblock_alloc(MEM + SZ_4K, SZ_4K) == NULL, "must fail");
	mb_assert_type(&memblock.reserved, 0, 0);
}

/*
 * Successive allocations stack up from the policy's end and merge:
 *
 *   |              @3@2@1|  top-down
 *   |@1@2@3              |  bottom-up
 */
MB_TEST(memblock_alloc, successive_stack_up, all)
{
	phys_addr_t prev = 0;

	mb_setup(MEM);
	for (int i = 0; i < 3; i++) {
		phys_addr_t pa = mb_pa(memblock_alloc(SZ_4K, SZ_4K));

		if (i)
			mb_assert_eq(pa, mb_var.bottom_up ? prev + SZ_4K : prev - SZ_4K);
		prev = pa;
	}
	mb_assert_type(&memblock.reserved, 1, 3 * SZ_4K);
}

/*
 * What is freed is found again.
 *
 *   |                    @@@@|  ->  free  ->  |                    @@@@|
 */
MB_TEST(memblock_alloc, reuses_freed_block, all)
{
	void *p, *q;

	mb_setup(MEM);
	p = memblock_alloc(SZ_64K, SZ_4K);
	memblock_free(p, SZ_64K);

	q = memblock_alloc(SZ_64K, SZ_4K);

	mb_assert(p == q, "expected %p, got %p", p, q);
	mb_assert_type(&memblock.reserved, 1, SZ_64K);
}

/*
 * Alignment: top-down rounds the start down, bottom-up rounds it up.
 * With the memory's first and last 4K reserved, neither end is aligned to
 * 64K any more:
 *
 *   |#       @@@@@@@         #|
 */
MB_TEST(memblock_alloc, aligned, all)
{
	phys_addr_t pa;

	mb_setup(MEM);
	memblock_reserve(lo(0), SZ_4K);
	memblock_reserve(hi(SZ_4K), SZ_4K);

	pa = memblock_phys_alloc(SZ_8K, SZ_64K);

	mb_assert_eq(pa % SZ_64K, 0);
	mb_assert_eq(pa, pick(lo(SZ_64K), hi(SZ_64K)));
}

/*
 * The default memblock alignment SMP_CACHE_BYTES: a 1-byte request is
 * placed on a cache-line boundary and reserves 1 byte.
 *
 *   |#@                    @#|   bottom-up merges with the low '#',
 *                                top-down lands 64 bytes under the high '#'
 */
MB_TEST(memblock_alloc, small_cache_aligned, all)
{
	phys_addr_t pa;

	mb_setup(MEM);
	memblock_reserve(hi(SZ_4K), SZ_4K);
	memblock_reserve(lo(0), SZ_4K);

	pa = memblock_phys_alloc(1, SMP_CACHE_BYTES);

	mb_assert_eq(pa, pick(lo(SZ_4K), hi(SZ_4K + SMP_CACHE_BYTES)));
	mb_assert_type(&memblock.reserved, mb_var.bottom_up ? 2 : 3, 2 * SZ_4K + 1);
}

/*
 * Misuse: align 0. The kernel dumps the stack (no WARN: too early for
 * powerpc) and uses SMP_CACHE_BYTES.
 *
 *   |#@                    @#|   100 bytes, 64-byte aligned, + "Call Trace:"
 */
MB_TEST(memblock_alloc, align_zero_dumps_stack, all)
{
	phys_addr_t pa;

	mb_setup(MEM);
	memblock_reserve(hi(SZ_4K), SZ_4K);
	memblock_reserve(lo(0), SZ_4K);
	kmm_dmesg_clear();

	pa = memblock_phys_alloc(100, 0);

	mb_assert_eq(pa % SMP_CACHE_BYTES, 0);
	mb_assert_eq(pa, pick(lo(SZ_4K), hi(SZ_4K) - 128));
	mb_assert_log("Call Trace:");
	mb_assert_valid();
}

/*
 * Misuse: an alignment larger than memory: no block can be aligned, the
 * allocation fails and nothing changes (also at 2^63, where rounding up
 * must not wrap to 0).
 *
 *   |        free memory       |   no 2^44-aligned address inside  ->  0
 */
MB_TEST(memblock_alloc, huge_alignment_fails, all)
{
	struct mb_snapshot s;

	mb_setup(MEM);
	mb_snap(&s);

	mb_assert_eq(memblock_phys_alloc(SZ_4K, 1ULL << 44), 0);
	mb_assert(memblock_alloc(SZ_4K, 1ULL << 63) == NULL, "2^63 must fail");

	mb_assert_unchanged(&s);
}

/*
 * Misuse: size 0. Linux 6.12 has no check: the search finds a zero-sized
 * "block" at the policy's end of the top/bottom free range (top-down: the
 * end of memory; bottom-up: its start), memblock_reserve(base, 0) is a
 * no-op, and that address is returned. Nothing is reserved.
 *
 *   |                          |@   top-down: the end of memory
 *   @|                          |   bottom-up: the start of memory
 */
MB_TEST(memblock_alloc, size_zero_returns_address_reserves_nothing, all)
{
	struct mb_snapshot s;
	void *p;

	mb_setup(MEM);
	mb_snap(&s);

	p = memblock_alloc(0, SZ_4K);

	mb_assert_eq(mb_pa(p), pick(lo(0), hi(0)));
	mb_assert_unchanged(&s);
	mb_assert_eq(memblock_phys_alloc(0, SZ_4K), pick(lo(0), hi(0)));
	mb_assert_unchanged(&s);
}

/*
 * The first page (physical 0) is never handed out: 0 means failure.
 * Memory [0, 8K) has one usable page, at 4K.
 *
 *   |####@@@@|   page 0 skipped, page 1 allocated, then nothing
 */
MB_TEST(memblock_alloc, never_first_page, all)
{
	mb_add(0, 2 * PAGE_SIZE);

	mb_assert_eq(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), PAGE_SIZE);
	mb_assert_eq(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0);
	mb_assert_eq(memblock_phys_alloc(SMP_CACHE_BYTES, SMP_CACHE_BYTES), 0);
	mb_assert_type(&memblock.reserved, 1, PAGE_SIZE);
}

/*
 * Top-down over memory at the bottom of the address space: a free range
 * ending below the request's size is skipped (this_end < size), the
 * subtraction never wraps.
 *
 *   0    4K        12K
 *   |####|  free    |     request 16K  ->  0, nothing reserved
 */
MB_TEST(memblock_alloc, low_memory_no_wrap, all)
{
	mb_add(0, SZ_8K + SZ_4K);

	mb_assert_eq(memblock_phys_alloc(SZ_16K, SZ_4K), 0);
	mb_assert_eq(memblock_phys_alloc_range(SZ_16K, SZ_4K, 0, MEMBLOCK_ALLOC_ANYWHERE), 0);
	mb_assert_type(&memblock.reserved, 0, 0);
	mb_assert_eq(memblock_phys_alloc(SZ_8K, SZ_4K), SZ_4K);
}

/*
 * current_limit caps what memblock_alloc() may use (and the end of
 * memblock_phys_alloc: MEMBLOCK_ALLOC_ACCESSIBLE):
 *
 *   |            @@@@|limit          |   top-down: right below the limit
 *   |@@@@            |limit          |   bottom-up: unaffected
 */
MB_TEST(memblock_alloc, current_limit, all)
{
	phys_addr_t limit = lo(SZ_128K);

	mb_setup(MEM);
	memblock_set_current_limit(limit);
	mb_assert_eq(memblock_get_current_limit(), limit);

	mb_assert_eq(mb_pa(memblock_alloc(SZ_16K, SZ_4K)), pick(lo(0), limit - SZ_16K));
	mb_assert_eq(memblock_phys_alloc(SZ_16K, SZ_4K),
		     pick(lo(SZ_16K), limit - SZ_32K));
	/* a request larger than what lies below the limit fails */
	mb_assert(memblock_alloc(SZ_128K, SZ_4K) == NULL, "above the limit");
}

/*
 * memblock_phys_alloc_range() with an explicit end is not capped by
 * current_limit (only the "accessible" end is): with end =
 * MEMBLOCK_ALLOC_ANYWHERE top-down takes the top of memory.
 *
 *   |          limit|        @@@@|   top-down, above the limit
 *   |@@@@      limit|            |   bottom-up
 */
MB_TEST(memblock_alloc, phys_range_ignores_current_limit, policy)
{
	mb_setup(MEM);
	memblock_set_current_limit(lo(SZ_128K));

	mb_assert_eq(memblock_phys_alloc_range(SZ_16K, SZ_4K, 0, MEMBLOCK_ALLOC_ANYWHERE),
		     pick(lo(0), hi(SZ_16K)));
}

/*
 * memblock_phys_alloc_range() keeps to [start, end):
 *
 *   |      [   @@@@]        |   top-down: end - size
 *   |      [@@@@   ]        |   bottom-up: start
 *
 * and fails when the window is too small, without dropping start.
 */
MB_TEST(memblock_alloc, phys_range_window, all)
{
	phys_addr_t start = lo(SZ_64K), end = lo(SZ_128K);

	mb_setup(MEM);

	mb_assert_eq(memblock_phys_alloc_range(SZ_16K, SZ_4K, start, end),
		     pick(start, end - SZ_16K));
	mb_assert_eq(memblock_phys_alloc_range(SZ_64K, SZ_4K, start, end), 0);
	mb_assert_type(&memblock.reserved, 1, SZ_16K);
}

/*
 * memblock_alloc_from(): min_addr bounds the search from below:
 *
 *   |        min[@@@@        ]   bottom-up: at min_addr
 *   |        min[        @@@@]   top-down: still the top
 */
MB_TEST(memblock_alloc, from_min_addr, all)
{
	phys_addr_t min = lo(SZ_64K);
	void *p;

	mb_setup(MEM);

	p = memblock_alloc_from(SZ_16K, SZ_4K, min);

	mb_assert_eq(mb_pa(p), pick(min, hi(SZ_16K)));
	mb_assert(mb_bytes_are(p, 0, SZ_16K), "zeroed");
}

/*
 * An unaligned min_addr is rounded up to the alignment (bottom-up).
 *
 *   |        min+100[ @@@@     ]   bottom-up: at the next 4K boundary
 *   |        min+100[     @@@@ ]   top-down: the top
 */
MB_TEST(memblock_alloc, from_misaligned_min, all)
{
	phys_addr_t min = lo(SZ_64K + 100);

	mb_setup(MEM);

	mb_assert_eq(mb_pa(memblock_alloc_from(SZ_16K, SZ_4K, min)),
		     pick(lo(SZ_64K + SZ_4K), hi(SZ_16K)));
}

/*
 * min_addr with no room above it is dropped (memblock_alloc_internal
 * retries from 0):
 *
 *   |                  min[####]   ->  below min: top-down right under
 *                                      the reservation, bottom-up at start
 */
MB_TEST(memblock_alloc, from_drops_min_when_no_room, all)
{
	phys_addr_t min = hi(SZ_64K);

	mb_setup(MEM);
	memblock_reserve(min, SZ_64K);

	mb_assert_eq(mb_pa(memblock_alloc_from(SZ_16K, SZ_4K, min)),
		     pick(lo(0), min - SZ_16K));
	/* the same with min_addr above all memory */
	mb_assert_eq(mb_pa(memblock_alloc_from(SZ_16K, SZ_4K, hi(0) + SZ_1G)),
		     pick(lo(SZ_16K), min - SZ_32K));
}

/*
 * memblock_alloc_low() stays below ARCH_LOW_ADDRESS_LIMIT (4 GiB) even
 * when there is (made-up) memory above it; top-down takes the top of the
 * low memory.
 *
 *   |  [ low memory   @@@@]   4G   [ high memory ]  |
 */
MB_TEST(memblock_alloc, low_stays_below_4g, all)
{
	void *p;

	if (!mb_base_is_low())
		cr_skip_test("backing memory is above 4 GiB here");
	mb_setup(MEM);
	mb_add(SZ_64G, SZ_1G);	/* never touched if memblock is right */

	p = memblock_alloc_low(SZ_16K, SZ_4K);

	mb_assert(p != NULL, "allocation failed");
	mb_assert(mb_pa(p) + SZ_16K <= ARCH_LOW_ADDRESS_LIMIT, "above 4G: %p", p);
	mb_assert_eq(mb_pa(p), pick(lo(0), hi(SZ_16K)));
	mb_assert(mb_bytes_are(p, 0, SZ_16K), "zeroed");
}

/*
 * Without any low memory memblock_alloc_low() fails.
 *
 *   |       (nothing)     4G   [ high memory ]  |   ->  NULL
 */
MB_TEST(memblock_alloc, low_fails_without_low_memory, policy)
{
	mb_add(SZ_64G, SZ_1G);

	mb_assert(memblock_alloc_low(SZ_16K, SZ_4K) == NULL, "must fail");
	mb_assert_type(&memblock.reserved, 0, 0);
}

/*
 * memblock_alloc_node() in a split memory takes the block from the node
 * asked for:
 *
 *   | n0 | n1 | n2 |@n3| n4 | ... |
 */
MB_TEST(memblock_alloc, node, nodes)
{
	void *p;

	mb_setup(MEM);

	p = memblock_alloc_node(SZ_16K, SZ_4K, 3);

	mb_assert_eq(mb_pa(p), pick(mb_node_base(3), mb_node_end(3) - SZ_16K));
	mb_assert(mb_bytes_are(p, 0, SZ_16K), "zeroed");
}

/*
 * memblock_alloc_node(NUMA_NO_NODE) is memblock_alloc().
 *
 *   |                    @@@@|   top-down
 *   |@@@@                    |   bottom-up
 */
MB_TEST(memblock_alloc, node_any, all)
{
	mb_setup(MEM);

	mb_assert_eq(mb_pa(memblock_alloc_node(SZ_16K, SZ_4K, NUMA_NO_NODE)),
		     pick(lo(0), hi(SZ_16K)));
}

/*
 * A memory end that is not aligned: top-down rounds down from it.
 *
 *   |                 @@@@@..|   memory ends 1K past a 4K boundary
 */
MB_TEST(memblock_alloc, end_misaligned, all)
{
	mb_setup(MEM);
	memblock_remove(hi(SZ_4K) + SZ_1K, SZ_4K - SZ_1K);

	mb_assert_eq(memblock_phys_alloc(SZ_8K, SZ_4K), pick(lo(0), hi(SZ_4K) - SZ_8K));
}

/*
 * Allocations never straddle two memory regions, even touching ones of
 * the same node (different flags keep them apart):
 *
 *   |  ...  [ 32K plain ][ 32K HOTPLUG ]|   request 48K: fits in neither
 */
MB_TEST(memblock_alloc, not_across_regions, all)
{
	phys_addr_t pa;

	mb_setup(MEM);
	memblock_reserve(lo(0), MEM - SZ_64K);
	memblock_mark_hotplug(hi(SZ_32K), SZ_32K);

	pa = memblock_phys_alloc(SZ_32K + SZ_16K, SZ_4K);

	mb_assert_eq(pa, 0);
	mb_assert_eq(memblock_phys_alloc(SZ_32K, SZ_4K), pick(hi(SZ_64K), hi(SZ_32K)));
}
