// SPDX-License-Identifier: MIT
/* tests/helpers/buddy_harness.c - see buddy_harness.h. */
#define _GNU_SOURCE
#include <regex.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buddy_harness.h"
#include "dmesg_lines.h"
#include "mm/internal.h"

/* 128 MiB below 4 GiB and 128 MiB at 4 GiB. */
static const char e820_m3z[] =
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
	"BIOS-e820: [mem 0x0000000000100000-0x0000000007ffffff] usable\n"
	"BIOS-e820: [mem 0x0000000100000000-0x0000000107ffffff] usable\n";

/* 64 MiB below 4 GiB and 448 MiB at 4 GiB: numa=fake=2 cuts at 4G+192M. */
static const char e820_mnuma[] =
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
	"BIOS-e820: [mem 0x0000000000100000-0x0000000003ffffff] usable\n"
	"BIOS-e820: [mem 0x0000000100000000-0x000000011bffffff] usable\n";

const struct bh_machine bh_m256 = { "256M", 256ULL << 20, NULL, 1, 0 };
const struct bh_machine bh_m256_2n = { "256M/2n", 256ULL << 20, NULL, 2, 0 };
const struct bh_machine bh_m3z = { "3zones", 0, e820_m3z, 1, 0 };
const struct bh_machine bh_m3z_2n = { "3zones/2n", 0, e820_m3z, 2, 0 };
const struct bh_machine bh_mnuma = { "numa", 0, e820_mnuma, 2, 0 };

unsigned long bh_start_free;

static void quiet_console(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

void bh_boot_cpus(const struct bh_machine *m, int nr_cpus, const char *cmdline)
{
	struct kmm_config cfg = {
		.ram_bytes = m->ram_bytes,
		.e820 = m->e820,
		.nr_nodes = m->nr_nodes,
		.nr_cpus = nr_cpus,
		.e820_name = m->name,
	};
	int err;

	if (!getenv("BH_VERBOSE"))
		kmm_set_console(quiet_console);
	err = kmm_boot(&cfg, cmdline);
	cr_assert(err == 0, "boot of %s with \"%s\" failed (%d):\n%s", m->name,
		  cmdline ? cmdline : "", err, kmm_dmesg());
	bh_check();
	bh_start_free = bh_free_total();
}

void bh_boot(const struct bh_machine *m, const char *cmdline)
{
	bh_boot_cpus(m, m->nr_cpus ? m->nr_cpus : BH_CPUS, cmdline);
}

void bh_boot_ram(unsigned long long ram_bytes, int nr_nodes, const char *cmdline)
{
	struct bh_machine m = { "ram", ram_bytes, NULL, nr_nodes, 0 };

	bh_boot(&m, cmdline);
}

void bh_halt(void)
{
	kmm_halt();
}

/* ---- zones ---- */

struct zone *bh_zone(int nid, enum zone_type zt)
{
	struct zone *z;

	if (nid < 0 || nid >= nr_online_nodes || !NODE_DATA(nid))
		return NULL;
	z = &NODE_DATA(nid)->node_zones[zt];
	return populated_zone(z) ? z : NULL;
}

unsigned long bh_zone_free(struct zone *z)
{
	return zone_page_state(z, NR_FREE_PAGES);
}

unsigned long bh_zone_managed(struct zone *z)
{
	return zone_managed_pages(z);
}

unsigned long bh_zone_start_pfn(struct zone *z)
{
	return z->zone_start_pfn;
}

unsigned long bh_zone_end_pfn(struct zone *z)
{
	return zone_end_pfn(z);
}

unsigned long bh_free_list_blocks(struct zone *z, int order, int mt)
{
	struct list_head *pos;
	unsigned long n = 0;
	unsigned long flags;

	spin_lock_irqsave(&z->lock, flags);
	list_for_each(pos, &z->free_area[order].free_list[mt])
		n++;
	spin_unlock_irqrestore(&z->lock, flags);
	return n;
}

unsigned long bh_free_pages_mt(struct zone *z, int mt)
{
	unsigned long n = 0;

	for (int o = 0; o < MAX_ORDER; o++)
		n += bh_free_list_blocks(z, o, mt) << o;
	return n;
}

int bh_pageblock_mt(struct page *page)
{
	return get_pageblock_migratetype(page);
}

unsigned long bh_pageblocks(struct zone *z, int mt)
{
	unsigned long pfn, n = 0;

	for (pfn = ALIGN(bh_zone_start_pfn(z), pageblock_nr_pages);
	     pfn < bh_zone_end_pfn(z); pfn += pageblock_nr_pages)
		if (pfn_valid(pfn) && get_pageblock_migratetype(pfn_to_page(pfn)) == mt)
			n++;
	return n;
}

/* ---- per-CPU lists ---- */

static struct per_cpu_pages *bh_pcp(struct zone *z, int cpu)
{
	return per_cpu_ptr(z->per_cpu_pageset, cpu);
}

int bh_pcp_count(struct zone *z, int cpu)
{
	return READ_ONCE(bh_pcp(z, cpu)->count);
}

int bh_pcp_high(struct zone *z, int cpu)
{
	return READ_ONCE(bh_pcp(z, cpu)->high);
}

int bh_pcp_batch(struct zone *z, int cpu)
{
	return READ_ONCE(bh_pcp(z, cpu)->batch);
}

int bh_pcp_list_pages(struct zone *z, int cpu, int order)
{
	struct per_cpu_pages *pcp = bh_pcp(z, cpu);
	int n = 0;

	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
		struct list_head *pos;

		list_for_each(pos, &pcp->lists[MIGRATE_PCPTYPES * order + mt])
			n++;
	}
	return n << order;
}

unsigned long bh_pcp_total(void)
{
	unsigned long n = 0;
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt)
		for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
			n += bh_pcp_count(z, cpu);
	return n;
}

void bh_pin_cpu(int cpu)
{
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) <= cpu)
		cr_skip_test("the host has no CPU %d", cpu);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	cr_assert(sched_setaffinity(0, sizeof(set), &set) == 0, "cannot pin to CPU %d", cpu);
	cr_assert(smp_processor_id() == cpu % nr_cpu_ids,
		  "pinned to host CPU %d, but smp_processor_id() is %d", cpu,
		  smp_processor_id());
}

/* ---- counts and validators ---- */

unsigned long bh_free_total(void)
{
	return nr_free_pages() + bh_pcp_total();
}

bool bh_valid(void)
{
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt)
		if (!zone_is_valid(z))
			return false;
	return kmm_check_invariants();
}

void bh_check(void)
{
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt)
		cr_assert(zone_is_valid(z), "zone_is_valid(node %d %s) is false; log:\n%s",
			  nid, zone_names[zt], bh_log());
	cr_assert(kmm_check_invariants(), "kmm_check_invariants() failed; log:\n%s",
		  bh_log());
}

/* ---- holding blocks ---- */

void bh_hold_add(struct bh_hold *h, struct page *page, unsigned int order)
{
	if (h->nr == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 256;
		h->b = realloc(h->b, h->cap * sizeof(*h->b));
		cr_assert(h->b);
	}
	h->b[h->nr++] = (struct bh_block){ page, order };
}

size_t bh_fill(struct bh_hold *h, gfp_t gfp, unsigned int order, size_t max)
{
	size_t n = 0;

	while (n < max) {
		struct page *page = alloc_pages(gfp | __GFP_NOWARN, order);

		if (!page)
			break;
		bh_hold_add(h, page, order);
		n++;
	}
	return n;
}

void bh_release(struct bh_hold *h)
{
	while (h->nr) {
		struct bh_block *b = &h->b[--h->nr];

		__free_pages(b->page, b->order);
	}
	free(h->b);
	h->b = NULL;
	h->cap = 0;
}

unsigned long bh_held_pages(const struct bh_hold *h)
{
	unsigned long n = 0;

	for (size_t i = 0; i < h->nr; i++)
		n += 1UL << h->b[i].order;
	return n;
}

/* ---- the log ---- */

static char log_copy[1 << 20];

const char *bh_log(void)
{
	const char *src = kmm_dmesg();
	const char *p;
	size_t len = 0;

	for (p = src; *p && len + 2 < sizeof(log_copy);) {
		const char *t = dmesg_strip(p);
		const char *nl = strchr(t, '\n');
		size_t n = nl ? (size_t)(nl - t) : strlen(t);

		if (len + n + 2 >= sizeof(log_copy))
			break;
		memcpy(log_copy + len, t, n);
		len += n;
		log_copy[len++] = '\n';
		if (!nl)
			break;
		p = nl + 1;
	}
	log_copy[len] = '\0';
	return log_copy;
}

bool bh_log_has(const char *needle)
{
	return strstr(bh_log(), needle) != NULL;
}

int bh_log_count(const char *needle)
{
	const char *p = bh_log();
	int n = 0;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

int bh_log_lines(char lines[][256], int max)
{
	const char *p = bh_log();
	int n = 0;

	while (*p && n < max) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 255)
			len = 255;
		memcpy(lines[n], p, len);
		lines[n][len] = '\0';
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

const char *bh_log_line(const char *prefix)
{
	static char line[512];
	const char *p = bh_log();

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (!strncmp(p, prefix, strlen(prefix))) {
			if (len >= sizeof(line))
				len = sizeof(line) - 1;
			memcpy(line, p, len);
			line[len] = '\0';
			return line;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return "";
}

int bh_line_find(char lines[][256], int n, int from, const char *prefix)
{
	for (int i = from; i < n; i++)
		if (!strncmp(lines[i], prefix, strlen(prefix)))
			return i;
	return -1;
}

bool bh_matches(const char *s, const char *re)
{
	regex_t rx;
	char anchored[512];
	bool ok;

	snprintf(anchored, sizeof(anchored), "^(%s)$", re);
	cr_assert(regcomp(&rx, anchored, REG_EXTENDED | REG_NOSUB) == 0, "bad regex %s", re);
	ok = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

bool bh_is_free_buddy_page(struct page *page)
{
	struct zone *zone = page_zone(page);
	unsigned long pfn = page_to_pfn(page), flags;
	bool found = false;

	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct page *head = page - (pfn & ((1UL << order) - 1));

		if (PageBuddy(head) && buddy_order(head) >= order) {
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return found;
}

/* ---- memory ---- */

void bh_fill_bytes(struct page *page, unsigned int order, unsigned char byte)
{
	memset(page_address(page), byte, PAGE_SIZE << order);
}

bool bh_bytes_are(struct page *page, unsigned int order, unsigned char byte)
{
	const unsigned char *p = page_address(page);

	for (size_t i = 0; i < (PAGE_SIZE << order); i++)
		if (p[i] != byte)
			return false;
	return true;
}
