// SPDX-License-Identifier: MIT
/*
 * src/mm/memblock_iter.c - the steps of memblock's range iterators.
 *
 * 1. What it holds. The for_each_mem_range(), for_each_free_mem_range()
 *    and for_each_mem_pfn_range() macros of <kmm/memblock.h> (and their
 *    reverse forms) call one step function per range:
 *    __next_mem_range() forward, __next_mem_range_rev() backward,
 *    __next_mem_pfn_range() over the whole pages of memory, and the old
 *    __next_reserved_mem_region(). They read the region arrays of
 *    memblock.c and never change them.
 *
 * 2. The cursor. __next_mem_range() walks type_a, optionally minus type_b,
 *    in address order, keeping both positions in one u64 (low 32 bits:
 *    type_a index; high 32 bits: index of the gap before each type_b
 *    region). Gap i lies below region i of type_b; gap cnt runs from its
 *    last region to PHYS_ADDR_MAX. A forward walk starts at 0, a reverse
 *    one at ULLONG_MAX, and both end at ULLONG_MAX.
 *
 * 3. Filtering. should_skip_region() filters memory regions by node and
 *    flags: hotplug regions when movable_node is on, non-mirror ones when
 *    mirror is asked for, NOMAP and driver-managed ones unless asked for.
 *    Reserved and physmem regions are never filtered.
 *
 * 4. Invariants relied on. Both types are sorted and disjoint (memblock.c,
 *    section 3), so each position only ever moves one way and a whole walk
 *    costs O(type_a->cnt + type_b->cnt). The cursor holds indices, so a
 *    loop body must not add, remove or reserve: that may shift or double
 *    the arrays under it.
 *
 * 5. How kmm differs from Linux 6.12: __next_reserved_mem_region(), gone
 *    from 6.12, is kept with its last semantics (inclusive end) for older
 *    callers.
 */
#include <kmm/minmax.h>
#include "memblock_internal.h"

/*
 * Should iteration over @type pass over region @m? Only memory regions
 * are filtered (section 3); reserved and physmem ones never are.
 */
static bool should_skip_region(struct memblock_type *type,
			       struct memblock_region *m, int nid, int flags)
{
	if (type != &memblock.memory)
		return false;
	if (numa_valid_node(nid) && nid != memblock_get_region_node(m))
		return true;
	if (movable_node_is_enabled() && memblock_is_hotpluggable(m) &&
	    !(flags & MEMBLOCK_HOTPLUG))
		return true;
	if ((flags & MEMBLOCK_MIRROR) && !memblock_is_mirror(m))
		return true;
	if (!(flags & MEMBLOCK_NOMAP) && memblock_is_nomap(m))
		return true;
	if (!(flags & MEMBLOCK_DRIVER_MANAGED) && memblock_is_driver_managed(m))
		return true;
	return false;
}

/*
 * The gaps of @type: gap i lies below region i, from the end of region
 * i - 1 (or 0); gap cnt runs from the last region to PHYS_ADDR_MAX.
 */
static phys_addr_t memblock_gap_start(const struct memblock_type *type, long i)
{
	return i ? memblock_region_end(&type->regions[i - 1]) : 0;
}

static phys_addr_t memblock_gap_end(const struct memblock_type *type, long i)
{
	return i < (long)type->cnt ? type->regions[i].base : PHYS_ADDR_MAX;
}

/* The iterator cursor: type_a index in the low half, gap index in the high. */
static u64 memblock_pack_idx(long idx_a, long idx_b)
{
	return (u64)(u32)idx_a | (u64)(u32)idx_b << 32;
}

static void memblock_range_out(phys_addr_t start, phys_addr_t end, int nid,
			       phys_addr_t *out_start, phys_addr_t *out_end,
			       int *out_nid)
{
	if (out_start)
		*out_start = start;
	if (out_end)
		*out_end = end;
	if (out_nid)
		*out_nid = nid;
}

/**
 * __next_mem_range - the step of for_each_mem_range() and friends
 * @idx: the cursor; 0 to start, ULLONG_MAX when done
 * @nid: node to return ranges of, or NUMA_NO_NODE for all
 * @flags: MEMBLOCK_* attributes asked for (see should_skip_region())
 * @type_a: the regions to walk
 * @type_b: regions to cut out of @type_a's, or NULL
 * @out_start: set to the range's start (may be NULL)
 * @out_end: set to the range's end, exclusive (may be NULL)
 * @out_nid: set to the range's node (may be NULL)
 *
 * Returns the next range, in increasing address order, that lies in a
 * region of @type_a and in no region of @type_b. Both arrays are sorted,
 * so both positions only ever move forward.
 *
 * Context: boot.
 */
void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags,
		      struct memblock_type *type_a, struct memblock_type *type_b,
		      phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid)
{
	long idx_a = (u32)*idx, idx_b = (u32)(*idx >> 32);

	for (; idx_a < (long)type_a->cnt; idx_a++) {
		struct memblock_region *m = &type_a->regions[idx_a];
		phys_addr_t m_start = m->base, m_end = memblock_region_end(m);
		int m_nid = memblock_get_region_node(m);

		if (should_skip_region(type_a, m, nid, flags))
			continue;

		if (!type_b) {
			memblock_range_out(m_start, m_end, m_nid,
					   out_start, out_end, out_nid);
			*idx = memblock_pack_idx(idx_a + 1, idx_b);
			return;
		}

		for (; idx_b < (long)type_b->cnt + 1; idx_b++) {
			phys_addr_t r_start = memblock_gap_start(type_b, idx_b);
			phys_addr_t r_end = memblock_gap_end(type_b, idx_b);

			if (r_start >= m_end)
				break;	/* gap is past this region: next one */
			if (m_start >= r_end)
				continue;
			memblock_range_out(max(m_start, r_start),
					   min(m_end, r_end), m_nid,
					   out_start, out_end, out_nid);
			/* Advance whichever of the two ends first. */
			if (m_end <= r_end)
				idx_a++;
			else
				idx_b++;
			*idx = memblock_pack_idx(idx_a, idx_b);
			return;
		}
	}
	*idx = ULLONG_MAX;
}

/**
 * __next_mem_range_rev - the step of the reverse range iterators
 * @idx: the cursor; ULLONG_MAX to start, ULLONG_MAX again when done
 * @nid: node to return ranges of, or NUMA_NO_NODE for all
 * @flags: MEMBLOCK_* attributes asked for (see should_skip_region())
 * @type_a: the regions to walk
 * @type_b: regions to cut out of @type_a's, or NULL
 * @out_start: set to the range's start (may be NULL)
 * @out_end: set to the range's end, exclusive (may be NULL)
 * @out_nid: set to the range's node (may be NULL)
 *
 * As __next_mem_range(), in decreasing address order.
 *
 * Context: boot.
 */
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
			  struct memblock_type *type_a, struct memblock_type *type_b,
			  phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid)
{
	long idx_a = (s32)(u32)*idx, idx_b = (s32)(u32)(*idx >> 32);

	if (*idx == (u64)ULLONG_MAX) {
		idx_a = (long)type_a->cnt - 1;
		idx_b = type_b ? (long)type_b->cnt : 0;
	}

	for (; idx_a >= 0; idx_a--) {
		struct memblock_region *m = &type_a->regions[idx_a];
		phys_addr_t m_start = m->base, m_end = memblock_region_end(m);
		int m_nid = memblock_get_region_node(m);

		if (should_skip_region(type_a, m, nid, flags))
			continue;

		if (!type_b) {
			memblock_range_out(m_start, m_end, m_nid,
					   out_start, out_end, out_nid);
			*idx = memblock_pack_idx(idx_a - 1, idx_b);
			return;
		}

		for (; idx_b >= 0; idx_b--) {
			phys_addr_t r_start = memblock_gap_start(type_b, idx_b);
			phys_addr_t r_end = memblock_gap_end(type_b, idx_b);

			if (r_end <= m_start)
				break;	/* gap is below this region: next one */
			if (m_end <= r_start)
				continue;
			memblock_range_out(max(m_start, r_start),
					   min(m_end, r_end), m_nid,
					   out_start, out_end, out_nid);
			/* Step back whichever of the two starts last. */
			if (m_start >= r_start)
				idx_a--;
			else
				idx_b--;
			*idx = memblock_pack_idx(idx_a, idx_b);
			return;
		}
	}
	*idx = ULLONG_MAX;
}

/**
 * __next_mem_pfn_range - the step of for_each_mem_pfn_range()
 * @idx: the cursor; -1 to start, -1 again when done
 * @nid: node to return ranges of, or a non-node (MAX_NUMNODES,
 *	NUMA_NO_NODE) for all
 * @out_start_pfn: set to PFN_UP(base) (may be NULL)
 * @out_end_pfn: set to PFN_DOWN(end) (may be NULL)
 * @out_nid: set to the region's node (may be NULL)
 *
 * Walks memblock.memory, whole pages only: regions holding no whole page
 * are skipped. No flag filtering.
 *
 * Context: boot.
 */
void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid)
{
	struct memblock_type *type = &memblock.memory;
	struct memblock_region *r = NULL;

	while (++*idx < (int)type->cnt) {
		r = &type->regions[*idx];
		if (PFN_UP(r->base) >= PFN_DOWN(memblock_region_end(r)))
			continue;
		if (!numa_valid_node(nid) || nid == memblock_get_region_node(r))
			break;
	}
	if (*idx >= (int)type->cnt) {
		*idx = -1;
		return;
	}

	if (out_start_pfn)
		*out_start_pfn = PFN_UP(r->base);
	if (out_end_pfn)
		*out_end_pfn = PFN_DOWN(memblock_region_end(r));
	if (out_nid)
		*out_nid = memblock_get_region_node(r);
}

/**
 * __next_reserved_mem_region - step through memblock.reserved (old API)
 * @idx: the cursor; 0 to start, ULLONG_MAX when done
 * @out_start: set to the region's base (may be NULL)
 * @out_end: set to the region's LAST byte, base + size - 1 (may be NULL)
 *
 * Linux removed this in 5.11 in favour of for_each_reserved_mem_range();
 * kmm keeps it, with its inclusive end, for code written against it.
 *
 * Context: boot.
 */
void __next_reserved_mem_region(u64 *idx, phys_addr_t *out_start,
				phys_addr_t *out_end)
{
	struct memblock_type *type = &memblock.reserved;
	struct memblock_region *r;

	if (*idx >= type->cnt) {
		*idx = ULLONG_MAX;
		return;
	}
	r = &type->regions[*idx];
	if (out_start)
		*out_start = r->base;
	if (out_end)
		*out_end = r->base + r->size - 1;
	*idx += 1;
}
