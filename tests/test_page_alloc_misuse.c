// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_misuse.c - frees that Linux catches: each prints
 * the kernel's bad page report, the run goes on, and the allocator's state
 * is what it was (validators pass, no page is free twice, nothing leaks
 * that Linux would not leak).
 *
 * The report (mm/page_alloc.c bad_page(), mm/debug.c __dump_folio(),
 * lib/vsprintf.c format_page_flags(), Linux 6.12):
 *
 *   BUG: Bad page state in process COMM  pfn:PPPPP          %05lx
 *   page: refcount:R mapcount:M mapping:0000000000000000 index:0x0 pfn:0xP
 *   flags: 0xF(NAME|...|node=N|zone=Z)
 *   page_type: f0(buddy)                       only for a typed page
 *   raw: WWWWWWWWWWWWWWWW x4                   struct page, 32 bytes a line
 *   raw: ...
 *   page dumped because: REASON
 *   Modules linked in:                          print_modules()
 *   CPU: ... Comm: ... Tainted: ...B...         dump_stack(), after the
 *   Call Trace: ...                             first report taint 'B'
 *
 * Reasons (page_bad_reason()): "nonzero mapcount", "non-NULL mapping",
 * "nonzero _refcount", "PAGE_FLAGS_CHECK_AT_FREE flag(s) set"; the last
 * check that fails names the report.
 *
 * Where Linux does not report but stops (VM_BUG_ON, with CONFIG_DEBUG_VM),
 * issue 3 asks kmm for a report and a run that goes on; those cases say so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/setup.h>

#include "helpers/buddy_harness.h"

#define LINES 128
static char lines[LINES][256];

static void boot(void)
{
	bh_boot(&bh_m256, "pf_buf_len=8M");
	kmm_dmesg_clear();
}

static void finish(void)
{
	bh_check();
	bh_halt();
}

TestSuite(page_alloc_misuse, .init = boot, .fini = finish);

/* The allocator still works after a report: a round of allocations. */
static void assert_still_works(void)
{
	struct bh_hold h = { 0 };

	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++)
		cr_assert_eq(bh_fill(&h, GFP_KERNEL, order, 3), 3, "order %u", order);
	bh_check();
	bh_release(&h);
	bh_check();
}

/* The report for @pfn is in the log, in 6.12's shape; Return: its lines. */
static int assert_bad_page_report(unsigned long pfn, const char *reason)
{
	char want[128];
	int n = bh_log_lines(lines, LINES), i;

	i = bh_line_find(lines, n, 0, "BUG: Bad page state in process ");
	cr_assert_geq(i, 0, "no bad page report; log:\n%s", bh_log());
	snprintf(want, sizeof(want), "BUG: Bad page state in process %s  pfn:%05lx",
		 current_comm(), pfn);
	cr_assert_str_eq(lines[i], want);
	snprintf(want, sizeof(want),
		 "page: refcount:-?[0-9]+ mapcount:-?[0-9]+ mapping:0000000000000000 "
		 "index:0x0 pfn:0x%lx", pfn);
	cr_assert(bh_matches(lines[i + 1], want), "page line: \"%s\"", lines[i + 1]);
	cr_assert(bh_matches(lines[i + 2],
			     "flags: 0x[0-9a-f]+\\(([a-z_0-9]+\\|)*node=[0-9]+\\|zone=[0-3]"
			     "(\\|lastcpupid=0x[0-9a-f]+)?\\)"),
		  "flags line: \"%s\"", lines[i + 2]);
	i += 3;
	if (!strncmp(lines[i], "page_type: ", 11)) {
		cr_assert(bh_matches(lines[i], "page_type: f[0-9a-f]\\([a-z_]+\\)"), "\"%s\"",
			  lines[i]);
		i++;
	}
	for (int k = 0; k < 2; k++, i++)
		cr_assert(bh_matches(lines[i], "raw: [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16} "
					       "[0-9a-f]{16}"),
			  "raw line %d: \"%s\"", k, lines[i]);
	if (reason)
		snprintf(want, sizeof(want), "page dumped because: %s", reason);
	else
		snprintf(want, sizeof(want), "page dumped because: ");
	cr_assert(reason ? !strcmp(lines[i], want) : !strncmp(lines[i], want, strlen(want)),
		  "reason line \"%s\", expected \"%s\"", lines[i], want);
	return n;
}

/* ---- double frees ---- */

/*
 * Linux (CONFIG_DEBUG_VM): put_page_testzero() meets refcount 0 and stops
 * with VM_BUG_ON_PAGE(page_ref_count(page) == 0); without DEBUG_VM the
 * count goes to -1 and the next allocation of the page reports
 * "nonzero _refcount". Issue 3 asks for the bad page report at the free.
 */
Test(page_alloc_misuse, double_free_of_a_cached_page_is_reported)
{
	struct page *page;

	bh_pin_cpu(0);
	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page);
	__free_page(page);
	kmm_dmesg_clear();
	__free_page(page);
	assert_bad_page_report(page_to_pfn(page), NULL);
	bh_check();
	cr_assert_eq(bh_free_total(), bh_start_free, "the page is counted twice");
	assert_still_works();
}

Test(page_alloc_misuse, double_free_of_a_buddy_block_is_reported)
{
	struct page *page = alloc_pages(GFP_KERNEL, 4);

	cr_assert_not_null(page);
	__free_pages(page, 4);
	kmm_dmesg_clear();
	__free_pages(page, 4);
	assert_bad_page_report(page_to_pfn(page), NULL);
	bh_check();
	cr_assert_eq(bh_free_total(), bh_start_free);
	assert_still_works();
}

Test(page_alloc_misuse, double_free_after_a_drain_is_reported)
{
	unsigned long addr = __get_free_page(GFP_KERNEL);

	cr_assert_neq(addr, 0UL);
	free_page(addr);
	drain_all_pages(NULL);
	kmm_dmesg_clear();
	free_page(addr);
	assert_bad_page_report(virt_to_pfn(addr), NULL);
	bh_check();
	cr_assert_eq(bh_free_total(), bh_start_free);
	assert_still_works();
}

Test(page_alloc_misuse, double_put_page_of_a_compound_page_is_reported)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);

	cr_assert_not_null(head);
	put_page(head);
	kmm_dmesg_clear();
	put_page(head);
	cr_assert(bh_log_has("BUG: Bad page state in process "), "%s", bh_log());
	bh_check();
	cr_assert_eq(bh_free_total(), bh_start_free);
	assert_still_works();
}

/* ---- reserved pages: refcount 1 from memmap init, PG_reserved set ---- */

/* free_pages_prepare(): PG_reserved is in PAGE_FLAGS_CHECK_AT_FREE. */
Test(page_alloc_misuse, freeing_a_pf_buf_page_is_reported)
{
	struct page *page;

	cr_assert_neq(pf_buf_len, 0ULL);
	page = virt_to_page(__va(pf_buf_addr));
	cr_assert(PageReserved(page));
	free_pages((unsigned long)__va(pf_buf_addr), 0);
	assert_bad_page_report(PHYS_PFN(pf_buf_addr), "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
	cr_assert(bh_log_has("(reserved|"), "flags do not name PG_reserved:\n%s", bh_log());
	cr_assert(PageReserved(page));
	cr_assert_eq(bh_free_total(), bh_start_free, "a reserved page became free");
	bh_check();
	assert_still_works();
}

Test(page_alloc_misuse, freeing_a_page_of_the_kernel_image_is_reported)
{
	struct page *page = pfn_to_page(PHYS_PFN(KMM_KERNEL_START));

	cr_assert(PageReserved(page));
	__free_page(page);
	assert_bad_page_report(PHYS_PFN(KMM_KERNEL_START),
			       "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
	cr_assert_eq(bh_free_total(), bh_start_free);
	bh_check();
	assert_still_works();
}

/* pfn 0xa0 lies in the legacy 640K-1M hole: it has a reserved struct page. */
Test(page_alloc_misuse, freeing_a_page_of_a_firmware_hole_is_reported)
{
	struct page *page;

	cr_assert(pfn_valid(0xa0));
	page = pfn_to_page(0xa0);
	cr_assert(PageReserved(page));
	free_pages((unsigned long)page_address(page), 2);
	cr_assert(bh_log_has("BUG: Bad page state in process "), "%s", bh_log());
	cr_assert_eq(bh_free_total(), bh_start_free);
	bh_check();
	assert_still_works();
}

/* A reserved range freed as one order-3 block: no page of it becomes free. */
Test(page_alloc_misuse, freeing_a_reserved_block_frees_nothing)
{
	free_pages((unsigned long)__va(pf_buf_addr), 3);
	cr_assert(bh_log_has("BUG: Bad page state in process "), "%s", bh_log());
	for (int i = 0; i < 8; i++)
		cr_assert(PageReserved(virt_to_page(__va(pf_buf_addr)) + i));
	cr_assert_eq(bh_free_total(), bh_start_free);
	bh_check();
}

/* ---- wrong orders ---- */

/*
 * Two independent pages (split_page), freed as one order-1 block: Linux's
 * free_pages_prepare() checks page 1, finds "nonzero _refcount" and frees
 * nothing; page 1 stays its holder's.
 */
Test(page_alloc_misuse, free_pages_with_a_larger_order_is_reported)
{
	struct page *page = alloc_pages(GFP_KERNEL, 1);

	cr_assert_not_null(page);
	split_page(page, 1);
	memset(page_address(page + 1), 0x3c, PAGE_SIZE);
	kmm_dmesg_clear();
	free_pages((unsigned long)page_address(page), 1);
	cr_assert(bh_log_has("BUG: Bad page state in process "), "%s", bh_log());
	cr_assert_eq(page_ref_count(page + 1), 1, "page 1 lost its holder's reference");
	cr_assert(bh_bytes_are(page + 1, 0, 0x3c), "page 1 was handed back and reused");
	bh_check();
	cr_assert_leq(bh_free_total(), bh_start_free - 1, "page 1 was freed");
	__free_page(page + 1);
	bh_check();
	assert_still_works();
}

/*
 * An order-2 block at an order-3 boundary whose buddy half (pfn + 4) is a
 * free order-2 block: the blocks allocated on the way are given back.
 */
static struct page *order2_with_free_buddy(void)
{
	struct bh_hold h = { 0 };
	struct page *page = NULL;

	for (int i = 0; i < 16 && !page; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, 2);

		cr_assert_not_null(p);
		if (page_to_pfn(p) & 4)
			bh_hold_add(&h, p, 2);
		else
			page = p;
	}
	cr_assert_not_null(page, "no order-2 block at an order-3 boundary");
	bh_release(&h);
	drain_all_pages(NULL);
	return page;
}

/*
 * An order-2 block freed as order 3 while its buddy (the other half of the
 * order-3 block) is free: Linux's free_pages_prepare() finds the free
 * buddy's head page typed PG_buddy ("nonzero mapcount") and frees nothing;
 * the block's first page is left with refcount 0 (leaked, not free).
 */
Test(page_alloc_misuse, free_pages_over_a_free_buddy_is_reported)
{
	struct page *page = order2_with_free_buddy();
	unsigned long before;

	cr_assert(bh_is_free_buddy_page(page + 4), "the buddy half is not free");
	before = bh_free_total();
	kmm_dmesg_clear();
	__free_pages(page, 3);
	cr_assert(bh_log_has("BUG: Bad page state in process "), "%s", bh_log());
	bh_check();
	cr_assert_eq(bh_free_total(), before, "pages 4..7 are counted free twice");
	cr_assert(!bh_is_free_buddy_page(page), "the misused block became free");
	if (page_ref_count(page) == 0)
		set_page_count(page, 1);
	__free_pages(page, 2);
	cr_assert_eq(bh_free_total(), bh_start_free);
	bh_check();
	assert_still_works();
}

/*
 * An order-4 block freed as order 2. Linux cannot tell: it frees pages 0..3
 * and leaks 4..15 silently. kmm remembers each block's order (a debug aid
 * like page_owner, kmm/page-flags.h) and issue 3 asks for a report: the
 * block stays allocated with its reference, and the right free works.
 */
Test(page_alloc_misuse, free_pages_with_a_smaller_order_is_reported_and_the_block_kept)
{
	struct page *page = alloc_pages(GFP_KERNEL, 4);
	unsigned long before;

	cr_assert_not_null(page);
	before = bh_free_total();
	kmm_dmesg_clear();
	__free_pages(page, 2);
	assert_bad_page_report(page_to_pfn(page), NULL);
	cr_assert_eq(bh_free_total(), before, "part of the block was freed");
	cr_assert_eq(page_ref_count(page), 1);
	bh_check();
	__free_pages(page, 4);
	cr_assert_eq(bh_free_total(), bh_start_free);
	bh_check();
}

/*
 * Where Linux's own checks catch a wrong-order free, the report must be
 * Linux's. free_pages_prepare() drops page 0's reference, checks the other
 * pages of the claimed block and reports the first bad one:
 *  - two split pages freed as one order-1 block: page 1 holds a reference,
 *    so "BUG: Bad page state ... pfn:<page 1>" because "nonzero _refcount";
 *  - an order-2 block freed as order 3 over its free buddy: page 4 is the
 *    head of a free block, typed PG_buddy in the _mapcount word, so the
 *    report names page 4 because "nonzero mapcount" and dumps
 *    "page_type: f0(buddy)".
 * kmm's own order record (kmm/page-flags.h) is welcome where Linux sees
 * nothing, but must not replace these reports with "freed with order N,
 * allocated with order M" on page 0.
 */
Test(page_alloc_misuse, a_larger_order_free_reports_the_held_neighbour_as_linux_does)
{
	struct page *page = alloc_pages(GFP_KERNEL, 1);

	cr_assert_not_null(page);
	split_page(page, 1);
	kmm_dmesg_clear();
	free_pages((unsigned long)page_address(page), 1);
	assert_bad_page_report(page_to_pfn(page) + 1, "nonzero _refcount");
	cr_assert_eq(bh_log_count("BUG: Bad page state"), 1, "%s", bh_log());
	bh_check();
}

Test(page_alloc_misuse, a_free_over_a_free_buddy_reports_the_buddy_as_linux_does)
{
	struct page *page = order2_with_free_buddy();

	cr_assert(PageBuddy(page + 4), "the buddy half is not a free order-2 block");
	kmm_dmesg_clear();
	__free_pages(page, 3);
	assert_bad_page_report(page_to_pfn(page) + 4, "nonzero mapcount");
	cr_assert(bh_log_has("\npage_type: f0(buddy)\n"), "%s", bh_log());
	bh_check();
}

/*
 * __dump_folio() of a page of a large folio (Linux 6.12): after "page:" a
 * "head: order:..." line, then "flags:", then the page's own words as two
 * "raw:" lines, then the folio's first two struct pages as four "head:"
 * lines (print_hex_dump(..., "head: ", ..., folio, 2 * sizeof(struct page))).
 */
Test(page_alloc_misuse, a_compound_page_dumps_raw_and_head_words)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	int n, i;

	cr_assert_not_null(head);
	kmm_dmesg_clear();
	__free_pages(head + 2, 0);
	n = bh_log_lines(lines, LINES);
	i = bh_line_find(lines, n, 0, "BUG: Bad page state in process ");
	cr_assert_geq(i, 0, "%s", bh_log());
	cr_assert(!strncmp(lines[i + 1], "page: refcount:", 15), "\"%s\"", lines[i + 1]);
	cr_assert(bh_matches(lines[i + 2], "head: order:2 mapcount:0 entire_mapcount:0 "
					   "nr_pages_mapped:0 pincount:0"), "\"%s\"", lines[i + 2]);
	cr_assert(!strncmp(lines[i + 3], "flags: ", 7), "\"%s\"", lines[i + 3]);
	for (int k = 0; k < 2; k++)
		cr_assert(bh_matches(lines[i + 4 + k], "raw: ([0-9a-f]{16} ){3}[0-9a-f]{16}"),
			  "line %d after the BUG line: \"%s\"", 4 + k, lines[i + 4 + k]);
	for (int k = 0; k < 4; k++)
		cr_assert(bh_matches(lines[i + 6 + k], "head: ([0-9a-f]{16} ){3}[0-9a-f]{16}"),
			  "line %d after the BUG line: \"%s\"", 6 + k, lines[i + 6 + k]);
	cr_assert(!strncmp(lines[i + 10], "page dumped because: ", 21), "\"%s\"", lines[i + 10]);
	bh_check();
	__free_pages(head, 2);
}

/* Linux: VM_BUG_ON_PAGE(compound && compound_order(page) != order). */
Test(page_alloc_misuse, freeing_a_compound_page_with_the_wrong_order_is_reported)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);

	cr_assert_not_null(head);
	__free_pages(head, 1);
	cr_assert(bh_log_has("BUG: "), "no report; log:\n%s", bh_log());
	bh_check();
	assert_still_works();
}

/* Linux: VM_BUG_ON_PAGE(PageTail(page)) in free_pages_prepare() (or the
 * refcount-0 check first: tails hold no reference). */
Test(page_alloc_misuse, freeing_a_tail_page_is_reported)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);

	cr_assert_not_null(head);
	__free_pages(head + 2, 0);
	cr_assert(bh_log_has("BUG: "), "no report; log:\n%s", bh_log());
	cr_assert(PageTail(head + 2), "the tail page was changed");
	bh_check();
	__free_pages(head, 2);
	cr_assert_eq(bh_free_total(), bh_start_free);
	assert_still_works();
}

/* ---- pointers outside the direct map ---- */

/*
 * Linux: free_pages() stops at VM_BUG_ON(!virt_addr_valid(addr)) ("kernel
 * BUG at mm/page_alloc.c"). There is no struct page to dump, and issue 3
 * asks kmm to report and go on: a WARNING or BUG report that names the
 * address, and nothing changes.
 */
static void assert_pointer_reported(unsigned long addr)
{
	char hex[32];

	snprintf(hex, sizeof(hex), "%#lx", addr);
	cr_assert(bh_log_has("WARNING: CPU:") || bh_log_has("BUG: "), "no report; log:\n%s",
		  bh_log());
	cr_assert(bh_log_has(hex), "the report does not name %s; log:\n%s", hex, bh_log());
	cr_assert_eq(bh_free_total(), bh_start_free);
	bh_check();
}

Test(page_alloc_misuse, freeing_a_stack_address_is_reported)
{
	char local[64];

	free_pages((unsigned long)local, 0);
	assert_pointer_reported((unsigned long)local);
	assert_still_works();
}

Test(page_alloc_misuse, freeing_a_heap_address_is_reported)
{
	void *p = malloc(PAGE_SIZE * 2);

	free_pages((unsigned long)p, 1);
	assert_pointer_reported((unsigned long)p);
	free(p);
}

Test(page_alloc_misuse, freeing_past_the_end_of_memory_is_reported)
{
	unsigned long addr = (unsigned long)__va(PFN_PHYS(max_pfn + 16));

	free_pages(addr, 0);
	assert_pointer_reported(addr);
}

/* ---- the report itself ---- */

/* After "page dumped because:", bad_page() calls print_modules() and
 * dump_stack(). */
Test(page_alloc_misuse, the_report_ends_with_modules_and_a_stack_dump)
{
	int n, i;

	__free_page(pfn_to_page(PHYS_PFN(KMM_KERNEL_START)));
	n = bh_log_lines(lines, LINES);
	i = bh_line_find(lines, n, 0, "page dumped because: ");
	cr_assert_geq(i, 0, "%s", bh_log());
	cr_assert(!strncmp(lines[i + 1], "Modules linked in:", 18),
		  "line after the reason: \"%s\"", lines[i + 1]);
	cr_assert_geq(bh_line_find(lines, n, i, "CPU: "), 0, "no dump_stack()");
	cr_assert_geq(bh_line_find(lines, n, i, "Call Trace:"), 0, "no call trace");
}

/* add_taint(TAINT_BAD_PAGE): the next report's dump_stack() says 'B'. */
Test(page_alloc_misuse, a_second_report_shows_the_bad_page_taint)
{
	const char *second;

	__free_page(pfn_to_page(PHYS_PFN(KMM_KERNEL_START)));
	kmm_dmesg_clear();
	__free_page(pfn_to_page(PHYS_PFN(KMM_KERNEL_START) + 1));
	second = bh_log_line("CPU: ");
	cr_assert(bh_matches(second, "CPU: [0-9]+ UID: [0-9]+ PID: [0-9]+ Comm: [^ ]+ "
				     "Tainted: [A-Z ]*B.*"),
		  "dump_stack line \"%s\" lacks the B taint", second);
}

/* The flags line of a reserved page of zone DMA on node 0. */
Test(page_alloc_misuse, the_flags_line_names_the_flags_node_and_zone)
{
	const char *flags;
	char want[128];
	struct page *page = pfn_to_page(1);

	cr_assert(PageReserved(page));
	__free_page(page);
	flags = bh_log_line("flags: ");
	snprintf(want, sizeof(want),
		 "flags: 0x%lx\\(reserved\\|node=0\\|zone=0(\\|lastcpupid=0x[0-9a-f]+)?\\)",
		 page->flags & ~KMM_PRIVATE_FLAGS);
	cr_assert(bh_matches(flags, want), "\"%s\" does not match %s", flags, want);
}

/* A page from the buddy lists dumps with mapcount 0 and its page type. */
Test(page_alloc_misuse, a_buddy_page_dumps_its_type)
{
	struct page *page = alloc_pages(GFP_KERNEL, 5);

	cr_assert_not_null(page);
	__free_pages(page, 5);
	kmm_dmesg_clear();
	__free_pages(page, 5);
	if (PageBuddy(page)) {
		cr_assert(bh_log_has("\npage_type: f0(buddy)\n"), "%s", bh_log());
		cr_assert(bh_log_has(" mapcount:0 "), "%s", bh_log());
	}
	bh_check();
}

/* ---- corrupted free pages are caught when handed out ---- */

/*
 * A free page whose struct page was written to (here: PG_dirty set while it
 * sits on a per-CPU list). Linux's rmqueue_pcplist() runs check_new_pages():
 * bad_page(page, "PAGE_FLAGS_CHECK_AT_PREP flag(s) set"), the page is
 * dropped (never handed out again) and the allocation takes the next one.
 */
Test(page_alloc_misuse, a_corrupted_free_page_is_reported_and_skipped)
{
	struct page *page, *next;

	bh_pin_cpu(0);
	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page);
	__free_page(page);
	SetPageDirty(page);
	kmm_dmesg_clear();
	next = alloc_page(GFP_KERNEL);
	cr_assert_not_null(next);
	cr_assert_neq(next, page, "the corrupted page was handed out");
	assert_bad_page_report(page_to_pfn(page), "PAGE_FLAGS_CHECK_AT_PREP flag(s) set");
	bh_check();
	cr_assert_eq(bh_free_total(), bh_start_free - 2, "the bad page must leave the free pool");
	__free_page(next);
	assert_still_works();
}

/* The same for a free page whose refcount was raised: "nonzero _refcount". */
Test(page_alloc_misuse, a_free_page_with_a_reference_is_reported_and_skipped)
{
	struct page *page, *next;

	bh_pin_cpu(0);
	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page);
	__free_page(page);
	page_ref_inc(page);
	kmm_dmesg_clear();
	next = alloc_page(GFP_KERNEL);
	cr_assert_not_null(next);
	cr_assert_neq(next, page);
	assert_bad_page_report(page_to_pfn(page), "nonzero _refcount");
	bh_check();
	__free_page(next);
}
