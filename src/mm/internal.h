/* SPDX-License-Identifier: MIT */
/*
 * src/mm/internal.h - what the page allocator's files share and nothing
 * outside src/mm needs (mm/internal.h).
 */
#ifndef KMM_MM_INTERNAL_H
#define KMM_MM_INTERNAL_H

#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/percpu.h>
#include <kmm/pageblock-flags.h>
#include <kmm/minmax.h>
#include <kmm/fault-inject.h>
#include "../lib/string.h"

/* sparse.c */
void sparse_init(void);
void sparse_reset(void);
extern unsigned long memmap_boot_pages;

/* numa.c */
int early_pfn_to_nid(unsigned long pfn);

/* mm_init.c */
extern int movable_zone;
void __init_single_page(struct page *page, unsigned long pfn, unsigned long zone, int nid);
void reserve_bootmem_region(phys_addr_t start, phys_addr_t end, int nid);
void memblock_free_pages(struct page *page, unsigned long pfn, unsigned int order);
void __free_pages_core(struct page *page, unsigned int order);
void reset_all_zones_managed_pages(void);
void get_pfn_range_for_nid(int nid, unsigned long *start, unsigned long *end);
void memblock_free_all(void);
void mm_core_init(void);
void page_alloc_init_late(void);
void mm_init_reset(void);

/*
 * Allocation flags (mm/internal.h): which watermark to check and which
 * reserves an allocation may use. The low two bits index _watermark[].
 */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04	/* ignore watermarks entirely */
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08	/* an OOM victim: half of what is left */
#define ALLOC_NON_BLOCK		0x10	/* cannot block: 25% more of the min reserve */
#define ALLOC_MIN_RESERVE	0x20	/* __GFP_HIGH: half of the min reserve */
#define ALLOC_CPUSET		0x40	/* honour the cpuset (kmm has none) */
#define ALLOC_CMA		0x80	/* may use CMA pageblocks */
#define ALLOC_NOFRAGMENT	0x100	/* do not steal from other types' blocks */
#define ALLOC_HIGHATOMIC	0x200	/* may use MIGRATE_HIGHATOMIC blocks */
#define ALLOC_KSWAPD		0x800	/* may wake kswapd (__GFP_KSWAPD_RECLAIM) */
/* Linux before 6.3 called ALLOC_MIN_RESERVE ALLOC_HIGH. */
#define ALLOC_HIGH		ALLOC_MIN_RESERVE
/* Flags that allow allocations below the min watermark. */
#define ALLOC_RESERVES	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

/* What one allocation is allowed, computed once by prepare_alloc_pages(). */
struct alloc_context {
	struct zonelist *zonelist;
	nodemask_t *nodemask;
	struct zoneref *preferred_zoneref;
	int migratetype;
	enum zone_type highest_zoneidx;
	bool spread_dirty_pages;
};

/* How a free is done (fpi_t of page_alloc.c). */
typedef int fpi_t;
#define FPI_NONE		0
#define FPI_SKIP_REPORT_NOTIFY	(1 << 0)
#define FPI_TO_TAIL		(1 << 1)

/* A free block's order, kept in page->private (PageBuddy checked by caller). */
static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page_private(page);
}

static inline unsigned long __find_buddy_pfn(unsigned long pfn, unsigned int order)
{
	return pfn ^ (1UL << order);
}

/*
 * page_is_buddy - is @buddy a free head of @order in the zone whose
 * page_zone_id() is @zone_id? The buddy lies in the same MAX_ORDER block
 * as the page it pairs with, hence in the same section, so its struct page
 * exists (it may be untouched: then it is no buddy). Only @buddy is read:
 * its fields are stable while it is PageBuddy under zone->lock, whereas
 * the page it pairs with may belong to another thread.
 */
static inline bool page_is_buddy(int zone_id, const struct page *buddy, unsigned int order)
{
	if (!PageBuddy(buddy))
		return false;
	if (buddy_order(buddy) != order)
		return false;
	if (page_zone_id(buddy) != zone_id)
		return false;
	VM_BUG_ON_PAGE(page_ref_count(buddy) != 0, buddy);
	return true;
}

/* The buddy of the block at @pfn (order @order) in zone @zone_id, if free. */
static inline struct page *__find_buddy_page_pfn(struct page *page, unsigned long pfn,
						 unsigned int order, int zone_id,
						 unsigned long *buddy_pfn)
{
	unsigned long bpfn = __find_buddy_pfn(pfn, order);
	struct page *buddy = page + ((long)bpfn - (long)pfn);

	if (buddy_pfn)
		*buddy_pfn = bpfn;
	return page_is_buddy(zone_id, buddy, order) ? buddy : NULL;
}

/* The free buddy of @page (a page the caller owns or holds free), or NULL. */
static inline struct page *find_buddy_page_pfn(struct page *page, unsigned long pfn,
					       unsigned int order, unsigned long *buddy_pfn)
{
	return __find_buddy_page_pfn(page, pfn, order, page_zone_id(page), buddy_pfn);
}

/* Zone counters, changed under zone->lock, read without it. */
static inline unsigned long zone_page_state(const struct zone *zone,
					    enum zone_stat_item item)
{
	long x = atomic_long_read(&zone->vm_stat[item]);

	return x < 0 ? 0 : (unsigned long)x;
}

static inline void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item,
					 long delta)
{
	atomic_long_set(&zone->vm_stat[item], atomic_long_read(&zone->vm_stat[item]) + delta);
}

/* Node counters (mmzone.h): exact atomics, read without a lock; the sum. */
static inline unsigned long global_node_page_state(enum node_stat_item item)
{
	unsigned long sum = 0;
	int nid;

	for_each_online_node(nid)
		sum += node_page_state(NODE_DATA(nid), item);
	return sum;
}

static inline bool zone_test_flag(const struct zone *zone, enum zone_flags bit)
{
	return (READ_ONCE_RELAXED(zone->flags) >> bit) & 1;
}

static inline void zone_set_flag(struct zone *zone, enum zone_flags bit)
{
	__atomic_fetch_or(&zone->flags, 1UL << bit, __ATOMIC_RELAXED);
}

static inline void zone_clear_flag(struct zone *zone, enum zone_flags bit)
{
	__atomic_fetch_and(&zone->flags, ~(1UL << bit), __ATOMIC_RELAXED);
}

/* page_alloc.c: the buddy core */
extern bool check_pages_enabled;
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, fpi_t fpi_flags);
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, fpi_t fpi_flags);
void free_boot_block(struct zone *zone, struct page *page, unsigned long pfn,
		     unsigned int order);
bool __free_pages_prepare(struct page *page, unsigned int order);
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
		       unsigned int alloc_flags, int *mode);
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype);
bool __check_new_pages(struct page *page, unsigned int order);

/* Is @page as the allocator expects a free page to be? One combined test. */
static __always_inline bool page_expected_state(const struct page *page,
						unsigned long check_flags)
{
	if (unlikely(atomic_read(&page->_mapcount) != -1))
		return false;
	if (unlikely((unsigned long)page->mapping | (unsigned long)page_ref_count(page) |
		     page->memcg_data | (page->flags & check_flags)))
		return false;
	return true;
}

/* The fast path's share of __check_new_pages(): one initialised page. */
static __always_inline bool check_new_pages(struct page *page, unsigned int order)
{
	if (likely(!order && !page_is_uninitialised(page) &&
		   (!check_pages_enabled ||
		    page_expected_state(page, PAGE_FLAGS_CHECK_AT_PREP | __PG_HWPOISON))))
		return false;
	return __check_new_pages(page, order);
}

/*
 * The fast path's share of __free_pages_prepare(): a plain order-0 page
 * in the expected state is made ready for the lists. Return: false, with
 * nothing changed, for anything else.
 */
static __always_inline bool free_page_prepare_fast(struct page *page)
{
	if (likely(!(page->flags & (1UL << PG_head | __PG_HWPOISON)) &&
		   !PageTail(page) && !want_init_on_free() &&
		   (!check_pages_enabled ||
		    page_expected_state(page, PAGE_FLAGS_CHECK_AT_FREE)))) {
		page->flags &= ~(PAGE_FLAGS_CHECK_AT_PREP | KMM_PRIVATE_FLAGS);
		page->private = 0;
		return true;
	}
	return false;
}

static __always_inline bool free_pages_prepare(struct page *page, unsigned int order)
{
	if (likely(!order && free_page_prepare_fast(page)))
		return true;
	return __free_pages_prepare(page, order);
}
void prep_compound_page(struct page *page, unsigned int order);

/* prep_new_page()'s zeroing: __GFP_ZERO or init_on_alloc, unless init_on_free did. */
static __always_inline void prep_new_page_zero(struct page *page, unsigned int order,
					       gfp_t gfp_flags)
{
	if (unlikely(init_on_alloc || (gfp_flags & __GFP_ZERO)) && !want_init_on_free())
		memset(page_address(page), 0, PAGE_SIZE << order);
}

/**
 * prep_new_page - turn a block taken from the free lists into an
 * allocation: one reference, zeroed if asked (__GFP_ZERO, init_on_alloc),
 * compound if __GFP_COMP, its order remembered.
 * @page: head of the block, struct pages already checked
 * @order: its order
 * @gfp_flags: the request
 * @alloc_flags: ALLOC_* of the attempt that found it
 */
static __always_inline void prep_new_page(struct page *page, unsigned int order,
					  gfp_t gfp_flags, unsigned int alloc_flags)
{
	set_page_private(page, 0);
	prep_new_page_zero(page, order, gfp_flags);
	set_page_refcounted(page);
	kmm_page_set_alloc_order(page, (int)order);
	if (order && (gfp_flags & __GFP_COMP))
		prep_compound_page(page, order);
	(void)alloc_flags;
}
void page_alloc_reset(void);
int __isolate_free_page(struct page *page, unsigned int order);
bool move_freepages_block_isolate(struct zone *zone, struct page *page, int migratetype);
int find_suitable_fallback(struct free_area *area, unsigned int order, int migratetype,
			   bool only_stealable, bool *can_steal);
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order, int alloc_flags,
				    const struct alloc_context *ac);
unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order);
bool unreserve_highatomic_pageblock(const struct alloc_context *ac, bool force);
void reserve_highatomic_pageblock(struct page *page, int order, struct zone *zone);
extern int min_free_kbytes;
extern int user_min_free_kbytes;
extern int watermark_scale_factor;
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES];

/* page_alloc_wmark.c: watermarks and reserves */
bool zone_watermark_fast_slow(struct zone *z, unsigned int order, unsigned long mark,
			      int highest_zoneidx, unsigned int alloc_flags, long free_pages);
void init_per_zone_wmark_min(void);
void setup_per_zone_wmarks(void);
void page_alloc_wmark_reset(void);

/* Free pages a request cannot count: its own size, the highatomic reserve. */
static inline long __zone_watermark_unusable_free(const struct zone *z, unsigned int order,
						  unsigned int alloc_flags)
{
	long unusable_free = (1L << order) - 1;

	if (likely(!(alloc_flags & ALLOC_RESERVES)))
		unusable_free += (long)READ_ONCE_RELAXED(z->nr_free_highatomic);
	return unusable_free;
}

/*
 * zone_watermark_fast - the watermark check of the fast path: for order 0
 * a subtraction and a compare; anything else takes the full check.
 */
static inline bool zone_watermark_fast(struct zone *z, unsigned int order,
				       unsigned long mark, int highest_zoneidx,
				       unsigned int alloc_flags, gfp_t gfp_mask)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);

	(void)gfp_mask;
	if (!order) {
		long usable_free = free_pages;
		long reserved = __zone_watermark_unusable_free(z, 0, alloc_flags);

		usable_free -= min(usable_free, reserved);
		if (usable_free > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	return zone_watermark_fast_slow(z, order, mark, highest_zoneidx, alloc_flags,
					free_pages);
}

/* page_alloc_pcp.c: per-CPU page lists */
void zone_pcp_init(struct zone *zone);
void setup_per_cpu_pageset(void);
void zone_pcp_update(struct zone *zone, int cpu_online);
struct page *rmqueue_pcplist(struct zone *preferred_zone, struct zone *zone,
			     unsigned int order, int migratetype, unsigned int alloc_flags);
struct page *pcp_alloc_fast(gfp_t gfp, int preferred_nid);

/* fail_page_alloc.c: fault injection */
struct fail_page_alloc_attr {
	struct fault_attr attr;
	bool ignore_gfp_highmem;
	bool ignore_gfp_reclaim;
	u32 min_order;
};
extern struct fail_page_alloc_attr fail_page_alloc;
bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order);

/* Could should_fail_alloc_page() fail anything now? (fast paths' test) */
static __always_inline bool fail_page_alloc_armed(void)
{
	return READ_ONCE_RELAXED(fault_inject_armed);
}
void free_unref_page_fast(struct page *page);
struct page *__alloc_pages_general(gfp_t gfp, unsigned int order, int preferred_nid,
				   nodemask_t *nodemask);
void pcp_fast_build(pg_data_t *pgdat);
bool free_unref_page_pcp(struct zone *zone, struct page *page, int migratetype,
			 unsigned int order);
void free_unref_page(struct page *page, unsigned int order);
unsigned long zone_pcp_free_pages(struct zone *zone);
bool decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp);

/* page_alloc_zonelist.c */
int node_distance(int a, int b);
int find_next_best_node(int node, nodemask_t *used_node_mask);
extern enum zone_type policy_zone;
void build_all_zonelists(pg_data_t *pgdat);
unsigned long nr_free_zone_pages(int offset);
unsigned long nr_free_buffer_pages(void);

/* page_alloc_slowpath.c */
struct page *__alloc_pages_slowpath(gfp_t gfp_mask, unsigned int order,
				    struct alloc_context *ac);
void page_alloc_slowpath_reset(void);
bool gfp_pfmemalloc_allowed(gfp_t gfp_mask);
__printf(3, 4) void warn_alloc(gfp_t gfp_mask, nodemask_t *nodemask, const char *fmt, ...);

/* debug_page.c */
void bad_page(struct page *page, const char *reason);
void debug_page_reset(void);
void report_bad_page(const struct page *page, const char *reason);
void report_bad_address(unsigned long addr, unsigned int order);
const char *page_bad_reason(const struct page *page, unsigned long flags);
int format_page_flags(char *buf, size_t size, unsigned long flags);
extern unsigned long nr_bad_pages;

/* page_alloc_valid.c */
void page_alloc_valid_reset(void);

/* show_mem.c */
#define SHOW_MEM_FILTER_NODES	0x0001u
void __show_mem(unsigned int filter, nodemask_t *nodemask, int max_zone_idx);

#endif /* KMM_MM_INTERNAL_H */
