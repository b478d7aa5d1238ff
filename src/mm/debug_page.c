// SPDX-License-Identifier: MIT
/*
 * src/mm/debug_page.c - reports about struct pages: dump_page() (the page
 * half of mm/debug.c) and bad_page() (mm/page_alloc.c).
 *
 * 1. dump_page() prints what 6.12's __dump_folio() prints for the fields
 *    kmm has:
 *        page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x1234
 *        head: order:2 mapcount:0 entire_mapcount:0 nr_pages_mapped:0 pincount:0
 *        flags: 0x4000000000002000(reserved|node=1|zone=0)
 *        page_type: f0(buddy)
 *        raw: 4000000000002000 ffff... ffff... 0000000000000000
 *        raw: 0000000000000000 0000000000000000 00000001ffffffff 0000000000000000
 *        page dumped because: <reason>
 *    The "head:" line only for compound pages, "page_type:" only for typed
 *    pages. Pointers print as 16 hex digits (Linux hashes them). A struct
 *    page that was never initialised (all zero, see kmm/mm_types.h) prints
 *    as Linux prints a poisoned one.
 *
 * 2. bad_page() is the "BUG: Bad page state in process COMM  pfn:XXXXX"
 *    report: the line, the dump, "Modules linked in:", the stack. As on
 *    Linux, a burst of 60 reports is printed, then one a minute, counting
 *    the suppressed ones, and the kernel is tainted 'B' (TAINT_BAD_PAGE):
 *    later stack dumps say so. The page is then left alone except that it loses
 *    PageBuddy; whoever found it keeps it out of the free lists (nothing
 *    frees or hands out a bad page again). report_bad_page() prints the
 *    same report but does not touch the page: for misuse found before a
 *    free (a double free of a page that is on a free list).
 *
 * 3. Page flag names come from one table, in Linux's printing order
 *    (__def_pageflag_names); format_page_flags() is what %pGp prints.
 *    kmm's private order bits (kmm/page-flags.h) are never printed.
 *
 * 4. report_bad_address() is kmm's report for free_pages() of an address
 *    with no struct page, where Linux would stop at a VM_BUG_ON: "BUG: Bad
 *    page address in process COMM  addr:0x... order:N", the VM_BUG_ON as
 *    the reason, the stack.
 *
 * How kmm differs: no page_owner, no memcg or mapping details.
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/jiffies.h>
#include <kmm/printk.h>
#include <kmm/panic.h>
#include <kmm/smp.h>
#include "../lib/string.h"
#include "internal.h"

/* Linux's printing order of the page flags (trace/events/mmflags.h). */
static const struct trace_print_flags pageflag_names[] = {
	{ 1UL << PG_locked, "locked" },
	{ 1UL << PG_waiters, "waiters" },
	{ 1UL << PG_referenced, "referenced" },
	{ 1UL << PG_uptodate, "uptodate" },
	{ 1UL << PG_dirty, "dirty" },
	{ 1UL << PG_lru, "lru" },
	{ 1UL << PG_active, "active" },
	{ 1UL << PG_workingset, "workingset" },
	{ 1UL << PG_owner_priv_1, "owner_priv_1" },
	{ 1UL << PG_owner_2, "owner_2" },
	{ 1UL << PG_arch_1, "arch_1" },
	{ 1UL << PG_reserved, "reserved" },
	{ 1UL << PG_private, "private" },
	{ 1UL << PG_private_2, "private_2" },
	{ 1UL << PG_writeback, "writeback" },
	{ 1UL << PG_head, "head" },
	{ 1UL << PG_reclaim, "reclaim" },
	{ 1UL << PG_swapbacked, "swapbacked" },
	{ 1UL << PG_unevictable, "unevictable" },
	{ 1UL << PG_mlocked, "mlocked" },
	{ 1UL << PG_hwpoison, "hwpoison" },
	{ 1UL << PG_idle, "idle" },
	{ 1UL << PG_young, "young" },
	{ 0, NULL }
};

BUILD_BUG_ON(ARRAY_SIZE(pageflag_names) != NR_PAGEFLAGS + 1);

static const char *const page_type_names[] = {
	[PGTY_buddy - 0xf0] = "buddy",
	[PGTY_offline - 0xf0] = "offline",
	[PGTY_table - 0xf0] = "table",
	[PGTY_guard - 0xf0] = "guard",
	[PGTY_hugetlb - 0xf0] = "hugetlb",
	[PGTY_slab - 0xf0] = "slab",
	[PGTY_unaccepted - 0xf0] = "unaccepted",
};

unsigned long nr_bad_pages;

static const char *page_type_name(unsigned int page_type)
{
	unsigned int i = (page_type >> 24) - 0xf0;

	if (i >= ARRAY_SIZE(page_type_names) || !page_type_names[i])
		return "unknown";
	return page_type_names[i];
}

/**
 * format_page_flags - print page flags as %pGp does:
 * "0x...(name|name|node=N|zone=Z)".
 * @buf: output
 * @size: its size
 * @flags: a page->flags value (kmm's private bits are left out)
 *
 * Return: the length of the whole text (as snprintf).
 */
int format_page_flags(char *buf, size_t size, unsigned long flags)
{
	unsigned long main_flags;
	size_t len;

	flags &= ~KMM_PRIVATE_FLAGS;
	main_flags = flags & PAGEFLAGS_MASK;
	len = (size_t)snprintf(buf, size, "%#lx(", flags);
	for (const struct trace_print_flags *n = pageflag_names; main_flags && n->name; n++) {
		if ((main_flags & n->mask) != n->mask)
			continue;
		main_flags &= ~n->mask;
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s|", n->name);
	}
	if (main_flags)
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%#lx|", main_flags);
	len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "node=%lu|zone=%lu)",
				(flags >> NODES_PGSHIFT) & NODES_MASK,
				(flags >> ZONES_PGSHIFT) & ZONES_MASK);
	return (int)len;
}

static void dump_raw(const char *prefix, const struct page *page, int nr_pages)
{
	const unsigned long *w = (const unsigned long *)page;

	for (int i = 0; i < nr_pages * 8; i += 4)
		pr_warn("%s%016lx %016lx %016lx %016lx\n", prefix, w[i], w[i + 1], w[i + 2],
			w[i + 3]);
}

static void __dump_page(const struct page *page)
{
	const struct page *head = compound_head(page);
	int mapcount = atomic_read(&page->_mapcount);
	unsigned long pfn = page_to_pfn(page);
	char flags[256];

	mapcount = page_type_has_type((unsigned int)mapcount) ? 0 : mapcount + 1;
	pr_warn("page: refcount:%d mapcount:%d mapping:%016lx index:%#lx pfn:%#lx\n",
		page_ref_count(head), mapcount, (unsigned long)head->mapping,
		head->index + (unsigned long)(page - head), pfn);
	if (PageHead(head))
		pr_warn("head: order:%u mapcount:%d entire_mapcount:%d nr_pages_mapped:%d pincount:%d\n",
			compound_order(head), 0, 0, 0, 0);
	if (head->memcg_data)
		pr_warn("memcg:%lx\n", head->memcg_data);
	format_page_flags(flags, sizeof(flags), head->flags);
	pr_warn("flags: %s\n", flags);
	if (page_has_type(head))
		pr_warn("page_type: %x(%s)\n", head->page_type >> 24,
			page_type_name(head->page_type));
	dump_raw("raw: ", page, 1);
	if (PageHead(head))
		dump_raw("head: ", head, 2);
}

/**
 * dump_page - print a struct page as Linux's dump_page() does (point 1).
 * @page: the page (its struct page must exist: pfn_valid)
 * @reason: the "page dumped because:" text, or NULL
 *
 * Context: any; never sleeps, never allocates.
 */
void dump_page(const struct page *page, const char *reason)
{
	if (page_is_uninitialised(page))
		pr_warn("page:%016lx is uninitialized and poisoned\n", (unsigned long)page);
	else
		__dump_page(page);
	if (reason)
		pr_warn("page dumped because: %s\n", reason);
}

/**
 * page_bad_reason - what is wrong with a page being freed or handed out.
 * @page: the page
 * @flags: the flags it must not have (PAGE_FLAGS_CHECK_AT_FREE or _PREP)
 *
 * Return: Linux's words for the last problem found, or NULL.
 */
const char *page_bad_reason(const struct page *page, unsigned long flags)
{
	const char *bad_reason = NULL;

	if (unlikely(atomic_read(&page->_mapcount) != -1))
		bad_reason = "nonzero mapcount";
	if (unlikely(page->mapping != NULL))
		bad_reason = "non-NULL mapping";
	if (unlikely(page_ref_count(page) != 0))
		bad_reason = "nonzero _refcount";
	if (unlikely(page->flags & flags)) {
		if (flags == PAGE_FLAGS_CHECK_AT_PREP)
			bad_reason = "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
		else
			bad_reason = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	}
	if (unlikely(page->memcg_data))
		bad_reason = "page still charged to cgroup";
	return bad_reason;
}

/* 60 reports, then one a minute (bad_page's own ratelimit). */
static unsigned long bad_resume, bad_nr_shown, bad_nr_unshown;

static bool bad_page_ratelimit(void)
{
	if (bad_nr_shown == 60) {
		if (time_before(jiffies, bad_resume)) {
			bad_nr_unshown++;
			return false;
		}
		if (bad_nr_unshown) {
			pr_alert("BUG: Bad page state: %lu messages suppressed\n", bad_nr_unshown);
			bad_nr_unshown = 0;
		}
		bad_nr_shown = 0;
	}
	if (bad_nr_shown++ == 0)
		bad_resume = jiffies + 60 * HZ;
	return true;
}

/**
 * report_bad_page - the "BUG: Bad page state" report, leaving @page alone.
 * @page: the page
 * @reason: what is wrong
 */
void report_bad_page(const struct page *page, const char *reason)
{
	nr_bad_pages++;
	if (!bad_page_ratelimit())
		return;
	pr_alert("BUG: Bad page state in process %s  pfn:%05lx\n", current_comm(),
		 page_to_pfn(page));
	dump_page(page, reason);
	pr_warn("Modules linked in:\n");
	dump_stack();
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
}

/**
 * report_bad_address - free_pages() of an address that has no struct page
 * (outside the direct map, or in a hole without memmap). Linux stops at
 * VM_BUG_ON(!virt_addr_valid(addr)) there; kmm reports in the words of a
 * bad page report and goes on, changing nothing.
 * @addr: the address passed
 * @order: the order passed
 */
void report_bad_address(unsigned long addr, unsigned int order)
{
	nr_bad_pages++;
	if (!bad_page_ratelimit())
		return;
	pr_alert("BUG: Bad page address in process %s  addr:%#lx order:%u\n", current_comm(),
		 addr, order);
	pr_warn("page dumped because: VM_BUG_ON(!virt_addr_valid((void *)addr))\n");
	pr_warn("Modules linked in:\n");
	dump_stack();
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
}

/**
 * bad_page - report a page in a bad state and keep it out of the free
 * lists (it stays with whoever found it; only PageBuddy is cleared).
 * @page: the page
 * @reason: what is wrong
 */
void bad_page(struct page *page, const char *reason)
{
	report_bad_page(page, reason);
	if (PageBuddy(page))
		__ClearPageBuddy(page);
}

/* kmm_halt: a new machine starts with no bad pages and a full burst. */
void debug_page_reset(void)
{
	nr_bad_pages = 0;
	bad_resume = bad_nr_shown = bad_nr_unshown = 0;
}
