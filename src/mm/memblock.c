// SPDX-License-Identifier: MIT
/*
 * src/mm/memblock.c - the early boot memory allocator, as Linux 6.12's.
 *
 * 1. Overview. Before struct pages and the buddy allocator exist, boot
 *    code needs a way to say which physical memory the machine has and to
 *    carve allocations out of it. memblock does both with nothing but
 *    small arrays of ranges. Firmware code (e820) memblock_add()s the RAM
 *    it finds, memblock_reserve()s what is already in use (the kernel
 *    image, firmware tables), and every early allocation finds a range in
 *    "memory" that no "reserved" range covers, then reserves it. Later
 *    the buddy allocator takes over every page that is memory and not
 *    reserved.
 *
 * 2. Data structures. struct memblock holds two struct memblock_type:
 *    memory (what exists) and reserved (what is taken). A third, physmem,
 *    records all RAM the firmware reported even if mem= later removed it.
 *    Each type is an array of struct memblock_region {base, size, flags,
 *    nid}, the kernel's layout field for field. The arrays start as static
 *    arrays: INIT_MEMBLOCK_REGIONS (128) entries for memory and reserved,
 *    INIT_PHYSMEM_REGIONS (4) for physmem. 128 is the kernel's choice: a
 *    PC's firmware map has a few dozen entries at most, so the static
 *    arrays only overflow on large NUMA machines or after many small
 *    reservations.
 *
 * 3. Invariants, checked by memblock_is_valid():
 *    a. regions of a type are sorted by base and never overlap;
 *    b. two regions that touch and have the same nid and flags are merged
 *       into one (so each type is as short as it can be);
 *    c. no region is empty, and none wraps: base + size <= PHYS_ADDR_MAX
 *       (sizes are capped by memblock_cap_size());
 *    d. cnt <= max, and total_size is the sum of the sizes;
 *    e. an empty type has cnt == 0 and a zeroed regions[0] (6.12 dropped
 *       the old "one dummy region" convention).
 *    One exception is the kernel's own: memblock_cap_memory_range() keeps
 *    NOMAP regions outside the cap and does not merge the pieces it split,
 *    so after it invariant (b) may not hold for NOMAP regions; the
 *    validator lets touching NOMAP neighbours be.
 *
 * 4. Adding a range (memblock_add_range) is the heart of the file. The new
 *    range may overlap existing regions; only the gaps between them are
 *    filled, so existing regions keep their nid and flags. It runs in two
 *    passes as the kernel's does: the first counts the gaps, the array is
 *    doubled while too small, the second inserts them; then neighbours
 *    are merged. When the array is already at most half full (cnt * 2 + 1
 *    <= max) the counting pass is skipped, since even the worst case fits.
 *    Removing, flag changes and node changes all start with
 *    memblock_isolate_range(), which splits regions crossing the range's
 *    ends so that the range is made of whole regions.
 *
 * 5. Resizing. Once boot has reserved everything that must not be
 *    overwritten it calls memblock_allow_resize(). From then on a full
 *    array is doubled: the new array is found in memblock memory itself
 *    (avoiding, for the reserved array, the range being reserved), the old
 *    array is copied, freed back if it was not a static one, and the new
 *    one is reserved. Before memblock_allow_resize() a full array is the
 *    kernel's panic("memblock: cannot resize %s array").
 *
 * 6. Allocation. memblock_find_in_range_node() walks the free ranges
 *    (memory minus reserved) top-down by default, bottom-up after
 *    memblock_set_bottom_up(true), clamped to [start, end). It never
 *    returns the first page (start is raised to PAGE_SIZE), because 0 is
 *    the failure value. end == MEMBLOCK_ALLOC_ACCESSIBLE means "below
 *    memblock.current_limit". memblock_alloc_range_nid() adds the
 *    fallbacks: another node unless exact_nid, then non-mirrored memory
 *    when mirrored memory ran out. memblock_alloc_internal() clamps the
 *    limit to current_limit and drops min_addr if nothing was found above
 *    it. The virtual variants return phys_to_virt() of the range.
 *
 * 7. Iteration. __next_mem_range() walks type_a, optionally minus type_b,
 *    in address order, keeping both positions in one u64 (low 32 bits:
 *    type_a index; high 32 bits: index of the gap before each type_b
 *    region). should_skip_region() filters memory regions by node and
 *    flags: hotplug regions when movable_node is on, non-mirror ones when
 *    mirror is asked for, NOMAP and driver-managed ones unless asked for.
 *
 * 8. Locking: none. memblock runs during boot, which is single-threaded
 *    in Linux and in kmm (kmm_boot() runs on one thread; standalone users
 *    must not call memblock from two threads at once).
 *
 * 9. Debugging. memblock=debug on the command line sets memblock_debug;
 *    every operation then logs a line in the kernel's words (pr_info,
 *    with the caller as %pS) and memblock_dump_all() prints the tables.
 *    __memblock_dump_all() prints them regardless (the kmm command uses
 *    it). memblock_is_valid() checks the invariants above. The other
 *    parameter memblock owns is reserve_mem=size:align:name, a __setup()
 *    one (it allocates, so it runs once memory is known): named ranges
 *    for reserve_mem_find_by_name().
 *
 * 10. How kmm differs from Linux 6.12.
 *    - No slab: resizing always takes memblock memory, never kmalloc(), and
 *      the slab_is_available() checks are absent (slab never runs before
 *      memblock is done in kmm). No kmemleak and no accept_memory() calls.
 *    - physmem exists on every machine (Linux: CONFIG_HAVE_MEMBLOCK_PHYS_MAP
 *      only, which x86 lacks). The dump prints it only when it has regions,
 *      so an x86-like boot log matches the kernel's.
 *    - Doubling physmem never frees its static array (Linux would hand a
 *      never-reserved static array to memblock_free()).
 *    - memblock_end_of_DRAM() of an empty memory type is 0 (Linux reads
 *      regions[-1]).
 *    - __next_reserved_mem_region(), gone from 6.12, is kept with its
 *      last semantics (inclusive end) for older callers.
 *    - memblock_reset() and memblock_is_valid() are kmm additions.
 *    - memblock_free_all() (the last section of this file) hands every
 *      free range to the buddy allocator in the largest naturally aligned
 *      blocks, as 6.12; struct pages are initialised lazily there (see
 *      mm_init.c). memblock_free_late() and memblock_discard() are not
 *      here yet; after the handover memblock allocations still work but
 *      hand out memory the buddy allocator believes free, so only tests
 *      that inspect placement should make them.
 */
#include <kmm/memblock.h>
#include <kmm/bug.h>
#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/init.h>
#include <kmm/minmax.h>
#include <kmm/page.h>
#include <kmm/printk.h>
#include <kmm/mm.h>
#include <kmm/mm_init.h>
#include "../lib/ctype.h"
#include "../lib/string.h"
#include "internal.h"
#include "../host/host.h"

/* The static arrays every type starts with (section 2). */
static struct memblock_region memblock_memory_init_regions[INIT_MEMBLOCK_REGIONS];
static struct memblock_region memblock_reserved_init_regions[INIT_MEMBLOCK_RESERVED_REGIONS];
static struct memblock_region memblock_physmem_init_regions[INIT_PHYSMEM_REGIONS];

struct memblock memblock = {
	.memory.regions		= memblock_memory_init_regions,
	.memory.max		= INIT_MEMBLOCK_REGIONS,
	.memory.name		= "memory",

	.reserved.regions	= memblock_reserved_init_regions,
	.reserved.max		= INIT_MEMBLOCK_RESERVED_REGIONS,
	.reserved.name		= "reserved",

	.bottom_up		= false,
	.current_limit		= MEMBLOCK_ALLOC_ANYWHERE,
};

struct memblock_type physmem = {
	.regions		= memblock_physmem_init_regions,
	.max			= INIT_PHYSMEM_REGIONS,
	.name			= "physmem",
};

int memblock_debug;
static bool memblock_can_resize;
static bool system_has_some_mirror;

#define memblock_dbg(fmt, ...)						\
	do {								\
		if (memblock_debug)					\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)

/* ---- small helpers ---------------------------------------------------- */

/* Shrink *@size so that @base + *@size does not wrap; return the new size. */
static inline phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	*size = min(*size, PHYS_ADDR_MAX - base);
	return *size;
}

static inline phys_addr_t memblock_region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/* Two regions may become one: they touch and agree on node and flags. */
static bool memblock_regions_mergeable(const struct memblock_region *a,
				       const struct memblock_region *b)
{
	return memblock_region_end(a) == b->base &&
	       memblock_get_region_node(a) == memblock_get_region_node(b) &&
	       a->flags == b->flags;
}

/**
 * memblock_has_mirror - does any memory carry MEMBLOCK_MIRROR?
 *
 * Context: boot (memblock is not locked).
 * Return: true once memblock_mark_mirror() has marked some memory.
 */
bool memblock_has_mirror(void)
{
	return system_has_some_mirror;
}

/* Allocations prefer mirrored memory once the machine has some. */
static enum memblock_flags memblock_choose_flags(void)
{
	return system_has_some_mirror ? MEMBLOCK_MIRROR : MEMBLOCK_NONE;
}

/**
 * memblock_addrs_overlap - do two ranges intersect?
 * @base1: start of the first range
 * @size1: size of the first range
 * @base2: start of the second range
 * @size2: size of the second range
 *
 * Context: any.
 * Return: non-zero when [@base1, @base1 + @size1) and [@base2, @base2 +
 * @size2) share at least one byte.
 */
unsigned long memblock_addrs_overlap(phys_addr_t base1, phys_addr_t size1,
				     phys_addr_t base2, phys_addr_t size2)
{
	return base1 < base2 + size2 && base2 < base1 + size1;
}

/**
 * memblock_overlaps_region - does a range intersect any region of a type?
 * @type: the regions to check
 * @base: start of the range
 * @size: size of the range (capped so that the range does not wrap)
 *
 * Context: boot.
 * Return: true if some region of @type shares a byte with the range.
 */
bool memblock_overlaps_region(struct memblock_type *type,
			      phys_addr_t base, phys_addr_t size)
{
	unsigned long i;

	memblock_cap_size(base, &size);
	for (i = 0; i < type->cnt; i++)
		if (memblock_addrs_overlap(base, size, type->regions[i].base,
					   type->regions[i].size))
			return true;
	return false;
}

/* ---- finding free ranges ---------------------------------------------- */

/* Lowest @align-aligned fit of @size in the free ranges within [start, end). */
static phys_addr_t memblock_find_range_bottom_up(phys_addr_t start,
		phys_addr_t end, phys_addr_t size, phys_addr_t align,
		int nid, enum memblock_flags flags)
{
	phys_addr_t lo, hi, cand;
	u64 i;

	for_each_free_mem_range(i, nid, flags, &lo, &hi, NULL) {
		lo = clamp(lo, start, end);
		hi = clamp(hi, start, end);
		cand = round_up(lo, align);
		if (cand < hi && hi - cand >= size)
			return cand;
	}
	return 0;
}

/* Highest @align-aligned fit of @size in the free ranges within [start, end). */
static phys_addr_t memblock_find_range_top_down(phys_addr_t start,
		phys_addr_t end, phys_addr_t size, phys_addr_t align,
		int nid, enum memblock_flags flags)
{
	phys_addr_t lo, hi, cand;
	u64 i;

	for_each_free_mem_range_reverse(i, nid, flags, &lo, &hi, NULL) {
		lo = clamp(lo, start, end);
		hi = clamp(hi, start, end);
		if (hi < size)
			continue;
		cand = round_down(hi - size, align);
		if (cand >= lo)
			return cand;
	}
	return 0;
}

/*
 * Find @size free bytes aligned to @align in [start, end) on node @nid
 * (NUMA_NO_NODE: any), in the current direction. Returns 0 on failure,
 * which is why the first page is never handed out.
 */
static phys_addr_t memblock_find_in_range_node(phys_addr_t size,
		phys_addr_t align, phys_addr_t start, phys_addr_t end,
		int nid, enum memblock_flags flags)
{
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = memblock.current_limit;

	start = max_t(phys_addr_t, start, PAGE_SIZE);
	end = max(start, end);

	if (memblock_bottom_up())
		return memblock_find_range_bottom_up(start, end, size, align,
						     nid, flags);
	return memblock_find_range_top_down(start, end, size, align, nid, flags);
}

/* As memblock_find_in_range_node() on any node, falling back from mirror. */
static phys_addr_t memblock_find_in_range(phys_addr_t start, phys_addr_t end,
					  phys_addr_t size, phys_addr_t align)
{
	enum memblock_flags flags = memblock_choose_flags();
	phys_addr_t found;

	for (;;) {
		found = memblock_find_in_range_node(size, align, start, end,
						    NUMA_NO_NODE, flags);
		if (found || !(flags & MEMBLOCK_MIRROR))
			return found;
		pr_warn_ratelimited("Could not allocate %pap bytes of mirrored memory\n",
				    &size);
		flags &= ~MEMBLOCK_MIRROR;
	}
}

/* ---- array surgery ------------------------------------------------------ */

/* Drop region @r of @type; an emptied type gets a zeroed regions[0]. */
static void memblock_remove_region(struct memblock_type *type, unsigned long r)
{
	type->total_size -= type->regions[r].size;
	memmove(&type->regions[r], &type->regions[r + 1],
		(type->cnt - (r + 1)) * sizeof(type->regions[r]));
	type->cnt--;

	if (type->cnt == 0) {
		WARN_ON(type->total_size != 0);
		type->regions[0].base = 0;
		type->regions[0].size = 0;
		type->regions[0].flags = 0;
		memblock_set_region_node(&type->regions[0], MAX_NUMNODES);
	}
}

static bool memblock_is_static_array(const struct memblock_region *array)
{
	return array == memblock_memory_init_regions ||
	       array == memblock_reserved_init_regions ||
	       array == memblock_physmem_init_regions;
}

/*
 * Where a doubled array of @type may go: anywhere below current_limit;
 * for the reserved array, not over [avoid_base, avoid_base + avoid_size),
 * the range that is about to be reserved (first above it, then below).
 */
static phys_addr_t memblock_find_array_space(struct memblock_type *type,
		phys_addr_t avoid_base, phys_addr_t avoid_size,
		phys_addr_t bytes)
{
	phys_addr_t addr;

	if (type != &memblock.reserved)
		avoid_base = avoid_size = 0;

	addr = memblock_find_in_range(avoid_base + avoid_size,
				      memblock.current_limit, bytes, PAGE_SIZE);
	if (!addr && avoid_size)
		addr = memblock_find_in_range(0, min(avoid_base,
						     memblock.current_limit),
					      bytes, PAGE_SIZE);
	return addr;
}

/*
 * Double @type's array (section 5). The allocation is rounded to whole
 * pages so that it can later be freed page by page. Returns 0 or -1.
 */
static int memblock_double_array(struct memblock_type *type,
				 phys_addr_t avoid_base, phys_addr_t avoid_size)
{
	struct memblock_region *old_array = type->regions, *new_array;
	phys_addr_t old_bytes, new_bytes, addr, new_end;

	if (!memblock_can_resize)
		panic("memblock: cannot resize %s array\n", type->name);

	old_bytes = type->max * sizeof(struct memblock_region);
	new_bytes = old_bytes << 1;

	addr = memblock_find_array_space(type, avoid_base, avoid_size,
					 PAGE_ALIGN(new_bytes));
	if (!addr) {
		pr_err("memblock: Failed to double %s array from %ld to %ld entries !\n",
		       type->name, type->max, type->max * 2);
		return -1;
	}

	new_end = addr + new_bytes - 1;
	memblock_dbg("memblock: %s is doubled to %ld at [%pa-%pa]",
		     type->name, type->max * 2, &addr, &new_end);

	/* Move first: the array being doubled may be the one we reserve in. */
	new_array = phys_to_virt(addr);
	memcpy(new_array, old_array, old_bytes);
	memset(new_array + type->max, 0, old_bytes);
	type->regions = new_array;
	type->max <<= 1;

	if (!memblock_is_static_array(old_array))
		memblock_free(old_array, PAGE_ALIGN(old_bytes));

	BUG_ON(memblock_reserve(addr, PAGE_ALIGN(new_bytes)));
	return 0;
}

/*
 * Merge compatible neighbours among regions [start_rgn - 1, end_rgn] of
 * @type: the regions just changed and the one on each side of them.
 */
static void memblock_merge_regions(struct memblock_type *type,
				   unsigned long start_rgn,
				   unsigned long end_rgn)
{
	unsigned long i = start_rgn ? start_rgn - 1 : 0;
	struct memblock_region *this, *next;

	end_rgn = min(end_rgn, type->cnt - 1);
	while (i < end_rgn) {
		this = &type->regions[i];
		next = &type->regions[i + 1];
		if (!memblock_regions_mergeable(this, next)) {
			BUG_ON(memblock_region_end(this) > next->base);
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
		end_rgn--;
	}
}

/* Put [base, base + size) at index @idx of @type, which must have room. */
static void memblock_insert_region(struct memblock_type *type,
				   unsigned long idx, phys_addr_t base,
				   phys_addr_t size, int nid,
				   enum memblock_flags flags)
{
	struct memblock_region *rgn = &type->regions[idx];

	BUG_ON(type->cnt >= type->max);
	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	rgn->flags = flags;
	memblock_set_region_node(rgn, nid);
	type->cnt++;
	type->total_size += size;
}

/* The span of indices memblock_add_range() inserted at, for merging. */
struct memblock_span {
	long start;	/* -1 until the first insertion */
	long end;
};

static void memblock_span_note(struct memblock_span *span, unsigned long idx)
{
	if (span->start == -1)
		span->start = idx;
	span->end = idx + 1;
}

/*
 * One pass of memblock_add_range() over [base, end): count the gaps that
 * existing regions leave in it and, when @insert, fill them in.
 * Return: the number of gaps.
 */
static int memblock_add_pass(struct memblock_type *type, phys_addr_t base,
			     phys_addr_t end, int nid,
			     enum memblock_flags flags, bool insert,
			     struct memblock_span *span)
{
	unsigned long idx;
	int nr_new = 0;

	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base;
		phys_addr_t rend = memblock_region_end(rgn);

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase > base) {
			/* A gap below this region: the new range fills it. */
			WARN_ON(nid != memblock_get_region_node(rgn));
			WARN_ON(flags != rgn->flags);
			nr_new++;
			if (insert) {
				memblock_span_note(span, idx);
				memblock_insert_region(type, idx++, base,
						       rbase - base, nid, flags);
			}
		}
		base = min(rend, end);
	}

	if (base < end) {
		nr_new++;
		if (insert) {
			memblock_span_note(span, idx);
			memblock_insert_region(type, idx, base, end - base,
					       nid, flags);
		}
	}
	return nr_new;
}

/*
 * Add [base, base + size) to @type (section 4). Overlaps with existing
 * regions are allowed and leave those regions as they were.
 * Return: 0, or -ENOMEM if the array could not grow.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size, int nid,
			      enum memblock_flags flags)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	struct memblock_span span = { -1, 0 };
	int nr_new;

	if (!size)
		return 0;

	if (type->regions[0].size == 0) {
		/* Empty type: the range is its first region. */
		WARN_ON(type->cnt != 0 || type->total_size);
		type->regions[0].base = base;
		type->regions[0].size = size;
		type->regions[0].flags = flags;
		memblock_set_region_node(&type->regions[0], nid);
		type->total_size = size;
		type->cnt = 1;
		return 0;
	}

	/* Worst case, the range fills cnt + 1 gaps: skip counting if that fits. */
	if (type->cnt * 2 + 1 > type->max) {
		nr_new = memblock_add_pass(type, base, end, nid, flags, false, &span);
		if (!nr_new)
			return 0;
		while (type->cnt + nr_new > type->max)
			if (memblock_double_array(type, base, size) < 0)
				return -ENOMEM;
	}

	if (memblock_add_pass(type, base, end, nid, flags, true, &span))
		memblock_merge_regions(type, span.start, span.end);
	return 0;
}

/* ---- adding and removing ----------------------------------------------- */

/**
 * memblock_add_node - add memory on a NUMA node, with attributes
 * @base: physical start of the range
 * @size: size of the range in bytes
 * @nid: node of the range (MAX_NUMNODES or NUMA_NO_NODE: not yet known)
 * @flags: MEMBLOCK_* attributes of the range
 *
 * Adds [@base, @base + @size) to memblock.memory. Parts that are already
 * memory keep their node and flags.
 *
 * Context: boot (memblock is not locked).
 * Return: 0 on success, -ENOMEM if the regions array could not grow.
 */
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid,
		      enum memblock_flags flags)
{
	phys_addr_t end = base + size - 1;

	memblock_dbg("%s: [%pa-%pa] nid=%d flags=%x %pS\n", __func__,
		     &base, &end, nid, flags, (void *)_RET_IP_);
	return memblock_add_range(&memblock.memory, base, size, nid, flags);
}

/**
 * memblock_add - add memory whose node is not known yet
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * Adds [@base, @base + @size) to memblock.memory with node MAX_NUMNODES
 * (assign one later with memblock_set_node()) and no flags.
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if the regions array could not grow.
 */
int memblock_add(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__,
		     &base, &end, (void *)_RET_IP_);
	return memblock_add_range(&memblock.memory, base, size, MAX_NUMNODES, 0);
}

/**
 * memblock_validate_numa_coverage - is little enough memory without a node?
 * @threshold_bytes: how much memory may lack a valid node
 *
 * Buggy firmware may describe memory that belongs to no node. Counts the
 * whole pages of such memory and complains if they exceed the threshold.
 *
 * Context: boot.
 * Return: true if the memory without a node is within @threshold_bytes.
 */
bool memblock_validate_numa_coverage(unsigned long threshold_bytes)
{
	unsigned long nr_pages = 0, start_pfn, end_pfn;
	int nid, i;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid)
		if (!numa_valid_node(nid))
			nr_pages += end_pfn - start_pfn;

	if ((nr_pages << PAGE_SHIFT) > threshold_bytes) {
		pr_err("NUMA: no nodes coverage for %luMB of %luMB RAM\n",
		       (nr_pages << PAGE_SHIFT) >> 20,
		       (unsigned long)(memblock_phys_mem_size() >> 20));
		return false;
	}
	return true;
}

/*
 * Split the regions of @type that cross either end of [base, base + size),
 * so that the range consists of whole regions: those with index in
 * [*start_rgn, *end_rgn) (an empty span when nothing lies inside). At most
 * two regions are added, so room for two is made first.
 * Return: 0, or -ENOMEM if the array could not grow.
 */
static int memblock_isolate_range(struct memblock_type *type,
				  phys_addr_t base, phys_addr_t size,
				  int *start_rgn, int *end_rgn)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	long idx;

	*start_rgn = *end_rgn = 0;
	if (!size)
		return 0;

	while (type->cnt + 2 > type->max)
		if (memblock_double_array(type, base, size) < 0)
			return -ENOMEM;

	for (idx = 0; idx < (long)type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base;
		phys_addr_t rend = memblock_region_end(rgn);

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;

		if (rbase < base) {
			/* Sticks out below: cut off the part below @base. */
			rgn->base = base;
			rgn->size -= base - rbase;
			type->total_size -= base - rbase;
			memblock_insert_region(type, idx, rbase, base - rbase,
					       memblock_get_region_node(rgn),
					       rgn->flags);
		} else if (rend > end) {
			/* Sticks out above: cut, then look at the lower part again. */
			rgn->base = end;
			rgn->size -= end - rbase;
			type->total_size -= end - rbase;
			memblock_insert_region(type, idx--, rbase, end - rbase,
					       memblock_get_region_node(rgn),
					       rgn->flags);
		} else {
			if (!*end_rgn)
				*start_rgn = idx;
			*end_rgn = idx + 1;
		}
	}
	return 0;
}

/* Take [base, base + size) out of @type. Return: 0 or -ENOMEM. */
static int memblock_remove_range(struct memblock_type *type,
				 phys_addr_t base, phys_addr_t size)
{
	int start_rgn, end_rgn, i, ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;

	for (i = end_rgn - 1; i >= start_rgn; i--)
		memblock_remove_region(type, i);
	return 0;
}

/**
 * memblock_remove - remove a range from memory
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if splitting a region needed a bigger
 * array that could not be had.
 */
int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__,
		     &base, &end, (void *)_RET_IP_);
	return memblock_remove_range(&memblock.memory, base, size);
}

/**
 * memblock_free - free a memblock allocation by its virtual address
 * @ptr: what memblock_alloc*() returned (NULL: nothing happens)
 * @size: its size in bytes
 *
 * The range stops being reserved; it is not given to the buddy allocator.
 *
 * Context: boot.
 */
void memblock_free(void *ptr, size_t size)
{
	if (ptr)
		memblock_phys_free(__pa(ptr), size);
}

/**
 * memblock_phys_free - free a memblock allocation by its physical address
 * @base: what memblock_phys_alloc*() returned
 * @size: its size in bytes
 *
 * Removes [@base, @base + @size) from memblock.reserved.
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if the reserved array could not grow.
 */
int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__,
		     &base, &end, (void *)_RET_IP_);
	return memblock_remove_range(&memblock.reserved, base, size);
}

/**
 * memblock_reserve - mark a range as in use
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * Adds [@base, @base + @size) to memblock.reserved, so that no memblock
 * allocation returns it and the buddy allocator never receives it. The
 * range need not be memory.
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if the reserved array could not grow.
 */
int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__,
		     &base, &end, (void *)_RET_IP_);
	return memblock_add_range(&memblock.reserved, base, size, MAX_NUMNODES, 0);
}

/**
 * memblock_physmem_add - record RAM the firmware reported
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * Adds the range to physmem, which keeps every range of RAM even when
 * mem= or memmap= later removes it from memblock.memory.
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if the physmem array could not grow.
 */
int memblock_physmem_add(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__,
		     &base, &end, (void *)_RET_IP_);
	return memblock_add_range(&physmem, base, size, MAX_NUMNODES, 0);
}

/* ---- attributes and nodes ----------------------------------------------- */

/* Set (@set) or clear @flag on [base, base + size) of @type, then re-merge. */
static int memblock_setclr_flag(struct memblock_type *type, phys_addr_t base,
				phys_addr_t size, bool set, int flag)
{
	int i, ret, start_rgn, end_rgn;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;

	for (i = start_rgn; i < end_rgn; i++) {
		struct memblock_region *r = &type->regions[i];

		if (set)
			r->flags |= flag;
		else
			r->flags &= ~flag;
	}
	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

/**
 * memblock_mark_hotplug - mark memory as hotpluggable (MEMBLOCK_HOTPLUG)
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * With movable_node, allocations then avoid the range.
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if a region could not be split.
 */
int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_HOTPLUG);
}

/**
 * memblock_clear_hotplug - clear MEMBLOCK_HOTPLUG on a range of memory
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if a region could not be split.
 */
int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false,
				    MEMBLOCK_HOTPLUG);
}

/**
 * memblock_mark_mirror - mark memory as mirrored (MEMBLOCK_MIRROR)
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * Does nothing unless kernelcore=mirror asked for mirrored memory
 * (mirrored_kernelcore). Otherwise allocations will prefer mirrored
 * memory from now on.
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if a region could not be split.
 */
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size)
{
	if (!mirrored_kernelcore)
		return 0;

	system_has_some_mirror = true;
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_MIRROR);
}

/**
 * memblock_mark_nomap - keep memory out of the direct map (MEMBLOCK_NOMAP)
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * NOMAP memory still has struct pages (PageReserved) but memblock never
 * allocates from it.
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if a region could not be split.
 */
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_NOMAP);
}

/**
 * memblock_clear_nomap - clear MEMBLOCK_NOMAP on a range of memory
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if a region could not be split.
 */
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false,
				    MEMBLOCK_NOMAP);
}

/**
 * memblock_reserved_mark_noinit - do not initialise the struct pages of a
 * reserved range (MEMBLOCK_RSRV_NOINIT)
 * @base: physical start of the range
 * @size: size of the range in bytes
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if a region could not be split.
 */
int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.reserved, base, size, true,
				    MEMBLOCK_RSRV_NOINIT);
}

/**
 * memblock_set_node - assign a node to a range of regions
 * @base: physical start of the range
 * @size: size of the range in bytes
 * @type: memblock.memory or memblock.reserved
 * @nid: the node
 *
 * Regions crossing the range's ends are split first; afterwards
 * neighbours that now agree are merged.
 *
 * Context: boot.
 * Return: 0 on success, -ENOMEM if a region could not be split.
 */
int memblock_set_node(phys_addr_t base, phys_addr_t size,
		      struct memblock_type *type, int nid)
{
	int start_rgn, end_rgn, i, ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;

	for (i = start_rgn; i < end_rgn; i++)
		memblock_set_region_node(&type->regions[i], nid);
	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

/* ---- iteration ------------------------------------------------------------ */

/*
 * Should iteration over @type pass over region @m? Only memory regions
 * are filtered (section 7); reserved and physmem ones never are.
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

/* ---- allocation ----------------------------------------------------------- */

/* Find a fit and reserve it; 0 if either fails. */
static phys_addr_t memblock_find_and_reserve(phys_addr_t size,
		phys_addr_t align, phys_addr_t start, phys_addr_t end,
		int nid, enum memblock_flags flags)
{
	phys_addr_t found;

	found = memblock_find_in_range_node(size, align, start, end, nid, flags);
	if (found && !memblock_reserve(found, size))
		return found;
	return 0;
}

/**
 * memblock_alloc_range_nid - allocate and reserve a range
 * @size: bytes to allocate
 * @align: alignment of the start (0: SMP_CACHE_BYTES, with a backtrace)
 * @start: lowest acceptable physical address
 * @end: highest acceptable end, or MEMBLOCK_ALLOC_ACCESSIBLE (or
 *	MEMBLOCK_ALLOC_NOLEAKTRACE) for memblock.current_limit, or
 *	MEMBLOCK_ALLOC_ANYWHERE
 * @nid: preferred node, or NUMA_NO_NODE
 * @exact_nid: if true, never fall back to another node
 *
 * Tries @nid, then (unless @exact_nid) any node; on a machine with
 * mirrored memory, tries mirrored memory first and then, with a warning,
 * any memory.
 *
 * Context: boot.
 * Return: the physical address of the reserved range, or 0 on failure.
 */
phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid)
{
	enum memblock_flags flags = memblock_choose_flags();
	phys_addr_t found;

	if (!align) {
		/* The kernel shows the caller without a WARN (powerpc). */
		dump_stack();
		align = SMP_CACHE_BYTES;
	}

	for (;;) {
		found = memblock_find_and_reserve(size, align, start, end,
						  nid, flags);
		if (found)
			return found;
		if (numa_valid_node(nid) && !exact_nid) {
			found = memblock_find_and_reserve(size, align, start,
							  end, NUMA_NO_NODE,
							  flags);
			if (found)
				return found;
		}
		if (!(flags & MEMBLOCK_MIRROR))
			return 0;
		flags &= ~MEMBLOCK_MIRROR;
		pr_warn_ratelimited("Could not allocate %pap bytes of mirrored memory\n",
				    &size);
	}
}

/**
 * memblock_phys_alloc_range - allocate a range between two addresses
 * @size: bytes to allocate
 * @align: alignment of the start
 * @start: lowest acceptable physical address
 * @end: highest acceptable end (or MEMBLOCK_ALLOC_ACCESSIBLE / _ANYWHERE)
 *
 * Context: boot.
 * Return: the physical address of the reserved range, or 0 on failure.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	memblock_dbg("%s: %llu bytes align=0x%llx from=%pa max_addr=%pa %pS\n",
		     __func__, (unsigned long long)size,
		     (unsigned long long)align, &start, &end, (void *)_RET_IP_);
	return memblock_alloc_range_nid(size, align, start, end, NUMA_NO_NODE,
					false);
}

/**
 * memblock_phys_alloc_try_nid - allocate a range, preferably on a node
 * @size: bytes to allocate
 * @align: alignment of the start
 * @nid: preferred node, or NUMA_NO_NODE
 *
 * Allocates below memblock.current_limit, on @nid if it has room, else on
 * any node.
 *
 * Context: boot.
 * Return: the physical address of the reserved range, or 0 on failure.
 */
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align,
					int nid)
{
	return memblock_alloc_range_nid(size, align, 0,
					MEMBLOCK_ALLOC_ACCESSIBLE, nid, false);
}

/*
 * The common part of the virtual allocators: clamp @max_addr to
 * current_limit; if nothing fits at or above @min_addr, try from 0.
 */
static void *memblock_alloc_internal(phys_addr_t size, phys_addr_t align,
				     phys_addr_t min_addr, phys_addr_t max_addr,
				     int nid, bool exact_nid)
{
	phys_addr_t alloc;

	if (max_addr > memblock.current_limit)
		max_addr = memblock.current_limit;

	alloc = memblock_alloc_range_nid(size, align, min_addr, max_addr, nid,
					 exact_nid);
	if (!alloc && min_addr)
		alloc = memblock_alloc_range_nid(size, align, 0, max_addr, nid,
						 exact_nid);
	if (!alloc)
		return NULL;
	return phys_to_virt(alloc);
}

/**
 * memblock_alloc_exact_nid_raw - allocate on exactly one node, not zeroed
 * @size: bytes to allocate
 * @align: alignment of the start
 * @min_addr: preferred lowest physical address (dropped if nothing fits)
 * @max_addr: highest end, or MEMBLOCK_ALLOC_ACCESSIBLE for current_limit
 * @nid: the node (NUMA_NO_NODE: any)
 *
 * Context: boot.
 * Return: the virtual address of the range, or NULL on failure.
 */
void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align,
				   phys_addr_t min_addr, phys_addr_t max_addr,
				   int nid)
{
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=%pa max_addr=%pa %pS\n",
		     __func__, (unsigned long long)size,
		     (unsigned long long)align, nid, &min_addr, &max_addr,
		     (void *)_RET_IP_);
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid,
				       true);
}

/**
 * memblock_alloc_try_nid_raw - allocate, preferably on a node, not zeroed
 * @size: bytes to allocate
 * @align: alignment of the start
 * @min_addr: preferred lowest physical address (dropped if nothing fits)
 * @max_addr: highest end, or MEMBLOCK_ALLOC_ACCESSIBLE for current_limit
 * @nid: preferred node, or NUMA_NO_NODE
 *
 * Context: boot.
 * Return: the virtual address of the range, or NULL on failure (it does
 * not panic).
 */
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid)
{
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=%pa max_addr=%pa %pS\n",
		     __func__, (unsigned long long)size,
		     (unsigned long long)align, nid, &min_addr, &max_addr,
		     (void *)_RET_IP_);
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid,
				       false);
}

/**
 * memblock_alloc_try_nid - allocate zeroed memory, preferably on a node
 * @size: bytes to allocate
 * @align: alignment of the start
 * @min_addr: preferred lowest physical address (dropped if nothing fits)
 * @max_addr: highest end, or MEMBLOCK_ALLOC_ACCESSIBLE for current_limit
 * @nid: preferred node, or NUMA_NO_NODE
 *
 * Context: boot.
 * Return: the virtual address of the zeroed range, or NULL on failure.
 */
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid)
{
	void *ptr;

	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=%pa max_addr=%pa %pS\n",
		     __func__, (unsigned long long)size,
		     (unsigned long long)align, nid, &min_addr, &max_addr,
		     (void *)_RET_IP_);
	ptr = memblock_alloc_internal(size, align, min_addr, max_addr, nid,
				      false);
	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

/* ---- sizes, limits and queries ------------------------------------------- */

/**
 * memblock_phys_mem_size - how much memory memblock knows of
 *
 * Context: boot.
 * Return: the total size of memblock.memory in bytes.
 */
phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

/**
 * memblock_reserved_size - how much is reserved
 *
 * Context: boot.
 * Return: the total size of memblock.reserved in bytes.
 */
phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

/**
 * memblock_estimated_nr_free_pages - free pages, as memblock sees them
 *
 * A rough count for code that runs before the buddy allocator can say:
 * memory minus reserved, in pages (reserved ranges outside memory make it
 * an underestimate).
 *
 * Context: boot.
 * Return: the estimated number of free pages.
 */
unsigned long memblock_estimated_nr_free_pages(void)
{
	return PHYS_PFN(memblock_phys_mem_size() - memblock_reserved_size());
}

/**
 * memblock_start_of_DRAM - the lowest address of memory
 *
 * Context: boot.
 * Return: the base of the first memory region (0 if there is none).
 */
phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.regions[0].base;
}

/**
 * memblock_end_of_DRAM - the end of the highest memory region
 *
 * Context: boot.
 * Return: the (exclusive) end of the last memory region, 0 if there is none.
 */
phys_addr_t memblock_end_of_DRAM(void)
{
	unsigned long cnt = memblock.memory.cnt;

	if (!cnt)
		return 0;
	return memblock_region_end(&memblock.memory.regions[cnt - 1]);
}

/*
 * The address below which memory adds up to @limit bytes, or PHYS_ADDR_MAX
 * if all memory together is not that much.
 */
static phys_addr_t memblock_find_max_addr(phys_addr_t limit)
{
	struct memblock_region *r;

	for_each_mem_region(r) {
		if (limit <= r->size)
			return r->base + limit;
		limit -= r->size;
	}
	return PHYS_ADDR_MAX;
}

/**
 * memblock_enforce_memory_limit - keep only the first bytes of memory (mem=)
 * @limit: how many bytes of memory to keep (0: no limit)
 *
 * Removes memory and reservations above the address where memory adds up
 * to @limit.
 *
 * Context: boot.
 */
void memblock_enforce_memory_limit(phys_addr_t limit)
{
	phys_addr_t max_addr;

	if (!limit)
		return;

	max_addr = memblock_find_max_addr(limit);
	if (max_addr == PHYS_ADDR_MAX)
		return;

	memblock_remove_range(&memblock.memory, max_addr, PHYS_ADDR_MAX);
	memblock_remove_range(&memblock.reserved, max_addr, PHYS_ADDR_MAX);
}

/**
 * memblock_cap_memory_range - keep only the memory inside one range
 * @base: physical start of the range to keep
 * @size: its size in bytes (0: do nothing)
 *
 * Removes all memory outside [@base, @base + @size) except NOMAP regions,
 * and all reservations outside it.
 *
 * Context: boot.
 */
void memblock_cap_memory_range(phys_addr_t base, phys_addr_t size)
{
	struct memblock_type *mem = &memblock.memory;
	int start_rgn, end_rgn, i;

	if (!size)
		return;

	if (!mem->total_size) {
		pr_warn("%s: No memory registered yet\n", __func__);
		return;
	}

	if (memblock_isolate_range(mem, base, size, &start_rgn, &end_rgn))
		return;

	for (i = (int)mem->cnt - 1; i >= end_rgn; i--)
		if (!memblock_is_nomap(&mem->regions[i]))
			memblock_remove_region(mem, i);
	for (i = start_rgn - 1; i >= 0; i--)
		if (!memblock_is_nomap(&mem->regions[i]))
			memblock_remove_region(mem, i);

	memblock_remove_range(&memblock.reserved, 0, base);
	memblock_remove_range(&memblock.reserved, base + size, PHYS_ADDR_MAX);
}

/**
 * memblock_mem_limit_remove_map - keep only the first bytes of memory,
 * sparing NOMAP regions
 * @limit: how many bytes of memory to keep (0: no limit)
 *
 * As memblock_enforce_memory_limit(), through memblock_cap_memory_range().
 *
 * Context: boot.
 */
void memblock_mem_limit_remove_map(phys_addr_t limit)
{
	phys_addr_t max_addr;

	if (!limit)
		return;

	max_addr = memblock_find_max_addr(limit);
	if (max_addr == PHYS_ADDR_MAX)
		return;

	memblock_cap_memory_range(0, max_addr);
}

/* Index of the region of @type holding @addr, or -1 (binary search). */
static int memblock_search(struct memblock_type *type, phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr >= memblock_region_end(r))
			lo = mid + 1;
		else
			return (int)mid;
	}
	return -1;
}

/**
 * memblock_is_reserved - is an address reserved?
 * @addr: physical address
 *
 * Context: boot.
 * Return: true if a reserved region holds @addr.
 */
bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) != -1;
}

/**
 * memblock_is_memory - is an address memory?
 * @addr: physical address
 *
 * Context: boot.
 * Return: true if a memory region holds @addr.
 */
bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) != -1;
}

/**
 * memblock_is_map_memory - is an address memory in the direct map?
 * @addr: physical address
 *
 * Context: boot.
 * Return: true if a memory region without MEMBLOCK_NOMAP holds @addr.
 */
bool memblock_is_map_memory(phys_addr_t addr)
{
	int i = memblock_search(&memblock.memory, addr);

	if (i == -1)
		return false;
	return !memblock_is_nomap(&memblock.memory.regions[i]);
}

/**
 * memblock_search_pfn_nid - the node and memory region of a page frame
 * @pfn: the page frame number
 * @start_pfn: set to the first pfn of the region holding it
 * @end_pfn: set to the pfn after the region's last whole page
 *
 * Context: boot.
 * Return: the region's node, or NUMA_NO_NODE if @pfn is not memory.
 */
int memblock_search_pfn_nid(unsigned long pfn, unsigned long *start_pfn,
			    unsigned long *end_pfn)
{
	struct memblock_type *type = &memblock.memory;
	int mid = memblock_search(type, PFN_PHYS(pfn));

	if (mid == -1)
		return NUMA_NO_NODE;

	*start_pfn = PFN_DOWN(type->regions[mid].base);
	*end_pfn = PFN_DOWN(memblock_region_end(&type->regions[mid]));
	return memblock_get_region_node(&type->regions[mid]);
}

/**
 * memblock_is_region_memory - is a range inside one memory region?
 * @base: physical start of the range
 * @size: its size in bytes
 *
 * Context: boot.
 * Return: true if the region holding @base also holds the whole range.
 */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	int idx = memblock_search(&memblock.memory, base);
	phys_addr_t end = base + memblock_cap_size(base, &size);

	if (idx == -1)
		return false;
	return memblock_region_end(&memblock.memory.regions[idx]) >= end;
}

/**
 * memblock_is_region_reserved - does a range touch reserved memory?
 * @base: physical start of the range
 * @size: its size in bytes
 *
 * Context: boot.
 * Return: true if some reserved region shares a byte with the range.
 */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return memblock_overlaps_region(&memblock.reserved, base, size);
}

/**
 * memblock_trim_memory - cut memory regions to an alignment
 * @align: the alignment (a power of two)
 *
 * Rounds each memory region's start up and end down to @align, removing
 * regions left with nothing. Neighbours are not re-merged (trimming only
 * opens gaps).
 *
 * Context: boot.
 */
void memblock_trim_memory(phys_addr_t align)
{
	struct memblock_type *mem = &memblock.memory;
	phys_addr_t start, end;
	unsigned long i = 0;

	while (i < mem->cnt) {
		struct memblock_region *r = &mem->regions[i];

		start = round_up(r->base, align);
		end = round_down(memblock_region_end(r), align);
		if (start < end) {
			/* Linux leaves total_size stale here; kmm keeps it true. */
			mem->total_size -= r->size - (end - start);
			r->base = start;
			r->size = end - start;
			i++;
		} else {
			memblock_remove_region(mem, i);
		}
	}
}

/**
 * memblock_set_current_limit - set the ceiling of "accessible" allocations
 * @limit: physical address; MEMBLOCK_ALLOC_ANYWHERE for none
 *
 * Context: boot.
 */
void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/**
 * memblock_get_current_limit - the ceiling of "accessible" allocations
 *
 * Context: boot.
 * Return: memblock.current_limit.
 */
phys_addr_t memblock_get_current_limit(void)
{
	return memblock.current_limit;
}

/**
 * memblock_allow_resize - let full region arrays double from now on
 *
 * Call once everything that must not be overwritten is reserved: the
 * doubled arrays are allocated from memblock memory.
 *
 * Context: boot.
 */
void memblock_allow_resize(void)
{
	memblock_can_resize = true;
}

/* ---- dumping ---------------------------------------------------------------- */

static void memblock_dump(struct memblock_type *type)
{
	phys_addr_t base, end, size;
	char nid_buf[32];
	unsigned long idx;

	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);

	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		int nid = memblock_get_region_node(rgn);

		base = rgn->base;
		size = rgn->size;
		end = base + size - 1;
		nid_buf[0] = '\0';
		if (numa_valid_node(nid))
			snprintf(nid_buf, sizeof(nid_buf), " on node %d", nid);
		pr_info(" %s[%#x]\t[%pa-%pa], %pa bytes%s flags: %#x\n",
			type->name, (unsigned int)idx, &base, &end, &size,
			nid_buf, rgn->flags);
	}
}

/**
 * __memblock_dump_all - print memblock's tables to the log
 *
 * Prints "MEMBLOCK configuration:", the sizes, then every region of
 * memory, reserved and (when it has any) physmem, in the kernel's format.
 *
 * Context: boot.
 */
void __memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = %pa reserved size = %pa\n",
		&memblock.memory.total_size, &memblock.reserved.total_size);

	memblock_dump(&memblock.memory);
	memblock_dump(&memblock.reserved);
	if (physmem.cnt)
		memblock_dump(&physmem);
}

/**
 * memblock_dump_all - print memblock's tables if memblock=debug is set
 *
 * Context: boot.
 */
void memblock_dump_all(void)
{
	if (memblock_debug)
		__memblock_dump_all();
}

/* memblock=debug: log every memblock operation. */
static int early_memblock(char *p)
{
	if (p && strstr(p, "debug"))
		memblock_debug = 1;
	return 0;
}
early_param("memblock", early_memblock);

/* ---- reserve_mem= ------------------------------------------------------------ */

/*
 * reserve_mem=size:align:name allocates a named range at boot that later
 * code (a tracer keeping its buffer across kexec, say) finds again by
 * name. The kernel's limits: 8 entries, names of at most 15 characters.
 */
#define RESERVE_MEM_MAX_ENTRIES		8
#define RESERVE_MEM_NAME_SIZE		16

struct reserve_mem_table {
	char name[RESERVE_MEM_NAME_SIZE];
	phys_addr_t start;
	phys_addr_t size;
};
static struct reserve_mem_table reserved_mem_table[RESERVE_MEM_MAX_ENTRIES];
static int reserved_mem_count;

/**
 * reserve_mem_find_by_name - look up a range named by reserve_mem=
 * @name: the name given on the command line
 * @start: set to the range's physical start, if found
 * @size: set to its size, if found
 *
 * Context: any, after boot parameters were parsed.
 * Return: 1 if found, 0 if not (@start and @size untouched).
 */
int reserve_mem_find_by_name(const char *name, phys_addr_t *start,
			     phys_addr_t *size)
{
	int i;

	for (i = 0; i < reserved_mem_count; i++) {
		struct reserve_mem_table *map = &reserved_mem_table[i];

		if (map->size && !strcmp(name, map->name)) {
			*start = map->start;
			*size = map->size;
			return 1;
		}
	}
	return 0;
}

/* A usable name: 1..15 characters, not all of them blanks. */
static bool reserve_mem_name_ok(const char *name)
{
	size_t len = strlen(name);
	const char *c;

	if (!len || len >= RESERVE_MEM_NAME_SIZE)
		return false;
	for (c = name; *c; c++)
		if (!isspace(*c))
			return true;
	return false;
}

/* reserve_mem=size:align:name; Return: 1 when done, -errno when refused. */
static int reserve_mem(char *p)
{
	phys_addr_t start, size, align, tmp;
	struct reserve_mem_table *map;
	char *name, *oldp = p;

	if (!p)
		return -EINVAL;
	if (reserved_mem_count >= RESERVE_MEM_MAX_ENTRIES)
		return -EBUSY;

	size = memparse(p, &p);
	if (!size || p == oldp || *p != ':')
		return -EINVAL;
	align = memparse(p + 1, &p);
	if (*p != ':')
		return -EINVAL;
	/* Unlike memblock_phys_alloc(), the parameter accepts align 0. */
	if (align < SMP_CACHE_BYTES)
		align = SMP_CACHE_BYTES;

	name = p + 1;
	if (!reserve_mem_name_ok(name))
		return -EINVAL;
	if (reserve_mem_find_by_name(name, &start, &tmp))
		return -EBUSY;

	start = memblock_phys_alloc(size, align);
	if (!start)
		return -ENOMEM;

	map = &reserved_mem_table[reserved_mem_count++];
	map->start = start;
	map->size = size;
	memcpy(map->name, name, strlen(name) + 1);
	return 1;
}
__setup("reserve_mem=", reserve_mem);

/* ---- kmm additions ------------------------------------------------------------ */

static void memblock_type_reset(struct memblock_type *type,
				struct memblock_region *array,
				unsigned long max, char *name)
{
	memset(array, 0, max * sizeof(*array));
	type->cnt = 0;
	type->max = max;
	type->total_size = 0;
	type->regions = array;
	type->name = name;
}

/**
 * memblock_reset - return memblock to its initial, empty state
 *
 * Empties memory, reserved and physmem and points them back at their
 * static arrays (doubled arrays are simply forgotten: they lived in
 * memblock memory), and clears bottom_up, current_limit, memblock_debug,
 * resizing, mirror state, movable_node and the reserve_mem= table.
 *
 * Context: boot; no memblock call may be in progress.
 */
void memblock_reset(void)
{
	memblock_type_reset(&memblock.memory, memblock_memory_init_regions,
			    INIT_MEMBLOCK_REGIONS, "memory");
	memblock_type_reset(&memblock.reserved, memblock_reserved_init_regions,
			    INIT_MEMBLOCK_RESERVED_REGIONS, "reserved");
	memblock_type_reset(&physmem, memblock_physmem_init_regions,
			    INIT_PHYSMEM_REGIONS, "physmem");
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_debug = 0;
	memblock_can_resize = false;
	system_has_some_mirror = false;
	movable_node_enabled = false;
	memset(reserved_mem_table, 0, sizeof(reserved_mem_table));
	reserved_mem_count = 0;
}

/* Check region @i of @type alone and against its predecessor. */
static bool memblock_region_is_valid(struct memblock_type *type,
				     unsigned long i)
{
	struct memblock_region *r = &type->regions[i], *prev = r - 1;

	if (!r->size) {
		pr_err("memblock: %s[%#lx] is empty\n", type->name, i);
		return false;
	}
	if (r->size > PHYS_ADDR_MAX - r->base) {
		pr_err("memblock: %s[%#lx] [%pa+%pa] wraps around\n",
		       type->name, i, &r->base, &r->size);
		return false;
	}
	if (!i)
		return true;
	if (memblock_region_end(prev) > r->base) {
		pr_err("memblock: %s[%#lx] at %pa overlaps or precedes %s[%#lx]\n",
		       type->name, i, &r->base, type->name, i - 1);
		return false;
	}
	/* Section 3: cap_memory_range may leave NOMAP pieces unmerged. */
	if (memblock_regions_mergeable(prev, r) && !memblock_is_nomap(r)) {
		pr_err("memblock: %s[%#lx] and %s[%#lx] should have been merged\n",
		       type->name, i - 1, type->name, i);
		return false;
	}
	return true;
}

static bool memblock_type_is_valid(struct memblock_type *type)
{
	phys_addr_t sum = 0;
	unsigned long i;

	if (type->cnt > type->max) {
		pr_err("memblock: %s.cnt %lu exceeds max %lu\n",
		       type->name, type->cnt, type->max);
		return false;
	}
	for (i = 0; i < type->cnt; i++) {
		if (!memblock_region_is_valid(type, i))
			return false;
		sum += type->regions[i].size;
	}
	if (sum != type->total_size) {
		pr_err("memblock: %s.total_size %pa but regions add up to %pa\n",
		       type->name, &type->total_size, &sum);
		return false;
	}
	return true;
}

/**
 * memblock_is_valid - check memblock's invariants
 *
 * Checks memory, reserved and physmem: regions sorted and disjoint, none
 * empty or wrapping, no mergeable neighbours left apart (NOMAP ones
 * excepted, see section 3 of the design notes), cnt within max,
 * total_size equal to the sum of the sizes. Prints (pr_err) the first
 * problem found in each type.
 *
 * Context: boot.
 * Return: true if every invariant holds.
 */
bool memblock_is_valid(void)
{
	bool ok = true;

	ok &= memblock_type_is_valid(&memblock.memory);
	ok &= memblock_type_is_valid(&memblock.reserved);
	ok &= memblock_type_is_valid(&physmem);
	return ok;
}

/*
 * Handing free memory to the buddy allocator (memblock_free_all).
 *
 * Every range of memblock.memory not in memblock.reserved is freed in the
 * largest blocks its alignment allows, up to MAX_PAGE_ORDER; the struct
 * pages of reserved ranges become PG_reserved first. As Linux's deferred
 * struct page init does with its per-node threads, the work is shared
 * among host threads: physical memory is cut into windows of
 * HANDOVER_WINDOW_PAGES (a multiple of MAX_ORDER_NR_PAGES, so the blocks
 * are the same as a serial walk would free) and each thread takes the
 * next window until none is left. Threads only read memblock; the free
 * lists are changed under each zone's lock.
 */
#define HANDOVER_WINDOW_PAGES	(PAGES_PER_SECTION * 2)	/* 256 MiB */
#define HANDOVER_MAX_THREADS	8

/* Free [start, end) (pfns) in naturally aligned blocks. */
static void __free_pages_memory(unsigned long start, unsigned long end)
{
	while (start < end) {
		int order = start ? min_t(int, MAX_PAGE_ORDER, __builtin_ctzl(start))
				  : MAX_PAGE_ORDER;

		while (start + (1UL << order) > end)
			order--;
		memblock_free_pages(pfn_to_page(start), start, order);
		start += 1UL << order;
	}
}

static unsigned long __free_memory_core(phys_addr_t start, phys_addr_t end)
{
	unsigned long start_pfn = PFN_UP(start);
	unsigned long end_pfn = min_t(unsigned long, PFN_DOWN(end), max_low_pfn);

	if (start_pfn >= end_pfn)
		return 0;
	__free_pages_memory(start_pfn, end_pfn);
	return end_pfn - start_pfn;
}

/* Give every reserved region its node (serial: it changes memblock). */
static void memmap_set_reserved_nodes(void)
{
	struct memblock_region *region;
	unsigned long max_reserved;

repeat:
	max_reserved = memblock.reserved.max;
	for_each_mem_region(region)
		memblock_set_node(region->base, region->size, &memblock.reserved,
				  memblock_get_region_node(region));
	if (max_reserved != memblock.reserved.max)
		goto repeat;
}

/* PG_reserved struct pages for NOMAP memory and reserved regions in [lo, hi). */
static void memmap_init_reserved_window(phys_addr_t lo, phys_addr_t hi)
{
	struct memblock_region *region;

	for_each_mem_region(region) {
		phys_addr_t s = max(region->base, lo);
		phys_addr_t e = min(region->base + region->size, hi);

		if (memblock_is_nomap(region) && s < e)
			reserve_bootmem_region(s, e, memblock_get_region_node(region));
	}
	for_each_reserved_mem_region(region) {
		phys_addr_t s = max(region->base, lo);
		phys_addr_t e = min(region->base + region->size, hi);
		int nid = memblock_get_region_node(region);

		if (memblock_is_reserved_noinit(region) || s >= e)
			continue;
		if (!numa_valid_node(nid))
			nid = early_pfn_to_nid(PFN_DOWN(region->base));
		reserve_bootmem_region(s, e, nid);
	}
}

/* Reserve, then free, the memory of one window; Return: pages freed. */
static unsigned long handover_window(unsigned long window)
{
	phys_addr_t lo = PFN_PHYS(window * HANDOVER_WINDOW_PAGES);
	phys_addr_t hi = lo + PFN_PHYS(HANDOVER_WINDOW_PAGES);
	unsigned long count = 0;
	phys_addr_t start, end;
	u64 i;

	memmap_init_reserved_window(lo, hi);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		if (end <= lo || start >= hi)
			continue;
		count += __free_memory_core(max(start, lo), min(end, hi));
	}
	return count;
}

struct handover {
	unsigned long nr_windows;
	unsigned long next_window;	/* atomic */
	unsigned long freed;		/* atomic */
};

static void handover_worker(void *arg)
{
	struct handover *h = arg;
	unsigned long freed = 0, w;

	while ((w = __atomic_fetch_add(&h->next_window, 1, __ATOMIC_RELAXED)) < h->nr_windows)
		freed += handover_window(w);
	__atomic_fetch_add(&h->freed, freed, __ATOMIC_RELAXED);
}

static unsigned long free_low_memory_core_early(void)
{
	struct handover h = { .nr_windows = DIV_ROUND_UP(max_pfn, HANDOVER_WINDOW_PAGES) };
	int threads = min_t(int, host_nr_cpus(), HANDOVER_MAX_THREADS);

	memblock_clear_hotplug(0, -1);
	memmap_set_reserved_nodes();
	threads = min_t(int, threads, (int)h.nr_windows);
	host_run_parallel(handover_worker, &h, threads > 0 ? threads : 1);
	return h.freed;
}

/**
 * memblock_free_all - release free pages to the buddy allocator
 *
 * Marks the struct pages of reserved memory PG_reserved, then frees every
 * free range in maximal aligned blocks, on several host threads; the
 * zones' managed_pages and totalram_pages() count what was freed.
 *
 * Context: boot, once, from mm_core_init().
 */
void memblock_free_all(void)
{
	reset_all_zones_managed_pages();
	totalram_pages_add((long)free_low_memory_core_early());
}
