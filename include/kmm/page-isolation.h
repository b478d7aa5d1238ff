/* SPDX-License-Identifier: MIT */
/*
 * kmm/page-isolation.h - MIGRATE_ISOLATE pageblocks (linux/page-isolation.h),
 * implemented in src/mm/page_isolation.c.
 */
#ifndef KMM_PAGE_ISOLATION_H
#define KMM_PAGE_ISOLATION_H

#include <kmm/mm.h>
#include <kmm/pageblock-flags.h>

/* start_isolate_page_range() flags */
#define MEMORY_OFFLINE	0x1
#define REPORT_FAILURE	0x2

/* Is the pageblock of @page isolated? */
static inline bool is_migrate_isolate_page(const struct page *page)
{
	return get_pageblock_migratetype(page) == MIGRATE_ISOLATE;
}

int start_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype, int flags);
void undo_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn,
			     int migratetype);
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn, int flags);

#endif /* KMM_PAGE_ISOLATION_H */
