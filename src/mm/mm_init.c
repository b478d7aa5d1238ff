// SPDX-License-Identifier: MIT
/*
 * src/mm/mm_init.c - what boot learns about zones and nodes from memblock,
 * and the lines it prints about them (mm/mm_init.c).
 *
 * 1. Zone bounds. x86-64 passes each zone's highest pfn: DMA below 16 MiB,
 *    DMA32 below 4 GiB, Normal to max_pfn. The lowest zone starts at the
 *    first pfn of memblock.memory (so DMA prints from 0x1000 when page 0 is
 *    reserved), each next zone starts where the previous ended, and a zone
 *    whose start equals its end prints "empty". ZONE_MOVABLE has no range
 *    of its own (kernelcore=/movablecore= arrive with the buddy allocator).
 *
 * 2. Nodes. A node spans from its first to its last memblock pfn; its
 *    present pages are the pages of memblock.memory inside that span
 *    (PFN_UP of each region's base to PFN_DOWN of its end); the holes are
 *    the rest. Each zone of a node is the node's span clipped to the zone.
 *
 * 3. The Memory: line. y is the sum of present pages, exactly as Linux's
 *    get_num_physpages(). x is what the page allocator will receive: the
 *    whole pages of every free memblock range, as memblock_free_all() hands
 *    them over. "reserved" is y - x. The kernel image sizes are kmm's own
 *    ELF segments (src/host/image.c); kmm has no init sections, so "init"
 *    is 0.
 *
 * How kmm differs: Linux prints "Device empty" for ZONE_DEVICE; kmm has no
 * device memory and prints no such line.
 */
#include <kmm/mm_init.h>
#include <kmm/memblock.h>
#include <kmm/printk.h>
#include <kmm/minmax.h>
#include <kmm/sizes.h>
#include "../lib/string.h"
#include "../host/host.h"

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };

unsigned long max_pfn, max_low_pfn, max_possible_pfn;
/* kernelcore=mirror (arrives with ZONE_MOVABLE); memblock reads it. */
bool mirrored_kernelcore;
/* Linux's page_alloc.c owns it (build_all_zonelists sets it); gfp.h reads it. */
int page_group_by_mobility_disabled;
unsigned long totalram_pages_boot;

static unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
static unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];

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
	pr_info("Early memory node ranges\n");
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid)
		pr_info("  node %3d: [mem %#018Lx-%#018Lx]\n", nid,
			(unsigned long long)PFN_PHYS(start),
			(unsigned long long)PFN_PHYS(end) - 1);
}

/* Pages of node @nid's memory inside [start_pfn, end_pfn). */
static unsigned long present_pages_in(int nid, unsigned long start_pfn,
				      unsigned long end_pfn)
{
	unsigned long s, e, n = 0;
	int i;

	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		s = clamp(s, start_pfn, end_pfn);
		e = clamp(e, start_pfn, end_pfn);
		n += e - s;
	}
	return n;
}

static void get_pfn_range_for_nid(int nid, unsigned long *start, unsigned long *end)
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

static void calculate_node_totalpages(pg_data_t *pgdat, unsigned long start,
				      unsigned long end)
{
	pgdat->node_start_pfn = start;
	pgdat->node_spanned_pages = end - start;
	pgdat->node_present_pages = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone_extent *zx = &pgdat->node_zones[z];
		unsigned long zs = clamp(start, arch_zone_lowest_possible_pfn[z],
					 arch_zone_highest_possible_pfn[z]);
		unsigned long ze = clamp(end, arch_zone_lowest_possible_pfn[z],
					 arch_zone_highest_possible_pfn[z]);

		zx->zone_start_pfn = zs;
		zx->spanned_pages = ze - zs;
		zx->present_pages = present_pages_in(pgdat->node_id, zs, ze);
		pgdat->node_present_pages += zx->present_pages;
	}
}

static void free_area_init_node(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long start, end;

	get_pfn_range_for_nid(nid, &start, &end);
	if (start < end)
		pr_info("Initmem setup node %d [mem %#018Lx-%#018Lx]\n", nid,
			(unsigned long long)PFN_PHYS(start),
			(unsigned long long)PFN_PHYS(end) - 1);
	else
		pr_info("Initmem setup node %d as memoryless\n", nid);
	calculate_node_totalpages(pgdat, start, end);
}

void free_area_init(unsigned long *max_zone_pfn)
{
	int nid;

	memset(arch_zone_lowest_possible_pfn, 0, sizeof(arch_zone_lowest_possible_pfn));
	memset(arch_zone_highest_possible_pfn, 0, sizeof(arch_zone_highest_possible_pfn));
	set_zone_bounds(max_zone_pfn);
	print_zone_ranges();
	totalram_pages_boot = 0;
	for_each_online_node(nid) {
		free_area_init_node(nid);
		totalram_pages_boot += NODE_DATA(nid)->node_present_pages;
	}
}

unsigned long get_num_physpages(void)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		n += NODE_DATA(nid)->node_present_pages;
	return n;
}

/* Whole pages of every free memblock range: what memblock_free_all() frees. */
static unsigned long memblock_free_pages_estimate(void)
{
	phys_addr_t start, end;
	unsigned long n = 0;
	u64 i;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		unsigned long s = PFN_UP(start), e = min(PFN_DOWN(end), max_low_pfn);

		if (s < e)
			n += e - s;
	}
	return n;
}

#define K(pages) ((pages) << (PAGE_SHIFT - 10))

void mem_init_print_info(void)
{
	unsigned long physpages = get_num_physpages();
	unsigned long freepages = memblock_free_pages_estimate();
	struct host_image img;

	host_image_sizes(&img);
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved)\n",
		K(freepages), K(physpages),
		(unsigned long)(img.code_bytes / SZ_1K),
		(unsigned long)(img.rwdata_bytes / SZ_1K),
		(unsigned long)(img.rodata_bytes / SZ_1K), 0UL,
		(unsigned long)(img.bss_bytes / SZ_1K),
		K(physpages - freepages), 0UL);
}
