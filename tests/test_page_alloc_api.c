// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_api.c - every function of the page allocator's
 * API does what Linux 6.12's does (mm/page_alloc.c, include/linux/gfp.h,
 * include/linux/mm.h):
 *
 *  - alloc_pages/alloc_page/__get_free_pages/__get_free_page hand out
 *    blocks of orders 0..10 aligned to their size, with one reference,
 *    writable through page_address(); free_pages/__free_pages/free_page
 *    take them back;
 *  - order 11 (> MAX_PAGE_ORDER) fails with WARN_ON_ONCE_GFP's warning
 *    (once, and never under __GFP_NOWARN);
 *  - __GFP_ZERO and get_zeroed_page() zero the memory;
 *  - split_page() turns an order-N block into 2^N pages of one reference
 *    each; alloc_pages_exact() keeps DIV_ROUND_UP(size, PAGE_SIZE) pages
 *    and gives the tail of its block back at once; free_pages_exact()
 *    frees the rest page by page;
 *  - __GFP_COMP makes a compound page: PG_head, tails pointing at the
 *    head, compound_order() on the head, references counted on the head;
 *  - get_page/put_page/put_page_testzero count references and the last
 *    put frees; __free_pages() with a second reference on a non-compound
 *    block frees all but the first page;
 *  - nr_free_pages() and si_meminfo() count free pages as NR_FREE_PAGES,
 *    which excludes pages on per-CPU lists;
 *  - the pfn/page/address conversions agree with each other.
 *
 * After every case the validators pass and the free total (free pages
 * plus per-CPU pages, see buddy_harness.h) is what boot left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/spinlock.h>

#include "helpers/buddy_harness.h"

static void boot(void)
{
	bh_boot(&bh_m256, NULL);
}

static void finish(void)
{
	bh_check();
	cr_assert_eq(bh_free_total(), bh_start_free,
		     "free total %lu, boot left %lu: pages leaked or double-freed",
		     bh_free_total(), bh_start_free);
	bh_halt();
}

TestSuite(page_alloc_api, .init = boot, .fini = finish);

static bool pfn_aligned(struct page *page, unsigned int order)
{
	return (page_to_pfn(page) & ((1UL << order) - 1)) == 0;
}

Test(page_alloc_api, alloc_page_gives_one_writable_page_with_one_reference)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned char *p;

	cr_assert_not_null(page);
	cr_assert_eq(page_ref_count(page), 1);
	cr_assert(!PageCompound(page));
	p = page_address(page);
	cr_assert_not_null(p);
	memset(p, 0x5a, PAGE_SIZE);
	cr_assert(bh_bytes_are(page, 0, 0x5a));
	cr_assert_eq(bh_free_total(), bh_start_free - 1);
	bh_check();
	__free_page(page);
}

Test(page_alloc_api, every_order_up_to_10_is_aligned_and_writable)
{
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		unsigned char *p;

		cr_assert_not_null(page, "order %u failed", order);
		cr_assert(pfn_aligned(page, order), "order %u at pfn %#lx", order,
			  page_to_pfn(page));
		cr_assert_eq(page_ref_count(page), 1, "order %u", order);
		p = page_address(page);
		p[0] = 1;
		p[(PAGE_SIZE << order) - 1] = 2;
		cr_assert_eq(bh_free_total(), bh_start_free - (1UL << order), "order %u", order);
		bh_check();
		__free_pages(page, order);
		cr_assert_eq(bh_free_total(), bh_start_free, "order %u", order);
	}
}

Test(page_alloc_api, order_11_fails_with_the_kernel_warning)
{
	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_ORDER));
	cr_assert(bh_log_has("------------[ cut here ]------------\n"), "%s", bh_log());
	cr_assert(bh_matches(bh_log_line("WARNING: CPU:"),
			     "WARNING: CPU: [0-9]+ PID: [0-9]+ at [^ ]*page_alloc\\.c:[0-9]+ .*"),
		  "no WARN_ON_ONCE_GFP line from mm/page_alloc.c:\n%s", bh_log());
	cr_assert_eq(bh_free_total(), bh_start_free);
}

/* WARN_ON_ONCE_GFP: the second oversized request fails silently. */
Test(page_alloc_api, order_11_warns_only_once)
{
	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_ORDER));
	cr_assert_eq(__get_free_pages(GFP_KERNEL, MAX_ORDER), 0UL);
	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_ORDER + 3));
	cr_assert_eq(bh_log_count("WARNING: CPU:"), 1, "%s", bh_log());
}

/* __GFP_NOWARN silences the warning without using up its "once". */
Test(page_alloc_api, order_11_with_nowarn_fails_silently)
{
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER));
	cr_assert_null(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, MAX_ORDER));
	cr_assert_eq(bh_log_count("WARNING:"), 0, "%s", bh_log());
	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_ORDER));
	cr_assert_eq(bh_log_count("WARNING: CPU:"), 1, "%s", bh_log());
}

Test(page_alloc_api, get_free_pages_returns_the_direct_map_address)
{
	unsigned long addr = __get_free_pages(GFP_KERNEL, 2);
	struct page *page;

	cr_assert_neq(addr, 0UL);
	page = virt_to_page((void *)addr);
	cr_assert_eq((unsigned long)page_address(page), addr);
	cr_assert_eq(__pa(addr) % (4 * PAGE_SIZE), 0, "order 2 block not aligned");
	cr_assert(virt_addr_valid((void *)addr));
	cr_assert_eq(page_ref_count(page), 1);
	memset((void *)addr, 0xff, 4 * PAGE_SIZE);
	cr_assert_eq(bh_free_total(), bh_start_free - 4);
	free_pages(addr, 2);
}

Test(page_alloc_api, get_free_page_and_free_page)
{
	unsigned long addr = __get_free_page(GFP_KERNEL);

	cr_assert_neq(addr, 0UL);
	cr_assert(PAGE_ALIGNED(addr));
	*(volatile unsigned long *)addr = 42;
	cr_assert_eq(bh_free_total(), bh_start_free - 1);
	free_page(addr);
}

/* free_pages(0, order) does nothing, as Linux's "if (addr != 0)". */
Test(page_alloc_api, free_pages_of_zero_is_a_no_op)
{
	free_pages(0, 0);
	free_pages(0, 5);
	cr_assert_eq(bh_log_count("BUG"), 0, "%s", bh_log());
}

Test(page_alloc_api, get_free_pages_of_order_11_returns_zero)
{
	cr_assert_eq(__get_free_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER), 0UL);
}

/* Dirty a page, free it, and ask for a zeroed one: the hot page comes back
 * (per-CPU lists are LIFO) and must have been cleared. */
Test(page_alloc_api, get_zeroed_page_is_zero)
{
	unsigned long dirty, clean;

	bh_pin_cpu(0);
	dirty = __get_free_page(GFP_KERNEL);
	cr_assert_neq(dirty, 0UL);
	memset((void *)dirty, 0xa5, PAGE_SIZE);
	free_page(dirty);
	clean = get_zeroed_page(GFP_KERNEL);
	cr_assert_neq(clean, 0UL);
	cr_assert(bh_bytes_are(virt_to_page((void *)clean), 0, 0));
	free_page(clean);
}

Test(page_alloc_api, gfp_zero_zeroes_every_order)
{
	static const unsigned int orders[] = { 0, 1, 3, 4, 9, 10 };

	bh_pin_cpu(0);
	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		unsigned int order = orders[i];
		struct page *page = alloc_pages(GFP_KERNEL, order);

		cr_assert_not_null(page);
		bh_fill_bytes(page, order, 0xa5);
		__free_pages(page, order);
		page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		cr_assert_not_null(page);
		cr_assert(bh_bytes_are(page, order, 0), "order %u not zeroed", order);
		__free_pages(page, order);
	}
}

Test(page_alloc_api, split_page_gives_independent_order0_pages)
{
	struct page *page = alloc_pages(GFP_KERNEL, 3);
	static const int free_order[8] = { 5, 0, 7, 2, 1, 6, 3, 4 };

	cr_assert_not_null(page);
	split_page(page, 3);
	for (int i = 0; i < 8; i++) {
		cr_assert_eq(page_ref_count(page + i), 1, "page %d after split_page", i);
		cr_assert(!PageCompound(page + i));
		memset(page_address(page + i), i, PAGE_SIZE);
	}
	bh_check();
	for (int i = 0; i < 8; i++) {
		int k = free_order[i];

		__free_page(page + k);
		cr_assert_eq(bh_free_total(), bh_start_free - 8 + i + 1);
		for (int j = i + 1; j < 8; j++)
			cr_assert(bh_bytes_are(page + free_order[j], 0, free_order[j]),
				  "page %d changed when page %d was freed", free_order[j], k);
		bh_check();
	}
}

/* alloc_pages_exact(5 pages) takes an order-3 block, keeps 5 pages with
 * one reference each and frees the 3 tail pages at once (make_alloc_exact). */
Test(page_alloc_api, alloc_pages_exact_returns_the_unused_tail)
{
	static const struct { size_t size; unsigned int kept, order; } cases[] = {
		{ 1, 1, 0 },
		{ PAGE_SIZE, 1, 0 },
		{ 5 * PAGE_SIZE, 5, 3 },
		{ 5 * PAGE_SIZE - 100, 5, 3 },
		{ 4 * PAGE_SIZE + 1, 5, 3 },
		{ 9 * PAGE_SIZE, 9, 4 },
		{ 3 * PAGE_SIZE + 1, 4, 2 },
		{ 600 * PAGE_SIZE, 600, 10 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		void *p = alloc_pages_exact(cases[i].size, GFP_KERNEL);
		struct page *page;

		cr_assert_not_null(p, "size %zu", cases[i].size);
		page = virt_to_page(p);
		cr_assert_eq(__pa(p) % (PAGE_SIZE << cases[i].order), 0,
			     "size %zu: not an order-%u block", cases[i].size, cases[i].order);
		cr_assert_eq(bh_free_total(), bh_start_free - cases[i].kept,
			     "size %zu: %lu pages taken, expected %u", cases[i].size,
			     bh_start_free - bh_free_total(), cases[i].kept);
		for (unsigned int k = 0; k < cases[i].kept; k++)
			cr_assert_eq(page_ref_count(page + k), 1, "size %zu page %u",
				     cases[i].size, k);
		for (unsigned int k = cases[i].kept; k < (1u << cases[i].order); k++)
			cr_assert_eq(page_ref_count(page + k), 0,
				     "size %zu: tail page %u not freed", cases[i].size, k);
		memset(p, 0x77, cases[i].kept * PAGE_SIZE);
		bh_check();
		free_pages_exact(p, cases[i].size);
		cr_assert_eq(bh_free_total(), bh_start_free, "size %zu", cases[i].size);
		bh_check();
	}
}

/* alloc_pages_exact() refuses __GFP_COMP with WARN_ON_ONCE and drops it. */
Test(page_alloc_api, alloc_pages_exact_warns_about_gfp_comp)
{
	void *p = alloc_pages_exact(3 * PAGE_SIZE, GFP_KERNEL | __GFP_COMP);

	cr_assert_not_null(p);
	cr_assert_eq(bh_log_count("WARNING: CPU:"), 1, "%s", bh_log());
	cr_assert(!PageHead(virt_to_page(p)));
	cr_assert_eq(bh_free_total(), bh_start_free - 3);
	free_pages_exact(p, 3 * PAGE_SIZE);
}

Test(page_alloc_api, get_order_rounds_up_to_a_power_of_two_of_pages)
{
	cr_assert_eq(get_order(1), 0);
	cr_assert_eq(get_order(PAGE_SIZE), 0);
	cr_assert_eq(get_order(PAGE_SIZE + 1), 1);
	cr_assert_eq(get_order(2 * PAGE_SIZE), 1);
	cr_assert_eq(get_order(3 * PAGE_SIZE), 2);
	cr_assert_eq(get_order(4UL << 20), 10);
	cr_assert_eq(get_order((4UL << 20) + 1), 11);
	cr_assert_eq(get_order(1UL << 40), 28);
}

Test(page_alloc_api, gfp_comp_makes_a_compound_page)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);

	cr_assert_not_null(head);
	cr_assert(PageHead(head));
	cr_assert(!PageTail(head));
	cr_assert_eq(compound_order(head), 3);
	cr_assert_eq(compound_head(head), head);
	cr_assert_eq(page_ref_count(head), 1);
	for (int i = 1; i < 8; i++) {
		cr_assert(PageTail(head + i), "page %d is not a tail", i);
		cr_assert(!PageHead(head + i));
		cr_assert_eq(compound_head(head + i), head, "tail %d", i);
		cr_assert_eq(compound_order(head + i), 0, "compound_order of tail %d", i);
		cr_assert_eq(page_ref_count(head + i), 0, "tail %d holds a reference", i);
	}
	memset(page_address(head), 1, 8 * PAGE_SIZE);
	bh_check();
	put_page(head);
	cr_assert_eq(bh_free_total(), bh_start_free, "put_page did not free the compound page");
}

Test(page_alloc_api, gfp_comp_is_ignored_for_order_0)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_COMP, 0);

	cr_assert_not_null(page);
	cr_assert(!PageCompound(page));
	cr_assert_eq(compound_order(page), 0);
	__free_pages(page, 0);
}

Test(page_alloc_api, free_pages_frees_a_whole_compound_page)
{
	for (unsigned int order = 1; order <= MAX_PAGE_ORDER; order++) {
		struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, order);

		cr_assert_not_null(head, "order %u", order);
		cr_assert_eq(compound_order(head), order);
		cr_assert_eq(compound_head(head + (1 << order) - 1), head);
		__free_pages(head, order);
		cr_assert_eq(bh_free_total(), bh_start_free, "order %u", order);
		bh_check();
	}
}

/* References taken through a tail page count on the head (folio_get). */
Test(page_alloc_api, get_page_on_a_tail_pins_the_compound_page)
{
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);

	cr_assert_not_null(head);
	get_page(head + 3);
	cr_assert_eq(page_ref_count(head), 2);
	cr_assert_eq(page_ref_count(head + 3), 0);
	put_page(head);
	cr_assert_eq(bh_free_total(), bh_start_free - 4, "freed while a reference remained");
	put_page(head + 3);
	cr_assert_eq(bh_free_total(), bh_start_free);
}

Test(page_alloc_api, get_page_and_put_page_free_on_the_last_put)
{
	struct page *page = alloc_page(GFP_KERNEL);

	cr_assert_not_null(page);
	get_page(page);
	get_page(page);
	cr_assert_eq(page_ref_count(page), 3);
	put_page(page);
	put_page(page);
	cr_assert_eq(page_ref_count(page), 1);
	cr_assert_eq(bh_free_total(), bh_start_free - 1, "freed too early");
	put_page(page);
	cr_assert_eq(bh_free_total(), bh_start_free, "the last put_page did not free");
}

Test(page_alloc_api, put_page_testzero_drops_a_reference_without_freeing)
{
	struct page *page = alloc_page(GFP_KERNEL);

	cr_assert_not_null(page);
	get_page(page);
	cr_assert(!put_page_testzero(page));
	cr_assert_eq(page_ref_count(page), 1);
	cr_assert(put_page_testzero(page));
	cr_assert_eq(page_ref_count(page), 0);
	cr_assert_eq(bh_free_total(), bh_start_free - 1,
		     "put_page_testzero must not free: the caller does");
	set_page_count(page, 1);
	__free_page(page);
}

/*
 * __free_pages() of a non-compound order-2 block whose first page has a
 * second reference: Linux frees the upper pages (an order-1 and an order-0
 * block) at once and leaves page 0 to the other holder.
 */
Test(page_alloc_api, free_pages_with_an_extra_reference_keeps_only_the_first_page)
{
	struct page *page = alloc_pages(GFP_KERNEL, 2);

	cr_assert_not_null(page);
	get_page(page);
	__free_pages(page, 2);
	cr_assert_eq(page_ref_count(page), 1);
	cr_assert_eq(bh_free_total(), bh_start_free - 1,
		     "pages 1..3 must be freed, page 0 kept");
	bh_check();
	put_page(page);
}

Test(page_alloc_api, nr_free_pages_moves_with_buddy_allocations)
{
	unsigned long before = nr_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL, 10);

	/* Orders above PAGE_ALLOC_COSTLY_ORDER bypass the per-CPU lists. */
	cr_assert_not_null(page);
	cr_assert_eq(nr_free_pages(), before - 1024);
	__free_pages(page, 10);
	cr_assert_eq(nr_free_pages(), before);
	page = alloc_pages(GFP_KERNEL, 4);
	cr_assert_eq(nr_free_pages(), before - 16);
	__free_pages(page, 4);
	cr_assert_eq(nr_free_pages(), before);
}

/* nr_free_pages() is NR_FREE_PAGES: pages cached on a per-CPU list are not
 * counted until drain_all_pages() gives them back. */
Test(page_alloc_api, nr_free_pages_excludes_per_cpu_pages)
{
	struct page *page;

	drain_all_pages(NULL);
	cr_assert_eq(nr_free_pages(), bh_start_free, "pcp pages after drain");
	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page);
	__free_page(page);
	cr_assert_eq(nr_free_pages() + bh_pcp_total(), bh_start_free);
	cr_assert_gt(bh_pcp_total(), 0, "the freed page went to no per-CPU list");
	drain_all_pages(NULL);
	cr_assert_eq(nr_free_pages(), bh_start_free);
}

Test(page_alloc_api, si_meminfo_reports_total_and_free_ram)
{
	struct sysinfo si;
	unsigned long managed = 0;
	struct zone *z;
	int nid, zt;
	struct page *page;

	for_each_bh_zone(z, nid, zt)
		managed += bh_zone_managed(z);
	si_meminfo(&si);
	cr_assert_eq(si.totalram, managed);
	cr_assert_eq(si.totalram, totalram_pages());
	cr_assert_eq(si.freeram, nr_free_pages());
	cr_assert_eq(si.mem_unit, PAGE_SIZE);
	cr_assert_eq(si.totalhigh, 0);
	cr_assert_eq(si.freehigh, 0);
	cr_assert_leq(si.freeram, si.totalram);
	page = alloc_pages(GFP_KERNEL, 9);
	cr_assert_not_null(page);
	si_meminfo(&si);
	cr_assert_eq(si.freeram, nr_free_pages());
	cr_assert_eq(si.totalram, managed, "totalram must not move with allocations");
	__free_pages(page, 9);
}

/* Round trips through every conversion, at the edges of every zone. */
Test(page_alloc_api, pfn_page_and_address_conversions_agree)
{
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt) {
		unsigned long pfns[2] = { bh_zone_start_pfn(z), bh_zone_end_pfn(z) - 1 };

		for (int i = 0; i < 2; i++) {
			unsigned long pfn = pfns[i];
			struct page *page;
			void *va;

			if (!pfn_valid(pfn))
				continue;
			page = pfn_to_page(pfn);
			va = page_address(page);
			cr_assert_eq(page_to_pfn(page), pfn);
			cr_assert_eq(va, __va(PFN_PHYS(pfn)));
			cr_assert_eq(virt_to_page(va), page);
			cr_assert_eq(virt_to_page((char *)va + PAGE_SIZE - 1), page);
			cr_assert(virt_addr_valid(va));
		}
	}
}

Test(page_alloc_api, allocated_pages_know_their_zone_and_node)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct zone *zone;

	cr_assert_not_null(page);
	zone = page_zone(page);
	cr_assert(page_to_pfn(page) >= bh_zone_start_pfn(zone) &&
		  page_to_pfn(page) < bh_zone_end_pfn(zone));
	cr_assert_eq(page_to_nid(page), 0);
	cr_assert_eq(zone, &NODE_DATA(0)->node_zones[page_zonenum(page)]);
	__free_page(page);
}

Test(page_alloc_api, addresses_outside_the_direct_map_are_not_valid)
{
	int local;
	static char global[64];

	cr_assert(!virt_addr_valid(&local));
	cr_assert(!virt_addr_valid(global));
	cr_assert(!virt_addr_valid((void *)(PAGE_OFFSET - PAGE_SIZE)));
	cr_assert(!pfn_valid(max_pfn + (1UL << 20)));
}

Test(page_alloc_api, alloc_pages_node_and___alloc_pages)
{
	struct page *a = alloc_pages_node(0, GFP_KERNEL, 1);
	struct page *b = __alloc_pages(GFP_KERNEL, 2, 0, NULL);
	struct page *c = alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL, 0);

	cr_assert(a && b && c);
	cr_assert(pfn_aligned(a, 1) && pfn_aligned(b, 2));
	cr_assert_eq(page_to_nid(a), 0);
	cr_assert_eq(page_to_nid(b), 0);
	cr_assert_eq(bh_free_total(), bh_start_free - 7);
	__free_pages(a, 1);
	__free_pages(b, 2);
	__free_pages(c, 0);
}

/* Many blocks held at once never overlap. */
Test(page_alloc_api, blocks_held_together_do_not_overlap)
{
	struct bh_hold h = { 0 };
	unsigned long *owner;
	unsigned long span = max_pfn + 1;

	owner = calloc(span, sizeof(*owner));
	cr_assert_not_null(owner);
	for (unsigned int i = 0; i < 2000; i++) {
		unsigned int order = i % 6;
		struct page *page = alloc_pages(GFP_KERNEL, order);

		cr_assert_not_null(page);
		for (unsigned long k = 0; k < (1UL << order); k++) {
			unsigned long pfn = page_to_pfn(page) + k;

			cr_assert_eq(owner[pfn], 0, "pfn %#lx handed out twice", pfn);
			owner[pfn] = i + 1;
		}
		bh_hold_add(&h, page, order);
	}
	bh_check();
	bh_release(&h);
	free(owner);
}

/* ---- reports and boot options ---- */

/*
 * WARN() names the file relative to the source tree, as Linux's does
 * ("WARNING: CPU: 0 PID: 1 at mm/page_alloc.c:4752 __alloc_pages_noprof+..."):
 * the kernel builds with -fmacro-prefix-map=$(srctree)/=, so __FILE__ never
 * carries the build machine's absolute path.
 */
Test(page_alloc_api, the_warning_names_its_file_relative_to_the_source_tree)
{
	const char *line;

	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_ORDER));
	line = bh_log_line("WARNING: CPU:");
	cr_assert(bh_matches(line, "WARNING: CPU: [0-9]+ PID: [0-9]+ at (src/)?mm/page_alloc\\.c:[0-9]+ .*"),
		  "\"%s\"", line);
}

/*
 * warn_alloc(): "COMM: page allocation failure: order:N, mode:0xG(FLAGS),
 * nodemask=(null)" (plus ",cpuset=/,mems_allowed=..." with cpusets), a
 * stack dump, then __show_mem() limited to the zones gfp_zone() allows:
 * "Mem-Info:", the node and zone lines, "lowmem_reserve[]:", one
 * "Node N ZONE: n*4kB (T) ... = NkB" line per zone, and the totals.
 */
Test(page_alloc_api, a_failed_allocation_prints_the_kernel_report)
{
	struct bh_hold h = { 0 };
	char want[256];
	const char *line;

	while (1) {
		struct page *page = alloc_page(GFP_ATOMIC | GFP_DMA);

		if (!page)
			break;
		bh_hold_add(&h, page, 0);
	}
	snprintf(want, sizeof(want), "%s: page allocation failure: order:0, "
		 "mode:0x821\\(GFP_ATOMIC\\|GFP_DMA\\), nodemask=\\(null\\)"
		 "(,cpuset=/,mems_allowed=0)?", current_comm());
	line = bh_log_line(current_comm());
	cr_assert(bh_matches(line, want), "first line \"%s\"", line);
	cr_assert(bh_log_has("\nMem-Info:\n"), "%s", bh_log());
	line = bh_log_line("Node 0 DMA free:");
	cr_assert(bh_matches(line, "Node 0 DMA free:[0-9]+kB boost:[0-9]+kB min:[0-9]+kB "
			     "low:[0-9]+kB high:[0-9]+kB reserved_highatomic:[0-9]+KB .* "
			     "present:[0-9]+kB managed:[0-9]+kB .*free_pcp:[0-9]+kB "
			     "local_pcp:[0-9]+kB free_cma:[0-9]+kB"), "zone line \"%s\"", line);
	line = bh_log_line("lowmem_reserve[]:");
	cr_assert(bh_matches(line, "lowmem_reserve\\[\\]:( [0-9]+){4}"), "\"%s\"", line);
	line = bh_log_line("Node 0 DMA: ");
	cr_assert(bh_matches(line, "Node 0 DMA: ([0-9]+\\*[0-9]+kB (\\([UMEHRI]+\\) )?){11}= [0-9]+kB"),
		  "free area line \"%s\"", line);
	cr_assert(!bh_log_has("Node 0 DMA32 free:"), "zones above gfp_zone() are shown");
	cr_assert(bh_log_has(" pages RAM\n"), "%s", bh_log());
	cr_assert(bh_log_has(" pages reserved\n"), "%s", bh_log());
	bh_release(&h);
}

Test(page_alloc_api, nowarn_silences_the_failure_report)
{
	struct bh_hold h = { 0 };

	bh_fill(&h, GFP_ATOMIC | GFP_DMA, 0, ~(size_t)0);
	cr_assert(!bh_log_has("page allocation failure"), "%s", bh_log());
	cr_assert(!bh_log_has("Mem-Info:"));
	bh_release(&h);
}

/*
 * A nodemask prints as a node list (%*pbl). Not for GFP_ATOMIC: its slow
 * path drops the nodemask (no ALLOC_CPUSET) before warn_alloc() prints
 * ac->nodemask, so GFP_ATOMIC reports "(null)"; a non-blocking request
 * without __GFP_HIGH keeps it.
 */
Test(page_alloc_api, the_failure_report_prints_the_nodemask)
{
	nodemask_t only0 = nodemask_of_node(0);
	gfp_t gfp = (GFP_NOWAIT & ~__GFP_NOWARN) | GFP_DMA;
	struct bh_hold h = { 0 };
	struct page *page;

	while ((page = __alloc_pages(gfp, 4, 0, &only0)))
		bh_hold_add(&h, page, 4);
	bh_release(&h);
	cr_assert(bh_log_has("page allocation failure: order:4, mode:0x801("), "%s", bh_log());
	cr_assert(bh_log_has("), nodemask=0"), "%s", bh_log());
}

Test(page_alloc_api, gfp_atomic_failures_report_no_nodemask)
{
	nodemask_t only0 = nodemask_of_node(0);
	struct bh_hold h = { 0 };
	struct page *page;

	while ((page = __alloc_pages(GFP_ATOMIC | GFP_DMA, 4, 0, &only0)))
		bh_hold_add(&h, page, 4);
	bh_release(&h);
	cr_assert(bh_log_has("page allocation failure: order:4, mode:0x821(GFP_ATOMIC|GFP_DMA), "
			     "nodemask=(null)"), "%s", bh_log());
}

/* ---- init_on_alloc= and init_on_free= (mm/mm_init.c, mm/page_alloc.c) ---- */

/* want_init_on_alloc(): every allocation is zeroed, __GFP_ZERO or not. */
Test(page_alloc_api_init, init_on_alloc_zeroes_every_allocation)
{
	struct page *page;

	bh_boot(&bh_m256, "init_on_alloc=1");
	cr_assert(bh_log_has("mem auto-init: stack:off, heap alloc:on, heap free:off\n"), "%s",
		  bh_log());
	bh_pin_cpu(0);
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order += 2) {
		page = alloc_pages(GFP_KERNEL, order);
		cr_assert_not_null(page);
		bh_fill_bytes(page, order, 0xee);
		__free_pages(page, order);
		page = alloc_pages(GFP_KERNEL, order);
		cr_assert(bh_bytes_are(page, order, 0), "order %u not zeroed", order);
		__free_pages(page, order);
	}
	bh_check();
	bh_halt();
}

/* want_init_on_free(): free_pages_prepare() clears the pages it frees. */
Test(page_alloc_api_init, init_on_free_clears_freed_pages)
{
	struct page *page;

	bh_boot(&bh_m256, "init_on_free=1");
	cr_assert(bh_log_has("mem auto-init: stack:off, heap alloc:off, heap free:on\n"), "%s",
		  bh_log());
	cr_assert(bh_log_has("mem auto-init: clearing system memory may take some time...\n"));
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order += 5) {
		page = alloc_pages(GFP_KERNEL, order);
		cr_assert_not_null(page);
		bh_fill_bytes(page, order, 0xee);
		__free_pages(page, order);
		cr_assert(bh_bytes_are(page, order, 0), "order %u not cleared on free", order);
	}
	bh_check();
	bh_halt();
}

Test(page_alloc_api_init, the_default_is_no_auto_init)
{
	bh_boot(&bh_m256, NULL);
	cr_assert(bh_log_has("mem auto-init: stack:off, heap alloc:off, heap free:off\n"), "%s",
		  bh_log());
	bh_halt();
}

/*
 * mem_init_print_info(): "Memory: %luK/%luK available (... %luK reserved,
 * ...)" with nr_free_pages(), the present pages of all nodes, and
 * present - totalram_pages(), all in KiB: the pages the buddy allocator
 * was actually given.
 */
Test(page_alloc_api, the_memory_line_counts_the_pages_handed_over)
{
	unsigned long freek, physk, reservedk, present = 0;
	const char *line = bh_log_line("Memory: ");
	int nid;

	cr_assert_eq(sscanf(line, "Memory: %luK/%luK available (%*uK kernel code, %*uK rwdata, "
			    "%*uK rodata, %*uK init, %*uK bss, %luK reserved",
			    &freek, &physk, &reservedk), 3, "\"%s\"", line);
	for_each_online_node(nid)
		present += NODE_DATA(nid)->node_present_pages;
	cr_assert_eq(physk, present * 4);
	cr_assert_eq(reservedk, (present - totalram_pages()) * 4);
	cr_assert_eq(freek, bh_start_free * 4, "free %luK at the Memory: line, %luK after boot",
		     freek, bh_start_free * 4);
}

/* ---- atomic context (might_alloc() in prepare_alloc_pages()) ---- */

static DEFINE_SPINLOCK(test_lock);

/* A request that may sleep, under a spinlock: __might_resched()'s report
 * (CONFIG_DEBUG_ATOMIC_SLEEP); the allocation itself still succeeds. */
Test(page_alloc_api, gfp_kernel_under_a_spinlock_reports_sleeping_in_atomic_context)
{
	struct page *page;
	const char *line;
	char want[128];

	spin_lock(&test_lock);
	page = alloc_page(GFP_KERNEL);
	spin_unlock(&test_lock);
	cr_assert_not_null(page);
	line = bh_log_line("BUG: sleeping function called from invalid context at ");
	cr_assert(line[0], "no report; log:\n%s", bh_log());
	snprintf(want, sizeof(want), "in_atomic\\(\\): 1, irqs_disabled\\(\\): 0, non_block: 0, "
		 "pid: [0-9]+, name: %s", current_comm());
	cr_assert(bh_matches(bh_log_line("in_atomic(): "), want), "\"%s\"",
		  bh_log_line("in_atomic(): "));
	cr_assert(bh_log_has("\npreempt_count: 1, expected: 0\n"), "%s", bh_log());
	__free_page(page);
}

Test(page_alloc_api, atomic_requests_under_a_spinlock_are_quiet)
{
	unsigned long flags;
	struct page *a, *b;

	spin_lock_irqsave(&test_lock, flags);
	a = alloc_page(GFP_ATOMIC);
	b = alloc_pages(GFP_NOWAIT, 3);
	spin_unlock_irqrestore(&test_lock, flags);
	cr_assert(a && b);
	cr_assert(!bh_log_has("BUG:"), "%s", bh_log());
	__free_page(a);
	__free_pages(b, 3);
}

/* ---- the state of a page handed out ---- */

/*
 * check_new_page() and post_alloc_hook(): no PAGE_FLAGS_CHECK_AT_PREP flag,
 * no mapping, _mapcount -1 (no page type), private 0, one reference on the
 * first page; the other pages of a plain (non-compound) block hold none.
 */
Test(page_alloc_api, a_new_block_is_clean)
{
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order += 2) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		cr_assert_not_null(page);
		for (unsigned long i = 0; i < (1UL << order); i++) {
			struct page *p = page + i;

			cr_assert_eq(p->flags & PAGEFLAGS_MASK, 0UL, "order %u page %lu flags %#lx",
				     order, i, p->flags);
			cr_assert_null(p->mapping, "order %u page %lu", order, i);
			cr_assert_eq(atomic_read(&p->_mapcount), -1, "order %u page %lu", order, i);
			cr_assert(!page_has_type(p));
			cr_assert_eq(page_ref_count(p), i == 0 ? 1 : 0, "order %u page %lu", order, i);
			cr_assert_eq(page_zone(p), page_zone(page));
		}
		cr_assert_eq(page_private(page), 0UL);
		__free_pages(page, order);
	}
}
