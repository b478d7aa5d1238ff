// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_smoke.c - the page allocator's core works: boot a
 * small machine, allocate and free every order, check the validators after
 * each step. The full suites are test_page_alloc_*.c; this one is the
 * allocator author's quick check.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <kmm/kmm.h>

#define MiB (1ULL << 20)

static void boot(unsigned long long ram, const char *cmdline)
{
	struct kmm_config cfg = { .ram_bytes = ram, .nr_cpus = 2 };

	cr_assert_eq(kmm_boot(&cfg, cmdline), 0, "%s", kmm_dmesg());
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
}

static unsigned long free_total(void)
{
	unsigned long n = nr_free_pages();
	struct zone *zone;

	for_each_zone(zone)
		if (zone->per_cpu_pageset)
			for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
				n += (unsigned long)per_cpu_ptr(zone->per_cpu_pageset, cpu)->count;
	return n;
}

Test(page_alloc_smoke, memory_line_counts_free_pages)
{
	unsigned long x, y;
	const char *m;

	boot(256 * MiB, "");
	m = strstr(kmm_dmesg(), "Memory: ");
	cr_assert(m);
	cr_assert_eq(sscanf(m, "Memory: %luK/%luK", &x, &y), 2);
	cr_assert_eq(x, nr_free_pages() * 4);
	cr_assert_eq(y, get_num_physpages() * 4);
	/* Free pages are all pages but the slabs of SLUB's boot caches. */
	cr_assert_eq(totalram_pages(), nr_free_pages() +
		     (node_page_state(NODE_DATA(0), NR_SLAB_UNRECLAIMABLE_B) >> PAGE_SHIFT));
}

Test(page_alloc_smoke, every_order_allocates_and_frees)
{
	struct page *pages[NR_PAGE_ORDERS];
	unsigned long before;

	boot(256 * MiB, "");
	before = free_total();
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		pages[order] = alloc_pages(GFP_KERNEL, order);
		cr_assert_not_null(pages[order], "order %u", order);
		cr_assert_eq(page_ref_count(pages[order]), 1);
		cr_assert_eq(page_to_pfn(pages[order]) & ((1UL << order) - 1), 0);
		memset(page_address(pages[order]), 0xa5, PAGE_SIZE << order);
		cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
	}
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		__free_pages(pages[order], order);
		cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
	}
	cr_assert_eq(free_total(), before);
	drain_all_pages(NULL);
	cr_assert(kmm_check_invariants());
}

Test(page_alloc_smoke, zones_follow_gfp)
{
	struct page *dma, *dma32, *normal;

	boot(8ULL << 30, "");
	dma = alloc_page(GFP_KERNEL | GFP_DMA);
	dma32 = alloc_page(GFP_KERNEL | GFP_DMA32);
	normal = alloc_page(GFP_KERNEL);
	cr_assert_eq(page_zonenum(dma), ZONE_DMA);
	cr_assert_eq(page_zonenum(dma32), ZONE_DMA32);
	cr_assert_eq(page_zonenum(normal), ZONE_NORMAL);
	cr_assert_lt(page_to_pfn(dma), 4096);
	__free_page(dma);
	__free_page(dma32);
	__free_page(normal);
	cr_assert(kmm_check_invariants());
}

Test(page_alloc_smoke, compound_and_zeroed_pages)
{
	struct page *p;
	unsigned char *a;

	boot(256 * MiB, "");
	p = alloc_pages(GFP_KERNEL | __GFP_COMP | __GFP_ZERO, 3);
	cr_assert_not_null(p);
	cr_assert(PageHead(p));
	cr_assert_eq(compound_order(p), 3);
	cr_assert_eq(compound_head(p + 5), p);
	a = page_address(p);
	for (size_t i = 0; i < 8 * PAGE_SIZE; i++)
		cr_assert_eq(a[i], 0);
	get_page(p + 2);
	put_page(p);
	cr_assert_eq(page_ref_count(p), 1);
	put_page(p + 7);
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
}

Test(page_alloc_smoke, exhaustion_fails_with_report)
{
	unsigned long n = 0, addr, first = 0, prev = 0;

	boot(256 * MiB, "");
	while ((addr = __get_free_pages(GFP_KERNEL | __GFP_NOWARN, 0))) {
		*(unsigned long *)addr = prev;
		prev = addr;
		if (!first)
			first = addr;
		n++;
	}
	cr_assert_gt(n, 50000);
	cr_assert_null(alloc_page(GFP_KERNEL));
	cr_assert(strstr(kmm_dmesg(), "page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)"),
		  "%s", kmm_dmesg());
	cr_assert(strstr(kmm_dmesg(), "Mem-Info:"));
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
	while (prev) {
		unsigned long next = *(unsigned long *)prev;

		free_page(prev);
		prev = next;
	}
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
}

Test(page_alloc_smoke, double_free_is_reported_and_harmless)
{
	struct page *p;

	boot(256 * MiB, "");
	p = alloc_page(GFP_KERNEL);
	__free_page(p);
	__free_page(p);
	cr_assert(strstr(kmm_dmesg(), "BUG: Bad page state in process"), "%s", kmm_dmesg());
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
	p = alloc_pages(GFP_KERNEL, 2);
	__free_pages(p, 1);
	cr_assert(strstr(kmm_dmesg(), "freed with order 1, allocated with order 2"), "%s",
		  kmm_dmesg());
	__free_pages(p, 2);
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
}

Test(page_alloc_smoke, big_machines_boot_with_deferred_memmap)
{
	struct kmm_config cfg = { .ram_bytes = 64ULL << 30, .nr_cpus = 2 };
	struct page *p;

	cr_assert_eq(kmm_boot(&cfg, ""), 0, "%s", kmm_dmesg());
	p = alloc_pages(GFP_KERNEL, 10);
	cr_assert_not_null(p);
	__free_pages(p, 10);
	kmm_halt();
	cfg.ram_bytes = 1ULL << 40;
	cr_assert_eq(kmm_boot(&cfg, ""), 0, "%s", kmm_dmesg());
	p = alloc_pages(GFP_KERNEL, 0);
	cr_assert_not_null(p);
	__free_pages(p, 0);
}

Test(page_alloc_smoke, isolated_pageblocks_are_left_alone)
{
	unsigned long before, start, pfn;
	struct zone *zone;
	struct page *p;
	int i;

	boot(256 * MiB, "");
	drain_all_pages(NULL);
	zone = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	/* the last 4 MiB of the zone are free after boot */
	start = ALIGN_DOWN(zone_end_pfn(zone) - MAX_ORDER_NR_PAGES, MAX_ORDER_NR_PAGES);
	for (pfn = start; pfn < start + MAX_ORDER_NR_PAGES; pfn++)
		if (PageReserved(pfn_to_page(pfn)))
			start -= MAX_ORDER_NR_PAGES, pfn = start - 1;
	before = nr_free_pages();
	cr_assert_eq(start_isolate_page_range(start, start + MAX_ORDER_NR_PAGES, MIGRATE_MOVABLE, 0), 0);
	cr_assert_eq(nr_free_pages(), before - MAX_ORDER_NR_PAGES);
	cr_assert_eq(test_pages_isolated(start, start + MAX_ORDER_NR_PAGES, 0), 0);
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
	for (i = 0; i < 2000; i++) {
		p = alloc_page(GFP_KERNEL | __GFP_MOVABLE);
		cr_assert(page_to_pfn(p) < start || page_to_pfn(p) >= start + MAX_ORDER_NR_PAGES);
	}
	undo_isolate_page_range(start, start + MAX_ORDER_NR_PAGES, MIGRATE_MOVABLE);
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
	cr_assert_neq(start_isolate_page_range(0x1000, 0x1200, MIGRATE_MOVABLE, 0), 0,
		      "the kernel image's pageblock is not isolatable");
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
}
