/* SPDX-License-Identifier: MIT */
/*
 * src/mm/memblock_internal.h - internal: what the memblock files share.
 *
 * memblock.c owns the region arrays; memblock_alloc.c, memblock_iter.c and
 * memblock_debug.c reach them through <kmm/memblock.h> and the few helpers
 * below. Nothing here is for code outside src/mm/memblock*.c.
 */
#ifndef KMM_MM_MEMBLOCK_INTERNAL_H
#define KMM_MM_MEMBLOCK_INTERNAL_H

#include <kmm/memblock.h>
#include <kmm/printk.h>

/* Log an operation under memblock=debug (memblock_debug.c parses it). */
#define memblock_dbg(fmt, ...)						\
	do {								\
		if (memblock_debug)					\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)

/* The line every memblock_alloc*_nid* function logs, naming itself and its
 * caller (a macro so that __func__ and _RET_IP_ are the caller's). */
#define memblock_dbg_alloc_nid(size, align, nid, min_addr, max_addr)		\
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=%pa max_addr=%pa %pS\n", \
		     __func__, (unsigned long long)(size),			\
		     (unsigned long long)(align), (nid), &(min_addr), &(max_addr), \
		     (void *)_RET_IP_)

/* The exclusive end of region @r. */
static inline phys_addr_t memblock_region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/* Two regions may become one: they touch and agree on node and flags. */
static inline bool memblock_regions_mergeable(const struct memblock_region *a,
					      const struct memblock_region *b)
{
	return memblock_region_end(a) == b->base &&
	       memblock_get_region_node(a) == memblock_get_region_node(b) &&
	       a->flags == b->flags;
}

/* memblock.c: reset the types, bottom_up, limit, resizing and mirror state. */
void memblock_regions_reset(void);

/* memblock_alloc.c: a fit in [start, end), any node, mirror first; 0: none. */
phys_addr_t memblock_find_in_range(phys_addr_t start, phys_addr_t end,
				   phys_addr_t size, phys_addr_t align);

/* memblock_alloc.c: forget every range reserve_mem= allocated. */
void reserve_mem_reset(void);

#endif
