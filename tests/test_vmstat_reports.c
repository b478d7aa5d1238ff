// SPDX-License-Identifier: MIT
/*
 * tests/test_vmstat_reports.c - the /proc reports of src/mm/vmstat.c
 * (buddyinfo, pagetypeinfo, zoneinfo, meminfo), their JSON twins, and
 * `kmm stat` through the program.
 *
 * Each report is compared line by line with text built here from the
 * kernel's formats and the allocator's own fields, on fixed machines:
 *
 *   256 MiB, 1 node:   DMA    [pfn 0x1, 0x1000)    0x9f..0xff is the legacy hole
 *                      DMA32  [pfn 0x1000, 0xfff0)
 *                      Normal, Movable: empty
 *   2 GiB, 2 nodes:    node 0: DMA + DMA32 [0, 1 GiB)   node 1: DMA32 [1 GiB, 2 GiB)
 *
 * and after allocations whose effect on the free lists is known: an
 * order-n movable request from a fresh zone splits the smallest movable
 * block of order >= n, so buddyinfo loses one block of that order and
 * gains one of each order in between:
 *
 *   before:  order  4  5  6  7 ...         after alloc(order 4), smallest is 6:
 *            free   0  0  1  .             free   1  1  0  .    (+ the 16 pages handed out)
 */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kmm/kmm.h>
#include "mm/internal.h"
#include "helpers/json.h"
#include "helpers/dmesg_lines.h"
#include "helpers/run_kmm.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define MAX_LINES 4096

typedef size_t (*report_fn)(char *buf, size_t size);

static void boot_cmdline(unsigned long long ram, int nodes, int cpus, const char *cmdline)
{
	struct kmm_config cfg = { .ram_bytes = ram, .nr_nodes = nodes, .nr_cpus = cpus };
	int err = kmm_boot(&cfg, cmdline);

	cr_assert_eq(err, 0, "kmm_boot failed (%d):\n%s", err, kmm_dmesg());
}

static void boot(unsigned long long ram, int nodes, int cpus)
{
	boot_cmdline(ram, nodes, cpus, "");
}

/* The whole report, malloc'd; its length agrees between the two calls. */
static char *report(report_fn fn)
{
	size_t len = fn(NULL, 0);
	char *buf = malloc(len + 1);

	cr_assert(buf);
	cr_assert_eq(fn(buf, len + 1), len);
	cr_assert_eq(strlen(buf), len, "report length %zu, text %zu", len, strlen(buf));
	return buf;
}

/* Split @text in place into lines (the last newline ends the last line). */
static int split_lines(char *text, char **lines, int max)
{
	int n = 0;

	for (char *p = text; *p && n < max; ) {
		char *nl = strchr(p, '\n');

		lines[n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return n;
}

static bool matches(const char *pattern, const char *s)
{
	regex_t re;
	bool ok;

	cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0, "bad regex %s", pattern);
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

/* Read @n unsigned numbers from @s, skipping everything that is no digit. */
static void read_numbers(const char *s, unsigned long *out, int n)
{
	for (int i = 0; i < n; i++) {
		char *end;

		while (*s && (*s < '0' || *s > '9'))
			s++;
		cr_assert(*s, "fewer than %d numbers", n);
		out[i] = strtoul(s, &end, 10);
		s = end;
	}
	while (*s == ' ')
		s++;
	cr_assert_eq(*s, '\0', "more than %d numbers: '%s'", n, s);
}

static struct json *parse_json(const char *text)
{
	char err[160];
	struct json *j = json_parse(text, err, sizeof(err));

	cr_assert(j, "invalid JSON (%s):\n%.400s", err, text);
	return j;
}

static struct zone *zone_of(int nid, enum zone_type z)
{
	return &NODE_DATA(nid)->node_zones[z];
}

static unsigned long zone_free(const struct zone *zone)
{
	return zone_page_state(zone, NR_FREE_PAGES);
}

static unsigned long zone_pcp_pages(struct zone *zone)
{
	unsigned long sum = 0;
	int cpu;

	if (!zone->per_cpu_pageset)
		return 0;
	for_each_online_cpu(cpu)
		sum += (unsigned long)per_cpu_ptr(zone->per_cpu_pageset, cpu)->count;
	return sum;
}

static int nr_populated_zones(void)
{
	struct zone *zone;
	int n = 0;

	for_each_populated_zone(zone)
		n++;
	return n;
}

/* Smallest order >= @order with a free block of @type in @zone, or -1. */
static int smallest_free_order(struct zone *zone, int order, int type)
{
	for (int o = order; o < NR_PAGE_ORDERS; o++)
		if (!list_empty(&zone->free_area[o].free_list[type]))
			return o;
	return -1;
}

/* ------------------------------------------------------------------ */
/* buddyinfo                                                           */
/* ------------------------------------------------------------------ */

/* The buddyinfo line of @zone, built from its free_area[] here. */
static void expected_buddy_line(struct zone *zone, char *out, size_t size)
{
	size_t len = (size_t)snprintf(out, size, "Node %d, zone %8s ", zone_to_nid(zone), zone->name);

	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		len += (size_t)snprintf(out + len, size - len, "%6lu ", zone->free_area[o].nr_free);
}

static void check_buddyinfo_matches_zones(void)
{
	char *text = report(kmm_report_buddyinfo), *lines[MAX_LINES], want[256];
	int n = split_lines(text, lines, MAX_LINES), i = 0;
	struct zone *zone;

	cr_assert_eq(n, nr_populated_zones(), "one line per populated zone:\n%s", text);
	for_each_populated_zone(zone) {
		expected_buddy_line(zone, want, sizeof(want));
		cr_assert_str_eq(lines[i], want);
		cr_assert(matches("^Node [0-9]+, zone +[A-Za-z0-9]+ ( +[0-9]+ ){11}$", lines[i]));
		i++;
	}
	free(text);
}

Test(buddyinfo, dma_zone_of_256m_is_what_linux_prints)
{
	char *text, *lines[MAX_LINES];

	boot(256 * MiB, 1, 2);
	text = report(kmm_report_buddyinfo);
	split_lines(text, lines, MAX_LINES);
	/*
	 * DMA: pfns 0x100..0xfff are free (the low 1 MiB is reserved, as x86
	 * reserves it): 0x100 (order 8), 0x200 (order 9), 0x400, 0x800, 0xc00
	 * (order 10): the same line as a real 6.12 PC.
	 */
	cr_assert_str_eq(lines[0], "Node 0, zone      DMA      0      0      0      0      0      0"
				   "      0      0      1      1      3 ");
	cr_assert(matches("^Node 0, zone    DMA32 ", lines[1]), "%s", lines[1]);
	free(text);
	check_buddyinfo_matches_zones();
	kmm_halt();
}

Test(buddyinfo, counts_are_the_free_pages_of_each_zone)
{
	char *text, *lines[MAX_LINES];
	unsigned long nr[NR_PAGE_ORDERS], total = 0;
	struct zone *zone;
	int i = 0;

	boot(256 * MiB, 1, 2);
	text = report(kmm_report_buddyinfo);
	split_lines(text, lines, MAX_LINES);
	for_each_populated_zone(zone) {
		unsigned long pages = 0;

		read_numbers(strchr(lines[i++], ',') + 15, nr, NR_PAGE_ORDERS);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			pages += nr[o] << o;
		/* Nothing is isolated: the lists hold exactly NR_FREE_PAGES. */
		cr_assert_eq(pages, zone_free(zone), "zone %s", zone->name);
		total += pages;
	}
	cr_assert_eq(total, nr_free_pages());
	free(text);
	kmm_halt();
}

Test(buddyinfo, movable_order4_alloc_splits_the_smallest_block)
{
	struct zone *dma32;
	unsigned long before[NR_PAGE_ORDERS];
	struct page *page;
	char *text0, *text1;
	int from;

	boot(256 * MiB, 1, 2);
	dma32 = zone_of(0, ZONE_DMA32);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		before[o] = dma32->free_area[o].nr_free;
	from = smallest_free_order(dma32, 4, MIGRATE_MOVABLE);
	cr_assert_geq(from, 4);
	text0 = report(kmm_report_buddyinfo);

	page = alloc_pages(GFP_HIGHUSER_MOVABLE, 4);
	cr_assert(page);
	cr_assert_eq(page_zone(page), dma32, "Normal is empty: DMA32 serves it");
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long want = before[o] - (o == from) + (o >= 4 && o < from);

		cr_assert_eq(dma32->free_area[o].nr_free, want, "order %d", o);
	}
	check_buddyinfo_matches_zones();

	__free_pages(page, 4);
	text1 = report(kmm_report_buddyinfo);
	cr_assert_str_eq(text1, text0, "the buddies merge back");
	free(text0);
	free(text1);
	kmm_halt();
}

Test(buddyinfo, order0_pages_move_to_the_per_cpu_lists)
{
	struct zone *dma32;
	unsigned long free0, free1;
	struct page *page;

	boot(256 * MiB, 1, 2);
	dma32 = zone_of(0, ZONE_DMA32);
	free0 = zone_free(dma32) + zone_pcp_pages(dma32);
	page = alloc_page(GFP_KERNEL);
	cr_assert(page);
	cr_assert_eq(page_zone(page), dma32);
	free1 = zone_free(dma32) + zone_pcp_pages(dma32);
	/* The refill batch left the buddy lists for this CPU's list: */
	cr_assert_gt(zone_pcp_pages(dma32), 0);
	cr_assert_eq(free1, free0 - 1, "free + per-CPU pages = all but the one handed out");
	/* and buddyinfo still sums to NR_FREE_PAGES, which excludes them. */
	check_buddyinfo_matches_zones();
	__free_page(page);
	kmm_halt();
}

Test(buddyinfo, two_nodes_list_their_zones_in_order)
{
	char *text, *lines[MAX_LINES];
	int n;

	boot(2 * GiB, 2, 2);
	text = report(kmm_report_buddyinfo);
	n = split_lines(text, lines, MAX_LINES);
	cr_assert_eq(n, 3, "%s", text);
	cr_assert(matches("^Node 0, zone      DMA ", lines[0]));
	cr_assert(matches("^Node 0, zone    DMA32 ", lines[1]));
	cr_assert(matches("^Node 1, zone    DMA32 ", lines[2]));
	free(text);
	check_buddyinfo_matches_zones();
	kmm_halt();
}

Test(buddyinfo, json_agrees_with_the_text)
{
	char *text, *js, *lines[MAX_LINES];
	const struct json *nodes;
	struct json *j;
	int line = 0;

	boot(2 * GiB, 2, 2);
	text = report(kmm_report_buddyinfo);
	js = report(kmm_report_buddyinfo_json);
	split_lines(text, lines, MAX_LINES);
	j = parse_json(js);
	nodes = json_get(j, "nodes");
	cr_assert_eq(nodes->n, 2);
	for (size_t ni = 0; ni < nodes->n; ni++) {
		const struct json *zones = json_get(json_at(nodes, ni), "zones");

		cr_assert_eq(json_ul(json_get(json_at(nodes, ni), "node")), ni);
		for (size_t zi = 0; zi < zones->n; zi++) {
			const struct json *z = json_at(zones, zi), *free_ = json_get(z, "free");
			unsigned long nr[NR_PAGE_ORDERS];
			char head[64];

			snprintf(head, sizeof(head), "Node %zu, zone %8s ", ni, json_get(z, "zone")->string);
			cr_assert(!strncmp(lines[line], head, strlen(head)), "%s vs %s", lines[line], head);
			read_numbers(lines[line] + strlen(head), nr, NR_PAGE_ORDERS);
			cr_assert_eq(free_->n, NR_PAGE_ORDERS);
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				cr_assert_eq(json_ul(json_at(free_, o)), nr[o]);
			line++;
		}
	}
	cr_assert_eq(line, nr_populated_zones());
	json_free(j);
	free(js);
	free(text);
	kmm_halt();
}

/* ------------------------------------------------------------------ */
/* The report buffer: snprintf semantics                               */
/* ------------------------------------------------------------------ */

Test(report_buffer, short_buffers_get_a_terminated_prefix)
{
	static const report_fn fns[] = {
		kmm_report_buddyinfo, kmm_report_buddyinfo_json, kmm_report_pagetypeinfo,
		kmm_report_pagetypeinfo_json, kmm_report_zoneinfo, kmm_report_zoneinfo_json,
		kmm_report_meminfo, kmm_report_meminfo_json,
	};

	boot(256 * MiB, 1, 2);
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		char *full = report(fns[i]);
		size_t len = strlen(full);
		char small[40];

		memset(small, 'x', sizeof(small));
		cr_assert_eq(fns[i](small, sizeof(small)), len);
		cr_assert_eq(small[sizeof(small) - 1], '\0');
		cr_assert(!strncmp(small, full, sizeof(small) - 1));
		cr_assert_eq(fns[i](small, 1), len);
		cr_assert_eq(small[0], '\0');
		cr_assert_eq(fns[i](NULL, 0), len);
		free(full);
	}
	kmm_halt();
}

/* ------------------------------------------------------------------ */
/* pagetypeinfo                                                        */
/* ------------------------------------------------------------------ */

struct pagetype_text {
	int nodes;
	/* [node][zone][type][order]; zone by index */
	unsigned long free[MAX_NUMNODES][MAX_NR_ZONES][MIGRATE_TYPES][NR_PAGE_ORDERS];
	unsigned long blocks[MAX_NUMNODES][MAX_NR_ZONES][MIGRATE_TYPES];
};

static int zone_index_by_name(const char *name)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (!strcmp(zone_names[z], name))
			return z;
	cr_assert_fail("no zone named '%s'", name);
	return -1;
}

static int type_by_name(const char *name)
{
	for (int t = 0; t < MIGRATE_TYPES; t++)
		if (!strcmp(migratetype_names[t], name))
			return t;
	cr_assert_fail("no migratetype named '%s'", name);
	return -1;
}

/* Check the headers of one node's section, lines[*i...]; advance *i. */
static void check_pagetype_headers(char **lines, int *i)
{
	cr_assert_str_eq(lines[(*i)++], "Page block order: 9");
	cr_assert_str_eq(lines[(*i)++], "Pages per block:  512");
	cr_assert_str_eq(lines[(*i)++], "");
	cr_assert_str_eq(lines[(*i)++], "Free pages count per migrate type at order       0      1"
					"      2      3      4      5      6      7      8      9     10 ");
}

static void parse_free_row(struct pagetype_text *pt, const char *line)
{
	char zname[16], tname[16];
	int nid, n = 0;

	cr_assert(matches("^Node +[0-9]+, zone +[A-Za-z0-9]+, type +[A-Za-z]+ ( +[0-9]+ ){11}$", line),
		  "%s", line);
	cr_assert_eq(sscanf(line, "Node %d, zone %15[^,], type %15s%n", &nid, zname, tname, &n), 3);
	/* the columns: "Node %4d, zone %8s, type %12s" are 43 characters */
	cr_assert_eq(n, 43, "%s", line);
	read_numbers(line + n, pt->free[nid][zone_index_by_name(zname)][type_by_name(tname)],
		     NR_PAGE_ORDERS);
}

static void parse_block_row(struct pagetype_text *pt, const char *line)
{
	char zname[16];
	int nid, n = 0;

	cr_assert(matches("^Node [0-9]+, zone +[A-Za-z0-9]+ ( +[0-9]+ ){5}$", line), "%s", line);
	cr_assert_eq(strlen(line), strlen("Node 0, zone      DMA ") + 13 * MIGRATE_TYPES, "%s", line);
	cr_assert_eq(sscanf(line, "Node %d, zone %15s %n", &nid, zname, &n), 2);
	read_numbers(line + n, pt->blocks[nid][zone_index_by_name(zname)], MIGRATE_TYPES);
}

static struct pagetype_text *read_pagetypeinfo(void)
{
	struct pagetype_text *pt = calloc(1, sizeof(*pt));
	char *text = report(kmm_report_pagetypeinfo), *lines[MAX_LINES];
	int n = split_lines(text, lines, MAX_LINES), i = 0;

	while (i < n) {
		check_pagetype_headers(lines, &i);
		pt->nodes++;
		while (i < n && lines[i][0])
			parse_free_row(pt, lines[i++]);
		cr_assert_str_eq(lines[i++], "");
		cr_assert_str_eq(lines[i++], "Number of blocks type     Unmovable      Movable  "
					     "Reclaimable   HighAtomic      Isolate ");
		while (i < n && strncmp(lines[i], "Page block order", 16))
			parse_block_row(pt, lines[i++]);
	}
	free(text);
	return pt;
}

/*
 * Pageblocks Linux counts for @zone: from zone_start_pfn in steps of 512,
 * those with a memmap (a section without memory, as in the PCI hole, has none).
 */
static unsigned long zone_pageblocks(const struct zone *zone)
{
	unsigned long n = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		n += pfn_valid(pfn);
	return n;
}

static void check_pagetypes_match_zones(const struct pagetype_text *pt)
{
	struct zone *zone;

	cr_assert_eq(pt->nodes, nr_online_nodes);
	for_each_populated_zone(zone) {
		int nid = zone_to_nid(zone), z = zone_idx(zone);
		unsigned long blocks = 0;

		for (int t = 0; t < MIGRATE_TYPES; t++) {
			blocks += pt->blocks[nid][z][t];
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				cr_assert_eq(pt->free[nid][z][t][o],
					     list_count_nodes(&zone->free_area[o].free_list[t]),
					     "node %d %s %s order %d", nid, zone->name,
					     migratetype_names[t], o);
		}
		cr_assert_eq(blocks, zone_pageblocks(zone), "zone %s", zone->name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long sum = 0;

			for (int t = 0; t < MIGRATE_TYPES; t++)
				sum += pt->free[nid][z][t][o];
			cr_assert_eq(sum, zone->free_area[o].nr_free, "buddyinfo of %s", zone->name);
		}
	}
}

static void check_pagetypeinfo(void)
{
	struct pagetype_text *pt = read_pagetypeinfo();

	check_pagetypes_match_zones(pt);
	free(pt);
}

Test(pagetypeinfo, dma_of_256m_is_what_linux_prints)
{
	char *text;

	boot(256 * MiB, 1, 2);
	text = report(kmm_report_pagetypeinfo);
	/* Block 0 holds the reserved low pages and keeps type 0 (Unmovable);
	 * blocks 1..7 start in memory and were set Movable by memmap init. */
	cr_assert(strstr(text, "\nNode 0, zone      DMA            1            7            0"
			       "            0            0 \n"), "%s", text);
	cr_assert(strstr(text, "\nNode    0, zone      DMA, type      Movable      0      0      0"
			       "      0      0      0      0      0      0      1      3 \n"), "%s", text);
	free(text);
	check_pagetypeinfo();
	kmm_halt();
}

Test(pagetypeinfo, each_node_has_its_own_section)
{
	struct pagetype_text *pt;

	boot(2 * GiB, 2, 2);
	pt = read_pagetypeinfo();
	cr_assert_eq(pt->nodes, 2);
	check_pagetypes_match_zones(pt);
	free(pt);
	kmm_halt();
}

Test(pagetypeinfo, sections_without_memory_are_not_counted)
{
	struct pagetype_text *pt;
	struct zone *dma32;
	unsigned long blocks = 0;

	/*
	 * 6 GiB: RAM below 3 GiB, the 32-bit PCI hole, the rest above 4 GiB.
	 * DMA32 spans [16 MiB, 4 GiB) but the hole's sections have no memmap:
	 *   [16M ........ 3G)[3G ..hole.. 4G)
	 *    1528 blocks      not counted        (a real 6.12 PC: the same 1528)
	 */
	boot(6 * GiB, 1, 2);
	pt = read_pagetypeinfo();
	check_pagetypes_match_zones(pt);
	dma32 = zone_of(0, ZONE_DMA32);
	for (int t = 0; t < MIGRATE_TYPES; t++)
		blocks += pt->blocks[0][ZONE_DMA32][t];
	cr_assert_eq(dma32->spanned_pages, 1044480);
	cr_assert_eq(blocks, 1528);
	free(pt);
	kmm_halt();
}

Test(pagetypeinfo, a_long_free_list_prints_as_more_than_100000)
{
	const gfp_t gfp = GFP_HIGHUSER_MOVABLE | __GFP_NORETRY | __GFP_NOWARN;
	size_t n = 0, max = 300000;
	struct page **pages = malloc(max * sizeof(*pages));
	char *text, *js;
	struct json *j;
	const struct json *f;

	/* Take every page of a 1 GiB machine, give back every other one:
	 * none can merge, so DMA32's order-0 Movable list grows past 100000. */
	boot(1 * GiB, 1, 1);
	while (n < max && (pages[n] = alloc_pages(gfp, 0)))
		n++;
	for (size_t i = 0; i < n; i += 2)
		__free_pages(pages[i], 0);
	drain_all_pages(NULL);
	cr_assert_gt(list_count_nodes(&zone_of(0, ZONE_DMA32)->free_area[0].free_list[MIGRATE_MOVABLE]),
		     100000);
	text = report(kmm_report_pagetypeinfo);
	cr_assert(strstr(text, "Node    0, zone    DMA32, type      Movable >100000 "), "%s", text);
	js = report(kmm_report_pagetypeinfo_json);
	j = parse_json(js);
	f = json_get(json_get(json_at(json_get(json_at(json_get(j, "nodes"), 0), "zones"), 1),
			      "free"), "Movable");
	cr_assert_eq(json_ul(json_at(f, 0)), 100000);
	json_free(j);
	free(js);
	free(text);
	for (size_t i = 1; i < n; i += 2)
		__free_pages(pages[i], 0);
	free(pages);
	kmm_halt();
}

Test(pagetypeinfo, unmovable_request_steals_a_movable_block)
{
	struct pagetype_text *before, *after;
	unsigned long total0 = 0, total1 = 0;
	struct page *pages[8];
	int z = ZONE_DMA32, n;

	boot(256 * MiB, 1, 2);
	before = read_pagetypeinfo();
	/*
	 * SLUB's boot caches took their slabs from an Unmovable block already;
	 * a whole-pageblock request cannot fit in it and claims another.
	 */
	cr_assert_gt(before->blocks[0][z][MIGRATE_MOVABLE], 0, "a fresh zone is mostly Movable");
	/* Whole blocks, until the free Unmovable ones are used up. */
	for (n = 0; n < 8; n++) {
		pages[n] = alloc_pages(GFP_KERNEL | __GFP_DMA32, pageblock_order);
		cr_assert(pages[n]);
		cr_assert_eq(page_zonenum(pages[n]), z);
		after = read_pagetypeinfo();
		if (after->blocks[0][z][MIGRATE_UNMOVABLE] >
		    before->blocks[0][z][MIGRATE_UNMOVABLE] + n)
			break;
		free(after);
	}
	cr_assert_lt(n, 8, "the fallback claimed no block");
	check_pagetypes_match_zones(after);
	cr_assert_gt(after->blocks[0][z][MIGRATE_UNMOVABLE],
		     before->blocks[0][z][MIGRATE_UNMOVABLE], "the fallback claimed a block");
	for (int t = 0; t < MIGRATE_TYPES; t++) {
		total0 += before->blocks[0][z][t];
		total1 += after->blocks[0][z][t];
	}
	cr_assert_eq(total1, total0);
	cr_assert_eq(after->blocks[0][z][MIGRATE_MOVABLE],
		     before->blocks[0][z][MIGRATE_MOVABLE] -
		     (after->blocks[0][z][MIGRATE_UNMOVABLE] - before->blocks[0][z][MIGRATE_UNMOVABLE]));
	for (int i = 0; i <= n; i++)
		__free_pages(pages[i], pageblock_order);
	free(before);
	free(after);
	kmm_halt();
}

Test(pagetypeinfo, json_agrees_with_the_text)
{
	struct pagetype_text *pt;
	const struct json *nodes, *types;
	struct json *j;
	char *js;

	boot(2 * GiB, 2, 2);
	pt = read_pagetypeinfo();
	js = report(kmm_report_pagetypeinfo_json);
	j = parse_json(js);
	cr_assert_eq(json_ul(json_get(j, "page_block_order")), 9);
	cr_assert_eq(json_ul(json_get(j, "pages_per_block")), 512);
	types = json_get(j, "migratetypes");
	cr_assert_eq(types->n, MIGRATE_TYPES);
	for (int t = 0; t < MIGRATE_TYPES; t++)
		cr_assert_str_eq(json_at(types, t)->string, migratetype_names[t]);
	nodes = json_get(j, "nodes");
	cr_assert_eq(nodes->n, (size_t)pt->nodes);
	for (size_t ni = 0; ni < nodes->n; ni++) {
		const struct json *zones = json_get(json_at(nodes, ni), "zones");

		for (size_t zi = 0; zi < zones->n; zi++) {
			const struct json *zj = json_at(zones, zi);
			int z = zone_index_by_name(json_get(zj, "zone")->string);

			for (int t = 0; t < MIGRATE_TYPES; t++) {
				const struct json *f = json_get(json_get(zj, "free"), migratetype_names[t]);

				cr_assert_eq(json_ul(json_get(json_get(zj, "blocks"), migratetype_names[t])),
					     pt->blocks[ni][z][t]);
				for (int o = 0; o < NR_PAGE_ORDERS; o++)
					cr_assert_eq(json_ul(json_at(f, o)), pt->free[ni][z][t][o]);
			}
		}
	}
	json_free(j);
	free(js);
	free(pt);
	kmm_halt();
}

/* ------------------------------------------------------------------ */
/* zoneinfo                                                            */
/* ------------------------------------------------------------------ */

struct expect {
	char *buf;
	size_t len, size;
};

static __attribute__((format(printf, 2, 3))) void ex(struct expect *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(e->buf + e->len, e->size - e->len, fmt, ap);
	va_end(ap);
	cr_assert_lt(e->len + (size_t)n, e->size, "expected text too long");
	e->len += (size_t)n;
}

static bool first_populated(pg_data_t *pgdat, struct zone *zone)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			return &pgdat->node_zones[z] == zone;
	return false;
}

/* What 6.12 prints for one zone, built from the zone and the row tables. */
static void expected_zone(struct expect *e, pg_data_t *pgdat, struct zone *zone)
{
	const char *name;
	int cpu;

	ex(e, "Node %d, zone %8s\n", pgdat->node_id, zone->name);
	if (first_populated(pgdat, zone)) {
		ex(e, "  per-node stats\n");
		/* Only the slab counters move: SLUB's caches live from boot. */
		for (unsigned int i = 0; (name = vmstat_node_item_name(i)); i++)
			ex(e, "      %-12s %lu\n", name,
			   node_page_state_pages(pgdat, (enum node_stat_item)i));
	}
	ex(e, "  pages free     %lu\n        boost    %lu\n        min      %lu\n"
	      "        low      %lu\n        high     %lu\n        promo    %lu\n"
	      "        spanned  %lu\n        present  %lu\n        managed  %lu\n"
	      "        cma      0\n",
	   zone_free(zone), zone->watermark_boost,
	   zone->_watermark[WMARK_MIN] + zone->watermark_boost,
	   zone->_watermark[WMARK_LOW] + zone->watermark_boost,
	   zone->_watermark[WMARK_HIGH] + zone->watermark_boost,
	   zone->_watermark[WMARK_PROMO] + zone->watermark_boost, zone->spanned_pages, zone->present_pages,
	   zone_managed_pages(zone));
	ex(e, "        protection: (%ld, %ld, %ld, %ld)\n", zone->lowmem_reserve[0],
	   zone->lowmem_reserve[1], zone->lowmem_reserve[2], zone->lowmem_reserve[3]);
	if (!populated_zone(zone))
		return;
	for (unsigned int i = 0; (name = vmstat_zone_item_name(i)); i++)
		ex(e, "      %-12s %lu\n", name, i == 0 ? zone_free(zone) : 0UL);
	ex(e, "  pagesets\n");
	for_each_online_cpu(cpu) {
		struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);

		ex(e, "    cpu: %d\n              count: %d\n              high:  %d\n"
		      "              batch: %d\n  vm stats threshold: 0\n",
		   cpu, pcp->count, pcp->high, pcp->batch);
	}
	ex(e, "  node_unreclaimable:  0\n  start_pfn:           %lu\n", zone->zone_start_pfn);
}

static void check_zoneinfo_line_by_line(void)
{
	struct expect e = { .size = 1 << 20 };
	char *text = report(kmm_report_zoneinfo), *got[MAX_LINES], *want[MAX_LINES];
	pg_data_t *pgdat;
	int ng, nw;

	e.buf = malloc(e.size);
	for_each_online_pgdat(pgdat)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			expected_zone(&e, pgdat, &pgdat->node_zones[z]);
	ng = split_lines(text, got, MAX_LINES);
	nw = split_lines(e.buf, want, MAX_LINES);
	for (int i = 0; i < ng && i < nw; i++)
		cr_assert_str_eq(got[i], want[i], "line %d", i + 1);
	cr_assert_eq(ng, nw);
	free(e.buf);
	free(text);
}

Test(zoneinfo, every_line_of_256m_in_the_kernels_order)
{
	char *text;

	boot(256 * MiB, 1, 2);
	check_zoneinfo_line_by_line();
	text = report(kmm_report_zoneinfo);
	/* DMA spans pfns 1..4095; 97 of them are the legacy hole, 158 more the
	 * reserved low pages: the numbers of a real 6.12 PC's DMA zone. */
	cr_assert(strstr(text, "        spanned  4095\n        present  3998\n"
			       "        managed  3840\n"), "%s", text);
	cr_assert(strstr(text, "  start_pfn:           1\nNode 0, zone    DMA32\n"));
	/* An empty zone ends at its protection line. */
	cr_assert(strstr(text, "        protection: (0, 0, 0, 0)\nNode 0, zone  Movable\n"));
	/* one node, so one "per-node stats", under DMA */
	cr_assert(strstr(text, "Node 0, zone      DMA\n  per-node stats\n"));
	cr_assert_null(strstr(strstr(text, "per-node stats") + 1, "per-node stats"));
	free(text);
	kmm_halt();
}

Test(zoneinfo, each_node_prints_its_node_stats_once)
{
	char *text;
	const char *p;
	int n = 0;

	boot(2 * GiB, 2, 3);
	check_zoneinfo_line_by_line();
	text = report(kmm_report_zoneinfo);
	for (p = text; (p = strstr(p, "  per-node stats\n")); p++)
		n++;
	cr_assert_eq(n, 2);
	/* node 1's first populated zone is DMA32: the stats follow its title */
	cr_assert(strstr(text, "Node 1, zone    DMA32\n  per-node stats\n"));
	cr_assert(strstr(text, "    cpu: 2\n"));
	free(text);
	kmm_halt();
}

Test(zoneinfo, follows_allocations_and_min_free_kbytes)
{
	struct page *page;

	boot(256 * MiB, 1, 2);
	page = alloc_pages(GFP_KERNEL, 0);
	cr_assert(page);
	check_zoneinfo_line_by_line();	/* pcp count and pages free moved */
	cr_assert_eq(kmm_sysctl_min_free_kbytes(8192), 0);
	check_zoneinfo_line_by_line();	/* new min/low/high and protection */
	__free_pages(page, 0);
	kmm_halt();
}

Test(zoneinfo, a_movable_zone_from_movablecore)
{
	char *text;

	boot_cmdline(2 * GiB, 1, 2, "movablecore=512M");
	cr_assert(populated_zone(zone_of(0, ZONE_MOVABLE)));
	check_zoneinfo_line_by_line();
	check_buddyinfo_matches_zones();
	check_pagetypeinfo();
	text = report(kmm_report_zoneinfo);
	cr_assert(strstr(text, "Node 0, zone  Movable\n  pages free     "));
	free(text);
	kmm_halt();
}

static void check_zone_json(const struct json *zj, pg_data_t *pgdat, struct zone *zone)
{
	const struct json *prot = json_get(zj, "protection"), *sets = json_get(zj, "pagesets");
	const char *name;
	int cpu;

	cr_assert_str_eq(json_get(zj, "zone")->string, zone->name);
	cr_assert_eq(json_get(zj, "populated")->number, populated_zone(zone) ? 1 : 0);
	cr_assert_eq(json_ul(json_get(zj, "pages_free")), zone_free(zone));
	cr_assert_eq(json_ul(json_get(zj, "min")), min_wmark_pages(zone));
	cr_assert_eq(json_ul(json_get(zj, "low")), low_wmark_pages(zone));
	cr_assert_eq(json_ul(json_get(zj, "high")), high_wmark_pages(zone));
	cr_assert_eq(json_ul(json_get(zj, "spanned")), zone->spanned_pages);
	cr_assert_eq(json_ul(json_get(zj, "present")), zone->present_pages);
	cr_assert_eq(json_ul(json_get(zj, "managed")), zone_managed_pages(zone));
	cr_assert_eq(json_ul(json_get(zj, "start_pfn")), zone->zone_start_pfn);
	cr_assert_eq(json_ul(json_get(zj, "reserved_highatomic")), zone->nr_reserved_highatomic);
	cr_assert_eq(prot->n, MAX_NR_ZONES);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		cr_assert_eq(json_ul(json_at(prot, i)), (unsigned long)zone->lowmem_reserve[i]);
	for (unsigned int i = 0; (name = vmstat_zone_item_name(i)); i++)
		cr_assert(json_get(json_get(zj, "stats"), name), "stat %s", name);
	cr_assert_eq(sets->n, populated_zone(zone) ? (size_t)nr_cpu_ids : 0);
	for (size_t i = 0; i < sets->n; i++) {
		cpu = (int)i;
		cr_assert_eq(json_ul(json_get(json_at(sets, i), "count")),
			     (unsigned long)per_cpu_ptr(zone->per_cpu_pageset, cpu)->count);
		cr_assert_eq(json_ul(json_get(json_at(sets, i), "batch")),
			     (unsigned long)per_cpu_ptr(zone->per_cpu_pageset, cpu)->batch);
	}
	(void)pgdat;
}

Test(zoneinfo, json_agrees_with_the_zones)
{
	const struct json *nodes;
	pg_data_t *pgdat;
	struct json *j;
	char *js;

	boot(2 * GiB, 2, 2);
	js = report(kmm_report_zoneinfo_json);
	j = parse_json(js);
	nodes = json_get(j, "nodes");
	cr_assert_eq(nodes->n, (size_t)nr_online_nodes);
	for_each_online_pgdat(pgdat) {
		const struct json *nj = json_at(nodes, (size_t)pgdat->node_id);
		const struct json *stats = json_get(nj, "per_node_stats");
		const char *name;
		unsigned int i;

		for (i = 0; (name = vmstat_node_item_name(i)); i++)
			cr_assert_eq(json_ul(json_get(stats, name)),
				     node_page_state_pages(pgdat, (enum node_stat_item)i),
				     "%s", name);
		cr_assert_eq(stats->n, i);
		cr_assert_eq(json_get(nj, "zones")->n, MAX_NR_ZONES);
		for (int z = 0; z < MAX_NR_ZONES; z++)
			check_zone_json(json_at(json_get(nj, "zones"), z), pgdat, &pgdat->node_zones[z]);
	}
	json_free(j);
	free(js);
	kmm_halt();
}

/* ------------------------------------------------------------------ */
/* meminfo                                                             */
/* ------------------------------------------------------------------ */

static bool is_count_field(const char *name)
{
	return !strncmp(name, "HugePages_", 10);
}

/* The value of field @name in the meminfo text @text. */
static unsigned long meminfo_value(const char *text, const char *name)
{
	char key[40];
	const char *p;

	snprintf(key, sizeof(key), "\n%s:", name);
	p = !strncmp(text, key + 1, strlen(key + 1)) ? text - 1 : strstr(text, key);
	cr_assert(p, "no %s in\n%s", name, text);
	return strtoul(p + strlen(key), NULL, 10);
}

Test(meminfo, fields_in_the_kernels_order_and_widths)
{
	char *text, *lines[MAX_LINES], label[40];
	const char *name;
	unsigned int i;
	int n;

	boot(256 * MiB, 1, 2);
	text = report(kmm_report_meminfo);
	n = split_lines(text, lines, MAX_LINES);
	for (i = 0; (name = meminfo_field_name(i)); i++) {
		cr_assert_lt((int)i, n);
		snprintf(label, sizeof(label), "%s:", name);
		cr_assert(!strncmp(lines[i], label, strlen(label)), "line %u: %s", i, lines[i]);
		if (is_count_field(name))
			cr_assert(matches("^[A-Za-z_]+: +[0-9]+$", lines[i]) && strlen(lines[i]) == 24,
				  "%s", lines[i]);
		else
			cr_assert(matches("^[A-Za-z0-9_()]+: +[0-9]+ kB$", lines[i]) &&
				  strlen(lines[i]) == 27, "%s", lines[i]);
	}
	cr_assert_eq((int)i, n, "%d lines, %u fields", n, i);
	snprintf(label, sizeof(label), "MemTotal:       %8lu kB", totalram_pages() * 4);
	cr_assert_str_eq(lines[0], label);
	free(text);
	text = report(kmm_report_meminfo);	/* whole again: split_lines cut it */
	cr_assert(strstr(text, "\nBuffers:               0 kB\n"));
	cr_assert(strstr(text, "\nHardwareCorrupted:     0 kB\n"));
	cr_assert(strstr(text, "\nHugePages_Total:       0\n"));
	cr_assert(strstr(text, "\nHugepagesize:       2048 kB\n"));
	cr_assert_null(strstr(text, "CmaTotal"), "no CMA in Debian's 6.12 amd64 kernel");
	free(text);
	kmm_halt();
}

Test(meminfo, numbers_come_from_the_allocator)
{
	char *text;
	const char *name;

	boot(256 * MiB, 1, 2);
	text = report(kmm_report_meminfo);
	cr_assert_eq(meminfo_value(text, "MemTotal"), totalram_pages() * 4);
	cr_assert_eq(meminfo_value(text, "MemFree"), nr_free_pages() * 4);
	cr_assert_eq(meminfo_value(text, "MemAvailable"),
		     (nr_free_pages() - totalreserve_pages) * 4);
	cr_assert_lt(meminfo_value(text, "MemAvailable"), meminfo_value(text, "MemFree"));
	cr_assert_eq(meminfo_value(text, "CommitLimit"), totalram_pages() / 2 * 4);
	cr_assert_eq(meminfo_value(text, "Percpu"), pcpu_nr_pages() * 4);
	cr_assert_gt(pcpu_nr_pages(), 0);
	cr_assert_eq(meminfo_value(text, "DirectMap4k"), kmm_physmem_size() >> 10);
	cr_assert_eq(meminfo_value(text, "VmallocTotal"), (VMALLOC_END - VMALLOC_START) >> 10);
	/* The kmalloc and boot caches hold unreclaimable slab pages. */
	cr_assert_gt(meminfo_value(text, "SUnreclaim"), 0);
	cr_assert_eq(meminfo_value(text, "Slab"), meminfo_value(text, "SUnreclaim") +
		     meminfo_value(text, "SReclaimable"));
	for (unsigned int i = 0; (name = meminfo_field_name(i)); i++) {
		static const char *const nonzero[] = {
			"MemTotal", "MemFree", "MemAvailable", "CommitLimit", "Percpu",
			"Hugepagesize", "DirectMap4k", "VmallocTotal", "Slab", "SUnreclaim",
		};
		bool zero = true;

		for (size_t k = 0; k < sizeof(nonzero) / sizeof(nonzero[0]); k++)
			zero &= strcmp(name, nonzero[k]) != 0;
		if (zero)
			cr_assert_eq(meminfo_value(text, name), 0, "%s", name);
	}
	free(text);
	kmm_halt();
}

Test(meminfo, memfree_follows_allocations)
{
	char *t0, *t1, *t2;
	struct page *page;

	boot(256 * MiB, 1, 2);
	t0 = report(kmm_report_meminfo);
	page = alloc_pages(GFP_KERNEL, 5);	/* above the per-CPU orders */
	cr_assert(page);
	t1 = report(kmm_report_meminfo);
	cr_assert_eq(meminfo_value(t1, "MemFree"), meminfo_value(t0, "MemFree") - 128);
	cr_assert_eq(meminfo_value(t1, "MemTotal"), meminfo_value(t0, "MemTotal"));
	__free_pages(page, 5);
	t2 = report(kmm_report_meminfo);
	cr_assert_str_eq(t2, t0);
	free(t0);
	free(t1);
	free(t2);
	kmm_halt();
}

Test(meminfo, json_agrees_with_the_text)
{
	char *text, *js;
	const char *name;
	struct json *j;
	unsigned int i;

	boot(2 * GiB, 2, 2);
	text = report(kmm_report_meminfo);
	js = report(kmm_report_meminfo_json);
	j = parse_json(js);
	for (i = 0; (name = meminfo_field_name(i)); i++) {
		cr_assert_eq(j->keys ? strcmp(j->keys[i], name) : 1, 0, "member %u", i);
		cr_assert_eq(json_ul(&j->items[i]), meminfo_value(text, name), "%s", name);
	}
	cr_assert_eq(j->n, i);
	json_free(j);
	free(js);
	free(text);
	kmm_halt();
}

/* ------------------------------------------------------------------ */
/* kmm stat, through the program                                       */
/* ------------------------------------------------------------------ */

/* struct run, run_kmm(), run_free(): helpers/run_kmm.h */

/*
 * Two runs of kmm must boot the same machine to the same free lists: one
 * CPU, so that the slabs boot allocates come from the same node whichever
 * host CPU each run starts on (with two, CPU 1 is node 1's).
 */
Test(kmm_stat, buddyinfo_text_and_json_agree)
{
	const char *text_args[] = { "stat", "buddyinfo", "--ram", "2G", "--nodes", "2", "--cpus", "1", NULL };
	const char *json_args[] = { "stat", "buddyinfo", "--json", "--ram", "2G", "--nodes", "2",
				    "--cpus", "1", NULL };
	struct run t = run_kmm(text_args), js = run_kmm(json_args);
	char *lines[MAX_LINES];
	const struct json *nodes;
	struct json *j;
	int n;

	cr_assert_eq(t.status, 0, "%s", t.err);
	cr_assert_eq(js.status, 0, "%s", js.err);
	n = split_lines(t.out, lines, MAX_LINES);
	cr_assert_eq(n, 3, "%s", t.out);
	j = parse_json(js.out);
	nodes = json_get(j, "nodes");
	cr_assert_eq(nodes->n, 2);
	for (int i = 0, ni = 0, zi = 0; i < n; i++) {
		const struct json *zones = json_get(json_at(nodes, (size_t)ni), "zones");
		const struct json *free_ = json_get(json_at(zones, (size_t)zi), "free");
		unsigned long nr[NR_PAGE_ORDERS];

		read_numbers(strchr(lines[i], ',') + 15, nr, NR_PAGE_ORDERS);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			cr_assert_eq(json_ul(json_at(free_, (size_t)o)), nr[o], "line %d order %d", i, o);
		if ((size_t)++zi == zones->n) {
			ni++;
			zi = 0;
		}
	}
	json_free(j);
	run_free(&t);
	run_free(&js);
}

Test(kmm_stat, every_report_prints_and_every_json_parses)
{
	static const char *const reports[] = { "buddyinfo", "pagetypeinfo", "zoneinfo", "meminfo" };
	static const char *const first_line[] = {
		"^Node 0, zone      DMA ", "^Page block order: 9$", "^Node 0, zone      DMA$",
		"^MemTotal: +[0-9]+ kB$",
	};

	for (size_t i = 0; i < 4; i++) {
		const char *ta[] = { "stat", reports[i], "--ram", "512M", "--cpus", "1", NULL };
		const char *ja[] = { "stat", reports[i], "--ram", "512M", "--cpus", "1", "--json", NULL };
		struct run t = run_kmm(ta), js = run_kmm(ja);
		char *nl = strchr(t.out, '\n');

		cr_assert_eq(t.status, 0, "%s: %s", reports[i], t.err);
		cr_assert_eq(js.status, 0, "%s: %s", reports[i], js.err);
		cr_assert(nl);
		*nl = '\0';
		cr_assert(matches(first_line[i], t.out), "%s: %s", reports[i], t.out);
		json_free(parse_json(js.out));
		run_free(&t);
		run_free(&js);
	}
}

Test(kmm_stat, kernel_command_line_reaches_the_machine)
{
	const char *a[] = { "stat", "meminfo", "--ram", "1G", "--cpus", "1", "--", "pf_buf_len=256M", NULL };
	const char *b[] = { "stat", "meminfo", "--ram", "1G", "--cpus", "1", NULL };
	struct run with = run_kmm(a), without = run_kmm(b);

	cr_assert_eq(with.status, 0, "%s", with.err);
	cr_assert_eq(without.status, 0, "%s", without.err);
	/* the 256 MiB boot buffer stays reserved: 262144 kB less RAM */
	cr_assert_eq(meminfo_value(without.out, "MemTotal") - meminfo_value(with.out, "MemTotal"),
		     262144);
	run_free(&with);
	run_free(&without);
}

Test(kmm_stat, bad_usage_exits_2_with_a_message)
{
	static const struct {
		const char *args[6];
		const char *message;
	} cases[] = {
		{ { "stat", NULL }, "kmm stat: which report?" },
		{ { "stat", "bogusinfo", NULL }, "kmm stat: unknown report 'bogusinfo'" },
		{ { "stat", "slab", NULL }, "kmm stat: which cache?" },
		{ { "stat", "slab", "kmalloc-64", "--json", NULL }, "has no JSON form" },
		{ { "stat", "meminfo", "--bogus", NULL }, "kmm stat: unknown option '--bogus'" },
		{ { "stat", "meminfo", "--ram", "lots", NULL }, "is not a size" },
		{ { "stat", "zoneinfo", "--nodes", "0", NULL }, "must be a number from 1 to" },
		{ { "stat", "buddyinfo", "--cpus", NULL }, "--cpus needs a value" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r = run_kmm(cases[i].args);

		cr_assert_eq(r.status, 2, "case %zu: status %d", i, r.status);
		cr_assert(strstr(r.err, cases[i].message), "case %zu: %s", i, r.err);
		cr_assert(strstr(r.err, "Try 'kmm stat --help'."), "case %zu: %s", i, r.err);
		cr_assert_str_eq(r.out, "");
		run_free(&r);
	}
}

Test(kmm_stat, help_lists_the_reports)
{
	const char *a[] = { "stat", "--help", NULL };
	const char *b[] = { "stat", "zoneinfo", "-h", NULL };
	const char *c[] = { "--help", NULL };
	struct run r1 = run_kmm(a), r2 = run_kmm(b), r3 = run_kmm(c);

	cr_assert_eq(r1.status, 0);
	cr_assert_eq(r2.status, 0);
	cr_assert(strstr(r1.out, "usage: kmm stat REPORT [--json]"));
	cr_assert(strstr(r1.out, "  pagetypeinfo "));
	cr_assert_str_eq(r1.out, r2.out);
	cr_assert(strstr(r3.out, "  stat "), "%s", r3.out);
	run_free(&r1);
	run_free(&r2);
	run_free(&r3);
}
