// SPDX-License-Identifier: MIT
/*
 * src/mm/page_alloc_api.c - the page allocator's entry points around
 * __alloc_pages() and free_unref_page() (the API half of mm/page_alloc.c):
 * address-based and exact-size allocations, the freeing calls, split_page(),
 * and the misuse checks made before a reference is dropped.
 *
 * 1. Freeing. __free_pages() drops a reference; the last one frees the
 *    block (free_unref_page(), or the order-0 fast path of
 *    page_alloc_pcp.c point 6). Freeing a non-compound block while others
 *    still hold the first page frees the rest now, the first page later,
 *    as Linux does.
 *
 * 2. Misuse caught before the refcount is touched (free_is_misuse): a
 *    page already free (refcount 0: a double free, or a page never handed
 *    out), and a block freed with another order than it was allocated
 *    with. kmm remembers each allocation's order in page flags bits Linux
 *    leaves unused (kmm_page_alloc_order()), so it reports what Linux
 *    misses (a smaller order; neighbours that look free), and reports a
 *    larger order over held or free neighbours as Linux's free checks do,
 *    naming the neighbour. Nothing is freed, nothing leaked: the caller
 *    still holds the block.
 *
 * 3. Exact allocations (alloc_pages_exact): a block of the order that
 *    covers the size, split, and the pages past the size freed at once.
 *
 * How kmm differs: the misuse checks of point 2 are kmm's own (Linux
 * relies on CONFIG_DEBUG_VM's checks in free_pages_prepare, and leaks or
 * corrupts on what they miss).
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/printk.h>
#include "../lib/string.h"
#include "internal.h"

/**
 * __get_free_pages - allocate 2^@order pages and return their address.
 * @gfp_mask: GFP flags (not __GFP_HIGHMEM: the pages must have an address)
 * @order: block order
 *
 * Return: the direct-map address of the block, or 0.
 */
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page = alloc_pages(gfp_mask & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

/** get_zeroed_page - one zeroed page; Return: its address, or 0. */
unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_pages(gfp_mask | __GFP_ZERO, 0);
}

/*
 * The first page past @page that Linux's own checks (__free_pages_prepare)
 * would find bad in a free of @order pages: a neighbour still held, or the
 * head of a free buddy block. NULL if they would find none.
 */
static struct page *free_checks_catch(struct page *page, unsigned int order)
{
	if (!check_pages_enabled || PageCompound(page))
		return NULL;
	for (unsigned int i = 1; i < (1U << order); i++)
		if (!page_expected_state(page + i, PAGE_FLAGS_CHECK_AT_FREE))
			return page + i;
	return NULL;
}

/*
 * Misuse kmm catches before touching the refcount: a page that is already
 * free (refcount 0: a double free, or a pointer to a page never handed
 * out), or a block freed with another order than it was allocated with.
 * A larger order that Linux's checks would catch is reported as they
 * report it, naming the first bad neighbour page; but where Linux then
 * leaks the block (and, over a free buddy, clears its PG_buddy), kmm
 * leaves everything as it was: the caller still holds the block. kmm
 * also reports what Linux misses: a smaller order, or neighbours that
 * look free (pages on a per-CPU list).
 * Return: true if the free must not go on.
 */
static bool free_is_misuse(struct page *page, unsigned int order)
{
	static char reason[96];
	int alloc_order;

	if (unlikely(page_ref_count(page) <= 0)) {
		report_bad_page(page, "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
		return true;
	}
	alloc_order = kmm_page_alloc_order(page);
	if (unlikely(alloc_order >= 0 && (unsigned int)alloc_order != order &&
		     page_ref_count(page) == 1)) {
		struct page *bad = (unsigned int)alloc_order < order ?
				   free_checks_catch(page, order) : NULL;

		if (bad) {
			report_bad_page(bad, page_bad_reason(bad, PAGE_FLAGS_CHECK_AT_FREE));
			return true;
		}
		snprintf(reason, sizeof(reason), "freed with order %u, allocated with order %d",
			 order, alloc_order);
		report_bad_page(page, reason);
		return true;
	}
	return false;
}

/**
 * __free_pages - free pages allocated with alloc_pages().
 * @page: the page alloc_pages() returned
 * @order: the order it was allocated with
 *
 * Drops a reference; the last one frees the block. If others still hold
 * references to a non-compound block, the pages after the first are
 * freed now and the first when its last reference goes (as Linux does).
 * Misuse (double free, wrong order, a reserved page) is reported as a bad
 * page and the block stays out of use.
 *
 * Context: any; never sleeps.
 */
static void __free_pages_general(struct page *page, unsigned int order);

void __free_pages(struct page *page, unsigned int order)
{

	/* The order-0 fast path: a page that free_is_misuse() would pass. */
	if (likely(!order && page_ref_count(page) > 0 && kmm_page_alloc_order(page) == 0)) {
		if (put_page_testzero(page))
			free_unref_page_fast(page);
		return;
	}
	__free_pages_general(page, order);
}

/* __free_pages() without its order-0 shortcut. */
static noinline void __free_pages_general(struct page *page, unsigned int order)
{
	bool head;

	if (unlikely(free_is_misuse(page, order)))
		return;
	head = PageHead(page);
	if (put_page_testzero(page)) {
		free_unref_page(page, order);
	} else if (!head) {
		kmm_page_set_alloc_order(page, 0);
		while (order-- > 0)
			free_unref_page(page + (1U << order), order);
	}
}

/**
 * free_pages - free pages by address (the address __get_free_pages()
 * returned). 0 is ignored; an address outside the direct map is reported
 * and ignored.
 * @addr: address of the block
 * @order: its order
 */
void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (unlikely(!virt_addr_valid((void *)addr))) {
		report_bad_address(addr, order);
		return;
	}
	__free_pages(virt_to_page((void *)addr), order);
}

/**
 * put_page - drop a reference; the last frees the page, or the whole
 * compound page it belongs to.
 * @page: any page of an allocation
 */
void put_page(struct page *page)
{
	unsigned int order;

	page = compound_head(page);
	order = compound_order(page);
	if (unlikely(free_is_misuse(page, order)))
		return;
	if (put_page_testzero(page))
		free_unref_page(page, order);
}

/**
 * split_page - turn a non-compound block of 2^@order pages into as many
 * order-0 pages, each with one reference, to be freed one by one.
 * @page: the block's first page
 * @order: its order
 */
void split_page(struct page *page, unsigned int order)
{
	VM_BUG_ON_PAGE(PageCompound(page), page);
	VM_BUG_ON_PAGE(!page_ref_count(page), page);
	kmm_page_set_alloc_order(page, 0);
	for (unsigned int i = 1; i < (1U << order); i++) {
		set_page_refcounted(page + i);
		kmm_page_set_alloc_order(page + i, 0);
	}
}

/* Keep the pages of [addr, addr + size) and free the rest of the block. */
static void *make_alloc_exact(unsigned long addr, unsigned int order, size_t size)
{
	struct page *page, *last;
	unsigned long nr;

	if (!addr)
		return NULL;
	nr = DIV_ROUND_UP(size, PAGE_SIZE);
	page = virt_to_page((void *)addr);
	kmm_page_set_alloc_order(page, 0);
	for (last = page + nr; page < --last;) {
		set_page_refcounted(last);
		kmm_page_set_alloc_order(last, 0);
	}
	last = page + (1UL << order);
	for (page += nr; page < last; page++)
		if (free_pages_prepare(page, 0))
			free_one_page(page_zone(page), page, page_to_pfn(page), 0, FPI_TO_TAIL);
	return (void *)addr;
}

/**
 * alloc_pages_exact - allocate the fewest physically contiguous pages
 * that hold @size bytes (a block of get_order(@size), trimmed).
 * @size: bytes
 * @gfp_mask: GFP flags, without __GFP_COMP
 *
 * Return: the address, or NULL. Free with free_pages_exact().
 */
void *alloc_pages_exact(size_t size, gfp_t gfp_mask)
{
	unsigned int order = (unsigned int)get_order(size);

	if (WARN_ON_ONCE(gfp_mask & (__GFP_COMP | __GFP_HIGHMEM)))
		gfp_mask &= ~(__GFP_COMP | __GFP_HIGHMEM);
	return make_alloc_exact(__get_free_pages(gfp_mask, order), order, size);
}

/** alloc_pages_exact_nid - alloc_pages_exact() starting from node @nid. */
void *alloc_pages_exact_nid(int nid, size_t size, gfp_t gfp_mask)
{
	unsigned int order = (unsigned int)get_order(size);
	struct page *p;

	if (WARN_ON_ONCE(gfp_mask & (__GFP_COMP | __GFP_HIGHMEM)))
		gfp_mask &= ~(__GFP_COMP | __GFP_HIGHMEM);
	p = alloc_pages_node(nid, gfp_mask, order);
	if (!p)
		return NULL;
	return make_alloc_exact((unsigned long)page_address(p), order, size);
}

/**
 * free_pages_exact - free what alloc_pages_exact() returned.
 * @virt: its address
 * @size: the size asked for
 */
void free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt, end = addr + PAGE_ALIGN(size);

	for (; addr < end; addr += PAGE_SIZE)
		free_pages(addr, 0);
}

/** nr_free_pages - free pages in the buddy lists of every zone. */
unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone_page_state(zone, NR_FREE_PAGES);
	return sum;
}
