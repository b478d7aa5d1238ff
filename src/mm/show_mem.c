// SPDX-License-Identifier: MIT
/*
 * src/mm/show_mem.c - the Mem-Info report and the memory fields of
 * sysinfo (mm/show_mem.c).
 *
 * 1. __show_mem() prints, in 6.12's exact formats:
 *      Mem-Info:
 *      active_anon:0 inactive_anon:0 isolated_anon:0 ... free:N free_pcp:N free_cma:0
 *      Node 0 active_anon:0kB ... all_unreclaimable? no
 *      Node 0 DMA free:..kB boost:..kB min:..kB low:..kB high:..kB ...
 *      lowmem_reserve[]: 0 1234 5678 5678
 *      Node 0 DMA: 1*4kB (U) 2*8kB (UM) ... = 15360kB
 *      0 total pagecache pages
 *      0 pages in swap cache / Free swap / Total swap
 *      N pages RAM / 0 pages HighMem/MovableOnly / N pages reserved
 *      0 pages hwpoisoned
 *    kmm has no anonymous, file, slab or page-table pages yet: those fields
 *    print 0, as a kernel with none of them would. Zones above
 *    @max_zone_idx and unpopulated zones are left out, as on Linux.
 *
 * 2. The per-order line counts each order's blocks (nr_free) and shows in
 *    parentheses the migratetypes that have blocks of that order (U M E H
 *    I); the sum is the zone's free memory in the buddy lists.
 *
 * 3. Locking: each zone's free areas are read under its zone->lock; the
 *    counters without a lock (racy, as on Linux).
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/percpu.h>
#include <kmm/printk.h>
#include "internal.h"

#define K(x) ((x) << (PAGE_SHIFT - 10))

static void show_node(const struct zone *zone)
{
	printk("Node %d ", zone_to_nid(zone));
}

static bool show_mem_node_skip(unsigned int flags, int nid, const nodemask_t *nodemask)
{
	if (!(flags & SHOW_MEM_FILTER_NODES) || !nodemask)
		return false;
	return !node_isset(nid, nodemask);
}

static void show_migration_types(unsigned char type)
{
	static const char types[MIGRATE_TYPES] = {
		[MIGRATE_UNMOVABLE] = 'U', [MIGRATE_MOVABLE] = 'M',
		[MIGRATE_RECLAIMABLE] = 'E', [MIGRATE_HIGHATOMIC] = 'H',
		[MIGRATE_ISOLATE] = 'I',
	};
	char tmp[MIGRATE_TYPES + 1], *p = tmp;

	for (int i = 0; i < MIGRATE_TYPES; i++)
		if (type & (1 << i))
			*p++ = types[i];
	*p = '\0';
	printk(KERN_CONT "(%s) ", tmp);
}

static bool node_has_managed_zones(pg_data_t *pgdat, int max_zone_idx)
{
	for (int z = 0; z <= max_zone_idx; z++)
		if (zone_managed_pages(&pgdat->node_zones[z]))
			return true;
	return false;
}

static void show_global_counters(unsigned long free_pcp)
{
	printk("active_anon:%lu inactive_anon:%lu isolated_anon:%lu\n"
	       " active_file:%lu inactive_file:%lu isolated_file:%lu\n"
	       " unevictable:%lu dirty:%lu writeback:%lu\n"
	       " slab_reclaimable:%lu slab_unreclaimable:%lu\n"
	       " mapped:%lu shmem:%lu pagetables:%lu\n"
	       " sec_pagetables:%lu bounce:%lu\n"
	       " kernel_misc_reclaimable:%lu\n"
	       " free:%lu free_pcp:%lu free_cma:%lu\n",
	       0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL,
	       0UL, 0UL, 0UL, nr_free_pages(), free_pcp, 0UL);
}

static void show_node_counters(pg_data_t *pgdat)
{
	printk("Node %d active_anon:%lukB inactive_anon:%lukB active_file:%lukB"
	       " inactive_file:%lukB unevictable:%lukB isolated(anon):%lukB"
	       " isolated(file):%lukB mapped:%lukB dirty:%lukB writeback:%lukB"
	       " shmem:%lukB shmem_thp:%lukB shmem_pmdmapped:%lukB anon_thp:%lukB"
	       " writeback_tmp:%lukB kernel_stack:%lukB pagetables:%lukB"
	       " sec_pagetables:%lukB all_unreclaimable? %s\n",
	       pgdat->node_id, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL,
	       0UL, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, "no");
}

static void show_zone_counters(struct zone *zone)
{
	struct per_cpu_pages *local = zone->per_cpu_pageset ?
		this_cpu_ptr(zone->per_cpu_pageset) : NULL;

	show_node(zone);
	printk(KERN_CONT "%s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB"
	       " reserved_highatomic:%luKB active_anon:%lukB inactive_anon:%lukB"
	       " active_file:%lukB inactive_file:%lukB unevictable:%lukB"
	       " writepending:%lukB present:%lukB managed:%lukB mlocked:%lukB"
	       " bounce:%lukB free_pcp:%lukB local_pcp:%ukB free_cma:%lukB\n",
	       zone->name, K(zone_page_state(zone, NR_FREE_PAGES)), K(zone->watermark_boost),
	       K(min_wmark_pages(zone)), K(low_wmark_pages(zone)), K(high_wmark_pages(zone)),
	       K(zone->nr_reserved_highatomic),
	       K(zone_page_state(zone, NR_ZONE_ACTIVE_ANON)),
	       K(zone_page_state(zone, NR_ZONE_INACTIVE_ANON)),
	       K(zone_page_state(zone, NR_ZONE_ACTIVE_FILE)),
	       K(zone_page_state(zone, NR_ZONE_INACTIVE_FILE)),
	       K(zone_page_state(zone, NR_ZONE_UNEVICTABLE)),
	       K(zone_page_state(zone, NR_ZONE_WRITE_PENDING)),
	       K(zone->present_pages), K(zone_managed_pages(zone)),
	       K(zone_page_state(zone, NR_MLOCK)), K(zone_page_state(zone, NR_BOUNCE)),
	       K(zone_pcp_free_pages(zone)), local ? K((unsigned int)READ_ONCE_RELAXED(local->count)) : 0,
	       K(zone_page_state(zone, NR_FREE_CMA_PAGES)));
	printk("lowmem_reserve[]:");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		printk(KERN_CONT " %ld", zone->lowmem_reserve[i]);
	printk(KERN_CONT "\n");
}

static void show_zone_free_areas(struct zone *zone)
{
	unsigned long nr[NR_PAGE_ORDERS], flags, total = 0;
	unsigned char types[NR_PAGE_ORDERS];

	show_node(zone);
	printk(KERN_CONT "%s: ", zone->name);
	spin_lock_irqsave(&zone->lock, flags);
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];

		nr[order] = area->nr_free;
		total += nr[order] << order;
		types[order] = 0;
		for (int type = 0; type < MIGRATE_TYPES; type++)
			if (!free_area_empty(area, type))
				types[order] |= 1 << type;
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		printk(KERN_CONT "%lu*%lukB ", nr[order], K(1UL) << order);
		if (nr[order])
			show_migration_types(types[order]);
	}
	printk(KERN_CONT "= %lukB\n", K(total));
}

static void show_free_areas(unsigned int filter, nodemask_t *nodemask, int max_zone_idx)
{
	unsigned long free_pcp = 0;
	struct zone *zone;
	pg_data_t *pgdat;

	for_each_populated_zone(zone) {
		if (zone_idx(zone) > max_zone_idx ||
		    show_mem_node_skip(filter, zone_to_nid(zone), nodemask))
			continue;
		free_pcp += zone_pcp_free_pages(zone);
	}
	show_global_counters(free_pcp);
	for_each_online_pgdat(pgdat) {
		if (show_mem_node_skip(filter, pgdat->node_id, nodemask) ||
		    !node_has_managed_zones(pgdat, max_zone_idx))
			continue;
		show_node_counters(pgdat);
	}
	for_each_populated_zone(zone) {
		if (zone_idx(zone) > max_zone_idx ||
		    show_mem_node_skip(filter, zone_to_nid(zone), nodemask))
			continue;
		show_zone_counters(zone);
	}
	for_each_populated_zone(zone) {
		if (zone_idx(zone) > max_zone_idx ||
		    show_mem_node_skip(filter, zone_to_nid(zone), nodemask))
			continue;
		show_zone_free_areas(zone);
	}
	printk("%ld total pagecache pages\n", 0L);
	printk("%lu pages in swap cache\n", 0UL);
	printk("Free swap  = %ldkB\n", 0L);
	printk("Total swap = %lukB\n", 0UL);
}

/**
 * __show_mem - print the Mem-Info report (point 1).
 * @filter: SHOW_MEM_FILTER_NODES to show only the nodes of @nodemask
 * @nodemask: the nodes of interest, or NULL for all
 * @max_zone_idx: the highest zone shown
 *
 * Context: any; takes each zone's lock in turn, never sleeps.
 */
void __show_mem(unsigned int filter, nodemask_t *nodemask, int max_zone_idx)
{
	unsigned long total = 0, reserved = 0;
	struct zone *zone;

	printk("Mem-Info:\n");
	show_free_areas(filter, nodemask, max_zone_idx);
	for_each_populated_zone(zone) {
		total += zone->present_pages;
		reserved += zone->present_pages - zone_managed_pages(zone);
	}
	printk("%lu pages RAM\n", total);
	printk("%lu pages HighMem/MovableOnly\n", 0UL);
	printk("%lu pages reserved\n", reserved);
	printk("%lu pages hwpoisoned\n", 0UL);
}

/** show_mem - the whole Mem-Info report, every node and zone. */
void show_mem(void)
{
	__show_mem(0, NULL, MAX_NR_ZONES - 1);
}

/**
 * si_mem_available - pages available for new allocations without
 * swapping: free pages minus the reserves (kmm has no page cache or
 * reclaimable slab to add yet).
 * Return: pages, >= 0.
 */
long si_mem_available(void)
{
	long available = (long)nr_free_pages() - (long)totalreserve_pages;

	return available < 0 ? 0 : available;
}

void si_meminfo(struct sysinfo *val)
{
	val->totalram = totalram_pages();
	val->sharedram = 0;
	val->freeram = nr_free_pages();
	val->bufferram = 0;
	val->totalhigh = 0;
	val->freehigh = 0;
	val->mem_unit = PAGE_SIZE;
}
