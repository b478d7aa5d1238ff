/* SPDX-License-Identifier: MIT */
/*
 * kmm/page-flags.h - the bits of page->flags and the page types, as
 * linux/page-flags.h and linux/page-flags-layout.h define them for x86-64.
 *
 * 1. Layout of page->flags (SPARSEMEM_VMEMMAP: no section bits; no NUMA
 *    balancing, so no last_cpupid field):
 *
 *      63      58 57  56 55        52 51     48 47      23 22        0
 *     +----------+------+------------+---------+----------+-----------+
 *     | NODE (6) | ZONE |  (unused)  | kmm ord |  unused  | PG_* bits |
 *     +----------+------+------------+---------+----------+-----------+
 *
 *    NODE is NODES_SHIFT (6) bits for MAX_NUMNODES 64; ZONE is 2 bits for
 *    four zones. "kmm ord" is kmm's debug record of an allocation's order
 *    (see 3); Linux has no such field.
 *
 * 2. The flag numbers are Linux 6.12's enum pageflags for x86-64 with
 *    CONFIG_MEMORY_FAILURE (PG_hwpoison) and CONFIG_PAGE_IDLE_FLAG
 *    (PG_young, PG_idle), as distribution kernels build it. PG_head must be
 *    bit 6. Page *types* are not flags: PageBuddy and friends are stored in
 *    the top byte of page->page_type, which shares its word with _mapcount;
 *    an untyped page has page_type 0xffffffff (_mapcount -1).
 *
 * 3. kmm's allocation-order record. While a block is allocated, its head
 *    page remembers order + 1 in bits 48..51 (0: not recorded). This is a
 *    debug aid in the spirit of page_owner: free_pages() with another order
 *    is reported as a bad page instead of corrupting the free lists. The
 *    bits are outside PAGEFLAGS_MASK and reports print flags without them,
 *    so dumps read as Linux's.
 */
#ifndef KMM_PAGE_FLAGS_H
#define KMM_PAGE_FLAGS_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/bug.h>
#include <kmm/mm_types.h>
#include <kmm/numa.h>

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,		/* bit 6, as Linux requires */
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_owner_priv_1,
	PG_owner_2,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_hwpoison,
	PG_young,
	PG_idle,
	__NR_PAGEFLAGS,

	/* Aliases Linux gives some bits. */
	PG_readahead = PG_reclaim,
	PG_swapcache = PG_owner_priv_1,
	PG_checked = PG_owner_priv_1,
	PG_reported = PG_uptodate,	/* free pages only */
	PG_isolated = PG_reclaim,
	/* Flags of the first tail page of a compound page. */
	PG_has_hwpoisoned = PG_active,
	PG_large_rmappable = PG_workingset,
	PG_partially_mapped = PG_reclaim,
};

#define NR_PAGEFLAGS		__NR_PAGEFLAGS
#define PAGEFLAGS_MASK		((1UL << NR_PAGEFLAGS) - 1)

/* Field widths and shifts (page-flags-layout.h, mm.h). */
#define ZONES_WIDTH		2
#define NODES_WIDTH		NODES_SHIFT
#define NODES_PGSHIFT		(64 - NODES_WIDTH)
#define ZONES_PGSHIFT		(NODES_PGSHIFT - ZONES_WIDTH)
#define NODES_MASK		((1UL << NODES_WIDTH) - 1)
#define ZONES_MASK		((1UL << ZONES_WIDTH) - 1)
/* kmm's allocation-order record (see 3 above). */
#define KMM_ORDER_PGSHIFT	48
#define KMM_ORDER_MASK		0xfUL
#define KMM_PRIVATE_FLAGS	(KMM_ORDER_MASK << KMM_ORDER_PGSHIFT)

BUILD_BUG_ON(NR_PAGEFLAGS > KMM_ORDER_PGSHIFT);

#define __PG_HWPOISON		(1UL << PG_hwpoison)
#define __PG_MLOCKED		(1UL << PG_mlocked)

/* Flags a page must not have when it is freed (Linux 6.12). */
#define PAGE_FLAGS_CHECK_AT_FREE					\
	(1UL << PG_lru | 1UL << PG_locked | 1UL << PG_private |		\
	 1UL << PG_private_2 | 1UL << PG_writeback | 1UL << PG_reserved | \
	 1UL << PG_active | 1UL << PG_unevictable | __PG_MLOCKED)
/* Flags a page must not have when the allocator hands it out. */
#define PAGE_FLAGS_CHECK_AT_PREP	(PAGEFLAGS_MASK & ~__PG_HWPOISON)
/* What the first tail page of a compound page keeps in its flags. */
#define PAGE_FLAGS_SECOND						\
	(0xffUL | 1UL << PG_has_hwpoisoned | 1UL << PG_large_rmappable | \
	 1UL << PG_partially_mapped)

/* Atomic and non-atomic bit operations on page->flags. */
static inline bool test_page_bit(const struct page *page, int nr)
{
	return (READ_ONCE(page->flags) >> nr) & 1;
}

static inline void set_page_bit(struct page *page, int nr)
{
	__atomic_fetch_or(&page->flags, 1UL << nr, __ATOMIC_RELAXED);
}

static inline void clear_page_bit(struct page *page, int nr)
{
	__atomic_fetch_and(&page->flags, ~(1UL << nr), __ATOMIC_RELAXED);
}

/* Defines PageFoo, SetPageFoo, ClearPageFoo, __SetPageFoo, __ClearPageFoo. */
#define PAGEFLAG(uname, lname)						\
static inline bool Page##uname(const struct page *page)		\
{ return test_page_bit(page, PG_##lname); }				\
static inline void SetPage##uname(struct page *page)			\
{ set_page_bit(page, PG_##lname); }					\
static inline void ClearPage##uname(struct page *page)			\
{ clear_page_bit(page, PG_##lname); }					\
static inline void __SetPage##uname(struct page *page)			\
{ page->flags |= 1UL << PG_##lname; }					\
static inline void __ClearPage##uname(struct page *page)		\
{ page->flags &= ~(1UL << PG_##lname); }

PAGEFLAG(Locked, locked)
PAGEFLAG(Writeback, writeback)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(LRU, lru)
PAGEFLAG(Active, active)
PAGEFLAG(Workingset, workingset)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Private, private)
PAGEFLAG(Private2, private_2)
PAGEFLAG(Reclaim, reclaim)
PAGEFLAG(SwapBacked, swapbacked)
PAGEFLAG(Unevictable, unevictable)
PAGEFLAG(Mlocked, mlocked)
PAGEFLAG(HWPoison, hwpoison)
PAGEFLAG(Reported, reported)

/* Compound pages: PG_head on the head, compound_head bit 0 on the tails. */
static inline bool PageHead(const struct page *page)
{
	return test_page_bit(page, PG_head);
}

static inline void __SetPageHead(struct page *page)
{
	page->flags |= 1UL << PG_head;
}

static inline void __ClearPageHead(struct page *page)
{
	page->flags &= ~(1UL << PG_head);
}

static inline bool PageTail(const struct page *page)
{
	return READ_ONCE(page->compound_head) & 1;
}

static inline bool PageCompound(const struct page *page)
{
	return PageHead(page) || PageTail(page);
}

static inline struct page *compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	if (unlikely(head & 1))
		return (struct page *)(head - 1);
	return (struct page *)page;
}

static inline void set_compound_head(struct page *page, const struct page *head)
{
	WRITE_ONCE(page->compound_head, (unsigned long)head + 1);
}

static inline void clear_compound_head(struct page *page)
{
	WRITE_ONCE(page->compound_head, 0);
}

/* The order of a compound page, kept in the first tail's flags (0 if none). */
static inline unsigned int compound_order(const struct page *page)
{
	if (!PageHead(page))
		return 0;
	return page[1].flags & 0xff;
}

static inline unsigned long compound_nr(const struct page *page)
{
	return 1UL << compound_order(page);
}

/* Page types, in the top byte of page->page_type (6.12's PGTY_*). */
enum pagetype {
	PGTY_buddy	= 0xf0,
	PGTY_offline	= 0xf1,
	PGTY_table	= 0xf2,
	PGTY_guard	= 0xf3,
	PGTY_hugetlb	= 0xf4,
	PGTY_slab	= 0xf5,
	PGTY_zsmalloc	= 0xf6,
	PGTY_unaccepted	= 0xf7,
	PGTY_mapcount_underflow = 0xff
};

static inline bool page_type_has_type(unsigned int page_type)
{
	return page_type < ((unsigned int)PGTY_mapcount_underflow << 24);
}

/* Does @page carry a type (rather than a mapcount)? */
static inline bool page_has_type(const struct page *page)
{
	return page_type_has_type(READ_ONCE(page->page_type));
}

/*
 * The type of a neighbour is read without its owner's lock (buddy merging
 * looks at pages others may be turning into slabs): loads and stores of
 * page_type are relaxed atomics, which cost nothing on x86 and say so to
 * ThreadSanitizer (Linux marks these reads data_race()).
 */
#define PAGE_TYPE_OPS(uname, lname)					\
static inline bool Page##uname(const struct page *page)		\
{ return (__atomic_load_n(&page->page_type, __ATOMIC_RELAXED) >> 24) ==	\
	 PGTY_##lname; }						\
static inline void __SetPage##uname(struct page *page)			\
{									\
	VM_BUG_ON(page->page_type != UINT_MAX);				\
	__atomic_store_n(&page->page_type, (unsigned int)PGTY_##lname << 24, \
			 __ATOMIC_RELAXED);				\
}									\
static inline void __ClearPage##uname(struct page *page)		\
{									\
	VM_BUG_ON(!Page##uname(page));					\
	__atomic_store_n(&page->page_type, UINT_MAX, __ATOMIC_RELAXED);	\
}

PAGE_TYPE_OPS(Buddy, buddy)
PAGE_TYPE_OPS(Offline, offline)
PAGE_TYPE_OPS(Table, table)
PAGE_TYPE_OPS(Guard, guard)
PAGE_TYPE_OPS(Slab, slab)

/*
 * kmm: has this struct page ever been initialised? An untouched struct
 * page of the vmemmap reads as zero (see kmm/mm_types.h).
 */
static inline bool page_is_uninitialised(const struct page *page)
{
	return READ_ONCE(page->flags) == 0 && READ_ONCE(page->page_type) == 0;
}

/* kmm's record of the order a block was allocated with; -1 if none. */
static inline int kmm_page_alloc_order(const struct page *page)
{
	return (int)((page->flags >> KMM_ORDER_PGSHIFT) & KMM_ORDER_MASK) - 1;
}

static inline void kmm_page_set_alloc_order(struct page *page, int order)
{
	page->flags = (page->flags & ~KMM_PRIVATE_FLAGS) |
		      ((unsigned long)(order + 1) << KMM_ORDER_PGSHIFT);
}

static inline void kmm_page_clear_alloc_order(struct page *page)
{
	page->flags &= ~KMM_PRIVATE_FLAGS;
}

#endif /* KMM_PAGE_FLAGS_H */
