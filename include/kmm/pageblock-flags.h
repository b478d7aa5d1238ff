/* SPDX-License-Identifier: MIT */
/*
 * kmm/pageblock-flags.h - the flags of a pageblock (linux/pageblock-flags.h):
 * 4 bits per pageblock of pageblock_nr_pages (512) pages, kept in the usage
 * map of the pageblock's memory section: 3 bits of migratetype and the
 * compaction skip bit. Reads are lock-free; set_pfnblock_flags_mask()
 * updates a word with compare-and-swap (src/mm/page_alloc.c).
 */
#ifndef KMM_PAGEBLOCK_FLAGS_H
#define KMM_PAGEBLOCK_FLAGS_H

#include <kmm/mm.h>

/**
 * get_pfnblock_flags_mask - the flag bits @mask of the pageblock of @pfn.
 * @page: the struct page of @pfn (unused: the section finds the bits)
 * @pfn: a pfn with a memmap (pfn_valid)
 * @mask: MIGRATETYPE_MASK, or another group of bits
 */
static inline unsigned long get_pfnblock_flags_mask(const struct page *page,
		unsigned long pfn, unsigned long mask)
{
	const unsigned long *bitmap = section_to_usemap(__pfn_to_section(pfn));
	unsigned long bitidx = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) *
			       NR_PAGEBLOCK_BITS;
	unsigned long word = READ_ONCE_RELAXED(bitmap[bitidx / BITS_PER_LONG]);

	(void)page;
	return (word >> (bitidx % BITS_PER_LONG)) & mask;
}

static __always_inline int get_pfnblock_migratetype(const struct page *page,
						     unsigned long pfn)
{
	return (int)get_pfnblock_flags_mask(page, pfn, MIGRATETYPE_MASK);
}

/** get_pageblock_migratetype - the migratetype of @page's pageblock. */
static inline int get_pageblock_migratetype(const struct page *page)
{
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}

void set_pfnblock_flags_mask(struct page *page, unsigned long flags,
			     unsigned long pfn, unsigned long mask);
/** set_pageblock_migratetype - give @page's pageblock @migratetype. */
void set_pageblock_migratetype(struct page *page, int migratetype);

#endif /* KMM_PAGEBLOCK_FLAGS_H */
