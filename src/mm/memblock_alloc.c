// SPDX-License-Identifier: MIT
/*
 * src/mm/memblock_alloc.c - memblock's allocator: finding free ranges,
 * the memblock_alloc*() and memblock_phys_alloc*() family, reserve_mem=.
 *
 * 1. What it holds. Everything that turns "memory that is not reserved"
 *    into an allocation: memblock_find_in_range_node() finds a fit,
 *    memblock_alloc_range_nid() reserves it with the kernel's fallbacks,
 *    and the physical and virtual wrappers hand it out. reserve_mem= is
 *    here because it is an allocation with a name. The region arrays it
 *    reads and reserves into belong to memblock.c; this file changes them
 *    only through memblock_reserve().
 *
 * 2. Finding. memblock_find_in_range_node() walks the free ranges
 *    (memory minus reserved) top-down by default, bottom-up after
 *    memblock_set_bottom_up(true), clamped to [start, end). It never
 *    returns the first page (start is raised to PAGE_SIZE), because 0 is
 *    the failure value. end == MEMBLOCK_ALLOC_ACCESSIBLE means "below
 *    memblock.current_limit". memblock_find_in_range() is the any-node
 *    form that falls back from mirrored memory; memblock.c uses it to
 *    place doubled arrays.
 *
 * 3. Allocation. memblock_alloc_range_nid() adds the fallbacks: another
 *    node unless exact_nid, then non-mirrored memory when mirrored memory
 *    ran out. memblock_alloc_internal() clamps the limit to current_limit
 *    and drops min_addr if nothing was found above it. The virtual
 *    variants return phys_to_virt() of the range; only
 *    memblock_alloc_try_nid() zeroes it.
 *
 * 4. Invariants relied on. The free-range walk (memblock_iter.c) needs
 *    memory and reserved sorted and disjoint (memblock.c, section 3), so
 *    that it sees each free byte once, in address order, and the first
 *    top-down fit is the highest. A fit is returned only once
 *    memblock_reserve() has taken it; the walk has ended by then, since
 *    reserving may reshape or double the reserved array.
 *
 * 5. reserve_mem=size:align:name is a __setup() parameter (it allocates,
 *    so it runs once memory is known): named ranges for
 *    reserve_mem_find_by_name(). memblock_reset() clears its table through
 *    reserve_mem_reset().
 *
 * 6. How kmm differs from Linux 6.12.
 *    - No slab: memblock_alloc_internal() never falls back to kmalloc()
 *      and has no slab_is_available() check (slab never runs before
 *      memblock is done in kmm).
 *    - No kmemleak and no accept_memory() calls on the found range.
 *    - memblock_find_in_range() is shared with memblock.c through
 *      memblock_internal.h (Linux's is static in its one file).
 */
#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/init.h>
#include <kmm/minmax.h>
#include <kmm/page.h>
#include <kmm/printk.h>
#include "../lib/ctype.h"
#include "../lib/string.h"
#include "memblock_internal.h"

/* Allocations prefer mirrored memory once the machine has some. */
static enum memblock_flags memblock_choose_flags(void)
{
	return memblock_has_mirror() ? MEMBLOCK_MIRROR : MEMBLOCK_NONE;
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

/*
 * As memblock_find_in_range_node() on any node, falling back from mirror.
 * Shared (memblock_internal.h): memblock.c places doubled arrays with it.
 */
phys_addr_t memblock_find_in_range(phys_addr_t start, phys_addr_t end,
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
	memblock_dbg_alloc_nid(size, align, nid, min_addr, max_addr);
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
	memblock_dbg_alloc_nid(size, align, nid, min_addr, max_addr);
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

	memblock_dbg_alloc_nid(size, align, nid, min_addr, max_addr);
	ptr = memblock_alloc_internal(size, align, min_addr, max_addr, nid,
				      false);
	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

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

/* Shared (memblock_internal.h): memblock_reset()'s part for this file. */
void reserve_mem_reset(void)
{
	memset(reserved_mem_table, 0, sizeof(reserved_mem_table));
	reserved_mem_count = 0;
}
