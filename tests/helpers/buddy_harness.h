/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/buddy_harness.h - booting small machines for the page
 * allocator suites, and looking inside the allocator.
 *
 * 1. Machines. Each suite boots one of the machines below (bh_boot()),
 *    small enough that a test may exhaust a zone in milliseconds:
 *
 *      bh_m256     the default PC-like map with 256 MiB: DMA and DMA32
 *                  (no Normal zone: all RAM lies below 4 GiB), 1 node
 *      bh_m256_2n  the same in 2 nodes (numa=fake=2)
 *      bh_m3z      128 MiB below 4 GiB (DMA 16 MiB, DMA32 112 MiB) and
 *                  128 MiB at 4 GiB (Normal), 1 node:
 *
 *                  0     16M          128M       4G         4G+128M
 *                  |-DMA-|----DMA32----|...hole...|--Normal--|
 *
 *      bh_m3z_2n   the same in 2 nodes: node 0 holds DMA and DMA32,
 *                  node 1 holds Normal
 *      bh_mnuma    64 MiB below 4 GiB and 448 MiB at 4 GiB, 2 nodes of
 *                  256 MiB: node 0 has DMA, DMA32 and 192 MiB of Normal,
 *                  node 1 has 256 MiB of Normal
 *
 *    A machine has BH_CPUS virtual CPUs unless it says otherwise.
 *
 * 2. Free pages. Linux counts a page on a per-CPU list as allocated
 *    (NR_FREE_PAGES drops when rmqueue_bulk() fills the list). The harness
 *    calls "free total" the sum nr_free_pages() + every per-CPU count:
 *    that sum moves only by what callers allocate and free, so tests can
 *    assert it exactly. bh_boot() records it as bh_start_free.
 *
 * 3. Validators. bh_check() asserts zone_is_valid() for every zone and
 *    kmm_check_invariants(); suites call it after every step.
 *
 * 4. Internals. Everything a suite reads from struct zone, the per-CPU
 *    lists and the pageblock bitmap goes through the functions here, so
 *    the suites name behaviour, not fields.
 *
 * 5. The console is silenced; reports are read back with bh_log*(). Set
 *    BH_VERBOSE=1 in the environment to see the console.
 */
#ifndef TESTS_HELPERS_BUDDY_HARNESS_H
#define TESTS_HELPERS_BUDDY_HARNESS_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stddef.h>

#include <kmm/kmm.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include <kmm/mmzone.h>

#define BH_CPUS 2

struct bh_machine {
	const char *name;
	unsigned long long ram_bytes;	/* default PC map of this size ... */
	const char *e820;		/* ... or these BIOS-e820 lines */
	int nr_nodes;
	int nr_cpus;			/* 0: BH_CPUS */
};

extern const struct bh_machine bh_m256, bh_m256_2n, bh_m3z, bh_m3z_2n, bh_mnuma;

/* Boot @m with @cmdline (may be NULL); assert it booted and is valid. */
void bh_boot(const struct bh_machine *m, const char *cmdline);
/* As bh_boot() with an explicit CPU count. */
void bh_boot_cpus(const struct bh_machine *m, int nr_cpus, const char *cmdline);
/* Boot the default map with @ram_bytes and @nr_nodes. */
void bh_boot_ram(unsigned long long ram_bytes, int nr_nodes, const char *cmdline);
void bh_halt(void);

/* The free total at boot (see 2). */
extern unsigned long bh_start_free;

/* ---- zones ---- */
struct zone *bh_zone(int nid, enum zone_type zt);
#define for_each_bh_zone(z, nid, zt)					\
	for ((nid) = 0; (nid) < nr_online_nodes; (nid)++)		\
		for ((zt) = 0; (zt) < MAX_NR_ZONES; (zt)++)		\
			if (((z) = bh_zone(nid, zt)) != NULL)
unsigned long bh_zone_free(struct zone *z);	/* NR_FREE_PAGES */
unsigned long bh_zone_managed(struct zone *z);
unsigned long bh_zone_start_pfn(struct zone *z);
unsigned long bh_zone_end_pfn(struct zone *z);
/* Free pages on @z's free lists of @order and @mt, counted by walking them. */
unsigned long bh_free_list_blocks(struct zone *z, int order, int mt);
/* Free pages of @mt in @z (all orders), counted by walking the lists. */
unsigned long bh_free_pages_mt(struct zone *z, int mt);
/* Pageblocks of @z whose migratetype is @mt. */
unsigned long bh_pageblocks(struct zone *z, int mt);
int bh_pageblock_mt(struct page *page);

/* ---- per-CPU lists ---- */
int bh_pcp_count(struct zone *z, int cpu);
int bh_pcp_high(struct zone *z, int cpu);
int bh_pcp_batch(struct zone *z, int cpu);
/* Pages of @order on @cpu's list of @z (all migratetypes). */
int bh_pcp_list_pages(struct zone *z, int cpu, int order);
/* Sum of every per-CPU count of every zone. */
unsigned long bh_pcp_total(void);
/* Pin the calling thread to host CPU @cpu, which the machine calls CPU
 * @cpu (machines have BH_CPUS CPUs); skips the test on a one-CPU host. */
void bh_pin_cpu(int cpu);

/* ---- counts ---- */
unsigned long bh_free_total(void);	/* nr_free_pages() + bh_pcp_total() */

/* ---- validators ---- */
void bh_check(void);
/* Whether every validator passes (for callers that report themselves). */
bool bh_valid(void);

/* ---- holding many blocks ---- */
struct bh_block {
	struct page *page;
	unsigned int order;
};
struct bh_hold {
	struct bh_block *b;
	size_t nr, cap;
};
void bh_hold_add(struct bh_hold *h, struct page *page, unsigned int order);
/* Allocate blocks of @order with @gfp until one fails or @max are held;
 * Return: how many were allocated. */
size_t bh_fill(struct bh_hold *h, gfp_t gfp, unsigned int order, size_t max);
/* Free every held block with __free_pages(). */
void bh_release(struct bh_hold *h);
/* Pages held. */
unsigned long bh_held_pages(const struct bh_hold *h);

/* ---- the log ---- */
/* kmm_dmesg() without time stamps. */
const char *bh_log(void);
bool bh_log_has(const char *needle);
int bh_log_count(const char *needle);
/* The lines of the log (time stamps removed) into @lines; Return: count. */
int bh_log_lines(char lines[][256], int max);
/* The first line of the log that starts with @prefix (a static copy), or
 * "" if none. */
const char *bh_log_line(const char *prefix);
/* Index of the first line in @lines[from..n) starting with @prefix, or -1. */
int bh_line_find(char lines[][256], int n, int from, const char *prefix);
/* Does @s match the POSIX extended regular expression @re (anchored)? */
bool bh_matches(const char *s, const char *re);

/* Is @page inside a free block of the buddy lists (Linux's
 * is_free_buddy_page(): a PageBuddy head at its order or above covers it)? */
bool bh_is_free_buddy_page(struct page *page);

/* ---- memory ---- */
void bh_fill_bytes(struct page *page, unsigned int order, unsigned char byte);
bool bh_bytes_are(struct page *page, unsigned int order, unsigned char byte);

#define bh_assert_valid() bh_check()

#endif /* TESTS_HELPERS_BUDDY_HARNESS_H */
