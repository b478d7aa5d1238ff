// SPDX-License-Identifier: MIT
/*
 * src/mm/memblock.c - the early boot memory allocator, as Linux 6.12's:
 * the region arrays and their editing.
 *
 * 1. Overview. Before struct pages and the buddy allocator exist, boot
 *    code needs a way to say which physical memory the machine has and to
 *    carve allocations out of it. memblock does both with nothing but
 *    small arrays of ranges. Firmware code (e820) memblock_add()s the RAM
 *    it finds, memblock_reserve()s what is already in use (the kernel
 *    image, firmware tables), and every early allocation finds a range in
 *    "memory" that no "reserved" range covers, then reserves it. Later
 *    the buddy allocator takes over every page that is memory and not
 *    reserved. This file holds the arrays and everything that edits or
 *    queries them; section 8 says where the rest of memblock lives.
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
 * 3. Invariants, checked by memblock_is_valid() (memblock_debug.c):
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
 *    kernel's panic("memblock: cannot resize %s array"). The space is
 *    found with memblock_find_in_range() from memblock_alloc.c.
 *
 * 6. Locking: none. memblock runs during boot, which is single-threaded
 *    in Linux and in kmm (kmm_boot() runs on one thread; standalone users
 *    must not call memblock from two threads at once). The same holds for
 *    every memblock file.
 *
 * 7. How kmm differs from Linux 6.12 here.
 *    - No slab: resizing always takes memblock memory, never kmalloc(), and
 *      the slab_is_available() checks are absent (slab never runs before
 *      memblock is done in kmm). No kmemleak calls.
 *    - physmem exists on every machine (Linux: CONFIG_HAVE_MEMBLOCK_PHYS_MAP
 *      only, which x86 lacks).
 *    - Doubling physmem never frees its static array (Linux would hand a
 *      never-reserved static array to memblock_free()).
 *    - memblock_end_of_DRAM() of an empty memory type is 0 (Linux reads
 *      regions[-1]).
 *    - memblock_free_all() (the last section of this file) hands every
 *      free range to the buddy allocator in the largest naturally aligned
 *      blocks, as 6.12; struct pages are initialised lazily there (see
 *      mm_init.c). memblock_free_late() and memblock_discard() are not
 *      here yet; after the handover memblock allocations still work but
 *      hand out memory the buddy allocator believes free, so only tests
 *      that inspect placement should make them.
 *
 * 8. Where the rest lives. Linux keeps memblock in one file; kmm splits it
 *    by concept, each file with its own design notes:
 *    - memblock_alloc.c: finding free ranges, the memblock_alloc*() and
 *      memblock_phys_alloc*() family, and reserve_mem=;
 *    - memblock_iter.c: the steps of the range iterators
 *      (__next_mem_range() and its kin);
 *    - memblock_debug.c: memblock=debug, the dumps, memblock_is_valid()
 *      and memblock_reset();
 *    - memblock_internal.h: the few helpers these files share.
 */
#include <kmm/bug.h>
#include <kmm/errno.h>
#include <kmm/minmax.h>
#include <kmm/page.h>
#include <kmm/printk.h>
#include <kmm/mm.h>
#include <kmm/mm_init.h>
#include "../lib/string.h"
#include "memblock_internal.h"
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

static bool memblock_can_resize;
static bool system_has_some_mirror;

/* ---- small helpers ---------------------------------------------------- */

/* Shrink *@size so that @base + *@size does not wrap; return the new size. */
static inline phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	*size = min(*size, PHYS_ADDR_MAX - base);
	return *size;
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

/* ---- reset ------------------------------------------------------------ */

/* Empty @type and point it back at its static @array of @max entries. */
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

/*
 * The part of memblock_reset() (memblock_debug.c) that this file owns:
 * the three types, bottom_up, current_limit, resizing and mirror state.
 */
void memblock_regions_reset(void)
{
	memblock_type_reset(&memblock.memory, memblock_memory_init_regions,
			    INIT_MEMBLOCK_REGIONS, "memory");
	memblock_type_reset(&memblock.reserved, memblock_reserved_init_regions,
			    INIT_MEMBLOCK_RESERVED_REGIONS, "reserved");
	memblock_type_reset(&physmem, memblock_physmem_init_regions,
			    INIT_PHYSMEM_REGIONS, "physmem");
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_can_resize = false;
	system_has_some_mirror = false;
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
