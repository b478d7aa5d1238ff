/* SPDX-License-Identifier: MIT */
/*
 * kmm/vmstat.h - the /proc reports of the page allocator, as text in the
 * formats of Linux 6.12 and as JSON (src/mm/vmstat.c).
 *
 * Each report writes into a caller's buffer, as snprintf() does: at most
 * @size bytes including the terminating NUL, and returns the length the
 * whole report has (excluding the NUL). So a caller that does not know the
 * size asks with (NULL, 0) first, then allocates the returned length + 1:
 *
 *	size_t len = kmm_report_buddyinfo(NULL, 0);
 *	char *text = malloc(len + 1);
 *	kmm_report_buddyinfo(text, len + 1);
 *
 * Each call reads the machine afresh: two calls see the same numbers only
 * while no other thread allocates or frees. All need a booted machine.
 *
 * The JSON schemas (stable: fields may be added, never renamed). Numbers
 * are JSON numbers; names are the kernel's.
 *
 * buddyinfo: the populated zones of each node; free[order] is the number
 * of free blocks of 2^order pages in the buddy lists (not the per-CPU lists):
 *	{"nodes":[{"node":0,"zones":[{"zone":"DMA","free":[1,0,...,3]}]}]}
 *
 * pagetypeinfo: the same blocks by migratetype, and how many pageblocks of
 * the zone have each type. A "free" count stops at 100000 (the text then
 * prints ">100000"), as Linux caps the walk of a free list.
 *	{"page_block_order":9,"pages_per_block":512,
 *	 "migratetypes":["Unmovable","Movable","Reclaimable","HighAtomic","Isolate"],
 *	 "nodes":[{"node":0,"zones":[{"zone":"DMA",
 *	   "free":{"Unmovable":[0,...],"Movable":[...],...},
 *	   "blocks":{"Unmovable":1,"Movable":7,...}}]}]}
 *
 * zoneinfo: every zone of every node, populated or not. "per_node_stats"
 * holds the node counters (the text prints them under the node's first
 * populated zone); "stats" the zone counters then the NUMA events, in the
 * text's order; watermarks, counts and pfns are in pages.
 *	{"nodes":[{"node":0,"per_node_stats":{"nr_inactive_anon":0,...},
 *	  "zones":[{"zone":"DMA","populated":true,"pages_free":3840,"boost":0,
 *	    "min":48,"low":60,"high":72,"promo":84,"spanned":4095,"present":3998,
 *	    "managed":3840,"cma":0,"protection":[0,3019,5195,5195],
 *	    "stats":{"nr_free_pages":3840,...,"numa_other":0},
 *	    "pagesets":[{"cpu":0,"count":0,"high":0,"batch":1,"vm_stats_threshold":0}],
 *	    "node_unreclaimable":0,"start_pfn":1,
 *	    "reserved_highatomic":0,"free_highatomic":0}]}]}
 *   An unpopulated zone has "populated":false and "pagesets":[].
 *   "reserved_highatomic" and "free_highatomic" (pages) are kmm's
 *   additions: 6.12's text does not print them.
 *
 * meminfo: one member per line of the text, named as the line without its
 * colon, with the number the line shows: kB for every field except
 * HugePages_Total, HugePages_Free, HugePages_Rsvd and HugePages_Surp,
 * which count huge pages.
 *	{"MemTotal":256472,"MemFree":250000,...,"DirectMap1G":0}
 */
#ifndef KMM_VMSTAT_H
#define KMM_VMSTAT_H

#include <kmm/types.h>

/**
 * kmm_report_buddyinfo - /proc/buddyinfo: free blocks per order, per zone.
 * @buf: where to write, or NULL when @size is 0
 * @size: bytes at @buf, including room for the terminating NUL
 *
 * Context: process; takes each zone's lock in turn; does not sleep.
 * Return: the length of the whole report, which may exceed @size - 1
 * (then the text is cut and still NUL-terminated if @size > 0).
 */
size_t kmm_report_buddyinfo(char *buf, size_t size);
/** kmm_report_buddyinfo_json - /proc/buddyinfo as JSON (schema above). */
size_t kmm_report_buddyinfo_json(char *buf, size_t size);

/**
 * kmm_report_pagetypeinfo - /proc/pagetypeinfo: free blocks per order and
 * migratetype, and pageblocks per migratetype, per zone.
 * @buf: where to write, or NULL when @size is 0
 * @size: bytes at @buf, including room for the terminating NUL
 *
 * Context: process; takes each zone's lock in turn; does not sleep.
 * Return: the length of the whole report, as kmm_report_buddyinfo().
 */
size_t kmm_report_pagetypeinfo(char *buf, size_t size);
/** kmm_report_pagetypeinfo_json - /proc/pagetypeinfo as JSON (schema above). */
size_t kmm_report_pagetypeinfo_json(char *buf, size_t size);

/**
 * kmm_report_zoneinfo - /proc/zoneinfo: every zone's counters, watermarks,
 * reserves and per-CPU lists.
 * @buf: where to write, or NULL when @size is 0
 * @size: bytes at @buf, including room for the terminating NUL
 *
 * Context: process; takes each zone's lock in turn; does not sleep.
 * Return: the length of the whole report, as kmm_report_buddyinfo().
 */
size_t kmm_report_zoneinfo(char *buf, size_t size);
/** kmm_report_zoneinfo_json - /proc/zoneinfo as JSON (schema above). */
size_t kmm_report_zoneinfo_json(char *buf, size_t size);

/**
 * kmm_report_meminfo - /proc/meminfo: the machine's memory in kB, each
 * field of 6.12's x86-64 report (fields kmm has nothing for show 0).
 * @buf: where to write, or NULL when @size is 0
 * @size: bytes at @buf, including room for the terminating NUL
 *
 * Context: process; takes no lock; does not sleep.
 * Return: the length of the whole report, as kmm_report_buddyinfo().
 */
size_t kmm_report_meminfo(char *buf, size_t size);
/** kmm_report_meminfo_json - /proc/meminfo as JSON (schema above). */
size_t kmm_report_meminfo_json(char *buf, size_t size);

/*
 * The row names of the reports, in the order the text prints them: the
 * counters under "per-node stats", those of each zone (zone counters,
 * then NUMA events) and the fields of meminfo (without the colon).
 * Return: the name of row @i, or NULL past the last row.
 */
const char *vmstat_node_item_name(unsigned int i);
const char *vmstat_zone_item_name(unsigned int i);
const char *meminfo_field_name(unsigned int i);

#endif /* KMM_VMSTAT_H */
