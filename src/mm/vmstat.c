// SPDX-License-Identifier: MIT
/*
 * src/mm/vmstat.c - the page allocator's /proc reports: buddyinfo,
 * pagetypeinfo, zoneinfo (mm/vmstat.c) and meminfo (fs/proc/meminfo.c),
 * as text in Linux 6.12's formats and as JSON (schemas in kmm/vmstat.h).
 *
 * 1. Output. Each report writes into a caller's buffer through one
 *    appender (struct report, rp()) that behaves as snprintf does: it
 *    never writes past the buffer, keeps it NUL-terminated, and counts the
 *    length the whole report would have. The seq_file of Linux grows its
 *    buffer and retries instead; the caller does that here (kmm/vmstat.h).
 *
 * 2. buddyinfo: one line per populated zone, node by node:
 *      "Node %d, zone %8s " then "%6lu " per order 0..10, then a newline.
 *    Each number is free_area[order].nr_free: free blocks of that order in
 *    the buddy lists, all migratetypes (ISOLATE included). Pages on the
 *    per-CPU lists are not in it; neither are they in NR_FREE_PAGES.
 *
 * 3. pagetypeinfo, for each node with memory (N_MEMORY):
 *      "Page block order: 9" / "Pages per block:  512" / empty line;
 *      "%-43s " "Free pages count per migrate type at order", "%6d " per
 *      order; per populated zone and migratetype "Node %4d, zone %8s, type
 *      %12s " and per order the length of free_list[type], "%6lu " (a walk
 *      stops at 100000 and prints ">100000", as Linux's does);
 *      an empty line, "%-23s" "Number of blocks type ", "%12s " per type;
 *      per zone "Node %d, zone %8s " and "%12lu " per type: the pageblocks
 *      whose first pfn, stepping by 512 from zone_start_pfn, has a memmap
 *      and belongs to the zone, counted by their migratetype bits.
 *    The migratetype names are migratetype_names[] (page_alloc.c) and the
 *    zone names zone_names[] (mm_init.c): one table each.
 *
 * 4. zoneinfo: every zone of every node, populated or not:
 *      "Node %d, zone %8s"; under the node's first populated zone
 *      "  per-node stats" and "      %-12s %lu" per node counter;
 *      "  pages free", "boost", "min", "low", "high", "promo", "spanned",
 *      "present", "managed", "cma" (zone_page_state(NR_FREE_PAGES),
 *      watermark_boost, the four watermarks with the boost added as
 *      wmark_pages() does, the zone's page counts, 0 CMA pages) and
 *      "        protection: (%ld, ...)" from lowmem_reserve[]. An
 *      unpopulated zone ends there. A populated one goes on with its
 *      counters ("      %-12s %lu", table zone_rows[]), "  pagesets" and
 *      per CPU "    cpu: %i" with the count, high and batch of its
 *      per_cpu_pages and "  vm stats threshold: %d", then
 *      "  node_unreclaimable:  %u" and "  start_pfn:           %lu".
 *
 * 5. meminfo: the fields of 6.12 on x86-64 in its order (table
 *    meminfo_rows[]), "%-16s%8lu kB" (the HugePages_* counts "%-19s%5lu",
 *    HardwareCorrupted "%-19s%5lu kB"). Filled from kmm:
 *      MemTotal      totalram_pages()
 *      MemFree       nr_free_pages() (the NR_FREE_PAGES of every zone)
 *      MemAvailable  si_mem_available(): free pages minus totalreserve_pages
 *                    (6.12 adds page cache and reclaimable slab beyond half
 *                    the low watermarks; kmm has neither, so the terms are 0)
 *      Mlocked, Bounce  the zones' NR_MLOCK and NR_BOUNCE (0: nothing sets them)
 *      CommitLimit   totalram_pages() * vm.overcommit_ratio (50) / 100, no swap
 *      Percpu        pcpu_nr_pages(): every CPU's per-CPU area
 *      Hugepagesize  2048 kB: the default huge page of x86-64 (no pages exist)
 *      DirectMap4k   kmm_physmem_size(): kmm's direct map is one host mapping
 *                    of base pages, so it has no 2M or 1G part
 *      PageTables    NR_PAGETABLE of every node: vmalloc's page-table pages
 *      VmallocTotal  VMALLOC_END - VMALLOC_START
 *      VmallocUsed   vmalloc_nr_pages(): pages backing vmalloc areas
 *      VmallocChunk  0, as Linux prints since 5.3
 *    Always 0 because kmm has no page cache, anonymous memory, swap or
 *    zswap, kernel stacks, THP, hugetlb pages,
 *    poisoned pages or unaccepted memory: Buffers Cached SwapCached
 *    Active Inactive Active(anon) Inactive(anon) Active(file)
 *    Inactive(file) Unevictable SwapTotal SwapFree Zswap Zswapped Dirty
 *    Writeback AnonPages Mapped Shmem KernelStack SecPageTables NFS_Unstable
 *    WritebackTmp Committed_AS VmallocChunk
 *    HardwareCorrupted AnonHugePages ShmemHugePages ShmemPmdMapped
 *    FileHugePages FilePmdMapped Unaccepted HugePages_Total
 *    HugePages_Free HugePages_Rsvd HugePages_Surp Hugetlb DirectMap2M
 *    DirectMap1G. Slab, SReclaimable and SUnreclaim are the slab pages
 *    (NR_SLAB_*_B node counters, kept by slub.c); KReclaimable is
 *    SReclaimable, as kmm has no other reclaimable kernel memory.
 *
 * 6. JSON. Each report has a _json twin built from the same tables and the
 *    same reads, so its numbers are the text's. One walker (struct
 *    json_walk) lays out {"nodes":[{"node":N,...,"zones":[...]}]} for the
 *    three zone reports; each supplies how a zone prints. The names in it
 *    are fixed ASCII (the tables, zone and migratetype names) and need no
 *    escaping.
 *
 * 7. Locking. As Linux, the zone reports hold each zone->lock while they
 *    read a zone's free lists and fields (walk_zones_in_node()), and the
 *    counters are read without a lock (a racy snapshot). Unlike Linux,
 *    each CPU's pcp count/high/batch is read under that pcp->lock, after
 *    zone->lock is dropped (the lock order is pcp->lock, then zone->lock):
 *    kmm's per-CPU lists are shared by threads and written under that
 *    lock only. The pageblock walk reads struct pages only where two zones'
 *    spans overlap; otherwise the span alone places a pageblock. Nothing
 *    here allocates or sleeps.
 *
 * How kmm differs. The kernel configuration is Debian's 6.12 amd64 one
 *    (NUMA, ZSMALLOC, UNACCEPTED_MEMORY, ZSWAP, MEMORY_FAILURE, THP,
 *    HUGETLBFS, NUMA_BALANCING, SWAP, IOMMU_SUPPORT on; CMA off), so the
 *    rows are those of that kernel, but kmm has no ZONE_DEVICE: zoneinfo
 *    shows four zones per node and protection has four numbers, where
 *    Debian's kernel adds an empty "Device" zone and a fifth.
 *    kmm keeps one node counter (nr_page_table_pages), no NUMA events,
 *    nr_zspages or nr_unaccepted: those rows print 0. Its zone counters are exact atomics without
 *    per-CPU deltas, so "vm stats threshold" is 0. node_unreclaimable is
 *    0 until kswapd counts its failures. No "Number of mixed blocks"
 *    table (that needs PAGE_OWNER), and no EarlyMemtestBad line (kmm runs
 *    no memtest, as a kernel booted without memtest= prints none).
 */
#include <stdarg.h>

#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/percpu.h>
#include <kmm/spinlock.h>
#include <kmm/vmstat.h>
#include <kmm/vmalloc.h>
#include "../lib/string.h"
#include "report.h"
#include "internal.h"

#define K(x) ((x) << (PAGE_SHIFT - 10))

/* A free-list walk stops here: Linux caps it so that the report cannot
 * hold zone->lock for long on a huge list; a handful is enough to know. */
#define PAGETYPE_FREE_CAP	100000UL
/* The default huge page of x86-64 is a PMD: 2 MiB, order 9. */
#define HPAGE_PMD_ORDER		9
/* vm.overcommit_ratio's default (mm/util.c): CommitLimit is half of RAM. */
#define OVERCOMMIT_RATIO	50

/* ---- 1. The output buffer ---- */

/* struct report, report_init() and rp(): report.h. */

/* ",": before every member of a JSON list or object but the first. */
static const char *sep(bool *first)
{
	bool was_first = *first;

	*first = false;
	return was_first ? "" : ",";
}

static void json_ul_array(struct report *r, const unsigned long *v, int n)
{
	rp(r, "[");
	for (int i = 0; i < n; i++)
		rp(r, "%s%lu", i ? "," : "", v[i]);
	rp(r, "]");
}

/*
 * How a JSON report walks the machine: "nodes":[{"node":N, <node extra>,
 * "zones":[<zone>,...]},...]. Linux's walk_zones_in_node(), for JSON.
 */
struct json_walk {
	void (*head)(struct report *r);		/* NULL, or top-level members + "," */
	void (*node_extra)(struct report *r, pg_data_t *pgdat);	/* NULL, or members + "," */
	void (*zone)(struct report *r, pg_data_t *pgdat, struct zone *zone);
	bool memory_only;	/* skip nodes without memory (N_MEMORY) */
	bool populated_only;	/* skip unpopulated zones */
};

static void json_walk_zones(struct report *r, pg_data_t *pgdat, const struct json_walk *w)
{
	bool first = true;

	rp(r, "\"zones\":[");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (w->populated_only && !populated_zone(&pgdat->node_zones[z]))
			continue;
		rp(r, "%s", sep(&first));
		w->zone(r, pgdat, &pgdat->node_zones[z]);
	}
	rp(r, "]");
}

static void json_walk_nodes(struct report *r, const struct json_walk *w)
{
	pg_data_t *pgdat;
	bool first = true;

	rp(r, "\"nodes\":[");
	for_each_online_pgdat(pgdat) {
		if (w->memory_only && !node_state(pgdat->node_id, N_MEMORY))
			continue;
		rp(r, "%s{\"node\":%d,", sep(&first), pgdat->node_id);
		if (w->node_extra)
			w->node_extra(r, pgdat);
		json_walk_zones(r, pgdat, w);
		rp(r, "}");
	}
	rp(r, "]");
}

/* A whole JSON report: {<head> "nodes":[...]} and a newline. */
static size_t json_report(char *buf, size_t size, const struct json_walk *w)
{
	struct report r;

	report_init(&r, buf, size);
	rp(&r, "{");
	if (w->head)
		w->head(&r);
	json_walk_nodes(&r, w);
	rp(&r, "}\n");
	return r.len;
}

/* ---- The tables: one per fact (STYLE 13) ---- */

/*
 * The node counters of 6.12 (enum node_stat_item, in its order, for
 * Debian's config: no shadow call stacks; IOMMU, swap and NUMA balancing
 * on). kmm keeps nr_page_table_pages; the others print 0.
 */
static const char *const node_item_names[] = {
	"nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable",
	"nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
	"workingset_refault_anon", "workingset_refault_file",
	"workingset_activate_anon", "workingset_activate_file",
	"workingset_restore_anon", "workingset_restore_file", "workingset_nodereclaim",
	"nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback",
	"nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages", "nr_shmem_pmdmapped",
	"nr_file_hugepages", "nr_file_pmdmapped", "nr_anon_transparent_hugepages",
	"nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
	"nr_throttled_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired",
	"nr_foll_pin_released", "nr_kernel_stack", "nr_page_table_pages",
	"nr_sec_page_table_pages", "nr_iommu_pages", "nr_swapcached",
	"pgpromote_success", "pgpromote_candidate", "pgdemote_kswapd",
	"pgdemote_direct", "pgdemote_khugepaged",
};

#define NO_ITEM	(-1)

/*
 * A zone's rows in zoneinfo: 6.12's zone counters (enum zone_stat_item
 * with ZSMALLOC and UNACCEPTED_MEMORY, without CMA's accounting beyond
 * nr_free_cma) then its NUMA events, each mapped to kmm's counter or none.
 */
static const struct zone_row {
	const char *name;
	int item;		/* enum zone_stat_item, or NO_ITEM: always 0 */
} zone_rows[] = {
	{ "nr_free_pages", NR_FREE_PAGES },
	{ "nr_zone_inactive_anon", NR_ZONE_INACTIVE_ANON },
	{ "nr_zone_active_anon", NR_ZONE_ACTIVE_ANON },
	{ "nr_zone_inactive_file", NR_ZONE_INACTIVE_FILE },
	{ "nr_zone_active_file", NR_ZONE_ACTIVE_FILE },
	{ "nr_zone_unevictable", NR_ZONE_UNEVICTABLE },
	{ "nr_zone_write_pending", NR_ZONE_WRITE_PENDING },
	{ "nr_mlock", NR_MLOCK },
	{ "nr_bounce", NR_BOUNCE },
	{ "nr_zspages", NO_ITEM },
	{ "nr_free_cma", NR_FREE_CMA_PAGES },
	{ "nr_unaccepted", NO_ITEM },
	{ "numa_hit", NO_ITEM },
	{ "numa_miss", NO_ITEM },
	{ "numa_foreign", NO_ITEM },
	{ "numa_interleave", NO_ITEM },
	{ "numa_local", NO_ITEM },
	{ "numa_other", NO_ITEM },
};

static unsigned long global_zone_page_state(enum zone_stat_item item);
static unsigned long mi_total(void) { return K(totalram_pages()); }
static unsigned long mi_free(void) { return K(nr_free_pages()); }
static unsigned long mi_available(void) { return K((unsigned long)si_mem_available()); }
static unsigned long mi_mlocked(void) { return K(global_zone_page_state(NR_MLOCK)); }
static unsigned long mi_bounce(void) { return K(global_zone_page_state(NR_BOUNCE)); }
static unsigned long mi_percpu(void) { return K(pcpu_nr_pages()); }
static unsigned long mi_pagetables(void) { return K(global_node_page_state(NR_PAGETABLE)); }
static unsigned long mi_vmalloc_total(void) { return (VMALLOC_END - VMALLOC_START) >> 10; }
static unsigned long mi_vmalloc_used(void) { return K(vmalloc_nr_pages()); }

static unsigned long global_node_pages(enum node_stat_item item)
{
	unsigned long sum = 0;
	pg_data_t *pgdat;

	for_each_online_pgdat(pgdat)
		sum += node_page_state_pages(pgdat, item);
	return sum;
}

static unsigned long mi_sreclaimable(void) { return K(global_node_pages(NR_SLAB_RECLAIMABLE_B)); }
static unsigned long mi_sunreclaim(void) { return K(global_node_pages(NR_SLAB_UNRECLAIMABLE_B)); }
static unsigned long mi_slab(void) { return mi_sreclaimable() + mi_sunreclaim(); }
static unsigned long mi_hugepagesize(void) { return K(1UL << HPAGE_PMD_ORDER); }
static unsigned long mi_directmap4k(void) { return (unsigned long)(kmm_physmem_size() >> 10); }

static unsigned long mi_commit_limit(void)
{
	return K(totalram_pages() * OVERCOMMIT_RATIO / 100);
}

/* How a meminfo line prints its number (point 5). */
enum meminfo_fmt {
	MI_KB,		/* "%-16s%8lu kB" */
	MI_KB5,		/* "%-19s%5lu kB" */
	MI_COUNT,	/* "%-19s%5lu" */
};

/* The lines of 6.12's /proc/meminfo on Debian's amd64 kernel, in order. */
static const struct meminfo_row {
	const char *name;
	enum meminfo_fmt fmt;
	unsigned long (*value)(void);	/* the number printed; NULL: 0 */
} meminfo_rows[] = {
	{ "MemTotal", MI_KB, mi_total },
	{ "MemFree", MI_KB, mi_free },
	{ "MemAvailable", MI_KB, mi_available },
	{ "Buffers", MI_KB, NULL },
	{ "Cached", MI_KB, NULL },
	{ "SwapCached", MI_KB, NULL },
	{ "Active", MI_KB, NULL },
	{ "Inactive", MI_KB, NULL },
	{ "Active(anon)", MI_KB, NULL },
	{ "Inactive(anon)", MI_KB, NULL },
	{ "Active(file)", MI_KB, NULL },
	{ "Inactive(file)", MI_KB, NULL },
	{ "Unevictable", MI_KB, NULL },
	{ "Mlocked", MI_KB, mi_mlocked },
	{ "SwapTotal", MI_KB, NULL },
	{ "SwapFree", MI_KB, NULL },
	{ "Zswap", MI_KB, NULL },
	{ "Zswapped", MI_KB, NULL },
	{ "Dirty", MI_KB, NULL },
	{ "Writeback", MI_KB, NULL },
	{ "AnonPages", MI_KB, NULL },
	{ "Mapped", MI_KB, NULL },
	{ "Shmem", MI_KB, NULL },
	{ "KReclaimable", MI_KB, mi_sreclaimable },
	{ "Slab", MI_KB, mi_slab },
	{ "SReclaimable", MI_KB, mi_sreclaimable },
	{ "SUnreclaim", MI_KB, mi_sunreclaim },
	{ "KernelStack", MI_KB, NULL },
	{ "PageTables", MI_KB, mi_pagetables },
	{ "SecPageTables", MI_KB, NULL },
	{ "NFS_Unstable", MI_KB, NULL },
	{ "Bounce", MI_KB, mi_bounce },
	{ "WritebackTmp", MI_KB, NULL },
	{ "CommitLimit", MI_KB, mi_commit_limit },
	{ "Committed_AS", MI_KB, NULL },
	{ "VmallocTotal", MI_KB, mi_vmalloc_total },
	{ "VmallocUsed", MI_KB, mi_vmalloc_used },
	{ "VmallocChunk", MI_KB, NULL },
	{ "Percpu", MI_KB, mi_percpu },
	{ "HardwareCorrupted", MI_KB5, NULL },
	{ "AnonHugePages", MI_KB, NULL },
	{ "ShmemHugePages", MI_KB, NULL },
	{ "ShmemPmdMapped", MI_KB, NULL },
	{ "FileHugePages", MI_KB, NULL },
	{ "FilePmdMapped", MI_KB, NULL },
	{ "Unaccepted", MI_KB, NULL },
	{ "HugePages_Total", MI_COUNT, NULL },
	{ "HugePages_Free", MI_COUNT, NULL },
	{ "HugePages_Rsvd", MI_COUNT, NULL },
	{ "HugePages_Surp", MI_COUNT, NULL },
	{ "Hugepagesize", MI_KB, mi_hugepagesize },
	{ "Hugetlb", MI_KB, NULL },
	{ "DirectMap4k", MI_KB, mi_directmap4k },
	{ "DirectMap2M", MI_KB, NULL },
	{ "DirectMap1G", MI_KB, NULL },
};

const char *vmstat_node_item_name(unsigned int i)
{
	return i < ARRAY_SIZE(node_item_names) ? node_item_names[i] : NULL;
}

const char *vmstat_zone_item_name(unsigned int i)
{
	return i < ARRAY_SIZE(zone_rows) ? zone_rows[i].name : NULL;
}

const char *meminfo_field_name(unsigned int i)
{
	return i < ARRAY_SIZE(meminfo_rows) ? meminfo_rows[i].name : NULL;
}

/* ---- Reading the allocator ---- */

static unsigned long global_zone_page_state(enum zone_stat_item item)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone_page_state(zone, item);
	return sum;
}

static unsigned long zone_row_value(const struct zone *zone, const struct zone_row *row)
{
	return row->item == NO_ITEM ? 0 :
	       zone_page_state(zone, (enum zone_stat_item)row->item);
}

/* A node counter, in pages for the _B (bytes) items, as Linux prints it. */
static unsigned long node_item_value(const pg_data_t *pgdat, unsigned int i)
{
	BUILD_BUG_ON(ARRAY_SIZE(node_item_names) != NR_VM_NODE_STAT_ITEMS);
	return node_page_state_pages(pgdat, (enum node_stat_item)i);
}

/* pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES; kmm does not count them yet. */
static unsigned int pgdat_unreclaimable(const pg_data_t *pgdat)
{
	(void)pgdat;
	return 0;
}

static unsigned long promo_wmark_pages(const struct zone *zone)
{
	return wmark_pages(zone, WMARK_PROMO);
}

static bool is_zone_first_populated(pg_data_t *pgdat, struct zone *zone)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			return zone == &pgdat->node_zones[z];
	return false;
}

static void buddy_counts(struct zone *zone, unsigned long nr[NR_PAGE_ORDERS])
{
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		nr[order] = READ_ONCE(zone->free_area[order].nr_free);
}

static unsigned long count_free_list(struct list_head *head)
{
	unsigned long n = 0;
	struct list_head *pos;

	list_for_each(pos, head)
		if (++n >= PAGETYPE_FREE_CAP)
			break;
	return n;
}

/* Does another populated zone's span meet @zone's? (kernelcore=mirror, interleaved nodes) */
static bool zone_span_shared(const struct zone *zone)
{
	struct zone *other;

	for_each_populated_zone(other)
		if (other != zone && other->zone_start_pfn < zone_end_pfn(zone) &&
		    zone->zone_start_pfn < zone_end_pfn(other))
			return true;
	return false;
}

/*
 * Does the pageblock at @pfn count for @zone? It needs a memmap, and its
 * struct page must be the zone's. Only where spans overlap does that take
 * reading the struct page (racy, as Linux's read); elsewhere the span says
 * it. A struct page still untouched (mm_init.c point 4) lies inside a free
 * block, hence in the zone that spans it.
 */
static bool pageblock_in_zone(struct zone *zone, unsigned long pfn, bool shared)
{
	struct page *page;

	if (!pfn_valid(pfn))
		return false;
	if (!shared)
		return true;
	page = pfn_to_page(pfn);
	return page_is_uninitialised(page) || page_zone(page) == zone;
}

struct pagetype_counts {
	unsigned long free[MIGRATE_TYPES][NR_PAGE_ORDERS];
	unsigned long blocks[MIGRATE_TYPES];
};

/* Context: zone->lock held. */
static void pagetype_count(struct zone *zone, struct pagetype_counts *c)
{
	bool shared = zone_span_shared(zone);

	memset(c, 0, sizeof(*c));
	for (int type = 0; type < MIGRATE_TYPES; type++)
		for (int order = 0; order < NR_PAGE_ORDERS; order++)
			c->free[type][order] =
				count_free_list(&zone->free_area[order].free_list[type]);
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		int type;

		if (!pageblock_in_zone(zone, pfn, shared))
			continue;
		type = get_pfnblock_migratetype(pfn_to_page(pfn), pfn);
		if (type < MIGRATE_TYPES)
			c->blocks[type]++;
	}
}

/*
 * A CPU's count, high and batch for @zone, read under that CPU's pcp->lock
 * (the lists are shared by threads in kmm). Context: zone->lock not held:
 * the lock order is pcp->lock, then zone->lock.
 */
static void pcp_values(struct zone *zone, int cpu, int *count, int *high, int *batch)
{
	struct per_cpu_pages *pcp;
	unsigned long flags;

	if (!zone->per_cpu_pageset) {
		/* Linux's boot_pageset: nothing kept, batch 1. */
		*count = 0;
		*high = 0;
		*batch = 1;
		return;
	}
	pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
	spin_lock_irqsave(&pcp->lock, flags);
	*count = pcp->count;
	*high = pcp->high;
	*batch = pcp->batch;
	spin_unlock_irqrestore(&pcp->lock, flags);
}

/* ---- 2. buddyinfo ---- */

static void buddyinfo_zone(struct report *r, struct zone *zone)
{
	unsigned long nr[NR_PAGE_ORDERS], flags;

	spin_lock_irqsave(&zone->lock, flags);
	buddy_counts(zone, nr);
	spin_unlock_irqrestore(&zone->lock, flags);
	rp(r, "Node %d, zone %8s ", zone_to_nid(zone), zone->name);
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		rp(r, "%6lu ", nr[order]);
	rp(r, "\n");
}

size_t kmm_report_buddyinfo(char *buf, size_t size)
{
	struct report r;
	struct zone *zone;

	report_init(&r, buf, size);
	for_each_populated_zone(zone)
		buddyinfo_zone(&r, zone);
	return r.len;
}

static void buddyinfo_json_zone(struct report *r, pg_data_t *pgdat, struct zone *zone)
{
	unsigned long nr[NR_PAGE_ORDERS], flags;

	spin_lock_irqsave(&zone->lock, flags);
	buddy_counts(zone, nr);
	spin_unlock_irqrestore(&zone->lock, flags);
	rp(r, "{\"zone\":\"%s\",\"free\":", zone->name);
	json_ul_array(r, nr, NR_PAGE_ORDERS);
	rp(r, "}");
}

size_t kmm_report_buddyinfo_json(char *buf, size_t size)
{
	static const struct json_walk walk = {
		.zone = buddyinfo_json_zone, .populated_only = true,
	};

	return json_report(buf, size, &walk);
}

/* ---- 3. pagetypeinfo ---- */

static void pagetypeinfo_counts(struct zone *zone, struct pagetype_counts *c)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	pagetype_count(zone, c);
	spin_unlock_irqrestore(&zone->lock, flags);
}

static void pagetypeinfo_free_lines(struct report *r, struct zone *zone,
				    const struct pagetype_counts *c)
{
	for (int type = 0; type < MIGRATE_TYPES; type++) {
		rp(r, "Node %4d, zone %8s, type %12s ", zone_to_nid(zone), zone->name,
		   migratetype_names[type]);
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			unsigned long n = c->free[type][order];

			rp(r, "%s%6lu ", n >= PAGETYPE_FREE_CAP ? ">" : "", n);
		}
		rp(r, "\n");
	}
}

static void pagetypeinfo_block_line(struct report *r, struct zone *zone,
				    const struct pagetype_counts *c)
{
	rp(r, "Node %d, zone %8s ", zone_to_nid(zone), zone->name);
	for (int type = 0; type < MIGRATE_TYPES; type++)
		rp(r, "%12lu ", c->blocks[type]);
	rp(r, "\n");
}

static void pagetypeinfo_headers(struct report *r)
{
	rp(r, "Page block order: %d\n", pageblock_order);
	rp(r, "Pages per block:  %lu\n\n", pageblock_nr_pages);
	rp(r, "%-43s ", "Free pages count per migrate type at order");
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		rp(r, "%6d ", order);
	rp(r, "\n");
}

static void pagetypeinfo_block_header(struct report *r)
{
	rp(r, "\n%-23s", "Number of blocks type ");
	for (int type = 0; type < MIGRATE_TYPES; type++)
		rp(r, "%12s ", migratetype_names[type]);
	rp(r, "\n");
}

static void pagetypeinfo_node(struct report *r, pg_data_t *pgdat)
{
	struct pagetype_counts c[MAX_NR_ZONES];

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			pagetypeinfo_counts(&pgdat->node_zones[z], &c[z]);
	pagetypeinfo_headers(r);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			pagetypeinfo_free_lines(r, &pgdat->node_zones[z], &c[z]);
	pagetypeinfo_block_header(r);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			pagetypeinfo_block_line(r, &pgdat->node_zones[z], &c[z]);
}

size_t kmm_report_pagetypeinfo(char *buf, size_t size)
{
	struct report r;
	pg_data_t *pgdat;

	report_init(&r, buf, size);
	for_each_online_pgdat(pgdat)
		if (node_state(pgdat->node_id, N_MEMORY))
			pagetypeinfo_node(&r, pgdat);
	return r.len;
}

static void pagetypeinfo_json_zone(struct report *r, pg_data_t *pgdat, struct zone *zone)
{
	struct pagetype_counts c;

	(void)pgdat;
	pagetypeinfo_counts(zone, &c);
	rp(r, "{\"zone\":\"%s\",\"free\":{", zone->name);
	for (int type = 0; type < MIGRATE_TYPES; type++) {
		rp(r, "%s\"%s\":", type ? "," : "", migratetype_names[type]);
		json_ul_array(r, c.free[type], NR_PAGE_ORDERS);
	}
	rp(r, "},\"blocks\":{");
	for (int type = 0; type < MIGRATE_TYPES; type++)
		rp(r, "%s\"%s\":%lu", type ? "," : "", migratetype_names[type], c.blocks[type]);
	rp(r, "}}");
}

static void pagetypeinfo_json_head(struct report *r)
{
	rp(r, "\"page_block_order\":%d,\"pages_per_block\":%lu,\"migratetypes\":[",
	   pageblock_order, pageblock_nr_pages);
	for (int type = 0; type < MIGRATE_TYPES; type++)
		rp(r, "%s\"%s\"", type ? "," : "", migratetype_names[type]);
	rp(r, "],");
}

size_t kmm_report_pagetypeinfo_json(char *buf, size_t size)
{
	static const struct json_walk walk = {
		.head = pagetypeinfo_json_head, .zone = pagetypeinfo_json_zone,
		.memory_only = true, .populated_only = true,
	};

	return json_report(buf, size, &walk);
}

/* ---- 4. zoneinfo ---- */

static void zoneinfo_node_stats(struct report *r, pg_data_t *pgdat)
{
	rp(r, "\n  per-node stats");
	for (unsigned int i = 0; i < ARRAY_SIZE(node_item_names); i++)
		rp(r, "\n      %-12s %lu", node_item_names[i], node_item_value(pgdat, i));
}

static void zoneinfo_watermarks(struct report *r, struct zone *zone)
{
	rp(r, "\n  pages free     %lu"
	      "\n        boost    %lu"
	      "\n        min      %lu"
	      "\n        low      %lu"
	      "\n        high     %lu"
	      "\n        promo    %lu"
	      "\n        spanned  %lu"
	      "\n        present  %lu"
	      "\n        managed  %lu"
	      "\n        cma      %lu",
	   zone_page_state(zone, NR_FREE_PAGES), zone->watermark_boost,
	   min_wmark_pages(zone), low_wmark_pages(zone), high_wmark_pages(zone),
	   promo_wmark_pages(zone), zone->spanned_pages, zone->present_pages,
	   zone_managed_pages(zone), 0UL);
	rp(r, "\n        protection: (%ld", zone->lowmem_reserve[0]);
	for (int i = 1; i < MAX_NR_ZONES; i++)
		rp(r, ", %ld", zone->lowmem_reserve[i]);
	rp(r, ")");
}

static void zoneinfo_pagesets(struct report *r, struct zone *zone)
{
	int cpu, count, high, batch;

	rp(r, "\n  pagesets");
	for_each_online_cpu(cpu) {
		pcp_values(zone, cpu, &count, &high, &batch);
		rp(r, "\n    cpu: %i"
		      "\n              count: %i"
		      "\n              high:  %i"
		      "\n              batch: %i", cpu, count, high, batch);
		rp(r, "\n  vm stats threshold: %d", 0);
	}
}

static void zoneinfo_zone_stats(struct report *r, struct zone *zone)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(zone_rows); i++)
		rp(r, "\n      %-12s %lu", zone_rows[i].name, zone_row_value(zone, &zone_rows[i]));
}

/* Context: the zone part under zone->lock; the pagesets under their own locks. */
static void zoneinfo_zone(struct report *r, pg_data_t *pgdat, struct zone *zone)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	rp(r, "Node %d, zone %8s", pgdat->node_id, zone->name);
	if (is_zone_first_populated(pgdat, zone))
		zoneinfo_node_stats(r, pgdat);
	zoneinfo_watermarks(r, zone);
	if (populated_zone(zone))
		zoneinfo_zone_stats(r, zone);
	spin_unlock_irqrestore(&zone->lock, flags);
	if (populated_zone(zone)) {
		zoneinfo_pagesets(r, zone);
		rp(r, "\n  node_unreclaimable:  %u"
		      "\n  start_pfn:           %lu",
		   pgdat_unreclaimable(pgdat), zone->zone_start_pfn);
	}
	rp(r, "\n");
}

size_t kmm_report_zoneinfo(char *buf, size_t size)
{
	struct report r;
	pg_data_t *pgdat;

	report_init(&r, buf, size);
	for_each_online_pgdat(pgdat)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			zoneinfo_zone(&r, pgdat, &pgdat->node_zones[z]);
	return r.len;
}

static void zoneinfo_json_node_stats(struct report *r, pg_data_t *pgdat)
{
	rp(r, "\"per_node_stats\":{");
	for (unsigned int i = 0; i < ARRAY_SIZE(node_item_names); i++)
		rp(r, "%s\"%s\":%lu", i ? "," : "", node_item_names[i],
		   node_item_value(pgdat, i));
	rp(r, "},");
}

static void zoneinfo_json_watermarks(struct report *r, struct zone *zone)
{
	rp(r, "\"populated\":%s,\"pages_free\":%lu,\"boost\":%lu,\"min\":%lu,"
	      "\"low\":%lu,\"high\":%lu,\"promo\":%lu,\"spanned\":%lu,\"present\":%lu,"
	      "\"managed\":%lu,\"cma\":%lu,\"protection\":[",
	   populated_zone(zone) ? "true" : "false", zone_page_state(zone, NR_FREE_PAGES),
	   zone->watermark_boost, min_wmark_pages(zone), low_wmark_pages(zone),
	   high_wmark_pages(zone), promo_wmark_pages(zone), zone->spanned_pages,
	   zone->present_pages, zone_managed_pages(zone), 0UL);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		rp(r, "%s%ld", i ? "," : "", zone->lowmem_reserve[i]);
	rp(r, "]");
}

static void zoneinfo_json_pagesets(struct report *r, struct zone *zone)
{
	int cpu, count, high, batch;

	rp(r, "\"pagesets\":[");
	if (populated_zone(zone)) {
		for_each_online_cpu(cpu) {
			pcp_values(zone, cpu, &count, &high, &batch);
			rp(r, "%s{\"cpu\":%d,\"count\":%d,\"high\":%d,\"batch\":%d,"
			      "\"vm_stats_threshold\":%d}",
			   cpu ? "," : "", cpu, count, high, batch, 0);
		}
	}
	rp(r, "]");
}

static void zoneinfo_json_zone(struct report *r, pg_data_t *pgdat, struct zone *zone)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	rp(r, "{\"zone\":\"%s\",", zone->name);
	zoneinfo_json_watermarks(r, zone);
	rp(r, ",\"stats\":{");
	for (unsigned int i = 0; i < ARRAY_SIZE(zone_rows); i++)
		rp(r, "%s\"%s\":%lu", i ? "," : "", zone_rows[i].name,
		   zone_row_value(zone, &zone_rows[i]));
	rp(r, "},");
	spin_unlock_irqrestore(&zone->lock, flags);
	zoneinfo_json_pagesets(r, zone);
	rp(r, ",\"node_unreclaimable\":%u,\"start_pfn\":%lu,"
	      "\"reserved_highatomic\":%lu,\"free_highatomic\":%lu}",
	   pgdat_unreclaimable(pgdat), zone->zone_start_pfn,
	   READ_ONCE_RELAXED(zone->nr_reserved_highatomic),
	   READ_ONCE_RELAXED(zone->nr_free_highatomic));
}

size_t kmm_report_zoneinfo_json(char *buf, size_t size)
{
	static const struct json_walk walk = {
		.node_extra = zoneinfo_json_node_stats, .zone = zoneinfo_json_zone,
	};

	return json_report(buf, size, &walk);
}

/* ---- 5. meminfo ---- */

static unsigned long meminfo_value(const struct meminfo_row *row)
{
	return row->value ? row->value() : 0;
}

static void meminfo_line(struct report *r, const struct meminfo_row *row)
{
	char label[24];
	unsigned long v = meminfo_value(row);

	snprintf(label, sizeof(label), "%s:", row->name);
	switch (row->fmt) {
	case MI_KB:
		rp(r, "%-16s%8lu kB\n", label, v);
		break;
	case MI_KB5:
		rp(r, "%-19s%5lu kB\n", label, v);
		break;
	case MI_COUNT:
		rp(r, "%-19s%5lu\n", label, v);
		break;
	}
}

size_t kmm_report_meminfo(char *buf, size_t size)
{
	struct report r;

	report_init(&r, buf, size);
	for (unsigned int i = 0; i < ARRAY_SIZE(meminfo_rows); i++)
		meminfo_line(&r, &meminfo_rows[i]);
	return r.len;
}

size_t kmm_report_meminfo_json(char *buf, size_t size)
{
	struct report r;

	report_init(&r, buf, size);
	rp(&r, "{");
	for (unsigned int i = 0; i < ARRAY_SIZE(meminfo_rows); i++)
		rp(&r, "%s\"%s\":%lu", i ? "," : "", meminfo_rows[i].name,
		   meminfo_value(&meminfo_rows[i]));
	rp(&r, "}\n");
	return r.len;
}
