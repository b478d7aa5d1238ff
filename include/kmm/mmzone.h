/* SPDX-License-Identifier: MIT */
/*
 * kmm/mmzone.h - zones and nodes, as linux/mmzone.h.
 *
 * This header grows with the buddy allocator; at the foundation stage it
 * holds the zone numbering and the per-node extents that boot computes
 * from memblock (node_start_pfn, spanned and present pages).
 */
#ifndef KMM_MMZONE_H
#define KMM_MMZONE_H

#include <kmm/types.h>
#include <kmm/numa.h>

/* The zones of x86-64 (CONFIG_ZONE_DMA, CONFIG_ZONE_DMA32, no HIGHMEM). */
enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	MAX_NR_ZONES
};

extern const char *const zone_names[MAX_NR_ZONES];

/* MAX_ORDER of the seeds: orders 0..10 (Linux 6.12 calls 10 MAX_PAGE_ORDER). */
#define MAX_ORDER		11
#define MAX_PAGE_ORDER		(MAX_ORDER - 1)
#define MAX_ORDER_NR_PAGES	(1UL << MAX_PAGE_ORDER)
#define pageblock_order		9
#define pageblock_nr_pages	(1UL << pageblock_order)

/* migratetypes (gfp.h, page_alloc.c) */
/*
 * Which free lists a page sits on, by how it can be got back: pages that
 * can neither move nor be freed on demand, pages that can migrate, pages
 * that a shrinker can free. The first three are also the per-CPU list
 * types, and gfp_migratetype() computes them straight from the GFP bits
 * (MOVABLE is 1, RECLAIMABLE 2). HIGHATOMIC pageblocks are a reserve for
 * high-order atomic allocations. ISOLATE (CONFIG_MEMORY_ISOLATION, on in
 * Debian) marks pageblocks taken off the allocator.
 *
 * Linux 6.12 with CONFIG_CMA puts MIGRATE_CMA between HIGHATOMIC and
 * ISOLATE (so ISOLATE becomes 5 and MIGRATE_TYPES 6). Debian's x86-64
 * kernel has CMA off, and so has kmm until cma.c exists: add it there.
 */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* how many types the per-CPU lists have */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,	/* nothing is allocated from these */
	MIGRATE_TYPES
};

/*
 * Set when memory is too small for grouping by mobility to help (Linux
 * decides in build_all_zonelists()); then every allocation is UNMOVABLE.
 * Linux defines it in page_alloc.c; kmm in mm_init.c until page_alloc.c
 * exists.
 */
extern int page_group_by_mobility_disabled;

struct zone_extent {
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
};

/* The part of Linux's pglist_data that boot fills in. */
typedef struct pglist_data {
	int node_id;
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	unsigned long node_present_pages;
	struct zone_extent node_zones[MAX_NR_ZONES];
} pg_data_t;

/* Each node's pglist_data lives in its own node's memory (from memblock). */
extern pg_data_t *node_data[MAX_NUMNODES];
#define NODE_DATA(nid)	(node_data[nid])

/* The nodes that exist (numa=fake=N or the configured count). */
extern int nr_online_nodes;
#define for_each_online_node(nid) for ((nid) = 0; (nid) < nr_online_nodes; (nid)++)

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

#endif /* KMM_MMZONE_H */
