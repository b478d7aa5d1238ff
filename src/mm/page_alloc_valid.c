// SPDX-License-Identifier: MIT
/*
 * src/mm/page_alloc_valid.c - validators of the page allocator (STYLE
 * habit 8, DESIGN section 6): zone_is_valid() and kmm_check_invariants().
 *
 * 1. zone_is_valid(zone) checks one zone's structures:
 *      - every buddy list entry is an initialised PageBuddy head of the
 *        list's order, aligned to it, inside the zone, whose pageblocks
 *        all have the list's migratetype;
 *      - nr_free of each order equals the entries of its lists;
 *      - NR_FREE_PAGES equals the free pages on non-ISOLATE lists, and
 *        nr_free_highatomic those on the HIGHATOMIC lists;
 *      - no two free buddies of one order are left unmerged (where their
 *        types allow merging; isolation moves free blocks between lists
 *        without merging them, as on Linux, so ISOLATE blocks are exempt);
 *      - every per-CPU list entry is an initialised, non-buddy block of the
 *        list's order in this zone with refcount 0, and each pcp->count
 *        equals its lists' pages;
 *      - free pages (buddy + per-CPU) do not exceed managed_pages.
 *
 * 2. kmm_check_invariants() checks every page of the machine: it marks
 *    the pages of every free block (buddy and per-CPU lists) in a bitmap,
 *    failing if a page is marked twice, then walks every pfn of memory
 *    (memblock.memory): any page not free must be initialised (an
 *    untouched struct page may only exist inside a free block) and is
 *    reserved (PG_reserved) or allocated; in the holes between memory
 *    ranges no page may be free. Per zone, free + allocated must equal managed_pages, and
 *    the zones' managed pages must add up to totalram_pages().
 *
 * 3. Cost: O(free blocks) for zone_is_valid(), O(max_pfn) for
 *    kmm_check_invariants() plus a bitmap of max_pfn bits (host memory,
 *    kept between calls and released by kmm_halt()); free pages are
 *    skipped 64 at a time. Both print the first problem with pr_err
 *    and return false; they never change allocator state.
 *
 * Locking: zone_is_valid() takes the zone's lock, then each pcp lock in
 * turn (never both). The answer is exact only while no other thread
 * allocates or frees: tests call them between steps.
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/percpu.h>
#include <kmm/printk.h>
#include <kmm/kmm.h>
#include "../lib/string.h"
#include "../host/host.h"
#include "internal.h"

#define BITS_PER_WORD	64

static bool check_free_head(struct zone *zone, struct page *page, unsigned int order,
			    int type)
{
	unsigned long pfn = page_to_pfn(page);

	if (page_is_uninitialised(page) || !PageBuddy(page) || buddy_order(page) != order) {
		pr_err("zone %s: pfn %#lx on the order-%u list is not a free head of that order\n",
		       zone->name, pfn, order);
		return false;
	}
	if ((pfn & ((1UL << order) - 1)) || !zone_spans_pfn(zone, pfn) ||
	    !zone_spans_pfn(zone, pfn + (1UL << order) - 1) || page_zone(page) != zone) {
		pr_err("zone %s: free block %#lx order %u misaligned or outside the zone\n",
		       zone->name, pfn, order);
		return false;
	}
	for (unsigned long p = pfn; p < pfn + (1UL << order); p += pageblock_nr_pages) {
		if (get_pfnblock_migratetype(page, p) != type) {
			pr_err("zone %s: free block %#lx on the %s list lies in a %s pageblock\n",
			       zone->name, pfn, migratetype_names[type],
			       migratetype_names[get_pfnblock_migratetype(page, p)]);
			return false;
		}
	}
	return true;
}

/* Is the free head @page (order @order) next to a free buddy it should have absorbed? */
static bool unmerged_buddy(struct page *page, unsigned int order, int type)
{
	unsigned long pfn = page_to_pfn(page), buddy_pfn;
	struct page *buddy;
	int buddy_type;

	if (order >= MAX_PAGE_ORDER || is_migrate_isolate(type))
		return false;
	buddy = find_buddy_page_pfn(page, pfn, order, &buddy_pfn);
	if (!buddy)
		return false;
	buddy_type = get_pfnblock_migratetype(buddy, buddy_pfn);
	if (is_migrate_isolate(buddy_type))
		return false;
	if (order >= pageblock_order && buddy_type != type &&
	    (!migratetype_is_mergeable(type) || !migratetype_is_mergeable(buddy_type)))
		return false;
	return true;
}

static bool free_lists_are_valid(struct zone *zone)
{
	unsigned long nr_pages = 0, nr_highatomic = 0;

	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		unsigned long nr_blocks = 0;

		for (int type = 0; type < MIGRATE_TYPES; type++) {
			struct page *page;

			list_for_each_entry(page, &zone->free_area[order].free_list[type], buddy_list) {
				if (!check_free_head(zone, page, order, type))
					return false;
				if (unmerged_buddy(page, order, type)) {
					pr_err("zone %s: free buddies at %#lx, order %u, left unmerged\n",
					       zone->name, page_to_pfn(page), order);
					return false;
				}
				nr_blocks++;
				if (!is_migrate_isolate(type))
					nr_pages += 1UL << order;
				if (is_migrate_highatomic(type))
					nr_highatomic += 1UL << order;
			}
		}
		if (nr_blocks != zone->free_area[order].nr_free) {
			pr_err("zone %s: order %u has %lu blocks on its lists but nr_free %lu\n",
			       zone->name, order, nr_blocks, zone->free_area[order].nr_free);
			return false;
		}
	}
	if (nr_pages != zone_page_state(zone, NR_FREE_PAGES) ||
	    nr_highatomic != zone->nr_free_highatomic) {
		pr_err("zone %s: lists hold %lu free pages (%lu highatomic), counters say %lu (%lu)\n",
		       zone->name, nr_pages, nr_highatomic, zone_page_state(zone, NR_FREE_PAGES),
		       zone->nr_free_highatomic);
		return false;
	}
	return true;
}

static bool pcp_is_valid(struct zone *zone, int cpu, struct per_cpu_pages *pcp)
{
	long pages = 0;

	for (int pindex = 0; pindex < NR_PCP_LISTS; pindex++) {
		unsigned int order = (unsigned int)pindex / MIGRATE_PCPTYPES;
		struct page *page;

		list_for_each_entry(page, &pcp->lists[pindex], pcp_list) {
			unsigned long pfn = page_to_pfn(page);

			if (page_is_uninitialised(page) || PageBuddy(page) ||
			    page_ref_count(page) || page_zone(page) != zone ||
			    (pfn & ((1UL << order) - 1))) {
				pr_err("zone %s: CPU %d list %d holds a bad entry at pfn %#lx\n",
				       zone->name, cpu, pindex, pfn);
				return false;
			}
			pages += 1L << order;
		}
	}
	if (pages != pcp->count) {
		pr_err("zone %s: CPU %d lists hold %ld pages, count says %d\n", zone->name, cpu,
		       pages, pcp->count);
		return false;
	}
	return true;
}

/**
 * zone_is_valid - check one zone's free lists, counters and per-CPU lists
 * (point 1).
 * @zone: the zone
 *
 * Context: takes zone->lock and the pcp locks; exact while quiescent.
 * Return: true if every check passes; else false after a pr_err.
 */
bool zone_is_valid(struct zone *zone)
{
	unsigned long flags;
	bool ok;
	int cpu;

	spin_lock_irqsave(&zone->lock, flags);
	ok = free_lists_are_valid(zone);
	spin_unlock_irqrestore(&zone->lock, flags);
	if (!ok || !zone->per_cpu_pageset)
		goto out;
	for_each_online_cpu(cpu) {
		struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);

		spin_lock(&pcp->lock);
		ok = pcp_is_valid(zone, cpu, pcp);
		spin_unlock(&pcp->lock);
		if (!ok)
			goto out;
	}
out:
	if (ok && zone_page_state(zone, NR_FREE_PAGES) + zone_pcp_free_pages(zone) >
		  zone_managed_pages(zone)) {
		pr_err("zone %s: more free pages than managed\n", zone->name);
		ok = false;
	}
	return ok;
}

/* A bitmap of every pfn below max_pfn, from host memory. */
struct pfn_bitmap {
	unsigned long *bits;
	size_t bytes;
};

/* Kept from one check to the next (checks do not run concurrently). */
static unsigned long *valid_bits;
static size_t valid_bits_bytes;

static unsigned long *valid_bitmap(size_t bytes)
{
	if (bytes > valid_bits_bytes) {
		host_pages_free(valid_bits, valid_bits_bytes);
		valid_bits = host_pages_alloc(bytes);
		valid_bits_bytes = valid_bits ? bytes : 0;
	}
	return valid_bits;
}

static bool mark_block(struct pfn_bitmap *bm, unsigned long pfn, unsigned int order)
{
	unsigned long end = pfn + (1UL << order);

	while (pfn < end) {
		unsigned long *w = &bm->bits[pfn / BITS_PER_WORD], mask;

		if (!(pfn % BITS_PER_WORD) && end - pfn >= BITS_PER_WORD) {
			mask = ~0UL;
			pfn += BITS_PER_WORD;
		} else {
			mask = 1UL << (pfn % BITS_PER_WORD);
			pfn++;
		}
		if (*w & mask) {
			pr_err("pfn %#lx is in two free blocks\n", pfn - 1);
			return false;
		}
		*w |= mask;
	}
	return true;
}

/* Mark every free page of @zone; Return: false on a double mark. */
static bool mark_zone_free(struct pfn_bitmap *bm, struct zone *zone, unsigned long *nr)
{
	struct page *page;
	int cpu;

	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++)
		for (int type = 0; type < MIGRATE_TYPES; type++)
			list_for_each_entry(page, &zone->free_area[order].free_list[type], buddy_list) {
				if (!mark_block(bm, page_to_pfn(page), order))
					return false;
				*nr += 1UL << order;
			}
	if (!zone->per_cpu_pageset)
		return true;
	for_each_online_cpu(cpu) {
		struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);

		for (int pindex = 0; pindex < NR_PCP_LISTS; pindex++) {
			unsigned int order = (unsigned int)pindex / MIGRATE_PCPTYPES;

			list_for_each_entry(page, &pcp->lists[pindex], pcp_list) {
				if (!mark_block(bm, page_to_pfn(page), order))
					return false;
				*nr += 1UL << order;
			}
		}
	}
	return true;
}

struct zone_tally {
	unsigned long free, allocated, reserved;
};

/*
 * One pfn that no free block holds: reserved, or allocated. The node and
 * zone bits of page->flags, read as one number, are the tally index
 * (nid * MAX_NR_ZONES + zone, since ZONES_WIDTH is 2).
 */
static bool classify_page(unsigned long pfn, struct zone_tally *tally)
{
	const struct page *page = pfn_to_page(pfn);
	unsigned long flags = page->flags;
	struct zone_tally *t;

	BUILD_BUG_ON(MAX_NR_ZONES != 1 << ZONES_WIDTH);
	if (unlikely(!flags && !page->page_type)) {
		pr_err("pfn %#lx: untouched struct page outside any free block\n", pfn);
		return false;
	}
	t = &tally[flags >> ZONES_PGSHIFT];
	if (flags & (1UL << PG_reserved))
		t->reserved++;
	else
		t->allocated++;
	return true;
}

/* Classify the pfns of [pfn, end) (memory); free ones are skipped by words. */
static bool classify_range(const struct pfn_bitmap *bm, unsigned long pfn,
			   unsigned long end, struct zone_tally *tally)
{
	while (pfn < end) {
		unsigned long word = bm->bits[pfn / BITS_PER_WORD];

		if (!(pfn % BITS_PER_WORD) && word == ~0UL && end - pfn >= BITS_PER_WORD) {
			pfn += BITS_PER_WORD;
			continue;
		}
		if (!((word >> (pfn % BITS_PER_WORD)) & 1) && !classify_page(pfn, tally))
			return false;
		pfn++;
	}
	return true;
}

/* No free block may cover [pfn, end), a hole: bitmap words only. */
static bool hole_is_not_free(const struct pfn_bitmap *bm, unsigned long pfn,
			     unsigned long end)
{
	for (; pfn < end; pfn++) {
		if (!(pfn % BITS_PER_WORD) && end - pfn >= BITS_PER_WORD &&
		    !bm->bits[pfn / BITS_PER_WORD]) {
			pfn += BITS_PER_WORD - 1;
			continue;
		}
		if ((bm->bits[pfn / BITS_PER_WORD] >> (pfn % BITS_PER_WORD)) & 1) {
			pr_err("pfn %#lx is free but not memory\n", pfn);
			return false;
		}
	}
	return true;
}

/*
 * Classify every pfn of memory (memblock.memory); the holes between need
 * only be free of free blocks: their struct pages (PG_reserved since
 * memmap_init()) are never touched by the allocator.
 * Return: false on a bad page.
 */
static bool classify_pages(const struct pfn_bitmap *bm, struct zone_tally *tally)
{
	unsigned long start, end, prev_end = 0;
	int i;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, NULL) {
		end = min(end, max_pfn);
		if (start > prev_end && !hole_is_not_free(bm, prev_end, start))
			return false;
		if (start < end && !classify_range(bm, start, end, tally))
			return false;
		prev_end = max(prev_end, end);
	}
	return hole_is_not_free(bm, prev_end, max_pfn);
}

static bool tallies_match(const struct zone_tally *tally)
{
	unsigned long managed_sum = 0;
	struct zone *zone;

	for_each_zone(zone) {
		const struct zone_tally *t = &tally[zone_to_nid(zone) * MAX_NR_ZONES + zone_idx(zone)];

		managed_sum += zone_managed_pages(zone);
		if (t->free + t->allocated != zone_managed_pages(zone)) {
			pr_err("node %d zone %s: %lu free + %lu allocated pages, %lu managed\n",
			       zone_to_nid(zone), zone->name, t->free, t->allocated,
			       zone_managed_pages(zone));
			return false;
		}
	}
	if (managed_sum != totalram_pages()) {
		pr_err("zones manage %lu pages, totalram_pages() is %lu\n", managed_sum,
		       totalram_pages());
		return false;
	}
	return true;
}

/**
 * kmm_check_invariants - prove that every page of the machine is counted
 * exactly once: free (in one buddy or per-CPU list), allocated, reserved,
 * or a hole (point 2). Also runs zone_is_valid() on every zone.
 *
 * Context: process, with no concurrent allocations or frees, and not
 * concurrently with itself; uses max_pfn / 8 bytes of host memory.
 * Return: true if everything holds; else false after a pr_err.
 */
bool kmm_check_invariants(void)
{
	static struct zone_tally tally[MAX_NUMNODES * MAX_NR_ZONES];
	struct pfn_bitmap bm;
	struct zone *zone;
	bool ok = true;

	if (!kmm_is_booted())
		return true;
	for_each_zone(zone)
		if (populated_zone(zone) && !zone_is_valid(zone))
			return false;
	bm.bytes = PAGE_ALIGN(DIV_ROUND_UP(max_pfn, BITS_PER_WORD) * sizeof(unsigned long));
	bm.bits = valid_bitmap(bm.bytes);
	if (!bm.bits)
		return false;
	memset(bm.bits, 0, bm.bytes);
	memset(tally, 0, sizeof(tally));
	for_each_zone(zone) {
		struct zone_tally *t = &tally[zone_to_nid(zone) * MAX_NR_ZONES + zone_idx(zone)];

		ok = mark_zone_free(&bm, zone, &t->free);
		if (!ok)
			break;
	}
	return ok && classify_pages(&bm, tally) && tallies_match(tally);
}

/* kmm_halt: give the bitmap back to the host. */
void page_alloc_valid_reset(void)
{
	host_pages_free(valid_bits, valid_bits_bytes);
	valid_bits = NULL;
	valid_bits_bytes = 0;
}
