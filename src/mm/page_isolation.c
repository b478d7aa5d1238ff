// SPDX-License-Identifier: MIT
/*
 * src/mm/page_isolation.c - taking pageblocks away from the allocator
 * (mm/page_isolation.c): MIGRATE_ISOLATE.
 *
 * 1. Isolation marks a pageblock MIGRATE_ISOLATE and moves its free blocks
 *    to the ISOLATE free lists (move_freepages_block_isolate(), which
 *    splits a free block that spans more than the pageblock). Nothing is
 *    allocated from those lists and their pages are not counted in
 *    NR_FREE_PAGES; pages freed into an isolated pageblock go there too,
 *    and __free_one_page() never merges them with blocks of other
 *    pageblocks (6.12's rule for types that are not mergeable). CMA,
 *    memory offlining and alloc_contig_range() are built on this.
 *
 * 2. A pageblock may be isolated only if it holds nothing unmovable
 *    (has_unmovable_pages()): no PG_reserved page and, outside
 *    ZONE_MOVABLE, no page in use, because kmm has no movable (LRU) pages
 *    yet. A pageblock of ZONE_MOVABLE is always isolatable, as on Linux.
 *
 * 3. Undoing isolation moves the free blocks back; a free block of
 *    pageblock order or more whose buddy is outside the isolated range is
 *    taken off and freed again so that it merges (unset_migratetype_isolate).
 *
 * Locking: each pageblock is changed under its zone's lock. Callers should
 * drain the per-CPU lists first (drain_all_pages()) if the range's free
 * pages must all be on the buddy lists.
 *
 * How kmm differs: ranges are rounded out to whole pageblocks (6.12 can
 * isolate partial pageblocks at the ends of a range by splitting free
 * blocks and migrating pages); no migration, no hugetlb, no offline pages.
 */
#include <kmm/mm.h>
#include <kmm/page-isolation.h>
#include <kmm/errno.h>
#include "internal.h"

/* The first page in [start_pfn, end_pfn) that cannot be moved, or NULL. */
static struct page *has_unmovable_pages(unsigned long start_pfn, unsigned long end_pfn)
{
	struct zone *zone = page_zone(pfn_to_page(start_pfn));

	for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (page_is_uninitialised(page))
			continue;	/* inside a free block */
		if (PageReserved(page))
			return page;
		if (zone_idx(zone) == ZONE_MOVABLE)
			continue;
		if (!page_ref_count(page)) {
			if (PageBuddy(page))
				pfn += (1UL << buddy_order(page)) - 1;
			continue;
		}
		if (PageLRU(page))
			continue;
		return page;
	}
	return NULL;
}

static int set_migratetype_isolate(struct page *page, int flags)
{
	unsigned long pfn = page_to_pfn(page), irqflags;
	struct zone *zone = page_zone(page);
	struct page *unmovable;

	spin_lock_irqsave(&zone->lock, irqflags);
	if (is_migrate_isolate_page(page)) {
		spin_unlock_irqrestore(&zone->lock, irqflags);
		return -EBUSY;
	}
	unmovable = has_unmovable_pages(pageblock_start_pfn(pfn), pageblock_end_pfn(pfn));
	if (!unmovable && move_freepages_block_isolate(zone, page, MIGRATE_ISOLATE)) {
		zone->nr_isolate_pageblock++;
		spin_unlock_irqrestore(&zone->lock, irqflags);
		return 0;
	}
	spin_unlock_irqrestore(&zone->lock, irqflags);
	if (unmovable && (flags & REPORT_FAILURE))
		dump_page(unmovable, "unmovable page");
	return -EBUSY;
}

static void unset_migratetype_isolate(struct page *page, int migratetype)
{
	struct zone *zone = page_zone(page);
	unsigned long pfn = page_to_pfn(page), irqflags;
	bool isolated_page = false;
	unsigned int order = 0;

	spin_lock_irqsave(&zone->lock, irqflags);
	if (!is_migrate_isolate_page(page))
		goto out;
	if (PageBuddy(page)) {
		order = buddy_order(page);
		if (order >= pageblock_order && order < MAX_PAGE_ORDER) {
			struct page *buddy = find_buddy_page_pfn(page, pfn, order, NULL);

			if (buddy && !is_migrate_isolate_page(buddy))
				isolated_page = __isolate_free_page(page, order) != 0;
		}
	}
	if (!isolated_page) {
		WARN_ON_ONCE(!move_freepages_block_isolate(zone, page, migratetype));
	} else {
		set_pageblock_migratetype(page, migratetype);
		__free_one_page(page, pfn, zone, order, migratetype, FPI_TO_TAIL);
	}
	zone->nr_isolate_pageblock--;
out:
	spin_unlock_irqrestore(&zone->lock, irqflags);
}

/**
 * start_isolate_page_range - isolate every pageblock of [start_pfn, end_pfn)
 * (rounded out to pageblocks).
 * @start_pfn: first pfn
 * @end_pfn: end pfn (exclusive)
 * @migratetype: the type to restore if isolation fails midway
 * @flags: REPORT_FAILURE to dump the first unmovable page found
 *
 * Context: takes zone locks; does not sleep. The range must not span zones.
 * Return: 0, or -EBUSY (nothing stays isolated) if a pageblock holds an
 * unmovable page or is isolated already.
 */
int start_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype, int flags)
{
	unsigned long pfn, isolate_start = pageblock_start_pfn(start_pfn);
	unsigned long isolate_end = pageblock_align(end_pfn);

	for (pfn = isolate_start; pfn < isolate_end; pfn += pageblock_nr_pages) {
		if (!pfn_valid(pfn) || set_migratetype_isolate(pfn_to_page(pfn), flags)) {
			undo_isolate_page_range(isolate_start, pfn, migratetype);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * undo_isolate_page_range - give the pageblocks of [start_pfn, end_pfn)
 * back the type @migratetype.
 * @start_pfn: first pfn
 * @end_pfn: end pfn (exclusive)
 * @migratetype: their type from now on
 */
void undo_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype)
{
	unsigned long pfn, isolate_end = pageblock_align(end_pfn);

	for (pfn = pageblock_start_pfn(start_pfn); pfn < isolate_end; pfn += pageblock_nr_pages)
		if (pfn_valid(pfn))
			unset_migratetype_isolate(pfn_to_page(pfn), migratetype);
}

/**
 * test_pages_isolated - are all pages of [start_pfn, end_pfn) free and in
 * isolated pageblocks?
 * @start_pfn: first pfn
 * @end_pfn: end pfn (exclusive)
 * @flags: unused (MEMORY_OFFLINE on Linux)
 *
 * Return: 0 if so, -EBUSY if a pageblock is not isolated or a page is in
 * use (or on a per-CPU list: drain first).
 */
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn, int flags)
{
	unsigned long pfn, irqflags;
	struct zone *zone;

	(void)flags;
	for (pfn = start_pfn; pfn < end_pfn; pfn += pageblock_nr_pages)
		if (!pfn_valid(pfn) || !is_migrate_isolate_page(pfn_to_page(pfn)))
			return -EBUSY;
	zone = page_zone(pfn_to_page(start_pfn));
	spin_lock_irqsave(&zone->lock, irqflags);
	for (pfn = start_pfn; pfn < end_pfn;) {
		struct page *page = pfn_to_page(pfn);

		if (!PageBuddy(page))
			break;
		pfn += 1UL << buddy_order(page);
	}
	spin_unlock_irqrestore(&zone->lock, irqflags);
	return pfn < end_pfn ? -EBUSY : 0;
}
