// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_gfp.c - where an allocation may come from, by its
 * GFP flags, node and nodemask, as Linux 6.12 decides (include/linux/gfp.h
 * GFP_ZONE_TABLE, gfp_migratetype(); mm/page_alloc.c get_page_from_freelist(),
 * __rmqueue_fallback(), try_to_steal_block(); mm/mm_init.c
 * find_zone_movable_pfns_for_nodes()).
 *
 * Zones. gfp_zone() gives the highest zone a request may use; the
 * zonelist then walks that zone and the ones below it, node by node:
 *
 *      GFP_DMA                  DMA only
 *      GFP_DMA32                DMA32, then DMA
 *      GFP_KERNEL               Normal, then DMA32, then DMA
 *      GFP_KERNEL|__GFP_MOVABLE Normal (GFP_ZONE_TABLE: MOVABLE alone is
 *                               ZONE_NORMAL on x86-64)
 *      GFP_HIGHUSER_MOVABLE     Movable, then Normal, DMA32, DMA
 *
 * Each exhaustion test fills memory with non-sleeping requests
 * (GFP_NOWAIT plus zone bits) and records the order in which zones first
 * appear: it must be the zonelist's.
 *
 * Mobility. Fresh pageblocks are MOVABLE; an unmovable or reclaimable
 * request that finds no block of its own type takes the largest free
 * block of another type and, when it spans a pageblock, claims the
 * pageblock. Requests stay inside blocks of their own type while those
 * have free pages; only then do they steal again. A movable request
 * that finds only small (< pageblock_order / 2) free pieces of other
 * types takes one without claiming its block.
 *
 * Nodes. preferred_nid orders the zonelist (local node first);
 * __GFP_THISNODE allows only that node; a nodemask allows only its nodes.
 */
#include <stdio.h>
#include <string.h>

#include "helpers/buddy_harness.h"

/* Non-sleeping fill flags: GFP_NOWAIT never enters direct reclaim. */
#define FILL (GFP_NOWAIT | __GFP_NOWARN)

static void finish(void)
{
	bh_check();
	bh_halt();
}

/* The (node, zone) pairs in the order a fill first reached them. */
struct visit {
	int n;
	int nid[16], zt[16];
};

static void visit_note(struct visit *v, struct page *page)
{
	int nid = page_to_nid(page), zt = page_zonenum(page);

	for (int i = 0; i < v->n; i++)
		if (v->nid[i] == nid && v->zt[i] == zt)
			return;
	cr_assert_lt(v->n, 16);
	v->nid[v->n] = nid;
	v->zt[v->n] = zt;
	v->n++;
}

static const char *visit_str(const struct visit *v)
{
	static char buf[256];
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < v->n; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%d:%s", i ? " " : "",
				v->nid[i], zone_names[v->zt[i]]);
	return buf;
}

/* Fill with @gfp from @nid (NUMA_NO_NODE: local) until it fails. */
static void fill_node(struct bh_hold *h, struct visit *v, int nid, gfp_t gfp,
		      unsigned int order)
{
	for (;;) {
		struct page *page = alloc_pages_node(nid, gfp | __GFP_NOWARN, order);

		if (!page)
			break;
		if (v)
			visit_note(v, page);
		bh_hold_add(h, page, order);
	}
}

static void assert_visits(const struct visit *v, int n, const int *nids, const int *zts)
{
	cr_assert_eq(v->n, n, "zones reached: %s", visit_str(v));
	for (int i = 0; i < n; i++)
		cr_assert(v->nid[i] == nids[i] && v->zt[i] == zts[i],
			  "zone %d reached was %d:%s, expected %d:%s (all: %s)", i,
			  v->nid[i], zone_names[v->zt[i]], nids[i], zone_names[zts[i]],
			  visit_str(v));
}

static void release_and_check(struct bh_hold *h)
{
	bh_check();
	bh_release(h);
	bh_check();
	cr_assert_eq(bh_free_total(), bh_start_free);
}

/* ---- gfp_zone() and gfp_migratetype() ---- */

Test(page_alloc_gfp, gfp_zone_follows_the_zone_table)
{
	cr_assert_eq(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	cr_assert_eq(gfp_zone(GFP_ATOMIC), ZONE_NORMAL);
	cr_assert_eq(gfp_zone(GFP_DMA), ZONE_DMA);
	cr_assert_eq(gfp_zone(GFP_KERNEL | GFP_DMA), ZONE_DMA);
	cr_assert_eq(gfp_zone(GFP_DMA32), ZONE_DMA32);
	cr_assert_eq(gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
	cr_assert_eq(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	cr_assert_eq(gfp_zone(GFP_KERNEL | __GFP_MOVABLE), ZONE_NORMAL);
	cr_assert_eq(gfp_zone(GFP_DMA32 | __GFP_MOVABLE), ZONE_DMA32);
	cr_assert_eq(gfp_zone(GFP_DMA | __GFP_MOVABLE), ZONE_DMA);
}

Test(page_alloc_gfp, gfp_migratetype_follows_the_mobility_bits)
{
	cr_assert_eq(gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	cr_assert_eq(gfp_migratetype(GFP_ATOMIC), MIGRATE_UNMOVABLE);
	cr_assert_eq(gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	cr_assert_eq(gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
}

/* ---- zones on one node: 0..16M DMA, ..128M DMA32, 4G..4G+128M Normal ---- */

Test(page_alloc_gfp, gfp_dma_comes_only_from_zone_dma, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct visit v = { 0 };
	unsigned long dma32_free, normal_free;

	bh_boot(&bh_m3z, NULL);
	dma32_free = bh_zone_free(bh_zone(0, ZONE_DMA32));
	normal_free = bh_zone_free(bh_zone(0, ZONE_NORMAL));
	fill_node(&h, &v, NUMA_NO_NODE, FILL | GFP_DMA, 0);
	assert_visits(&v, 1, (int[]){ 0 }, (int[]){ ZONE_DMA });
	cr_assert_gt(h.nr, 3000, "only %zu pages from a 16 MiB zone", h.nr);
	cr_assert_geq(bh_zone_free(bh_zone(0, ZONE_DMA32)), dma32_free - 64,
		      "DMA32 was used for GFP_DMA");
	cr_assert_geq(bh_zone_free(bh_zone(0, ZONE_NORMAL)), normal_free - 64,
		      "Normal was used for GFP_DMA");
	release_and_check(&h);
}

Test(page_alloc_gfp, gfp_dma32_takes_dma32_then_dma, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct visit v = { 0 };

	bh_boot(&bh_m3z, NULL);
	fill_node(&h, &v, NUMA_NO_NODE, FILL | GFP_DMA32, 0);
	assert_visits(&v, 2, (int[]){ 0, 0 }, (int[]){ ZONE_DMA32, ZONE_DMA });
	release_and_check(&h);
}

Test(page_alloc_gfp, gfp_kernel_takes_normal_then_dma32_then_dma, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct visit v = { 0 };

	bh_boot(&bh_m3z, NULL);
	fill_node(&h, &v, NUMA_NO_NODE, FILL, 0);
	assert_visits(&v, 3, (int[]){ 0, 0, 0 },
		      (int[]){ ZONE_NORMAL, ZONE_DMA32, ZONE_DMA });
	release_and_check(&h);
}

/* Large blocks follow the same zonelist. */
Test(page_alloc_gfp, order_9_blocks_take_normal_then_dma32_then_dma, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct visit v = { 0 };

	bh_boot(&bh_m3z, NULL);
	fill_node(&h, &v, NUMA_NO_NODE, FILL, 9);
	assert_visits(&v, 3, (int[]){ 0, 0, 0 },
		      (int[]){ ZONE_NORMAL, ZONE_DMA32, ZONE_DMA });
	for (size_t i = 0; i < h.nr; i++)
		cr_assert_eq(page_to_pfn(h.b[i].page) % 512, 0);
	release_and_check(&h);
}

/* ---- ZONE_MOVABLE from movablecore= and kernelcore= ---- */

/*
 * movablecore=64M on the 3-zone machine: find_zone_movable_pfns_for_nodes()
 * leaves 65438 - 16384 pages to the kernel: all 32670 pages below 4 GiB
 * and 16384 of Normal, so ZONE_MOVABLE is [4G+64M, 4G+128M).
 */
Test(page_alloc_gfp, movablecore_carves_zone_movable_from_the_top_of_normal, .fini = finish)
{
	struct zone *movable, *normal;

	bh_boot(&bh_m3z, "movablecore=64M");
	movable = bh_zone(0, ZONE_MOVABLE);
	normal = bh_zone(0, ZONE_NORMAL);
	cr_assert_not_null(movable, "no ZONE_MOVABLE:\n%s", bh_log());
	cr_assert_not_null(normal);
	cr_assert_eq(bh_zone_start_pfn(movable), 0x104000UL);
	cr_assert_eq(bh_zone_end_pfn(movable), 0x108000UL);
	cr_assert_eq(movable->present_pages, 16384UL);
	cr_assert_eq(bh_zone_end_pfn(normal), 0x104000UL);
	cr_assert(bh_log_has("Movable zone start for each node\n  Node 0: 0x0000000104000000\n"),
		  "%s", bh_log());
}

/* movablecore=25% of 65438 pages is 16359, rounded up to MAX_ORDER_NR_PAGES. */
Test(page_alloc_gfp, movablecore_percent_rounds_up_to_max_order_blocks, .fini = finish)
{
	bh_boot(&bh_m3z, "movablecore=25%");
	cr_assert_not_null(bh_zone(0, ZONE_MOVABLE), "%s", bh_log());
	cr_assert_eq(bh_zone_start_pfn(bh_zone(0, ZONE_MOVABLE)), 0x104000UL);
}

/* kernelcore=160M: 40960 kernel pages, 8290 of them in Normal; the start of
 * ZONE_MOVABLE, 0x102062, is rounded up to 0x102400. */
Test(page_alloc_gfp, kernelcore_leaves_the_rest_of_normal_movable, .fini = finish)
{
	struct zone *movable;

	bh_boot(&bh_m3z, "kernelcore=160M");
	movable = bh_zone(0, ZONE_MOVABLE);
	cr_assert_not_null(movable, "%s", bh_log());
	cr_assert_eq(bh_zone_start_pfn(movable), 0x102400UL);
	cr_assert_eq(bh_zone_end_pfn(movable), 0x108000UL);
	cr_assert(bh_log_has("  Node 0: 0x0000000102400000\n"), "%s", bh_log());
}

Test(page_alloc_gfp, highuser_movable_prefers_zone_movable, .fini = finish)
{
	struct page *page;

	bh_boot(&bh_m3z, "movablecore=64M");
	page = alloc_page(GFP_HIGHUSER_MOVABLE);
	cr_assert_not_null(page);
	cr_assert_eq(page_zonenum(page), ZONE_MOVABLE);
	cr_assert_eq(bh_pageblock_mt(page), MIGRATE_MOVABLE);
	__free_page(page);
}

/* GFP_ZONE_TABLE maps __GFP_MOVABLE without __GFP_HIGHMEM to ZONE_NORMAL. */
Test(page_alloc_gfp, movable_without_highmem_stays_out_of_zone_movable, .fini = finish)
{
	struct page *page;

	bh_boot(&bh_m3z, "movablecore=64M");
	page = alloc_page(GFP_KERNEL | __GFP_MOVABLE);
	cr_assert_not_null(page);
	cr_assert_eq(page_zonenum(page), ZONE_NORMAL);
	cr_assert_eq(bh_pageblock_mt(page), MIGRATE_MOVABLE);
	__free_page(page);
}

Test(page_alloc_gfp, gfp_kernel_never_uses_zone_movable, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct visit v = { 0 };
	unsigned long movable_free;

	bh_boot(&bh_m3z, "movablecore=64M");
	movable_free = bh_zone_free(bh_zone(0, ZONE_MOVABLE));
	fill_node(&h, &v, NUMA_NO_NODE, FILL, 0);
	assert_visits(&v, 3, (int[]){ 0, 0, 0 },
		      (int[]){ ZONE_NORMAL, ZONE_DMA32, ZONE_DMA });
	cr_assert_eq(bh_zone_free(bh_zone(0, ZONE_MOVABLE)), movable_free);
	release_and_check(&h);
}

Test(page_alloc_gfp, highuser_movable_falls_back_from_movable_to_normal, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct visit v = { 0 };

	bh_boot(&bh_m3z, "movablecore=64M");
	fill_node(&h, &v, NUMA_NO_NODE, FILL | GFP_HIGHUSER_MOVABLE, 0);
	assert_visits(&v, 4, (int[]){ 0, 0, 0, 0 },
		      (int[]){ ZONE_MOVABLE, ZONE_NORMAL, ZONE_DMA32, ZONE_DMA });
	release_and_check(&h);
}

/* ---- migratetypes ---- */

Test(page_alloc_gfp, each_mobility_gets_a_pageblock_of_its_type, .fini = finish)
{
	struct page *u, *m, *r;

	bh_boot(&bh_m256, NULL);
	u = alloc_page(GFP_KERNEL);
	m = alloc_page(GFP_HIGHUSER_MOVABLE);
	r = alloc_page(GFP_KERNEL | __GFP_RECLAIMABLE);
	cr_assert(u && m && r);
	cr_assert_eq(bh_pageblock_mt(u), MIGRATE_UNMOVABLE);
	cr_assert_eq(bh_pageblock_mt(m), MIGRATE_MOVABLE);
	cr_assert_eq(bh_pageblock_mt(r), MIGRATE_RECLAIMABLE);
	cr_assert_neq(page_to_pfn(u) / pageblock_nr_pages, page_to_pfn(m) / pageblock_nr_pages);
	cr_assert_neq(page_to_pfn(u) / pageblock_nr_pages, page_to_pfn(r) / pageblock_nr_pages);
	cr_assert_neq(page_to_pfn(m) / pageblock_nr_pages, page_to_pfn(r) / pageblock_nr_pages);
	__free_page(u);
	__free_page(m);
	__free_page(r);
}

/* A fresh zone has free blocks of order 10 only in MOVABLE pageblocks; the
 * first unmovable request claims such a block whole (2 pageblocks) and the
 * following ones are served from it. */
Test(page_alloc_gfp, unmovable_requests_share_the_pageblocks_they_claimed, .fini = finish)
{
	struct bh_hold h = { 0 };
	unsigned long blocks[4];
	int nblocks = 0;

	bh_boot(&bh_m256, NULL);
	bh_pin_cpu(0);
	for (int i = 0; i < 200; i++) {
		struct page *page = alloc_page(GFP_KERNEL);
		unsigned long b;
		int k;

		cr_assert_not_null(page);
		cr_assert_eq(bh_pageblock_mt(page), MIGRATE_UNMOVABLE, "page %d", i);
		b = page_to_pfn(page) / pageblock_nr_pages;
		for (k = 0; k < nblocks && blocks[k] != b; k++)
			;
		if (k == nblocks) {
			cr_assert_lt(nblocks, 4, "200 unmovable pages spread over 5+ pageblocks");
			blocks[nblocks++] = b;
		}
		bh_hold_add(&h, page, 0);
	}
	release_and_check(&h);
}

/*
 * Unmovable order-4 requests in ZONE_DMA: while the UNMOVABLE free lists
 * hold a block of order >= 4, the request is served from them and no
 * pageblock changes type; once they hold none, the request steals from
 * another type (__rmqueue_fallback) and the UNMOVABLE pageblock count
 * grows.
 */
Test(page_alloc_gfp, unmovable_steals_from_movable_only_when_its_own_blocks_are_full, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct zone *dma;
	int steals = 0;

	bh_boot(&bh_m256, NULL);
	dma = bh_zone(0, ZONE_DMA);
	for (;;) {
		unsigned long before = bh_pageblocks(dma, MIGRATE_UNMOVABLE);
		bool own = false;
		struct page *page;

		for (int o = 4; o < MAX_ORDER; o++)
			own |= bh_free_list_blocks(dma, o, MIGRATE_UNMOVABLE) != 0;
		page = alloc_pages(FILL | GFP_DMA, 4);
		if (!page)
			break;
		bh_hold_add(&h, page, 4);
		if (own)
			cr_assert_eq(bh_pageblocks(dma, MIGRATE_UNMOVABLE), before,
				     "a pageblock changed type although UNMOVABLE blocks had room");
		else if (bh_pageblocks(dma, MIGRATE_UNMOVABLE) > before)
			steals++;
		if (own)
			cr_assert_eq(bh_pageblock_mt(page), MIGRATE_UNMOVABLE);
	}
	cr_assert_geq(steals, 2, "unmovable requests stole %d times in a 16 MiB zone", steals);
	release_and_check(&h);
}

/*
 * A movable request that finds no MOVABLE or RECLAIMABLE free page and only
 * order-0 holes in an UNMOVABLE pageblock takes a hole without claiming the
 * block (can_steal_fallback() is false below pageblock_order / 2 for
 * movable requests, and the block is mostly allocated).
 */
Test(page_alloc_gfp, movable_takes_holes_of_unmovable_blocks_without_claiming_them, .fini = finish)
{
	struct bh_hold un = { 0 }, mov = { 0 };
	bool in_unmovable = false;

	bh_boot(&bh_m256, NULL);
	/* Fill the zone with unmovable pages, then punch order-0 holes. */
	fill_node(&un, NULL, NUMA_NO_NODE, FILL | GFP_DMA, 0);
	cr_assert_gt(un.nr, 1000);
	for (size_t i = 0; i < un.nr; i += 16) {
		if (bh_pageblock_mt(un.b[i].page) != MIGRATE_UNMOVABLE)
			continue;
		__free_page(un.b[i].page);
		un.b[i].page = NULL;
	}
	drain_all_pages(NULL);
	bh_check();
	for (;;) {
		struct page *page = alloc_page(FILL | GFP_DMA | __GFP_MOVABLE);

		if (!page)
			break;
		bh_hold_add(&mov, page, 0);
		if (bh_pageblock_mt(page) == MIGRATE_UNMOVABLE)
			in_unmovable = true;
	}
	cr_assert(in_unmovable, "no movable page was placed in an UNMOVABLE block");
	/* Drop the holes from the list before releasing the rest. */
	{
		size_t k = 0;

		for (size_t i = 0; i < un.nr; i++)
			if (un.b[i].page)
				un.b[k++] = un.b[i];
		un.nr = k;
	}
	bh_release(&mov);
	release_and_check(&un);
}

Test(page_alloc_gfp, reclaimable_requests_claim_reclaimable_blocks, .fini = finish)
{
	struct bh_hold h = { 0 };

	bh_boot(&bh_m256, NULL);
	for (int i = 0; i < 100; i++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, i % 3);

		cr_assert_not_null(page);
		cr_assert_eq(bh_pageblock_mt(page), MIGRATE_RECLAIMABLE);
		bh_hold_add(&h, page, i % 3);
	}
	release_and_check(&h);
}

/* ---- nodes: bh_mnuma has Normal on both nodes ---- */

Test(page_alloc_gfp, alloc_pages_node_uses_the_node_asked_for, .fini = finish)
{
	bh_boot(&bh_mnuma, NULL);
	for (int nid = 0; nid < 2; nid++)
		for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order += 5) {
			struct page *page = alloc_pages_node(nid, GFP_KERNEL, order);

			cr_assert_not_null(page);
			cr_assert_eq(page_to_nid(page), nid, "order %u", order);
			cr_assert_eq(page_zone(page)->node, nid);
			__free_pages(page, order);
		}
}

Test(page_alloc_gfp, preferred_nid_of___alloc_pages_is_honoured, .fini = finish)
{
	struct page *a, *b;

	bh_boot(&bh_mnuma, NULL);
	a = __alloc_pages(GFP_KERNEL, 3, 1, NULL);
	b = __alloc_pages(GFP_KERNEL, 3, 0, NULL);
	cr_assert(a && b);
	cr_assert_eq(page_to_nid(a), 1);
	cr_assert_eq(page_to_nid(b), 0);
	__free_pages(a, 3);
	__free_pages(b, 3);
}

/* The local node is the node of the CPU the thread runs on. */
Test(page_alloc_gfp, alloc_pages_prefers_the_local_node, .fini = finish)
{
	bh_boot(&bh_mnuma, NULL);
	for (int cpu = 0; cpu < BH_CPUS; cpu++) {
		struct page *page;

		bh_pin_cpu(cpu);
		page = alloc_page(GFP_KERNEL);
		cr_assert_not_null(page);
		cr_assert_eq(page_to_nid(page), cpu_to_node(cpu), "cpu %d", cpu);
		__free_page(page);
	}
}

Test(page_alloc_gfp, a_nodemask_restricts_the_nodes, .fini = finish)
{
	nodemask_t only1 = nodemask_of_node(1), only0 = nodemask_of_node(0);
	struct page *a, *b;

	bh_boot(&bh_mnuma, NULL);
	a = __alloc_pages(GFP_KERNEL, 0, 0, &only1);
	b = __alloc_pages(GFP_KERNEL, 2, 1, &only0);
	cr_assert(a && b);
	cr_assert_eq(page_to_nid(a), 1, "preferred node 0 is outside the mask");
	cr_assert_eq(page_to_nid(b), 0, "preferred node 1 is outside the mask");
	__free_pages(a, 0);
	__free_pages(b, 2);
}

Test(page_alloc_gfp, a_nodemask_fill_never_leaves_the_mask, .fini = finish)
{
	nodemask_t only1 = nodemask_of_node(1);
	struct bh_hold h = { 0 };

	bh_boot(&bh_mnuma, NULL);
	for (;;) {
		struct page *page = __alloc_pages(FILL, 3, 0, &only1);

		if (!page)
			break;
		cr_assert_eq(page_to_nid(page), 1);
		bh_hold_add(&h, page, 3);
	}
	cr_assert_gt(h.nr, 7000, "only %zu order-3 blocks from node 1's 256 MiB", h.nr);
	release_and_check(&h);
}

/* Node 1 first (its only zone), then node 0 from Normal down. */
Test(page_alloc_gfp, the_zonelist_runs_local_node_first_then_the_other, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct visit v = { 0 };

	bh_boot(&bh_mnuma, NULL);
	fill_node(&h, &v, 1, FILL, 0);
	assert_visits(&v, 4, (int[]){ 1, 0, 0, 0 },
		      (int[]){ ZONE_NORMAL, ZONE_NORMAL, ZONE_DMA32, ZONE_DMA });
	release_and_check(&h);
}

Test(page_alloc_gfp, thisnode_fails_instead_of_leaving_the_node, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct visit v = { 0 };
	struct page *page;

	bh_boot(&bh_mnuma, NULL);
	fill_node(&h, &v, 1, FILL | __GFP_THISNODE, 0);
	assert_visits(&v, 1, (int[]){ 1 }, (int[]){ ZONE_NORMAL });
	cr_assert_null(alloc_pages_node(1, FILL | __GFP_THISNODE, 0));
	page = alloc_pages_node(1, FILL, 0);
	cr_assert_not_null(page, "without __GFP_THISNODE node 0 must serve");
	cr_assert_eq(page_to_nid(page), 0);
	bh_hold_add(&h, page, 0);
	release_and_check(&h);
}

/* On bh_m3z_2n node 1 has only Normal: GFP_DMA from node 1 comes from node
 * 0's DMA zone, and with __GFP_THISNODE it fails. */
Test(page_alloc_gfp, gfp_dma_from_a_node_without_dma_goes_remote, .fini = finish)
{
	struct page *page;

	bh_boot(&bh_m3z_2n, NULL);
	cr_assert_null(bh_zone(1, ZONE_DMA));
	page = alloc_pages_node(1, GFP_KERNEL | GFP_DMA, 0);
	cr_assert_not_null(page);
	cr_assert_eq(page_to_nid(page), 0);
	cr_assert_eq(page_zonenum(page), ZONE_DMA);
	__free_page(page);
	cr_assert_null(alloc_pages_node(1, FILL | GFP_DMA | __GFP_THISNODE, 0));
}

/* ---- zonelists of four nodes (build_zonelists(), find_next_best_node()) ----
 *
 * kmm's SLIT: 10 local, 20 remote. Each candidate node scores
 * (distance + (n < local) + (n has CPUs)) * MAX_NUMNODES + node_load[n],
 * lowest first; the first node of each new distance group gets
 * node_load += 1, so that equal nodes are used round-robin. With one CPU
 * per node, and with CPUs on nodes 0 and 1 only, that gives:
 */
Test(page_alloc_gfp, fallback_order_of_four_nodes_with_a_cpu_each, .fini = finish)
{
	struct bh_machine m = { "4n", 1ULL << 30, NULL, 4, 4 };

	bh_boot(&m, NULL);
	cr_assert(bh_log_has("Fallback order for Node 0: 0 1 2 3 \n"), "%s", bh_log());
	cr_assert(bh_log_has("Fallback order for Node 1: 1 2 3 0 \n"));
	cr_assert(bh_log_has("Fallback order for Node 2: 2 3 0 1 \n"));
	cr_assert(bh_log_has("Fallback order for Node 3: 3 0 1 2 \n"));
	cr_assert(bh_log_has("Built 4 zonelists, mobility grouping on."));
}

Test(page_alloc_gfp, fallback_order_prefers_nodes_without_cpus, .fini = finish)
{
	struct bh_machine m = { "4n", 1ULL << 30, NULL, 4, 2 };

	bh_boot(&m, NULL);
	cr_assert_eq(cpu_to_node(0), 0);
	cr_assert_eq(cpu_to_node(1), 1);
	cr_assert(bh_log_has("Fallback order for Node 0: 0 2 3 1 \n"), "%s", bh_log());
	cr_assert(bh_log_has("Fallback order for Node 1: 1 3 2 0 \n"));
	cr_assert(bh_log_has("Fallback order for Node 2: 2 3 0 1 \n"));
	cr_assert(bh_log_has("Fallback order for Node 3: 3 2 0 1 \n"));
}

/* The allocator walks that order: from node 1, nodes 3, 2, 0, each highest
 * zone first (every node has DMA32; node 0 also has DMA). */
Test(page_alloc_gfp, allocations_follow_the_fallback_order_across_four_nodes, .fini = finish)
{
	struct bh_machine m = { "4n", 1ULL << 30, NULL, 4, 2 };
	struct bh_hold h = { 0 };
	struct visit v = { 0 };

	bh_boot(&m, NULL);
	fill_node(&h, &v, 1, FILL, 0);
	assert_visits(&v, 5, (int[]){ 1, 3, 2, 0, 0 },
		      (int[]){ ZONE_DMA32, ZONE_DMA32, ZONE_DMA32, ZONE_DMA32, ZONE_DMA });
	release_and_check(&h);
}

/*
 * get_page_from_freelist(): a high-order request that the slow path serves
 * with ALLOC_HIGHATOMIC (gfp_to_alloc_flags(): order > 0, no direct
 * reclaim, no __GFP_NOMEMALLOC) reserves its pageblock as
 * MIGRATE_HIGHATOMIC (reserve_highatomic_pageblock(): up to about 1% of
 * the zone, whole pageblocks). The fast path (low watermark) never does:
 * the zone is first filled below its low watermark.
 */
Test(page_alloc_gfp, a_high_order_atomic_request_below_low_reserves_a_highatomic_block, .fini = finish)
{
	struct bh_hold h = { 0 };
	struct zone *z;
	struct page *page;

	bh_boot(&bh_m256, NULL);
	bh_pin_cpu(0);
	z = bh_zone(0, ZONE_DMA32);
	page = alloc_pages(GFP_ATOMIC, 2);
	cr_assert_not_null(page);
	cr_assert_eq(z->nr_reserved_highatomic, 0UL, "the fast path reserved a block");
	bh_hold_add(&h, page, 2);
	/* Order 4 bypasses the per-CPU lists, whose refills could take the
	 * zone far below min (6.12 scales them up to high_max). */
	fill_node(&h, NULL, NUMA_NO_NODE, FILL | __GFP_MOVABLE, 4);
	cr_assert_lt(bh_zone_free(z), low_wmark_pages(z));
	/* ZONE_DMA (too small to hold a reserve: 1% of it is under a
	 * pageblock) must not serve the request: take its order-2 blocks. */
	fill_node(&h, NULL, NUMA_NO_NODE, GFP_ATOMIC | GFP_DMA, 2);
	page = alloc_pages(GFP_ATOMIC, 2);
	cr_assert_not_null(page, "GFP_ATOMIC order 2 failed with %lu free", bh_zone_free(z));
	cr_assert_eq(page_zone(page), z);
	cr_assert_eq(bh_pageblock_mt(page), MIGRATE_HIGHATOMIC);
	cr_assert_eq(z->nr_reserved_highatomic, pageblock_nr_pages);
	bh_hold_add(&h, page, 2);
	bh_check();
	release_and_check(&h);
}

/*
 * __rmqueue_claim() looks for the LARGEST free block of a fallback type
 * first, and only among blocks of one order does it prefer the types in
 * fallbacks[] order ({UNMOVABLE, MOVABLE} for RECLAIMABLE). After one
 * unmovable page has split an order-10 block, a reclaimable request still
 * claims a whole movable order-10 block rather than the unmovable remnant.
 */
Test(page_alloc_gfp, fallback_prefers_the_largest_block_over_the_type_order, .fini = finish)
{
	struct zone *z;
	struct page *u, *r;
	unsigned long unmovable;

	bh_boot(&bh_m256, NULL);
	bh_pin_cpu(0);
	z = bh_zone(0, ZONE_DMA32);
	cr_assert_eq(bh_pageblocks(z, MIGRATE_RECLAIMABLE), 0UL);
	u = alloc_pages(GFP_KERNEL, 4);
	cr_assert_not_null(u);
	cr_assert_eq(page_zone(u), z);
	unmovable = bh_pageblocks(z, MIGRATE_UNMOVABLE);
	cr_assert_gt(bh_free_pages_mt(z, MIGRATE_UNMOVABLE), 0UL);
	r = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 4);
	cr_assert_not_null(r);
	cr_assert_eq(bh_pageblock_mt(r), MIGRATE_RECLAIMABLE);
	cr_assert_eq(bh_pageblocks(z, MIGRATE_UNMOVABLE), unmovable,
		     "the reclaimable request took the unmovable remnant");
	cr_assert_eq(bh_pageblocks(z, MIGRATE_RECLAIMABLE), 2UL,
		     "an order-10 block (2 pageblocks) must have been claimed");
	__free_pages(u, 4);
	__free_pages(r, 4);
}

/*
 * movablecore=128M on bh_mnuma (130974 pages, 2 nodes):
 * find_zone_movable_pfns_for_nodes() wants 98206 kernel pages, 49103 per
 * node. Node 0 counts its 16286 pages below 4 GiB and takes 32817 of its
 * Normal pages: ZONE_MOVABLE from 0x108031, rounded up to 0x108400; node 1
 * takes 49103: from 0x117fcf, rounded up to 0x118000. The rounding leaves
 * 124 MiB movable rather than 128.
 */
Test(page_alloc_gfp, movablecore_is_spread_over_the_nodes, .fini = finish)
{
	struct zone *m0, *m1;

	bh_boot(&bh_mnuma, "movablecore=128M");
	m0 = bh_zone(0, ZONE_MOVABLE);
	m1 = bh_zone(1, ZONE_MOVABLE);
	cr_assert(m0 && m1, "%s", bh_log());
	cr_assert_eq(bh_zone_start_pfn(m0), 0x108400UL);
	cr_assert_eq(bh_zone_end_pfn(m0), 0x10c000UL);
	cr_assert_eq(bh_zone_start_pfn(m1), 0x118000UL);
	cr_assert_eq(bh_zone_end_pfn(m1), 0x11c000UL);
	cr_assert(bh_log_has("Movable zone start for each node\n"
			     "  Node 0: 0x0000000108400000\n"
			     "  Node 1: 0x0000000118000000\n"), "%s", bh_log());
}
