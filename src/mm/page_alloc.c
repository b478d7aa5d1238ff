// SPDX-License-Identifier: MIT
/*
 * src/mm/page_alloc.c - the zoned buddy allocator (mm/page_alloc.c).
 *
 * 1. Concepts. Each zone manages its free pages as blocks of 2^order
 *    contiguous pages, order 0..MAX_PAGE_ORDER (10: 4 MiB), naturally
 *    aligned. A free block is represented by its first struct page (the
 *    head): PageBuddy, page->private = order, linked through buddy_list on
 *    zone->free_area[order].free_list[migratetype]. The two halves of a
 *    block of order n+1 are "buddies": the buddy of the block at pfn is
 *    at pfn ^ (1 << n).
 *
 * 2. Freeing (__free_one_page). While the buddy is a free head of the same
 *    order in the same zone, take it off its list and merge; stop at
 *    MAX_PAGE_ORDER. From pageblock_order up, blocks of types that must
 *    not mix (ISOLATE, HIGHATOMIC vs others) do not merge; merging two
 *    mergeable types makes the buddy's pageblocks take the freed type.
 *    The merged block goes to the head of its list, or the tail when its
 *    own buddy one order up looks about to be freed (buddy_merge_likely).
 *
 * 3. Allocating (__rmqueue). Take the smallest block of the wanted type at
 *    or above the order, and split it (expand): the upper halves go back
 *    on the lists one order down each. When the type has nothing, fall
 *    back, as 6.12: first try to *claim* a whole pageblock of another type
 *    (largest blocks first, fallbacks[] order; a block is claimed when the
 *    request is large or at least half of it is free or compatible), then
 *    *steal* a single smallest block without changing its type. Movable
 *    requests never claim small blocks (can_steal_fallback()).
 *    High-order atomic requests may reserve pageblocks as
 *    MIGRATE_HIGHATOMIC (up to ~1% of a zone); those are released again
 *    under pressure (unreserve_highatomic_pageblock()).
 *
 * 4. Pageblocks of 512 pages carry a migratetype in the section's usage
 *    map; every free block sits on the list of its pageblock's type
 *    (blocks above pageblock_order: the type of their first pageblock,
 *    all of whose pageblocks agree).
 *
 * 5. Deferred struct pages (see mm_init.c). Only the heads of free blocks
 *    are guaranteed to be initialised; expand() initialises the head of
 *    each half it puts back, and prep_new_page() every page of a block it
 *    hands out (check_new_pages()). A merge leaves the absorbed buddy's
 *    struct page initialised but not PageBuddy, which is fine.
 *
 * 6. Invariants (checked by zone_is_valid(), page_alloc_valid.c): each
 *    free list holds PageBuddy heads of its order whose pageblock has the
 *    list's type; nr_free counts them; NR_FREE_PAGES counts the pages in
 *    them except ISOLATE ones; no two free buddies of one order are left
 *    unmerged; nr_free_highatomic counts the free pages of HIGHATOMIC.
 *
 * 7. Locking. zone->lock (a spinlock, irqsave as Linux) guards free_area,
 *    the counters and pageblock type changes; per-CPU lists have their own
 *    lock (page_alloc_pcp.c), always taken before zone->lock:
 *        pcp->lock  ->  zone->lock
 *    The buddy core never sleeps. Struct pages of allocated blocks belong
 *    to their owner; refcounts are atomic.
 *
 * 8. Cost. An order-0 allocation normally never gets here: it is served
 *    from the per-CPU list (page_alloc_pcp.c point 6). For the rest,
 *    __alloc_pages_general() computes the zonelist, walks it checking the
 *    low watermark, takes from the first zone that passes; anything
 *    harder goes to __alloc_pages_slowpath() (page_alloc_slowpath.c).
 *
 * 9. Misuse. Pages are checked on free (free_pages_prepare) and on
 *    allocation (check_new_pages) as CONFIG_DEBUG_VM kernels do; a page in
 *    a bad state is reported ("BUG: Bad page state", debug_page.c) and
 *    taken out of use: it is neither freed nor handed out. kmm adds two
 *    checks Linux leaves to VM_BUG_ON: freeing a page whose refcount is
 *    already 0 (double free) and freeing with another order than the one
 *    allocated (kmm remembers it, see kmm/page-flags.h); they live with
 *    the freeing entry points in page_alloc_api.c.
 *
 * How kmm differs from Linux: no CMA, no page reporting, no shuffling, no
 * guard pages (debug_pagealloc), no compaction capture, no memcg or
 * page_owner hooks, no THP per-CPU lists; vm_stat counters are per zone
 * only (no per-CPU deltas).
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/percpu.h>
#include <kmm/printk.h>
#include <kmm/minmax.h>
#include "../lib/string.h"
#include "internal.h"
#include "vmscan.h"

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

int page_group_by_mobility_disabled;
gfp_t gfp_allowed_mask = __GFP_BITS_MASK;
atomic_long_t _totalram_pages;
unsigned long totalreserve_pages;
unsigned long totalcma_pages;
/* Per-page sanity checks on free and allocation (CONFIG_DEBUG_VM: on). */
bool check_pages_enabled = true;
/* Watermark boosting after fragmenting fallbacks (vm.watermark_boost_factor). */
static int watermark_boost_factor = 15000;

/*
 * set_pfnblock_flags_mask - change some of the 4 flag bits of the
 * pageblock holding @pfn. Lock-free: a compare-and-swap on the word.
 */
void set_pfnblock_flags_mask(struct page *page, unsigned long flags,
			     unsigned long pfn, unsigned long mask)
{
	unsigned long *bitmap = section_to_usemap(__pfn_to_section(pfn));
	unsigned long bitidx = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) *
			       NR_PAGEBLOCK_BITS;
	unsigned long *wordp = &bitmap[bitidx / BITS_PER_LONG];
	unsigned long word = READ_ONCE_RELAXED(*wordp);

	BUILD_BUG_ON(NR_PAGEBLOCK_BITS != 4);
	BUILD_BUG_ON(MIGRATE_TYPES > 8);
	(void)page;
	bitidx %= BITS_PER_LONG;
	mask <<= bitidx;
	flags <<= bitidx;
	while (!__atomic_compare_exchange_n(wordp, &word, (word & ~mask) | flags, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

void set_pageblock_migratetype(struct page *page, int migratetype)
{
	if (unlikely(page_group_by_mobility_disabled && migratetype < MIGRATE_PCPTYPES))
		migratetype = MIGRATE_UNMOVABLE;
	set_pfnblock_flags_mask(page, (unsigned long)migratetype, page_to_pfn(page),
				MIGRATETYPE_MASK);
}

#ifdef CONFIG_DEBUG_VM
static bool bad_range(struct zone *zone, struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	if (!zone_spans_pfn(zone, pfn)) {
		pr_err("page 0x%lx outside node %d zone %s [ 0x%lx - 0x%lx ]\n", pfn,
		       zone_to_nid(zone), zone->name, zone->zone_start_pfn, zone_end_pfn(zone));
		return true;
	}
	return zone != page_zone(page);
}
#else
static inline bool bad_range(struct zone *zone, struct page *page) { return false; }
#endif

/* Free page counters: NR_FREE_PAGES and the highatomic share. */
static inline void account_freepages(struct zone *zone, int nr_pages, int migratetype)
{
	if (is_migrate_isolate(migratetype))
		return;
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (is_migrate_highatomic(migratetype))
		WRITE_ONCE_RELAXED(zone->nr_free_highatomic, zone->nr_free_highatomic + nr_pages);
}

static inline void __add_to_free_list(struct page *page, struct zone *zone,
				      unsigned int order, int migratetype, bool tail)
{
	struct free_area *area = &zone->free_area[order];

	VM_WARN_ON(get_pageblock_migratetype(page) != migratetype);
	if (tail)
		list_add_tail(&page->buddy_list, &area->free_list[migratetype]);
	else
		list_add(&page->buddy_list, &area->free_list[migratetype]);
	WRITE_ONCE_RELAXED(area->nr_free, area->nr_free + 1);
}

/* Move a free block to another type's list (its tail) and recount. */
static inline void move_to_free_list(struct page *page, struct zone *zone,
				     unsigned int order, int old_mt, int new_mt)
{
	struct free_area *area = &zone->free_area[order];

	list_move_tail(&page->buddy_list, &area->free_list[new_mt]);
	account_freepages(zone, -(1 << order), old_mt);
	account_freepages(zone, 1 << order, new_mt);
}

static inline void __del_page_from_free_list(struct page *page, struct zone *zone,
					     unsigned int order, int migratetype)
{
	VM_WARN_ON(get_pageblock_migratetype(page) != migratetype);
	if (PageReported(page))
		__ClearPageReported(page);
	list_del(&page->buddy_list);
	__ClearPageBuddy(page);
	set_page_private(page, 0);
	WRITE_ONCE_RELAXED(zone->free_area[order].nr_free, zone->free_area[order].nr_free - 1);
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone,
					   unsigned int order, int migratetype)
{
	__del_page_from_free_list(page, zone, order, migratetype);
	account_freepages(zone, -(1 << order), migratetype);
}

static inline struct page *get_page_from_free_area(struct free_area *area, int migratetype)
{
	return list_first_entry_or_null(&area->free_list[migratetype], struct page,
					buddy_list);
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	set_page_private(page, order);
	__SetPageBuddy(page);
}

/* Is the block one order up about to become free? Then queue at the tail. */
static bool buddy_merge_likely(unsigned long pfn, unsigned long buddy_pfn,
			       struct page *page, unsigned int order)
{
	unsigned long higher_pfn;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher_pfn = buddy_pfn & pfn;
	return __find_buddy_page_pfn(page + ((long)higher_pfn - (long)pfn), higher_pfn, order + 1,
				     page_zone_id(page), NULL) != NULL;
}

static void change_pageblock_range(struct page *pageblock_page, int start_order,
				   int migratetype)
{
	int nr_pageblocks = 1 << (start_order - pageblock_order);

	while (nr_pageblocks--) {
		set_pageblock_migratetype(pageblock_page, migratetype);
		pageblock_page += pageblock_nr_pages;
	}
}

/**
 * __free_one_page - put a free block on its zone's lists, merging it with
 * its free buddies (see 2 above).
 * @page: head of the block; its struct page is initialised
 * @pfn: its pfn
 * @zone: its zone
 * @order: its order
 * @migratetype: its pageblock's type
 * @fpi_flags: FPI_TO_TAIL to queue it at the tail
 *
 * Context: zone->lock held.
 */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, fpi_t fpi_flags)
{
	unsigned long buddy_pfn = 0, combined_pfn;
	struct page *buddy;
	bool to_tail;

	VM_BUG_ON(!zone->initialized);
	VM_BUG_ON_PAGE(page->flags & PAGE_FLAGS_CHECK_AT_PREP, page);
	VM_BUG_ON(migratetype == -1);
	VM_BUG_ON_PAGE(pfn & ((1UL << order) - 1), page);
	VM_BUG_ON_PAGE(bad_range(zone, page), page);

	account_freepages(zone, 1 << order, migratetype);
	while (order < MAX_PAGE_ORDER) {
		int buddy_mt = migratetype;

		buddy = find_buddy_page_pfn(page, pfn, order, &buddy_pfn);
		if (!buddy)
			break;
		if (unlikely(order >= pageblock_order)) {
			buddy_mt = get_pfnblock_migratetype(buddy, buddy_pfn);
			if (migratetype != buddy_mt &&
			    (!migratetype_is_mergeable(migratetype) ||
			     !migratetype_is_mergeable(buddy_mt)))
				break;
		}
		__del_page_from_free_list(buddy, zone, order, buddy_mt);
		if (unlikely(buddy_mt != migratetype))
			change_pageblock_range(buddy, order, migratetype);
		combined_pfn = buddy_pfn & pfn;
		page += (long)combined_pfn - (long)pfn;
		pfn = combined_pfn;
		order++;
	}
	set_buddy_order(page, order);
	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(pfn, buddy_pfn, page, order);
	__add_to_free_list(page, zone, order, migratetype, to_tail);
}

static bool free_page_is_bad(struct page *page)
{
	if (likely(page_expected_state(page, PAGE_FLAGS_CHECK_AT_FREE)))
		return false;
	bad_page(page, page_bad_reason(page, PAGE_FLAGS_CHECK_AT_FREE));
	return true;
}

/* A tail of a compound page being freed: check it, then make it plain. */
static int free_tail_page_prepare(struct page *head_page, struct page *page)
{
	int ret = 1;

	if (!check_pages_enabled) {
		ret = 0;
		goto out;
	}
	if (page - head_page > 1 && page->mapping != TAIL_MAPPING) {
		bad_page(page, "corrupted mapping in tail page");
		goto out;
	}
	if (unlikely(!PageTail(page))) {
		bad_page(page, "PageTail not set");
		goto out;
	}
	if (unlikely(compound_head(page) != head_page)) {
		bad_page(page, "compound_head not consistent");
		goto out;
	}
	ret = 0;
out:
	page->mapping = NULL;
	clear_compound_head(page);
	return ret;
}

/**
 * __free_pages_prepare - check a block about to be freed and clear what
 * the allocator set; a block with a bad page is reported and not freed
 * (free_pages_prepare() in internal.h handles plain order-0 pages inline).
 * @page: head of the block, refcount already 0
 * @order: its order
 *
 * Return: true if the block may go back to the free lists.
 */
bool __free_pages_prepare(struct page *page, unsigned int order)
{
	bool compound = PageCompound(page);
	int bad = 0;

	VM_BUG_ON_PAGE(PageTail(page), page);
	if (unlikely(PageHWPoison(page)) && !order)
		return false;
	if (unlikely(order)) {
		if (compound)
			page[1].flags &= ~PAGE_FLAGS_SECOND;
		for (unsigned int i = 1; i < (1U << order); i++) {
			if (compound)
				bad += free_tail_page_prepare(page, page + i);
			if (check_pages_enabled && free_page_is_bad(page + i)) {
				bad++;
				continue;
			}
			page[i].flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
		}
	}
	if (compound)
		__ClearPageHead(page);
	if (check_pages_enabled) {
		if (free_page_is_bad(page))
			bad++;
		if (bad)
			return false;
	}
	page->flags &= ~(PAGE_FLAGS_CHECK_AT_PREP | KMM_PRIVATE_FLAGS);
	page->private = 0;
	if (want_init_on_free())
		memset(page_address(page), 0, PAGE_SIZE << order);
	return true;
}

/* Free a block that may span pageblocks of different types, per pageblock. */
static void split_large_buddy(struct zone *zone, struct page *page, unsigned long pfn,
			      int order, fpi_t fpi)
{
	unsigned long end = pfn + (1UL << order);

	VM_WARN_ON(PageBuddy(page));
	if (order > pageblock_order)
		order = pageblock_order;
	for (;;) {
		int mt = get_pfnblock_migratetype(page, pfn);

		__free_one_page(page, pfn, zone, order, mt, fpi);
		pfn += 1UL << order;
		if (pfn == end)
			break;
		page = pfn_to_page(pfn);
		if (page_is_uninitialised(page)) {
			__init_single_page(page, pfn, zone_idx(zone), zone_to_nid(zone));
			set_page_count(page, 0);
		}
	}
}

/**
 * free_one_page - return a checked block to the buddy lists of @zone.
 * @zone: the block's zone
 * @page: its head
 * @pfn: its pfn
 * @order: its order
 * @fpi_flags: FPI_* flags
 *
 * Context: takes zone->lock.
 */
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, fpi_t fpi_flags)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	split_large_buddy(zone, page, pfn, (int)order, fpi_flags);
	spin_unlock_irqrestore(&zone->lock, flags);
	reclaim_notify_free();
}

/*
 * free_boot_block - the handover's free: a block from memblock whose only
 * initialised struct page is the head. It bypasses the checks (its tails
 * are deferred) and the per-CPU lists, and queues at the tail, as Linux's
 * __free_pages_core() does with FPI_TO_TAIL.
 */
void free_boot_block(struct zone *zone, struct page *page, unsigned long pfn,
		     unsigned int order)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	__free_one_page(page, pfn, zone, order, get_pfnblock_migratetype(page, pfn),
			FPI_TO_TAIL);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* Initialise a deferred struct page inside a free block of @zone. */
static inline void init_deferred_page(struct page *page, unsigned long pfn,
				      const struct zone *zone)
{
	if (unlikely(page_is_uninitialised(page))) {
		__init_single_page(page, pfn, zone_idx(zone), zone_to_nid(zone));
		set_page_count(page, 0);
	}
}

/*
 * expand - split a block of order @high down to order @low: each upper
 * half goes back on the free list one order lower. Return: pages put back.
 */
static inline unsigned int expand(struct zone *zone, struct page *page, int low,
				  int high, int migratetype)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned int size = 1U << high, nr_added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		init_deferred_page(&page[size], pfn + size, zone);
		VM_BUG_ON_PAGE(bad_range(zone, &page[size]), &page[size]);
		__add_to_free_list(&page[size], zone, high, migratetype, false);
		set_buddy_order(&page[size], high);
		nr_added += size;
	}
	return nr_added;
}

static __always_inline void page_del_and_expand(struct zone *zone, struct page *page,
						int low, int high, int migratetype)
{
	int nr_pages = 1 << high;

	__del_page_from_free_list(page, zone, high, migratetype);
	nr_pages -= expand(zone, page, low, high, migratetype);
	account_freepages(zone, -nr_pages, migratetype);
}

static bool check_new_page(struct page *page)
{
	if (likely(page_expected_state(page, PAGE_FLAGS_CHECK_AT_PREP | __PG_HWPOISON)))
		return false;
	if (page->flags & __PG_HWPOISON) {
		if (PageBuddy(page))
			__ClearPageBuddy(page);
		return true;
	}
	bad_page(page, page_bad_reason(page, PAGE_FLAGS_CHECK_AT_PREP));
	return true;
}

/**
 * __check_new_pages - make every struct page of a block about to be
 * handed out valid: initialise the deferred ones, check the others
 * (check_new_pages() in internal.h does initialised order-0 pages inline).
 * @page: head of the block (initialised)
 * @order: its order
 *
 * Return: true if a page was bad (reported; the caller drops the block).
 */
bool __check_new_pages(struct page *page, unsigned int order)
{
	const struct zone *zone = page_zone(page);
	unsigned long pfn = page_to_pfn(page);

	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		if (unlikely(page_is_uninitialised(p))) {
			__init_single_page(p, pfn + i, zone_idx(zone), zone_to_nid(zone));
			set_page_count(p, 0);
			continue;
		}
		if (check_pages_enabled && check_new_page(p))
			return true;
	}
	return false;
}

/* The first tail page describes the compound page: order, nr_pages. */
static inline void prep_compound_head(struct page *page, unsigned int order)
{
	page[1].flags = (page[1].flags & ~0xffUL) | order;
	page[1].mapping = NULL;
	page[1].index = 1UL << order;	/* _folio_nr_pages */
}

static inline void prep_compound_tail(struct page *head, int tail_idx)
{
	struct page *p = head + tail_idx;

	p->mapping = TAIL_MAPPING;
	set_compound_head(p, head);
	set_page_private(p, 0);
}

/**
 * prep_compound_page - make a block of 2^@order pages one compound page:
 * PG_head on the first, every other points back to it.
 * @page: head of an allocated block
 * @order: its order, >= 1
 */
void prep_compound_page(struct page *page, unsigned int order)
{
	__SetPageHead(page);
	for (int i = 1; i < (1 << order); i++)
		prep_compound_tail(page, i);
	prep_compound_head(page, order);
}

/**
 * __rmqueue_smallest - the smallest free block of @migratetype at or above
 * @order, split down to @order.
 * @zone: the zone
 * @order: wanted order
 * @migratetype: wanted type
 *
 * Context: zone->lock held.
 * Return: the block's head, off the lists, or NULL.
 */
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct page *page = get_page_from_free_area(&zone->free_area[cur], migratetype);

		if (!page)
			continue;
		page_del_and_expand(zone, page, (int)order, (int)cur, migratetype);
		return page;
	}
	return NULL;
}

/* Where each type looks when its own lists are empty, in order. */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/* Change a pageblock's type and move its free blocks; Return: pages moved. */
static int __move_freepages_block(struct zone *zone, unsigned long start_pfn,
				  int old_mt, int new_mt)
{
	unsigned long pfn, end_pfn = pageblock_end_pfn(start_pfn);
	int pages_moved = 0;

	VM_WARN_ON(start_pfn & (pageblock_nr_pages - 1));
	for (pfn = start_pfn; pfn < end_pfn;) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		VM_BUG_ON_PAGE(page_zone(page) != zone, page);
		order = buddy_order(page);
		move_to_free_list(page, zone, order, old_mt, new_mt);
		pfn += 1UL << order;
		pages_moved += 1 << order;
	}
	set_pageblock_migratetype(pfn_to_page(start_pfn), new_mt);
	return pages_moved;
}

/*
 * The pageblock of @page, if it lies within @zone; optionally count its
 * free pages (and the movable ones: kmm has no LRU, so none).
 */
static bool prep_move_freepages_block(struct zone *zone, struct page *page,
				      unsigned long *start_pfn, int *num_free,
				      int *num_movable)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long start = pageblock_start_pfn(pfn), end = pageblock_end_pfn(pfn);

	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return false;
	*start_pfn = start;
	if (!num_free)
		return true;
	*num_free = 0;
	*num_movable = 0;
	for (pfn = start; pfn < end;) {
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			int nr = 1 << buddy_order(page);

			*num_free += nr;
			pfn += nr;
			continue;
		}
		if (PageLRU(page))
			(*num_movable)++;
		pfn++;
	}
	return true;
}

static int move_freepages_block(struct zone *zone, struct page *page, int old_mt,
				int new_mt)
{
	unsigned long start_pfn;

	if (!prep_move_freepages_block(zone, page, &start_pfn, NULL, NULL))
		return -1;
	return __move_freepages_block(zone, start_pfn, old_mt, new_mt);
}

/* A free block that covers @start_pfn from below, or @start_pfn itself. */
static unsigned long find_large_buddy(unsigned long start_pfn)
{
	unsigned long pfn = start_pfn;
	struct page *page;
	int order = 0;

	while (!PageBuddy(page = pfn_to_page(pfn))) {
		if (++order > MAX_PAGE_ORDER)
			return start_pfn;
		pfn &= ~0UL << order;
	}
	if (pfn + (1UL << buddy_order(page)) > start_pfn)
		return pfn;
	return start_pfn;
}

/**
 * move_freepages_block_isolate - give the pageblock of @page the type
 * @migratetype (MIGRATE_ISOLATE or back), splitting a free block that
 * spans more than this pageblock.
 * @zone: the pageblock's zone
 * @page: a page of the pageblock
 * @migratetype: the new type
 *
 * Context: zone->lock held.
 * Return: false if the pageblock crosses the zone's boundary.
 */
bool move_freepages_block_isolate(struct zone *zone, struct page *page, int migratetype)
{
	unsigned long start_pfn, pfn;

	if (!prep_move_freepages_block(zone, page, &start_pfn, NULL, NULL))
		return false;
	pfn = find_large_buddy(start_pfn);
	if (pfn != start_pfn) {
		struct page *buddy = pfn_to_page(pfn);
		int order = (int)buddy_order(buddy);

		del_page_from_free_list(buddy, zone, order, get_pfnblock_migratetype(buddy, pfn));
		set_pageblock_migratetype(page, migratetype);
		split_large_buddy(zone, buddy, pfn, order, FPI_NONE);
		return true;
	}
	page = pfn_to_page(start_pfn);
	if (PageBuddy(page) && buddy_order(page) > pageblock_order) {
		int order = (int)buddy_order(page);

		del_page_from_free_list(page, zone, order,
					get_pfnblock_migratetype(page, start_pfn));
		set_pageblock_migratetype(page, migratetype);
		split_large_buddy(zone, page, start_pfn, order, FPI_NONE);
		return true;
	}
	__move_freepages_block(zone, start_pfn, get_pfnblock_migratetype(page, start_pfn),
			       migratetype);
	return true;
}

/* May a fallback of @order for @start_mt take the whole pageblock? */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || page_group_by_mobility_disabled;
}

/* Raise the watermarks after a fragmenting fallback (kswapd repairs it). */
static bool boost_watermark(struct zone *zone)
{
	unsigned long max_boost;

	if (!watermark_boost_factor)
		return false;
	if (pageblock_nr_pages * 4 > zone_managed_pages(zone))
		return false;
	max_boost = zone->_watermark[WMARK_HIGH] * (unsigned long)watermark_boost_factor / 10000;
	if (!max_boost)
		return false;
	max_boost = max(pageblock_nr_pages, max_boost);
	WRITE_ONCE_RELAXED(zone->watermark_boost,
			   min(zone->watermark_boost + pageblock_nr_pages, max_boost));
	return true;
}

/* Claim the pageblock of @page for @start_type if enough of it fits. */
static struct page *try_to_steal_block(struct zone *zone, struct page *page,
				       int current_order, int order, int start_type,
				       unsigned int alloc_flags)
{
	int free_pages, movable_pages, alike_pages, block_type;
	unsigned long start_pfn;

	block_type = get_pageblock_migratetype(page);
	if (is_migrate_highatomic(block_type))
		return NULL;
	if (current_order >= pageblock_order) {
		unsigned int nr_added;

		del_page_from_free_list(page, zone, current_order, block_type);
		change_pageblock_range(page, current_order, start_type);
		nr_added = expand(zone, page, order, current_order, start_type);
		account_freepages(zone, (int)nr_added, start_type);
		return page;
	}
	if (boost_watermark(zone) && (alloc_flags & ALLOC_KSWAPD))
		zone_set_flag(zone, ZONE_BOOSTED_WATERMARK);
	if (!prep_move_freepages_block(zone, page, &start_pfn, &free_pages, &movable_pages))
		return NULL;
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (block_type == MIGRATE_MOVABLE)
		alike_pages = (int)pageblock_nr_pages - (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (free_pages + alike_pages >= (1 << (pageblock_order - 1)) ||
	    page_group_by_mobility_disabled) {
		__move_freepages_block(zone, start_pfn, block_type, start_type);
		return __rmqueue_smallest(zone, (unsigned int)order, start_type);
	}
	return NULL;
}

/**
 * find_suitable_fallback - the first fallback type with a free block in
 * @area, as 6.12.
 * @area: free area of one order
 * @order: that order
 * @migratetype: the wanted type
 * @only_stealable: accept only a type whose block may be claimed
 * @can_steal: out: whether the block may be claimed
 *
 * Return: the fallback type, or -1.
 */
int find_suitable_fallback(struct free_area *area, unsigned int order, int migratetype,
			   bool only_stealable, bool *can_steal)
{
	if (area->nr_free == 0)
		return -1;
	*can_steal = false;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (free_area_empty(area, fallback_mt))
			continue;
		if (can_steal_fallback(order, migratetype))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return fallback_mt;
	}
	return -1;
}

/**
 * reserve_highatomic_pageblock - set the pageblock(s) of a high-order
 * atomic allocation aside as MIGRATE_HIGHATOMIC, up to ~1% of the zone.
 * @page: the allocated block
 * @order: its order
 * @zone: its zone
 *
 * Context: takes zone->lock.
 */
void reserve_highatomic_pageblock(struct page *page, int order, struct zone *zone)
{
	unsigned long max_managed, flags;
	int mt;

	if (zone_managed_pages(zone) / 100 < pageblock_nr_pages)
		return;
	max_managed = ALIGN(zone_managed_pages(zone) / 100, pageblock_nr_pages);
	if (zone->nr_reserved_highatomic >= max_managed)
		return;
	spin_lock_irqsave(&zone->lock, flags);
	if (zone->nr_reserved_highatomic >= max_managed)
		goto out_unlock;
	mt = get_pageblock_migratetype(page);
	if (!migratetype_is_mergeable(mt))
		goto out_unlock;
	if (order < pageblock_order) {
		if (move_freepages_block(zone, page, mt, MIGRATE_HIGHATOMIC) == -1)
			goto out_unlock;
		zone->nr_reserved_highatomic += pageblock_nr_pages;
	} else {
		change_pageblock_range(page, order, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += 1UL << order;
	}
out_unlock:
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* Give one zone's first free HIGHATOMIC block back to @mt; Return: moved. */
static int unreserve_zone_highatomic(struct zone *zone, int new_mt)
{
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct page *page = get_page_from_free_area(&zone->free_area[order],
							    MIGRATE_HIGHATOMIC);
		int mt, ret;

		if (!page)
			continue;
		mt = get_pageblock_migratetype(page);
		if (is_migrate_highatomic(mt)) {
			unsigned long size = max(pageblock_nr_pages, 1UL << order);

			size = min(size, zone->nr_reserved_highatomic);
			zone->nr_reserved_highatomic -= size;
		}
		if (order < pageblock_order) {
			ret = move_freepages_block(zone, page, mt, new_mt);
		} else {
			move_to_free_list(page, zone, (unsigned int)order, mt, new_mt);
			change_pageblock_range(page, order, new_mt);
			ret = 1;
		}
		WARN_ON_ONCE(ret == -1);
		if (ret > 0)
			return ret;
	}
	return 0;
}

/**
 * unreserve_highatomic_pageblock - under pressure, return a HIGHATOMIC
 * pageblock to the allocation's type.
 * @ac: the failing allocation
 * @force: also take the last reserved pageblock of a zone
 *
 * Return: true if some free pages changed type.
 */
bool unreserve_highatomic_pageblock(const struct alloc_context *ac, bool force)
{
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist_nodemask(zone, z, ac->zonelist, ac->highest_zoneidx,
					ac->nodemask) {
		unsigned long flags;
		int ret;

		if (!force && zone->nr_reserved_highatomic <= pageblock_nr_pages)
			continue;
		spin_lock_irqsave(&zone->lock, flags);
		ret = unreserve_zone_highatomic(zone, ac->migratetype);
		spin_unlock_irqrestore(&zone->lock, flags);
		if (ret > 0)
			return true;
	}
	return false;
}

/* The first free block of @area on a fallback list of @start_mt, or NULL. */
static struct page *fallback_block(struct free_area *area, int order, int start_mt,
				   bool *can_steal, int *fallback_mt)
{
	*fallback_mt = find_suitable_fallback(area, (unsigned int)order, start_mt, false,
					      can_steal);
	if (*fallback_mt == -1)
		return NULL;
	return get_page_from_free_area(area, *fallback_mt);
}

/* Fallback by claiming a whole block of another type (largest first). */
static struct page *__rmqueue_claim(struct zone *zone, int order, int start_migratetype,
				    unsigned int alloc_flags)
{
	int min_order = order;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;
	for (int cur = MAX_PAGE_ORDER; cur >= min_order; cur--) {
		bool can_steal;
		int fallback_mt;
		struct page *page = fallback_block(&zone->free_area[cur], cur, start_migratetype,
						   &can_steal, &fallback_mt);

		if (!page)
			continue;
		if (!can_steal)
			break;
		page = try_to_steal_block(zone, page, cur, order, start_migratetype, alloc_flags);
		if (page)
			return page;
	}
	return NULL;
}

/* Fallback by taking one block of another type, leaving its type alone. */
static struct page *__rmqueue_steal(struct zone *zone, int order, int start_migratetype)
{
	for (int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		bool can_steal;
		int fallback_mt;
		struct page *page = fallback_block(&zone->free_area[cur], cur, start_migratetype,
						   &can_steal, &fallback_mt);

		if (!page)
			continue;
		page_del_and_expand(zone, page, order, cur, fallback_mt);
		return page;
	}
	return NULL;
}

enum rmqueue_mode { RMQUEUE_NORMAL, RMQUEUE_CLAIM, RMQUEUE_STEAL };

/**
 * __rmqueue - take a block of @order for @migratetype, falling back as 6.12.
 * @zone: the zone
 * @order: wanted order
 * @migratetype: wanted type (< MIGRATE_PCPTYPES)
 * @alloc_flags: ALLOC_NOFRAGMENT forbids stealing from other pageblocks
 * @mode: where the last call in a batch found pages (enum rmqueue_mode)
 *
 * Context: zone->lock held.
 * Return: the block's head, or NULL.
 */
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
		       unsigned int alloc_flags, int *mode)
{
	struct page *page;

	switch (*mode) {
	case RMQUEUE_NORMAL:
		page = __rmqueue_smallest(zone, order, migratetype);
		if (page)
			return page;
		/* fall through */
	case RMQUEUE_CLAIM:
		page = __rmqueue_claim(zone, (int)order, migratetype, alloc_flags);
		if (page) {
			*mode = RMQUEUE_NORMAL;
			return page;
		}
		/* fall through */
	case RMQUEUE_STEAL:
		if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
			page = __rmqueue_steal(zone, (int)order, migratetype);
			if (page) {
				*mode = RMQUEUE_STEAL;
				return page;
			}
		}
	}
	return NULL;
}

/* Take a block from the buddy lists of @zone (not the per-CPU lists). */
static struct page *rmqueue_buddy(struct zone *zone, unsigned int order,
				  unsigned int alloc_flags, int migratetype)
{
	struct page *page;
	unsigned long flags;

	do {
		page = NULL;
		spin_lock_irqsave(&zone->lock, flags);
		if (alloc_flags & ALLOC_HIGHATOMIC)
			page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
		if (!page) {
			int mode = RMQUEUE_NORMAL;

			page = __rmqueue(zone, order, migratetype, alloc_flags, &mode);
			if (!page && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
				page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
			if (!page) {
				spin_unlock_irqrestore(&zone->lock, flags);
				return NULL;
			}
		}
		spin_unlock_irqrestore(&zone->lock, flags);
	} while (check_new_pages(page, order));
	return page;
}

/* Orders the per-CPU lists keep. */
static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER;
}

static inline struct page *rmqueue(struct zone *preferred_zone, struct zone *zone,
				   unsigned int order, gfp_t gfp_flags,
				   unsigned int alloc_flags, int migratetype)
{
	struct page *page;

	if (likely(pcp_allowed_order(order))) {
		page = rmqueue_pcplist(preferred_zone, zone, order, migratetype, alloc_flags);
		if (likely(page))
			goto out;
	}
	page = rmqueue_buddy(zone, order, alloc_flags, migratetype);
out:
	if ((alloc_flags & ALLOC_KSWAPD) &&
	    unlikely(zone_test_flag(zone, ZONE_BOOSTED_WATERMARK))) {
		zone_clear_flag(zone, ZONE_BOOSTED_WATERMARK);
		wakeup_kswapd(zone, 0, 0, (enum zone_type)zone_idx(zone));
	}
	VM_BUG_ON_PAGE(page && bad_range(zone, page), page);
	(void)gfp_flags;
	return page;
}

/* Avoid fragmenting: Normal-zone requests first refuse to steal blocks. */
static inline unsigned int alloc_flags_nofragment(struct zone *zone, gfp_t gfp_mask)
{
	unsigned int alloc_flags = gfp_mask & __GFP_KSWAPD_RECLAIM ? ALLOC_KSWAPD : 0;

	if (!zone || zone_idx(zone) != ZONE_NORMAL)
		return alloc_flags;
	if (nr_online_nodes > 1 && !populated_zone(zone - 1))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

/**
 * get_page_from_freelist - walk the zonelist and allocate from the first
 * zone whose watermark allows it.
 * @gfp_mask: the request
 * @order: its order
 * @alloc_flags: ALLOC_* (which watermark, which reserves)
 * @ac: the zonelist and its starting point
 *
 * Return: a prepared block, or NULL.
 */
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order, int alloc_flags,
				    const struct alloc_context *ac)
{
	struct zoneref *z;
	struct zone *zone;
	bool no_fallback;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	z = ac->preferred_zoneref;
	for_next_zone_zonelist_nodemask(zone, z, ac->highest_zoneidx, ac->nodemask) {
		struct page *page;
		unsigned long mark;

		if (no_fallback && nr_online_nodes > 1 &&
		    zone != zonelist_zone(ac->preferred_zoneref) &&
		    zone_to_nid(zone) != zonelist_node_idx(ac->preferred_zoneref)) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		if (zone_test_flag(zone, ZONE_BELOW_HIGH))
			goto check_alloc_wmark;
		mark = high_wmark_pages(zone);
		if (zone_watermark_fast(zone, order, mark, ac->highest_zoneidx,
					(unsigned int)alloc_flags, gfp_mask))
			goto try_this_zone;
		zone_set_flag(zone, ZONE_BELOW_HIGH);
check_alloc_wmark:
		mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
		if (!zone_watermark_fast(zone, order, mark, ac->highest_zoneidx,
					 (unsigned int)alloc_flags, gfp_mask) &&
		    !(alloc_flags & ALLOC_NO_WATERMARKS))
			continue;	/* node_reclaim: the reclaim engineer's */
try_this_zone:
		page = rmqueue(zonelist_zone(ac->preferred_zoneref), zone, order, gfp_mask,
			       (unsigned int)alloc_flags, ac->migratetype);
		if (page) {
			prep_new_page(page, order, gfp_mask, (unsigned int)alloc_flags);
			if (unlikely(alloc_flags & ALLOC_HIGHATOMIC))
				reserve_highatomic_pageblock(page, (int)order, zone);
			return page;
		}
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/* WARN_ON_ONCE_GFP() of an order above MAX_PAGE_ORDER: once per boot. */
static bool order_warned;

/* What every allocation needs to know, computed once (6.12's order). */
static inline bool prepare_alloc_pages(gfp_t gfp_mask, unsigned int order, int preferred_nid,
				       nodemask_t *nodemask, struct alloc_context *ac,
				       unsigned int *alloc_flags)
{
	ac->highest_zoneidx = gfp_zone(gfp_mask);
	ac->zonelist = &NODE_DATA(preferred_nid)->node_zonelists[
		(gfp_mask & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
	ac->nodemask = nodemask;
	ac->migratetype = gfp_migratetype(gfp_mask);
	might_alloc(gfp_mask);
	if (should_fail_alloc_page(gfp_mask, order))
		return false;
	ac->spread_dirty_pages = gfp_mask & __GFP_WRITE;
	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist, ac->highest_zoneidx,
						     ac->nodemask);
	(void)alloc_flags;
	return true;
}

/*
 * The fast path (point 8): what get_page_from_freelist() does for the
 * first zone of the zonelist when it passes its watermark and the block
 * comes from this CPU's list - the same checks in the same order, without
 * the loop. Anything else returns NULL and get_page_from_freelist() takes
 * over from the top, so the outcome is the same as Linux's.
 */
static __always_inline struct page *alloc_from_first_zone(gfp_t gfp, unsigned int order,
		unsigned int alloc_flags, const struct alloc_context *ac)
{
	struct zone *zone = zonelist_zone(ac->preferred_zoneref);
	unsigned long mark;
	struct page *page;

	if (unlikely(!zone || order > PAGE_ALLOC_COSTLY_ORDER || ac->nodemask))
		return NULL;
	if (!zone_test_flag(zone, ZONE_BELOW_HIGH))
		mark = high_wmark_pages(zone);
	else
		mark = low_wmark_pages(zone);
	if (unlikely(!zone_watermark_fast(zone, order, mark, ac->highest_zoneidx,
					  alloc_flags, gfp)))
		return NULL;
	page = rmqueue_pcplist(zone, zone, order, ac->migratetype, alloc_flags);
	if (unlikely(!page))
		return NULL;
	if (unlikely(zone_test_flag(zone, ZONE_BOOSTED_WATERMARK)) && (alloc_flags & ALLOC_KSWAPD))
		zone_clear_flag(zone, ZONE_BOOSTED_WATERMARK);
	prep_new_page(page, order, gfp, alloc_flags);
	return page;
}

/**
 * __alloc_pages - allocate 2^@order contiguous pages: the heart of the
 * zoned buddy allocator.
 * @gfp: GFP flags: zone, mobility, reclaim and reserve rights, modifiers
 * @order: 0..MAX_PAGE_ORDER
 * @preferred_nid: the node to start from
 * @nodemask: nodes allowed, or NULL for all
 *
 * The fast path tries each zone of the zonelist against its low
 * watermark; if none has room, __alloc_pages_slowpath() decides what the
 * flags allow. An order above MAX_PAGE_ORDER fails with a warning unless
 * __GFP_NOWARN.
 *
 * Context: any if @gfp does not allow direct reclaim; may sleep otherwise.
 * Return: the first page of the block (one reference), or NULL.
 */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   nodemask_t *nodemask)
{
	if (likely(!order && !nodemask))
		return pcp_alloc_fast(gfp & gfp_allowed_mask, preferred_nid);
	return __alloc_pages_general(gfp, order, preferred_nid, nodemask);
}

/**
 * __alloc_pages_general - __alloc_pages() without its order-0 shortcut:
 * the zonelist walk, then the slow path.
 * @gfp: GFP flags
 * @order: 0..MAX_PAGE_ORDER
 * @preferred_nid: the node to start from
 * @nodemask: nodes allowed, or NULL for all
 *
 * Context and Return: as __alloc_pages().
 */
struct page *__alloc_pages_general(gfp_t gfp, unsigned int order, int preferred_nid,
				   nodemask_t *nodemask)
{
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	struct alloc_context ac = { 0 };
	struct page *page;

	if (unlikely(order > MAX_PAGE_ORDER)) {
		if (!(gfp & __GFP_NOWARN) && !order_warned) {
			order_warned = true;
			WARN_ON(1);
		}
		return NULL;
	}
	gfp &= gfp_allowed_mask;
	if (!prepare_alloc_pages(gfp, order, preferred_nid, nodemask, &ac, &alloc_flags))
		return NULL;
	alloc_flags |= alloc_flags_nofragment(zonelist_zone(ac.preferred_zoneref), gfp);
	page = alloc_from_first_zone(gfp, order, alloc_flags, &ac);
	if (likely(page))
		return page;
	page = get_page_from_freelist(gfp, order, (int)alloc_flags, &ac);
	if (likely(page))
		return page;
	ac.spread_dirty_pages = false;
	ac.nodemask = nodemask;
	return __alloc_pages_slowpath(gfp, order, &ac);
}

/* kmm_halt: back to the defaults of a fresh boot. */
void page_alloc_reset(void)
{
	atomic_long_set(&_totalram_pages, 0);
	totalreserve_pages = 0;
	totalcma_pages = 0;
	page_group_by_mobility_disabled = 0;
	gfp_allowed_mask = __GFP_BITS_MASK;
	order_warned = false;
}

/**
 * __isolate_free_page - take a free block off its list without allocating
 * it (for isolation and, later, compaction).
 * @page: a PageBuddy head
 * @order: its order
 *
 * Outside an isolated pageblock the zone must stay above min + 2^@order.
 * Context: zone->lock held.
 * Return: the pages taken (2^@order), or 0.
 */
int __isolate_free_page(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	int mt = get_pageblock_migratetype(page);

	if (!is_migrate_isolate(mt)) {
		unsigned long watermark = zone->_watermark[WMARK_MIN] + (1UL << order);

		if (!zone_watermark_ok(zone, 0, watermark, 0, ALLOC_CMA))
			return 0;
	}
	del_page_from_free_list(page, zone, order, mt);
	if (order >= pageblock_order - 1) {
		struct page *endpage = page + (1UL << order) - 1;

		for (; page < endpage; page += pageblock_nr_pages) {
			int pmt = get_pageblock_migratetype(page);

			if (migratetype_is_mergeable(pmt))
				move_freepages_block(zone, page, pmt, MIGRATE_MOVABLE);
		}
	}
	return 1 << order;
}
