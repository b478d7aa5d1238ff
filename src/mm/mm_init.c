// SPDX-License-Identifier: MIT
/*
 * src/mm/mm_init.c - zones and nodes from memblock, the memmap's first
 * state, and the handover of free memory to the buddy allocator
 * (mm/mm_init.c).
 *
 * 1. Zone bounds. x86-64 passes each zone's highest pfn: DMA below 16 MiB,
 *    DMA32 below 4 GiB, Normal to max_pfn. The lowest zone starts at the
 *    first pfn of memblock.memory, each next zone starts where the previous
 *    ended, and a zone whose start equals its end prints "empty".
 *
 * 2. ZONE_MOVABLE. kernelcore= (size or percent) or movablecore= carve the
 *    top of each node's highest zone into ZONE_MOVABLE, spreading the
 *    kernel's share evenly over the nodes (find_zone_movable_pfns_for_nodes,
 *    as 6.12 does it, including movable_node and kernelcore=mirror); each
 *    node's movable start is rounded up to MAX_ORDER_NR_PAGES and printed
 *    under "Movable zone start for each node".
 *
 * 3. Nodes and zones. A node spans its first to its last memblock pfn; each
 *    zone of it is that span clipped to the zone's bounds; present pages are
 *    the memblock memory inside. Each zone starts with managed_pages =
 *    present_pages (what build_all_zonelists counts); memblock_free_all()
 *    resets managed_pages to the pages it really hands over.
 *
 * 4. The memmap at boot: deferred struct page initialisation. Linux with
 *    CONFIG_DEFERRED_STRUCT_PAGE_INIT initialises the struct pages of most
 *    memory after boot, in threads. kmm defers further, page by page:
 *      - memmap_init() initialises only the struct pages of holes inside
 *        sections that have memory (init_unavailable_range(), which prints
 *        "On node N, zone X: K pages in unavailable ranges" exactly as 6.12
 *        counts them), and sets the migratetype of every pageblock whose
 *        first pfn is memory to MIGRATE_MOVABLE (memmap_init_range());
 *      - memblock_free_all() initialises the struct pages of reserved
 *        ranges (reserve_bootmem_region(): PG_reserved) and, for each free
 *        block it hands to the buddy allocator, only the block's head; it
 *        runs on several host threads, windows of 256 MiB each, as
 *        Linux's deferred init runs per-node threads (memblock.c);
 *      - the other struct pages of a free block are initialised when the
 *        block is split (expand()) or handed out (prep_new_page()).
 *    An untouched struct page reads as zero (the memmap is fresh memfd
 *    memory, see sparse.c): page_is_uninitialised(). Such pages exist only
 *    inside free blocks. So a 64 GiB machine touches 16384 struct pages to
 *    free its memory (each a first touch of a 4 KiB memmap page: that page
 *    fault is most of the boot time), and a 1 TiB machine's 16 GiB memmap
 *    stays mostly unbacked on the host (about 1.3 GiB gets touched).
 *
 * 5. Lines printed, in 6.12's order: "Zone ranges:", "Movable zone start for
 *    each node", "Early memory node ranges", "Initmem setup node N", "On
 *    node N, zone X: ...", then (mm_core_init) "Built N zonelists ...",
 *    "mem auto-init: ..." and (page_alloc_init_late) the Memory: line,
 *    whose x is nr_free_pages() and whose "reserved" is present pages minus
 *    the pages the allocator manages, as Linux computes them.
 *
 * How kmm differs: no ZONE_DEVICE ("Device empty" is not printed), no
 *    per-node deferred-init threads, no page_ext; the kernel image sizes in
 *    the Memory: line are kmm's own ELF segments and "init" is 0.
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/mm_init.h>
#include <kmm/memblock.h>
#include <kmm/percpu.h>
#include <kmm/printk.h>
#include <kmm/minmax.h>
#include <kmm/sizes.h>
#include <kmm/init.h>
#include <kmm/cmdline.h>
#include <kmm/slab.h>
#include <kmm/errno.h>
#include "../lib/string.h"
#include "../host/host.h"
#include "internal.h"

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };

unsigned long max_pfn, max_low_pfn, max_possible_pfn;
bool mirrored_kernelcore;
unsigned long totalram_pages_boot;
nodemask_t node_states[NR_NODE_STATES];

static unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
static unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];
static unsigned long zone_movable_pfn[MAX_NUMNODES];
static unsigned long required_kernelcore, required_kernelcore_percent;
static unsigned long required_movablecore, required_movablecore_percent;
/* The zone ZONE_MOVABLE takes its pages from (page_alloc.c in Linux). */
int movable_zone;

/* kernelcore= and movablecore=: a size, or a percentage of memory. */
static int cmdline_parse_core(char *p, unsigned long *core, unsigned long *percent)
{
	unsigned long long coremem;
	char *endptr;

	if (!p)
		return -EINVAL;
	coremem = simple_strtoull(p, &endptr, 0);
	if (*endptr == '%') {
		WARN_ON(coremem > 100);
		*percent = (unsigned long)coremem;
	} else {
		coremem = memparse(p, &p);
		*core = (unsigned long)(coremem >> PAGE_SHIFT);
		*percent = 0;
	}
	return 0;
}

static int cmdline_parse_kernelcore(char *p)
{
	if (p && !strcmp(p, "mirror")) {
		mirrored_kernelcore = true;
		return 0;
	}
	return cmdline_parse_core(p, &required_kernelcore, &required_kernelcore_percent);
}
early_param("kernelcore", cmdline_parse_kernelcore);

static int cmdline_parse_movablecore(char *p)
{
	return cmdline_parse_core(p, &required_movablecore, &required_movablecore_percent);
}
early_param("movablecore", cmdline_parse_movablecore);

/* init_on_alloc= / init_on_free= (mm_init.c); kmm's defaults are off. */
static bool init_on_alloc_early, init_on_free_early;
bool init_on_alloc, init_on_free;

static int early_init_on_alloc(char *buf)
{
	return kstrtobool(buf, &init_on_alloc_early);
}
early_param("init_on_alloc", early_init_on_alloc);

static int early_init_on_free(char *buf)
{
	return kstrtobool(buf, &init_on_free_early);
}
early_param("init_on_free", early_init_on_free);

static void set_zone_bounds(const unsigned long *max_zone_pfn)
{
	unsigned long start_pfn = PHYS_PFN(memblock_start_of_DRAM());

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long end_pfn;

		if (z == ZONE_MOVABLE)
			continue;
		end_pfn = max(max_zone_pfn[z], start_pfn);
		arch_zone_lowest_possible_pfn[z] = start_pfn;
		arch_zone_highest_possible_pfn[z] = end_pfn;
		start_pfn = end_pfn;
	}
}

static void print_zone_ranges(void)
{
	unsigned long start, end;
	int i, nid;

	pr_info("Zone ranges:\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (z == ZONE_MOVABLE)
			continue;
		pr_info("  %-8s ", zone_names[z]);
		if (arch_zone_lowest_possible_pfn[z] == arch_zone_highest_possible_pfn[z])
			pr_cont("empty\n");
		else
			pr_cont("[mem %#018Lx-%#018Lx]\n",
				(unsigned long long)PFN_PHYS(arch_zone_lowest_possible_pfn[z]),
				(unsigned long long)PFN_PHYS(arch_zone_highest_possible_pfn[z]) - 1);
	}
	pr_info("Movable zone start for each node\n");
	for (i = 0; i < MAX_NUMNODES; i++)
		if (zone_movable_pfn[i])
			pr_info("  Node %d: %#018Lx\n", i,
				(unsigned long long)PFN_PHYS(zone_movable_pfn[i]));
	pr_info("Early memory node ranges\n");
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid)
		pr_info("  node %3d: [mem %#018Lx-%#018Lx]\n", nid,
			(unsigned long long)PFN_PHYS(start),
			(unsigned long long)PFN_PHYS(end) - 1);
}

void get_pfn_range_for_nid(int nid, unsigned long *start, unsigned long *end)
{
	unsigned long s, e;
	int i;

	*start = -1UL;
	*end = 0;
	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		*start = min(*start, s);
		*end = max(*end, e);
	}
	if (*start == -1UL)
		*start = 0;
}

/* Pages of memory, all nodes; marks the nodes that have some (N_MEMORY). */
static unsigned long early_calculate_totalpages(void)
{
	unsigned long total = 0, start, end;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid) {
		total += end - start;
		if (end > start)
			node_set_state(nid, N_MEMORY);
	}
	return total;
}

/* ZONE_MOVABLE takes its pages from the highest zone that has any. */
static void find_usable_zone_for_movable(void)
{
	int z;

	for (z = MAX_NR_ZONES - 1; z >= 0; z--) {
		if (z == ZONE_MOVABLE)
			continue;
		if (arch_zone_highest_possible_pfn[z] > arch_zone_lowest_possible_pfn[z])
			break;
	}
	movable_zone = z < 0 ? 0 : z;
}

/* movable_node: each node's hotpluggable memory starts its ZONE_MOVABLE. */
static void movable_from_regions(bool hotplug)
{
	struct memblock_region *r;

	for_each_mem_region(r) {
		unsigned long start = memblock_region_memory_base_pfn(r);
		int nid = memblock_get_region_node(r);

		if (hotplug ? !memblock_is_hotpluggable(r) : memblock_is_mirror(r))
			continue;
		if (!hotplug && start < PHYS_PFN(SZ_4G))
			continue;
		zone_movable_pfn[nid] = zone_movable_pfn[nid] ?
			min(start, zone_movable_pfn[nid]) : start;
	}
}

/* kernelcore=mirror: memory that is not mirrored becomes ZONE_MOVABLE. */
static bool movable_from_mirror(void)
{
	struct memblock_region *r;
	bool below_4g = false;

	if (!memblock_has_mirror()) {
		pr_warn("The system has no mirror memory, ignore kernelcore=mirror.\n");
		return false;
	}
	for_each_mem_region(r)
		if (!memblock_is_mirror(r) &&
		    memblock_region_memory_base_pfn(r) < PHYS_PFN(SZ_4G))
			below_4g = true;
	movable_from_regions(false);
	if (below_4g)
		pr_warn("This configuration results in unmirrored kernel memory.\n");
	return true;
}

/* One node's share of kernelcore: push its movable start past it. */
static void spread_kernelcore_node(int nid, unsigned long usable_startpfn,
				   unsigned long kernelcore_node)
{
	unsigned long remaining = kernelcore_node, start, end;
	int i;

	for_each_mem_pfn_range(i, nid, &start, &end, NULL) {
		unsigned long size;

		start = max(start, zone_movable_pfn[nid]);
		if (start >= end)
			continue;
		if (start < usable_startpfn) {
			unsigned long kernel_pages = min(end, usable_startpfn) - start;

			remaining -= min(kernel_pages, remaining);
			required_kernelcore -= min(kernel_pages, required_kernelcore);
			if (end <= usable_startpfn) {
				zone_movable_pfn[nid] = end;
				continue;
			}
			start = usable_startpfn;
		}
		size = min(end - start, remaining);
		zone_movable_pfn[nid] = start + size;
		required_kernelcore -= min(required_kernelcore, size);
		remaining -= size;
		if (!remaining)
			break;
	}
}

/* kernelcore=/movablecore= in pages, spread as evenly as the nodes allow. */
static bool movable_from_kernelcore(unsigned long totalpages)
{
	int usable_nodes = num_node_state(N_MEMORY), nid;
	unsigned long usable_startpfn, kernelcore_node;

	if (required_kernelcore_percent)
		required_kernelcore = (totalpages * 100 * required_kernelcore_percent) / 10000UL;
	if (required_movablecore_percent)
		required_movablecore = (totalpages * 100 * required_movablecore_percent) / 10000UL;
	if (required_movablecore) {
		required_movablecore = ALIGN(required_movablecore, MAX_ORDER_NR_PAGES);
		required_movablecore = min(totalpages, required_movablecore);
		required_kernelcore = max(required_kernelcore, totalpages - required_movablecore);
	}
	if (!required_kernelcore || required_kernelcore >= totalpages)
		return false;
	usable_startpfn = arch_zone_lowest_possible_pfn[movable_zone];
	do {
		kernelcore_node = required_kernelcore / usable_nodes;
		for_each_node_state(nid, N_MEMORY) {
			if (required_kernelcore < kernelcore_node)
				kernelcore_node = required_kernelcore / usable_nodes;
			spread_kernelcore_node(nid, usable_startpfn, kernelcore_node);
		}
		usable_nodes--;
	} while (usable_nodes && required_kernelcore > (unsigned long)usable_nodes);
	return true;
}

static void find_zone_movable_pfns_for_nodes(void)
{
	nodemask_t saved = node_states[N_MEMORY];
	unsigned long totalpages = early_calculate_totalpages();
	bool align = false;

	find_usable_zone_for_movable();
	if (movable_node_is_enabled()) {
		movable_from_regions(true);
		align = true;
	} else if (mirrored_kernelcore) {
		align = movable_from_mirror();
	} else {
		align = movable_from_kernelcore(totalpages);
	}
	for (int nid = 0; align && nid < MAX_NUMNODES; nid++) {
		unsigned long start, end;

		zone_movable_pfn[nid] = ALIGN(zone_movable_pfn[nid], MAX_ORDER_NR_PAGES);
		get_pfn_range_for_nid(nid, &start, &end);
		if (zone_movable_pfn[nid] >= end)
			zone_movable_pfn[nid] = 0;
	}
	node_states[N_MEMORY] = saved;
}

static void adjust_zone_range_for_zone_movable(int nid, int zone_type,
		unsigned long node_end_pfn, unsigned long *zone_start_pfn,
		unsigned long *zone_end_pfn)
{
	if (!zone_movable_pfn[nid])
		return;
	if (zone_type == ZONE_MOVABLE) {
		*zone_start_pfn = zone_movable_pfn[nid];
		*zone_end_pfn = min(node_end_pfn, arch_zone_highest_possible_pfn[movable_zone]);
	} else if (!mirrored_kernelcore && *zone_start_pfn < zone_movable_pfn[nid] &&
		   *zone_end_pfn > zone_movable_pfn[nid]) {
		*zone_end_pfn = zone_movable_pfn[nid];
	} else if (*zone_start_pfn >= zone_movable_pfn[nid]) {
		*zone_start_pfn = *zone_end_pfn;
	}
}

/* Pages of [start_pfn, end_pfn) that node @nid has no memory for. */
static unsigned long absent_pages_in_range(int nid, unsigned long start_pfn,
					   unsigned long end_pfn)
{
	unsigned long absent = end_pfn - start_pfn, s, e;
	int i;

	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		s = clamp(s, start_pfn, end_pfn);
		e = clamp(e, start_pfn, end_pfn);
		absent -= e - s;
	}
	return absent;
}

static unsigned long zone_absent_pages_in_node(int nid, int zone_type,
		unsigned long zone_start_pfn, unsigned long zone_end_pfn)
{
	struct memblock_region *r;
	unsigned long absent;

	if (zone_start_pfn == zone_end_pfn)
		return 0;
	absent = absent_pages_in_range(nid, zone_start_pfn, zone_end_pfn);
	if (!mirrored_kernelcore || !zone_movable_pfn[nid])
		return absent;
	/* kernelcore=mirror: Movable lacks the mirror, Normal the rest. */
	for_each_mem_region(r) {
		unsigned long s = clamp(memblock_region_memory_base_pfn(r),
					zone_start_pfn, zone_end_pfn);
		unsigned long e = clamp(memblock_region_memory_end_pfn(r),
					zone_start_pfn, zone_end_pfn);

		if (zone_type == ZONE_MOVABLE && memblock_is_mirror(r))
			absent += e - s;
		if (zone_type == ZONE_NORMAL && !memblock_is_mirror(r))
			absent += e - s;
	}
	return absent;
}

static unsigned long zone_spanned_pages_in_node(int nid, int zone_type,
		unsigned long node_start_pfn, unsigned long node_end_pfn,
		unsigned long *zone_start_pfn, unsigned long *zone_end_pfn)
{
	unsigned long zone_low = arch_zone_lowest_possible_pfn[zone_type];
	unsigned long zone_high = arch_zone_highest_possible_pfn[zone_type];

	*zone_start_pfn = clamp(node_start_pfn, zone_low, zone_high);
	*zone_end_pfn = clamp(node_end_pfn, zone_low, zone_high);
	adjust_zone_range_for_zone_movable(nid, zone_type, node_end_pfn,
					   zone_start_pfn, zone_end_pfn);
	if (*zone_end_pfn < node_start_pfn || *zone_start_pfn > node_end_pfn)
		return 0;
	*zone_end_pfn = min(*zone_end_pfn, node_end_pfn);
	*zone_start_pfn = max(*zone_start_pfn, node_start_pfn);
	return *zone_end_pfn - *zone_start_pfn;
}

static void calculate_node_totalpages(pg_data_t *pgdat, unsigned long start,
				      unsigned long end)
{
	unsigned long total = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		unsigned long zs, ze, spanned, absent;

		spanned = zone_spanned_pages_in_node(pgdat->node_id, z, start, end, &zs, &ze);
		absent = zone_absent_pages_in_node(pgdat->node_id, z, zs, ze);
		zone->zone_start_pfn = spanned ? zs : 0;
		zone->spanned_pages = spanned;
		zone->present_pages = spanned - absent;
		total += zone->present_pages;
	}
	pgdat->node_spanned_pages = end - start;
	pgdat->node_present_pages = total;
}

/* The per-zone state the allocator needs before any page is free. */
static void zone_init_internals(struct zone *zone, int idx, int nid)
{
	atomic_long_set(&zone->managed_pages, (long)zone->present_pages);
	zone->node = nid;
	zone->name = zone_names[idx];
	zone->zone_pgdat = NODE_DATA(nid);
	spin_lock_init(&zone->lock);
	zone_pcp_init(zone);
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		for (int t = 0; t < MIGRATE_TYPES; t++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list[t]);
		zone->free_area[o].nr_free = 0;
	}
}

static void free_area_init_core(pg_data_t *pgdat)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		zone_init_internals(zone, z, pgdat->node_id);
		if (!zone->spanned_pages)
			continue;
		pgdat->nr_zones = z + 1;
		zone->initialized = true;
	}
}

static void free_area_init_node(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long start, end;

	get_pfn_range_for_nid(nid, &start, &end);
	pgdat->node_id = nid;
	pgdat->node_start_pfn = start;
	if (start != end) {
		pr_info("Initmem setup node %d [mem %#018Lx-%#018Lx]\n", nid,
			(unsigned long long)PFN_PHYS(start),
			end ? (unsigned long long)PFN_PHYS(end) - 1 : 0ULL);
		calculate_node_totalpages(pgdat, start, end);
	} else {
		pr_info("Initmem setup node %d as memoryless\n", nid);
		pgdat->node_spanned_pages = 0;
		pgdat->node_present_pages = 0;
	}
	free_area_init_core(pgdat);
}

/**
 * __init_single_page - give a struct page its first state: zone and node
 * links, one reference ("not free"), no mapcount, an empty list head.
 * @page: the struct page
 * @pfn: its pfn
 * @zone: its zone index
 * @nid: its node
 */
void __init_single_page(struct page *page, unsigned long pfn, unsigned long zone, int nid)
{
	memset(page, 0, sizeof(*page));
	set_page_links(page, (enum zone_type)(zone & ZONES_MASK), nid);
	init_page_count(page);
	atomic_set(&page->_mapcount, -1);
	INIT_LIST_HEAD(&page->lru);
	(void)pfn;
}

/* Holes of valid sections: reserved struct pages, counted and reported. */
static void init_unavailable_range(unsigned long spfn, unsigned long epfn,
				   int zone, int node)
{
	unsigned long long pgcnt = 0;

	for (unsigned long pfn = spfn; pfn < epfn; pfn++) {
		if (!pfn_valid(pageblock_start_pfn(pfn))) {
			pfn = pageblock_end_pfn(pfn) - 1;
			continue;
		}
		__init_single_page(pfn_to_page(pfn), pfn, zone, node);
		__SetPageReserved(pfn_to_page(pfn));
		pgcnt++;
	}
	if (pgcnt)
		pr_info("On node %d, zone %s: %lld pages in unavailable ranges\n",
			node, zone_names[zone], pgcnt);
}

/* Boot-time pageblock type: plain stores (nobody else runs yet). */
static void init_pageblock_migratetype(unsigned long pfn, int migratetype)
{
	unsigned long *bitmap = section_to_usemap(__pfn_to_section(pfn));
	unsigned long bitidx = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) *
			       NR_PAGEBLOCK_BITS;
	unsigned long *word = &bitmap[bitidx / BITS_PER_LONG];

	bitidx %= BITS_PER_LONG;
	*word = (*word & ~(MIGRATETYPE_MASK << bitidx)) |
		((unsigned long)migratetype << bitidx);
}

/*
 * memmap_init_range() of 6.12 for one memory range clipped to a zone, with
 * every struct page deferred: only the pageblock types are set.
 */
static void memmap_init_range(unsigned long start_pfn, unsigned long end_pfn)
{
	for (unsigned long pfn = pageblock_align(start_pfn); pfn < end_pfn;
	     pfn += pageblock_nr_pages)
		init_pageblock_migratetype(pfn, MIGRATE_MOVABLE);
}

static bool mirrored_in_movable(int zone, unsigned long start_pfn)
{
	struct memblock_region *r;

	if (!mirrored_kernelcore || zone != ZONE_MOVABLE)
		return false;
	for_each_mem_region(r)
		if (start_pfn >= memblock_region_memory_base_pfn(r) &&
		    start_pfn < memblock_region_memory_end_pfn(r))
			return memblock_is_mirror(r);
	return false;
}

static void memmap_init_zone_range(struct zone *zone, unsigned long start_pfn,
				   unsigned long end_pfn, unsigned long *hole_pfn)
{
	unsigned long zone_start_pfn = zone->zone_start_pfn;
	unsigned long zend = zone_end_pfn(zone);
	int nid = zone_to_nid(zone), zone_id = zone_idx(zone);

	start_pfn = clamp(start_pfn, zone_start_pfn, zend);
	end_pfn = clamp(end_pfn, zone_start_pfn, zend);
	if (start_pfn >= end_pfn)
		return;
	if (!mirrored_in_movable(zone_id, start_pfn))
		memmap_init_range(start_pfn, end_pfn);
	if (*hole_pfn < start_pfn)
		init_unavailable_range(*hole_pfn, start_pfn, zone_id, nid);
	*hole_pfn = end_pfn;
}

static void memmap_init(void)
{
	unsigned long start_pfn, end_pfn = 0, hole_pfn = 0;
	int i, zone_id = 0, nid = 0;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid) {
		pg_data_t *node = NODE_DATA(nid);

		for (int j = 0; j < MAX_NR_ZONES; j++) {
			struct zone *zone = &node->node_zones[j];

			if (!populated_zone(zone))
				continue;
			memmap_init_zone_range(zone, start_pfn, end_pfn, &hole_pfn);
			zone_id = j;
		}
	}
	/* The tail of the last section joins the last zone of the last node. */
	end_pfn = ALIGN(end_pfn, PAGES_PER_SECTION);
	if (hole_pfn < end_pfn)
		init_unavailable_range(hole_pfn, end_pfn, zone_id, nid);
}

static void check_for_memory(pg_data_t *pgdat)
{
	for (int z = 0; z <= ZONE_NORMAL; z++)
		if (populated_zone(&pgdat->node_zones[z])) {
			node_set_state(pgdat->node_id, N_NORMAL_MEMORY);
			break;
		}
}

/**
 * free_area_init - set up every node and zone from memblock and initialise
 * the memmap's holes (see 1-4 above).
 * @max_zone_pfn: the end pfn of each zone, from the architecture
 *
 * Context: boot, after sparse_init().
 */
void free_area_init(unsigned long *max_zone_pfn)
{
	int nid;

	memset(arch_zone_lowest_possible_pfn, 0, sizeof(arch_zone_lowest_possible_pfn));
	memset(arch_zone_highest_possible_pfn, 0, sizeof(arch_zone_highest_possible_pfn));
	set_zone_bounds(max_zone_pfn);
	memset(zone_movable_pfn, 0, sizeof(zone_movable_pfn));
	find_zone_movable_pfns_for_nodes();
	print_zone_ranges();
	totalram_pages_boot = 0;
	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		node_set_state(nid, N_POSSIBLE);
		node_set_state(nid, N_ONLINE);
		free_area_init_node(nid);
		if (pgdat->node_present_pages) {
			node_set_state(nid, N_MEMORY);
			check_for_memory(pgdat);
		}
		totalram_pages_boot += pgdat->node_present_pages;
	}
	memmap_init();
}

unsigned long get_num_physpages(void)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		n += NODE_DATA(nid)->node_present_pages;
	return n;
}

/* The zone of node @nid that spans @pfn (MAX_NR_ZONES if none). */
static int early_pfn_zone(unsigned long pfn, int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	int zid;

	for (zid = 0; zid < MAX_NR_ZONES; zid++)
		if (zone_spans_pfn(&pgdat->node_zones[zid], pfn))
			break;
	return zid;
}

/**
 * reserve_bootmem_region - mark the struct pages of a reserved range
 * PG_reserved, initialising those still untouched.
 * @start: physical start
 * @end: physical end (exclusive)
 * @nid: node of the range
 */
void reserve_bootmem_region(phys_addr_t start, phys_addr_t end, int nid)
{
	unsigned long pfn = PFN_DOWN(start), end_pfn = PFN_UP(end);
	int zid = -1;

	for (; pfn < end_pfn; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn)) {
			pfn = ALIGN(pfn + 1, PAGES_PER_SECTION) - 1;
			continue;
		}
		page = pfn_to_page(pfn);
		if (page_is_uninitialised(page)) {
			if (zid < 0 || zid == MAX_NR_ZONES ||
			    !zone_spans_pfn(&NODE_DATA(nid)->node_zones[zid], pfn))
				zid = early_pfn_zone(pfn, nid);
			__init_single_page(page, pfn, zid, nid);
		}
		__SetPageReserved(page);
	}
}

/*
 * __free_pages_core - hand a block from memblock to the buddy allocator:
 * initialise its head (the rest stays deferred), count it as managed, and
 * free it to the tail of its free list.
 */
void __free_pages_core(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	int nid = early_pfn_to_nid(pfn);
	int zid = early_pfn_zone(pfn, nid);
	struct zone *zone = &NODE_DATA(nid)->node_zones[zid];

	VM_BUG_ON(zid == MAX_NR_ZONES);
	VM_BUG_ON(!zone_spans_pfn(zone, pfn + (1UL << order) - 1));
	__init_single_page(page, pfn, zid, nid);
	set_page_count(page, 0);
	atomic_long_add(1L << order, &zone->managed_pages);
	free_boot_block(zone, page, pfn, order);
}

/**
 * memblock_free_pages - give one naturally aligned block of free memblock
 * memory to the buddy allocator (called by memblock_free_all()).
 * @page: its first struct page (not yet initialised)
 * @pfn: its first pfn
 * @order: its order
 */
void memblock_free_pages(struct page *page, unsigned long pfn, unsigned int order)
{
	VM_BUG_ON(page != pfn_to_page(pfn));
	__free_pages_core(page, order);
}

/* Zero every zone's managed_pages before memblock_free_all() counts them. */
void reset_all_zones_managed_pages(void)
{
	pg_data_t *pgdat;

	for_each_online_pgdat(pgdat)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			atomic_long_set(&pgdat->node_zones[z].managed_pages, 0);
}

/* mem auto-init: the line mm_core_init() prints. */
static void report_meminit(void)
{
	init_on_alloc = init_on_alloc_early;
	init_on_free = init_on_free_early;
	pr_info("mem auto-init: stack:off, heap alloc:%s, heap free:%s\n",
		init_on_alloc ? "on" : "off", init_on_free ? "on" : "off");
	if (init_on_free)
		pr_info("mem auto-init: clearing system memory may take some time...\n");
}

/**
 * mm_core_init - bring up the page allocator: zonelists ("Built N
 * zonelists"), the handover of free memory (memblock_free_all()), the
 * mem auto-init line.
 *
 * Context: boot, after setup_per_cpu_areas().
 */
void mm_core_init(void)
{
	build_all_zonelists(NULL);
	report_meminit();
	memblock_free_all();
	kmem_cache_init();
}

#define K(pages) ((pages) << (PAGE_SHIFT - 10))

static void mem_init_print_info(void)
{
	unsigned long physpages = get_num_physpages();
	struct host_image img;

	host_image_sizes(&img);
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved)\n",
		K(nr_free_pages()), K(physpages),
		(unsigned long)(img.code_bytes / SZ_1K),
		(unsigned long)(img.rwdata_bytes / SZ_1K),
		(unsigned long)(img.rodata_bytes / SZ_1K), 0UL,
		(unsigned long)(img.bss_bytes / SZ_1K),
		K(physpages - totalram_pages() - totalcma_pages), K(totalcma_pages));
}

/**
 * page_alloc_init_late - the end of boot for the page allocator: print the
 * Memory: line now that the free page count is final.
 */
void page_alloc_init_late(void)
{
	mem_init_print_info();
}

/* kmm_halt: forget every boot parameter and the zone layout. */
void mm_init_reset(void)
{
	required_kernelcore = required_kernelcore_percent = 0;
	required_movablecore = required_movablecore_percent = 0;
	mirrored_kernelcore = false;
	memset(zone_movable_pfn, 0, sizeof(zone_movable_pfn));
	memset(node_states, 0, sizeof(node_states));
	init_on_alloc_early = init_on_free_early = false;
	init_on_alloc = init_on_free = false;
	movable_zone = 0;
	totalram_pages_boot = 0;
}
