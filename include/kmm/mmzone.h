/* SPDX-License-Identifier: MIT */
/*
 * kmm/mmzone.h - zones, nodes, free areas, per-CPU page lists and memory
 * sections, as linux/mmzone.h defines them (field names are Linux 6.12's).
 *
 * 1. A node (pg_data_t) owns up to four zones: DMA (< 16 MiB), DMA32
 *    (< 4 GiB), Normal, and Movable (kernelcore=/movablecore=). Each zone
 *    is a buddy allocator of its own: free_area[order].free_list[type]
 *    hold the head pages of free blocks of 2^order pages, by migratetype.
 *    zone->lock guards the free areas; each CPU has a per_cpu_pages cache
 *    of small blocks in front of it, guarded by its own lock.
 *
 * 2. Memory is described in sections of 128 MiB (SPARSEMEM). A section is
 *    present if memblock has memory in it; present sections have a memmap
 *    (their struct pages, in the vmemmap) and a usage map holding 4 bits
 *    per pageblock (the migratetype and the compaction skip bit).
 *
 * 3. Zonelists say where an allocation may fall back: node_zonelists
 *    [ZONELIST_FALLBACK] of a node lists its own zones from the highest
 *    down, then those of the other nodes by distance; [ZONELIST_NOFALLBACK]
 *    only its own (for __GFP_THISNODE).
 */
#ifndef KMM_MMZONE_H
#define KMM_MMZONE_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/atomic.h>
#include <kmm/list.h>
#include <kmm/numa.h>
#include <kmm/nodemask.h>
#include <kmm/page.h>
#include <kmm/spinlock.h>
#include <kmm/wait.h>

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
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES	(1UL << MAX_PAGE_ORDER)
#define IS_MAX_ORDER_ALIGNED(pfn) IS_ALIGNED(pfn, MAX_ORDER_NR_PAGES)
/* Orders above this are "costly": reclaim gives up on them sooner. */
#define PAGE_ALLOC_COSTLY_ORDER	3
#define pageblock_order		9
#define pageblock_nr_pages	(1UL << pageblock_order)
#define pageblock_align(pfn)	ALIGN((pfn), pageblock_nr_pages)
#define pageblock_aligned(pfn)	IS_ALIGNED((pfn), pageblock_nr_pages)
#define pageblock_start_pfn(pfn) ALIGN_DOWN((pfn), pageblock_nr_pages)
#define pageblock_end_pfn(pfn)	ALIGN((pfn) + 1, pageblock_nr_pages)

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
 */
extern int page_group_by_mobility_disabled;
extern const char *const migratetype_names[MIGRATE_TYPES];

static inline bool is_migrate_movable(int mt) { return mt == MIGRATE_MOVABLE; }
static inline bool is_migrate_isolate(int mt) { return mt == MIGRATE_ISOLATE; }
static inline bool is_migrate_highatomic(int mt) { return mt == MIGRATE_HIGHATOMIC; }
/* Blocks of these types may merge with each other (not ISOLATE, not CMA). */
static inline bool migratetype_is_mergeable(int mt) { return mt < MIGRATE_PCPTYPES; }

#define for_each_migratetype_order(order, type)			\
	for (order = 0; order < NR_PAGE_ORDERS; order++)		\
		for (type = 0; type < MIGRATE_TYPES; type++)

/* Pageblock flags (pageblock-flags.h): 3 bits of type, 1 skip bit. */
enum pageblock_bits {
	PB_migrate,
	PB_migrate_end = PB_migrate + 3 - 1,
	PB_migrate_skip,
	NR_PAGEBLOCK_BITS
};
#define MIGRATETYPE_MASK	((1UL << 3) - 1)

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;		/* blocks of this order, all types */
};

static inline bool free_area_empty(const struct free_area *area, int migratetype)
{
	return list_empty(&area->free_list[migratetype]);
}

/* Zone counters (vmstat). kmm keeps those its reports print. */
enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ZONE_LRU_BASE,
	NR_ZONE_INACTIVE_ANON = NR_ZONE_LRU_BASE,
	NR_ZONE_ACTIVE_ANON,
	NR_ZONE_INACTIVE_FILE,
	NR_ZONE_ACTIVE_FILE,
	NR_ZONE_UNEVICTABLE,
	NR_ZONE_WRITE_PENDING,
	NR_MLOCK,
	NR_BOUNCE,
	NR_FREE_CMA_PAGES,
	NR_VM_ZONE_STAT_ITEMS
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

/* Per-CPU lists: orders 0..PAGE_ALLOC_COSTLY_ORDER, one list per pcp type. */
#define NR_PCP_LISTS	(MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
/* Scale of batch frees/allocs in a row (CONFIG_PCP_BATCH_SCALE_MAX). */
#define CONFIG_PCP_BATCH_SCALE_MAX	5

/* pcp->flags */
#define PCPF_PREV_FREE_HIGH_ORDER	(1U << 0)
#define PCPF_FREE_HIGH_BATCH		(1U << 1)

struct per_cpu_pages {
	spinlock_t lock;	/* guards everything below */
	int count;		/* pages on the lists */
	int high;		/* drain to the buddy allocator above this */
	int high_min;
	int high_max;
	int batch;		/* pages moved at once to or from the zone */
	u8 flags;		/* PCPF_* */
	u8 alloc_factor;	/* batch scale of refills in a row */
	short free_count;	/* pages freed in a row, for free batching */
	struct list_head lists[NR_PCP_LISTS];
};

/* zone->flags */
enum zone_flags {
	ZONE_BOOSTED_WATERMARK,	/* a fallback boosted the watermarks */
	ZONE_RECLAIM_ACTIVE,	/* kswapd is reclaiming this zone */
	ZONE_BELOW_HIGH,	/* free pages fell below the high watermark */
};

struct pglist_data;

struct zone {
	/* Read mostly. */
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;	/* pages in HIGHATOMIC blocks */
	unsigned long nr_free_highatomic;	/* free pages among them */
	unsigned long nr_isolate_pageblock;	/* MIGRATE_ISOLATE pageblocks */
	long lowmem_reserve[MAX_NR_ZONES];	/* kept back from higher-zone allocations */
	int node;
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset;	/* per-CPU pointer (kmm/percpu.h) */
	int pageset_high_min;
	int pageset_high_max;
	int pageset_batch;
	unsigned long zone_start_pfn;
	atomic_long_t managed_pages;	/* pages the buddy allocator owns */
	unsigned long spanned_pages;	/* end - start, holes included */
	unsigned long present_pages;	/* memory in the span */
	const char *name;
	bool initialized;

	/* Written often: the free areas, under lock. */
	spinlock_t lock;
	struct free_area free_area[NR_PAGE_ORDERS];
	unsigned long flags;		/* ZONE_* bits */
	atomic_long_t vm_stat[NR_VM_ZONE_STAT_ITEMS];
};

/* Zonelists: where an allocation from a node may fall back. */
enum {
	ZONELIST_FALLBACK,
	ZONELIST_NOFALLBACK,
	MAX_ZONELISTS
};

struct zoneref {
	struct zone *zone;
	int zone_idx;
};

#define MAX_ZONES_PER_ZONELIST	(MAX_NUMNODES * MAX_NR_ZONES)

struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];	/* NULL-terminated */
};

/*
 * Node counters (vmstat), Linux 6.12's enum node_stat_item for the names
 * vmstat.c prints (same order). Items ending in _B count bytes; reports
 * show them in pages, as Linux's node_page_state_pages() does.
 */
enum node_stat_item {
	NR_LRU_BASE,
	NR_INACTIVE_ANON = NR_LRU_BASE,
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_SLAB_RECLAIMABLE_B,
	NR_SLAB_UNRECLAIMABLE_B,
	NR_ISOLATED_ANON,
	NR_ISOLATED_FILE,
	WORKINGSET_NODES,
	WORKINGSET_REFAULT_ANON,
	WORKINGSET_REFAULT_FILE,
	WORKINGSET_ACTIVATE_ANON,
	WORKINGSET_ACTIVATE_FILE,
	WORKINGSET_RESTORE_ANON,
	WORKINGSET_RESTORE_FILE,
	WORKINGSET_NODERECLAIM,
	NR_ANON_MAPPED,
	NR_FILE_MAPPED,
	NR_FILE_PAGES,
	NR_FILE_DIRTY,
	NR_WRITEBACK,
	NR_WRITEBACK_TEMP,
	NR_SHMEM,
	NR_SHMEM_THPS,
	NR_SHMEM_PMDMAPPED,
	NR_FILE_THPS,
	NR_FILE_PMDMAPPED,
	NR_ANON_THPS,
	NR_VMSCAN_WRITE,
	NR_VMSCAN_IMMEDIATE,
	NR_DIRTIED,
	NR_WRITTEN,
	NR_THROTTLED_WRITTEN,
	NR_KERNEL_MISC_RECLAIMABLE,
	NR_FOLL_PIN_ACQUIRED,
	NR_FOLL_PIN_RELEASED,
	NR_KERNEL_STACK_KB,
	NR_PAGETABLE,
	NR_SECONDARY_PAGETABLE,
	NR_IOMMU_PAGES,
	NR_SWAPCACHE,
	PGPROMOTE_SUCCESS,
	PGPROMOTE_CANDIDATE,
	PGDEMOTE_KSWAPD,
	PGDEMOTE_DIRECT,
	PGDEMOTE_KHUGEPAGED,
	NR_VM_NODE_STAT_ITEMS
};

static inline bool vmstat_item_in_bytes(int idx)
{
	return idx == NR_SLAB_RECLAIMABLE_B || idx == NR_SLAB_UNRECLAIMABLE_B;
}

/*
 * Where an order-0 request of this node goes on the fast path, for each
 * value of the GFP bits that decide it (src/mm/page_alloc_pcp.c point 6).
 */
struct pcp_fast_target {
	struct zone *zone;	/* first zone of the zonelist; NULL: slow path */
	int highest_zoneidx;	/* gfp_zone() */
	int migratetype;	/* gfp_migratetype() */
};
/* Index: GFP bits 0-4 (zone modifiers, mobility), then __GFP_THISNODE. */
#define PCP_FAST_TARGETS	64

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	struct pcp_fast_target pcp_fast[PCP_FAST_TARGETS];
	int nr_zones;			/* highest populated zone + 1 */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	unsigned long totalreserve_pages;
	/* Reclaim: kswapd's state (src/mm/vmscan.c), set up by kswapd_run(). */
	wait_queue_head_t kswapd_wait;		/* kswapd sleeps here */
	struct task_struct *kswapd;		/* NULL while no kswapd runs */
	int kswapd_order;			/* highest order wakers asked for */
	enum zone_type kswapd_highest_zoneidx;	/* highest zone wakers need; MAX_NR_ZONES: none */
	int kswapd_failures;			/* balance_pgdat() runs that freed nothing */
	atomic_long_t vm_stat[NR_VM_NODE_STAT_ITEMS];	/* node counters */
} pg_data_t;

/* Node counters: add @delta to @item of @pgdat (bytes for _B items). */
static inline void mod_node_page_state(pg_data_t *pgdat, enum node_stat_item item,
				       long delta)
{
	atomic_long_add(delta, &pgdat->vm_stat[item]);
}

static inline unsigned long node_page_state(const pg_data_t *pgdat,
					    enum node_stat_item item)
{
	long x = atomic_long_read(&pgdat->vm_stat[item]);

	return x < 0 ? 0 : (unsigned long)x;
}

/* The counter in pages (bytes >> PAGE_SHIFT for _B items). */
static inline unsigned long node_page_state_pages(const pg_data_t *pgdat,
						  enum node_stat_item item)
{
	unsigned long x = node_page_state(pgdat, item);

	return vmstat_item_in_bytes(item) ? x >> PAGE_SHIFT : x;
}

/* Each node's pglist_data lives in its own node's memory (from memblock). */
extern pg_data_t *node_data[MAX_NUMNODES];
#define NODE_DATA(nid)	(node_data[nid])

/* The nodes that exist (numa=fake=N or the configured count). */
extern int nr_online_nodes;
#define for_each_online_node(nid) for ((nid) = 0; (nid) < nr_online_nodes; (nid)++)
#define for_each_online_pgdat(pgdat)					\
	for (int __nid = 0; __nid < nr_online_nodes &&			\
	     ((pgdat) = NODE_DATA(__nid), 1); __nid++)

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline bool zone_is_empty(const struct zone *zone)
{
	return zone->spanned_pages == 0;
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline unsigned long zone_managed_pages(const struct zone *zone)
{
	return (unsigned long)atomic_long_read(&zone->managed_pages);
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone_managed_pages(zone) != 0;
}

static inline int zone_idx(const struct zone *zone)
{
	return (int)(zone - zone->zone_pgdat->node_zones);
}

static inline int zone_to_nid(const struct zone *zone)
{
	return zone->node;
}

/* Watermarks change under zone->lock and are read without it. */
static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return READ_ONCE_RELAXED(z->_watermark[w]) + READ_ONCE_RELAXED(z->watermark_boost);
}

static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return wmark_pages(z, WMARK_MIN);
}

static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return wmark_pages(z, WMARK_LOW);
}

static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return wmark_pages(z, WMARK_HIGH);
}

/*
 * Watermark checks (src/mm/page_alloc_wmark.c): may 2^@order pages come
 * from @z without going below @mark plus its lowmem_reserve for
 * @highest_zoneidx, given the ALLOC_* rights in @alloc_flags (0: none)?
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, long free_pages);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);

/* The first zone of the first node, and the next one after @zone. */
struct zone *first_online_zone(void);
struct zone *next_zone(struct zone *zone);

#define for_each_zone(zone)						\
	for (zone = first_online_zone(); zone; zone = next_zone(zone))
#define for_each_populated_zone(zone)					\
	for (zone = first_online_zone(); zone; zone = next_zone(zone))	\
		if (!populated_zone(zone))				\
			; /* do nothing */				\
		else

/* Zonelist walking (mmzone.h): the zones at or below @highest_zoneidx. */
static inline struct zone *zonelist_zone(const struct zoneref *z)
{
	return z->zone;
}

static inline int zonelist_zone_idx(const struct zoneref *z)
{
	return z->zone_idx;
}

static inline int zonelist_node_idx(const struct zoneref *z)
{
	return zone_to_nid(z->zone);
}

struct zoneref *__next_zones_zonelist(struct zoneref *z, int highest_zoneidx,
				      const nodemask_t *nodes);

static __always_inline struct zoneref *next_zones_zonelist(struct zoneref *z,
		int highest_zoneidx, const nodemask_t *nodes)
{
	if (likely(!nodes && zonelist_zone_idx(z) <= highest_zoneidx))
		return z;
	return __next_zones_zonelist(z, highest_zoneidx, nodes);
}

static inline struct zoneref *first_zones_zonelist(struct zonelist *zonelist,
		int highest_zoneidx, const nodemask_t *nodes)
{
	return next_zones_zonelist(zonelist->_zonerefs, highest_zoneidx, nodes);
}

#define for_next_zone_zonelist_nodemask(zone, z, highidx, nodemask)	\
	for (zone = zonelist_zone(z); zone;				\
	     z = next_zones_zonelist(++z, highidx, nodemask),		\
	     zone = zonelist_zone(z))
#define for_each_zone_zonelist_nodemask(zone, z, zlist, highidx, nodemask) \
	for (z = first_zones_zonelist(zlist, highidx, nodemask),	\
	     zone = zonelist_zone(z); zone;				\
	     z = next_zones_zonelist(++z, highidx, nodemask),		\
	     zone = zonelist_zone(z))
#define for_each_zone_zonelist(zone, z, zlist, highidx)		\
	for_each_zone_zonelist_nodemask(zone, z, zlist, highidx, NULL)

/*
 * Memory sections (SPARSEMEM_VMEMMAP). SECTION_SIZE_BITS is x86-64's 27:
 * 128 MiB sections, 32768 struct pages (2 MiB of memmap) each.
 */
#define SECTION_SIZE_BITS	27
#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION	(1UL << PFN_SECTION_SHIFT)
#define PAGE_SECTION_MASK	(~(PAGES_PER_SECTION - 1))
#define PAGEBLOCKS_PER_SECTION	(PAGES_PER_SECTION >> pageblock_order)
#define BITS_PER_LONG		64

/* Per section: the pageblock flags (Linux also keeps a subsection map). */
struct mem_section_usage {
	unsigned long pageblock_flags[PAGEBLOCKS_PER_SECTION * NR_PAGEBLOCK_BITS /
				      BITS_PER_LONG];
};

struct mem_section {
	unsigned long section_mem_map;	/* SECTION_* bits, nid above them */
	struct mem_section_usage *usage;
};

#define SECTION_MARKED_PRESENT	(1UL << 0)
#define SECTION_HAS_MEM_MAP	(1UL << 1)
#define SECTION_IS_ONLINE	(1UL << 2)
#define SECTION_IS_EARLY	(1UL << 3)
#define SECTION_NID_SHIFT	6

/* The section table: one entry per 128 MiB up to max_pfn (src/mm/sparse.c). */
extern struct mem_section *mem_section;
extern unsigned long nr_mem_sections;

static inline unsigned long pfn_to_section_nr(unsigned long pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}

static inline unsigned long section_nr_to_pfn(unsigned long sec)
{
	return sec << PFN_SECTION_SHIFT;
}

static inline struct mem_section *__nr_to_section(unsigned long nr)
{
	return nr < nr_mem_sections ? &mem_section[nr] : NULL;
}

static inline struct mem_section *__pfn_to_section(unsigned long pfn)
{
	return __nr_to_section(pfn_to_section_nr(pfn));
}

static inline bool present_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_MARKED_PRESENT);
}

static inline bool valid_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_HAS_MEM_MAP);
}

static inline unsigned long *section_to_usemap(const struct mem_section *ms)
{
	return ms->usage->pageblock_flags;
}

/**
 * pfn_valid - does @pfn have a struct page?
 * @pfn: page frame number
 *
 * True for every pfn of a section that has memory (holes inside such a
 * section included); false for sections without memory and above max_pfn.
 * Return: whether pfn_to_page(@pfn) may be dereferenced.
 */
static inline bool pfn_valid(unsigned long pfn)
{
	return valid_section(__pfn_to_section(pfn));
}

#endif /* KMM_MMZONE_H */
