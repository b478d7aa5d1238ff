// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_model.c - the randomised model test of issue 3:
 * 10^6 allocations and frees in all (16 cases of 62500 operations, each
 * with its own seed and machine) of mixed orders, zones, nodes, GFP flags and API
 * functions, checked against a simple reference: the set of blocks the
 * test holds (pfn, order, how it was allocated) and a byte per pfn saying
 * whether the test owns it.
 *
 * After every allocation: the block is aligned to its order, overlaps
 * nothing held, lies in one zone that the flags allow (gfp_zone() and
 * below, ZONE_MOVABLE only for __GFP_HIGHMEM|__GFP_MOVABLE), on a node
 * they allow (__GFP_THISNODE, nodemask), has one reference, is compound
 * if asked, and is zeroed if asked. Every held page carries a tag that
 * must survive until it is freed. A failure is allowed only when the
 * zones the request may use are short of free pages or, for order > 0,
 * fragmented; an order-0 request that fails while those zones have more
 * than a quarter of their pages free is a bug.
 *
 * After EVERY step: free pages + per-CPU pages + held pages == what boot
 * left (exactly), and zone_is_valid() passes for every zone (its free
 * lists, nr_free and NR_FREE_PAGES counters, per-CPU lists, no free buddy
 * pair left unmerged). kmm_check_invariants(), which walks every struct
 * page of the machine and proves each page free exactly once, allocated,
 * reserved or a hole, runs after every step for the first 10^4 steps of
 * each case and after every 16th step later: after every one of 10^6
 * steps it would take about 4 minutes of CPU (it costs up to ~250 us on
 * these machines once many blocks are held). Sanitizer builds walk the
 * first 2000 steps and every 128th step after (the per-step checks stay).
 *
 * Seeds: each case has a fixed seed; BH_SEED=n in the environment
 * overrides it. Every assertion message names the seed and the step.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/percpu.h>

#include "helpers/buddy_harness.h"
#include "helpers/model_rng.h"

#define OPS_PER_CASE	62500	/* allocations (failed ones too) and frees */
#ifdef KMM_SANITIZED	/* ASan/TSan builds: the walks are 10x slower there */
#define FULL_CHECK_STEPS 2000
#define FULL_CHECK_EVERY 128
#else
#define FULL_CHECK_STEPS 10000
#define FULL_CHECK_EVERY 16
#endif
#define MAX_HELD	1500

/* 32 MiB below 4 GiB and 96 MiB above: two nodes of 64 MiB, Normal on both. */
static const char e820_model[] =
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
	"BIOS-e820: [mem 0x0000000000100000-0x0000000001ffffff] usable\n"
	"BIOS-e820: [mem 0x0000000100000000-0x0000000105ffffff] usable\n";

static const struct bh_machine m_model1 = { "model/1n", 0, e820_model, 1, 0 };
static const struct bh_machine m_model2 = { "model/2n", 0, e820_model, 2, 0 };
static const struct bh_machine m_model2_1cpu = { "model/2n/1cpu", 0, e820_model, 2, 1 };

/* rng, rnd(), rnd_below(), seed_used, step, massert(): helpers/model_rng.h */

/* ---- the reference ---- */

enum how {
	HOW_PAGES,	/* alloc_pages / alloc_pages_node / __alloc_pages */
	HOW_ADDR,	/* __get_free_pages / get_zeroed_page */
	HOW_EXACT,	/* alloc_pages_exact: nr pages */
};

struct held {
	unsigned long pfn;
	unsigned int order;
	unsigned int nr;	/* pages held (2^order, or fewer for EXACT) */
	size_t size;		/* EXACT: the size asked for */
	gfp_t gfp;
	enum how how;
	uint64_t tag;
};

static struct held held[MAX_HELD];
static unsigned long nr_allocs, nr_fails, nr_skips, nr_frees;
static unsigned int nr_held;
static unsigned long held_pages;
static unsigned char *owned;	/* one byte per pfn */
static unsigned long span;	/* max_pfn + 1 */
static unsigned long held_zone[MAX_NUMNODES][MAX_NR_ZONES];
static unsigned long total_managed;

static uint64_t page_tag(unsigned long pfn, uint64_t tag)
{
	return (pfn * 0x9E3779B97F4A7C15ULL) ^ tag;
}

static void tag_pages(const struct held *h)
{
	for (unsigned int i = 0; i < h->nr; i++) {
		uint64_t *p = page_address(pfn_to_page(h->pfn + i));

		p[0] = page_tag(h->pfn + i, h->tag);
		p[PAGE_SIZE / 8 - 1] = ~page_tag(h->pfn + i, h->tag);
	}
}

/* Loops test plainly and assert once: a Criterion assertion per word costs. */
static void check_tags(const struct held *h)
{
	for (unsigned int i = 0; i < h->nr; i++) {
		uint64_t *p = page_address(pfn_to_page(h->pfn + i));

		if (p[0] != page_tag(h->pfn + i, h->tag) ||
		    p[PAGE_SIZE / 8 - 1] != ~page_tag(h->pfn + i, h->tag))
			massert(false, "held pfn %#lx (block %#lx order %u) was overwritten",
				h->pfn + i, h->pfn, h->order);
	}
}

/* ---- what the flags allow ---- */

static bool zone_allowed(gfp_t gfp, int zt)
{
	int high = gfp_zone(gfp);

	if (zt == ZONE_MOVABLE)
		return high == ZONE_MOVABLE;
	return zt <= high;
}

/*
 * A nodemask binds, except for non-blocking __GFP_HIGH requests (GFP_ATOMIC)
 * once they reach the slow path: gfp_to_alloc_flags() drops ALLOC_CPUSET
 * for them, and __alloc_pages_slowpath() then resets ac->nodemask to NULL
 * ("rather than fail"). Before that reset the slow path gives up if the
 * mask's nodes have no zone the request may use at all. So a block from
 * outside the mask is allowed for them (@relaxed), but a failure counts
 * only the mask's zones. __GFP_THISNODE always binds (the NOFALLBACK
 * zonelist).
 */
static bool node_allowed(int nid, int pref, gfp_t gfp, const nodemask_t *mask, bool relaxed)
{
	bool atomic_high = (gfp & __GFP_HIGH) && !(gfp & __GFP_DIRECT_RECLAIM);

	if (mask && !node_isset(nid, mask) && !(relaxed && atomic_high))
		return false;
	if ((gfp & __GFP_THISNODE) && pref != NUMA_NO_NODE && nid != pref)
		return false;
	return true;
}

/* Free, managed and held pages of the zones a request may use. */
static void allowed_pages(gfp_t gfp, int pref, const nodemask_t *mask,
			  unsigned long *free, unsigned long *managed, unsigned long *mine)
{
	struct zone *z;
	int nid, zt;

	*free = *managed = *mine = 0;
	for_each_bh_zone(z, nid, zt) {
		if (!zone_allowed(gfp, zt) || !node_allowed(nid, pref, gfp, mask, false))
			continue;
		*free += bh_zone_free(z);
		for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
			*free += bh_pcp_count(z, cpu);
		*managed += bh_zone_managed(z);
		*mine += held_zone[nid][zt];
	}
}

/* ---- one allocation ---- */

static const gfp_t zone_classes[] = {
	GFP_KERNEL, GFP_KERNEL, GFP_KERNEL, GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_DMA32, GFP_DMA, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_MOVABLE,
};

static unsigned int pick_order(void)
{
	unsigned int r = rnd_below(100);

	if (r < 40)
		return 0;
	if (r < 70)
		return 1 + rnd_below(3);
	if (r < 92)
		return 4 + rnd_below(5);
	return 9 + rnd_below(2);
}

/* The flags: a zone/mobility class, a context, modifiers. The contexts
 * never sleep long: GFP_NOWAIT, GFP_ATOMIC, or reclaim with __GFP_NORETRY. */
static gfp_t pick_gfp(unsigned int order)
{
	gfp_t cls = zone_classes[rnd_below(sizeof(zone_classes) / sizeof(zone_classes[0]))];
	gfp_t gfp = cls & (GFP_ZONEMASK | __GFP_RECLAIMABLE | __GFP_HARDWALL);
	unsigned int ctx = rnd_below(3);

	gfp |= ctx == 0 ? GFP_NOWAIT : ctx == 1 ? GFP_ATOMIC : (GFP_KERNEL | __GFP_NORETRY);
	gfp |= __GFP_NOWARN;
	if (rnd_below(10) == 0)
		gfp |= __GFP_ZERO;
	if (order && rnd_below(4) == 0)
		gfp |= __GFP_COMP;
	return gfp;
}

/* Check a new block of @nr pages aligned to @order against the flags and
 * the reference. */
static void check_block(struct page *page, unsigned int order, unsigned int nr, gfp_t gfp,
			enum how how, int pref, const nodemask_t *mask)
{
	unsigned long pfn = page_to_pfn(page);
	int zt = page_zonenum(page), nid = page_to_nid(page);

	massert((pfn & ((1UL << order) - 1)) == 0, "pfn %#lx not aligned to order %u", pfn, order);
	massert(pfn + nr <= span, "block past max_pfn");
	for (unsigned long i = 0; i < nr; i++)
		if (owned[pfn + i])
			massert(false, "pfn %#lx is already held (order %u gfp %#x)", pfn + i,
				order, (unsigned int)gfp);
	massert(zone_allowed(gfp, zt), "gfp %#x got zone %s", (unsigned int)gfp, zone_names[zt]);
	massert(node_allowed(nid, pref, gfp, mask, true), "gfp %#x pref %d mask %#lx got node %d",
		(unsigned int)gfp, pref, mask ? mask->bits[0] : 0UL, nid);
	massert(page_zone(page + nr - 1) == page_zone(page), "block spans zones");
	massert(zone_spans_pfn(page_zone(page), pfn), "page_zone does not span pfn %#lx", pfn);
	for (unsigned int i = 0; i < (how == HOW_EXACT ? nr : 1); i++)
		massert(page_ref_count(page + i) == 1, "page %u: refcount %d", i,
			page_ref_count(page + i));
	if (how == HOW_EXACT)
		for (unsigned int i = nr; i < (1u << order); i++)
			massert(page_ref_count(page + i) == 0,
				"alloc_pages_exact kept tail page %u", i);
	if ((gfp & __GFP_COMP) && order) {
		massert(PageHead(page) && compound_order(page) == order, "not compound");
		massert(compound_head(page + nr - 1) == page, "tail without head");
	} else {
		massert(!PageCompound(page), "compound without __GFP_COMP");
	}
	if (gfp & __GFP_ZERO) {
		const uint64_t *p = page_address(page);

		for (size_t i = 0; i < (size_t)nr * PAGE_SIZE / 8; i++)
			if (p[i])
				massert(false, "__GFP_ZERO block has a nonzero word at %zu", i * 8);
	}
}

static struct page *alloc_exact(gfp_t gfp, unsigned int order, unsigned int *nr,
				size_t *size)
{
	void *p;

	*nr = order ? (1u << (order - 1)) + 1 + rnd_below(1u << (order - 1)) : 1;
	*size = (size_t)*nr * PAGE_SIZE - rnd_below(PAGE_SIZE);
	p = alloc_pages_exact(*size, gfp);
	return p ? virt_to_page(p) : NULL;
}

static void do_alloc(void)
{
	unsigned int order = pick_order(), nr = 1u << order;
	gfp_t gfp = pick_gfp(order);
	int pref = NUMA_NO_NODE;
	nodemask_t mask, *maskp = NULL;
	enum how how = HOW_PAGES;
	struct page *page = NULL;
	unsigned int api = rnd_below(10);
	unsigned long f, m, mine;
	size_t size = 0;
	struct held *h;

	if (nr_online_nodes > 1 && rnd_below(3) == 0) {
		pref = (int)rnd_below(nr_online_nodes);
		if (rnd_below(4) == 0)
			gfp |= __GFP_THISNODE;
	}
	if (api >= 5 && api <= 6 && nr_online_nodes > 1) {
		mask = nodemask_of_node((int)rnd_below(nr_online_nodes));
		maskp = &mask;
		gfp &= ~__GFP_THISNODE;
		if (pref == NUMA_NO_NODE)
			pref = 0;
	} else if (api >= 5) {
		/* __get_free_pages() and alloc_pages_exact() drop __GFP_HIGHMEM */
		gfp &= ~__GFP_HIGHMEM;
		how = api <= 8 || (gfp & __GFP_COMP) ? HOW_ADDR : HOW_EXACT;
		if (how == HOW_EXACT)
			gfp &= ~__GFP_COMP;
		/* These take no node: the local one is preferred (the thread is
		 * pinned, so it is the node of the pinned CPU). */
		pref = gfp & __GFP_THISNODE ? numa_node_id() : NUMA_NO_NODE;
	}
	/* Hold at most 40% of memory, and half of the zones this request may use. */
	allowed_pages(gfp, pref, maskp, &f, &m, &mine);
	if (held_pages + nr > total_managed * 2 / 5 || mine + nr > m / 2) {
		nr_skips++;
		return;
	}

	if (maskp) {
		page = __alloc_pages(gfp, order, pref, maskp);
	} else if (how == HOW_PAGES) {
		page = pref == NUMA_NO_NODE ? alloc_pages(gfp, order)
					    : alloc_pages_node(pref, gfp, order);
	} else if (how == HOW_ADDR) {
		unsigned long addr = order == 0 && (gfp & __GFP_ZERO) ? get_zeroed_page(gfp)
								     : __get_free_pages(gfp, order);

		page = addr ? virt_to_page((void *)addr) : NULL;
	} else {
		page = alloc_exact(gfp, order, &nr, &size);
	}
	if (!page) {
		nr_fails++;
		allowed_pages(gfp, pref, maskp, &f, &m, &mine);
		massert(order > 0 || f * 4 <= m,
			"order-0 gfp %#x pref %d failed with %lu of %lu pages free",
			(unsigned int)gfp, pref, f, m);
		return;
	}
	check_block(page, order, nr, gfp, how, pref, maskp);
	nr_allocs++;
	h = &held[nr_held++];
	*h = (struct held){ page_to_pfn(page), order, nr, size, gfp, how, rnd() };
	for (unsigned int i = 0; i < nr; i++)
		owned[h->pfn + i] = 1;
	held_pages += nr;
	held_zone[page_to_nid(page)][page_zonenum(page)] += nr;
	tag_pages(h);
}

/* ---- one free ---- */

/* split_page(), then free the pages one by one in a random order. */
static void free_split(struct page *page, unsigned int order)
{
	static unsigned int left[1u << MAX_PAGE_ORDER];
	unsigned int n = 1u << order;

	split_page(page, order);
	for (unsigned int j = 0; j < n; j++)
		left[j] = j;
	while (n) {
		unsigned int k = rnd_below(n);

		__free_page(page + left[k]);
		left[k] = left[--n];
	}
}

static void do_free(void)
{
	unsigned int i = rnd_below(nr_held);
	struct held h = held[i];
	struct page *page = pfn_to_page(h.pfn);
	void *addr = page_address(page);
	unsigned int way = rnd_below(4);

	check_tags(&h);
	nr_frees++;
	held[i] = held[--nr_held];
	for (unsigned int k = 0; k < h.nr; k++)
		owned[h.pfn + k] = 0;
	held_pages -= h.nr;
	held_zone[page_to_nid(page)][page_zonenum(page)] -= h.nr;
	if (h.how == HOW_EXACT) {
		free_pages_exact(addr, h.size);
		return;
	}
	if ((h.gfp & __GFP_COMP) && h.order) {
		if (way < 2)
			put_page(page);
		else if (way == 2)
			__free_pages(page, h.order);
		else
			free_pages((unsigned long)addr, h.order);
		return;
	}
	switch (way) {
	case 0:
		__free_pages(page, h.order);
		break;
	case 1:
		free_pages((unsigned long)addr, h.order);
		break;
	case 2:
		if (h.order) {
			free_split(page, h.order);
			break;
		}
		get_page(page);
		put_page(page);
		put_page(page);
		break;
	default:
		if (h.order == 0)
			put_page(page);
		else
			__free_pages(page, h.order);
	}
}

/* ---- the run ---- */

static bool zones_valid(void)
{
	struct zone *z;
	int nid, zt;

	for_each_bh_zone(z, nid, zt)
		if (!zone_is_valid(z))
			return false;
	return true;
}

static void run_model(const struct bh_machine *m, const char *cmdline, unsigned long seed)
{
	const char *env = getenv("BH_SEED");
	struct zone *z;
	int nid, zt;

	seed_used = env ? strtoul(env, NULL, 0) : seed;
	rng = seed_used * 0x9E3779B97F4A7C15ULL + 1;
	bh_boot(m, cmdline);
	span = max_pfn + 1;
	owned = calloc(span, 1);
	cr_assert_not_null(owned);
	total_managed = 0;
	for_each_bh_zone(z, nid, zt)
		total_managed += bh_zone_managed(z);
	nr_held = 0;
	held_pages = 0;
	memset(held_zone, 0, sizeof(held_zone));
	nr_allocs = nr_fails = nr_skips = nr_frees = 0;
	for (step = 0; nr_allocs + nr_fails + nr_frees < OPS_PER_CASE; step++) {
		unsigned int r = rnd_below(1000);

		if (step % 4096 == 0)
			bh_pin_cpu((int)((step / 4096) % BH_CPUS));
		if (r < 3)
			drain_all_pages(NULL);
		else if (nr_held && (nr_held == MAX_HELD || r >= 520))
			do_free();
		else
			do_alloc();
		massert(bh_free_total() + held_pages == bh_start_free,
			"free %lu + held %lu != %lu at boot", bh_free_total(), held_pages,
			bh_start_free);
		massert(zones_valid(), "zone_is_valid() failed; log:\n%s", bh_log());
		if (step < FULL_CHECK_STEPS || step % FULL_CHECK_EVERY == 0)
			massert(kmm_check_invariants(), "kmm_check_invariants() failed; log:\n%s",
				bh_log());
	}
	while (nr_held)
		do_free();
	drain_all_pages(NULL);
	massert(bh_valid(), "validators failed at the end");
	massert(nr_free_pages() == bh_start_free, "after freeing all: %lu free, %lu at boot",
		nr_free_pages(), bh_start_free);
	if (getenv("BH_VERBOSE"))
		fprintf(stderr, "%s seed %lu: %lu allocations, %lu failed, %lu skipped (budget), "
			"%lu frees\n", m->name, seed_used, nr_allocs, nr_fails, nr_skips, nr_frees);
	free(owned);
	bh_halt();
}

Test(page_alloc_model, one_node_seed_1, .timeout = 120)
{
	run_model(&m_model1, NULL, 1);
}

Test(page_alloc_model, one_node_seed_2, .timeout = 120)
{
	run_model(&m_model1, NULL, 2);
}

Test(page_alloc_model, one_node_movablecore_seed_3, .timeout = 120)
{
	run_model(&m_model1, "movablecore=24M", 3);
}

Test(page_alloc_model, one_node_movablecore_seed_4, .timeout = 120)
{
	run_model(&m_model1, "movablecore=24M", 4);
}

Test(page_alloc_model, two_nodes_seed_5, .timeout = 120)
{
	run_model(&m_model2, NULL, 5);
}

Test(page_alloc_model, two_nodes_seed_6, .timeout = 120)
{
	run_model(&m_model2, NULL, 6);
}

Test(page_alloc_model, two_nodes_movablecore_seed_7, .timeout = 120)
{
	run_model(&m_model2, "movablecore=32M", 7);
}

Test(page_alloc_model, two_nodes_movablecore_seed_8, .timeout = 120)
{
	run_model(&m_model2, "movablecore=32M", 8);
}

Test(page_alloc_model, two_nodes_kernelcore_seed_9, .timeout = 120)
{
	run_model(&m_model2, "kernelcore=80M", 9);
}

Test(page_alloc_model, two_nodes_kernelcore_seed_10, .timeout = 120)
{
	run_model(&m_model2, "kernelcore=80M", 10);
}

Test(page_alloc_model, default_map_256m_two_nodes_seed_11, .timeout = 120)
{
	run_model(&bh_m256_2n, NULL, 11);
}

Test(page_alloc_model, default_map_256m_two_nodes_seed_12, .timeout = 120)
{
	run_model(&bh_m256_2n, NULL, 12);
}

Test(page_alloc_model, default_map_256m_seed_13, .timeout = 120)
{
	run_model(&bh_m256, NULL, 13);
}

Test(page_alloc_model, default_map_256m_seed_14, .timeout = 120)
{
	run_model(&bh_m256, NULL, 14);
}

Test(page_alloc_model, two_nodes_one_cpu_seed_15, .timeout = 120)
{
	run_model(&m_model2_1cpu, NULL, 15);
}

Test(page_alloc_model, two_nodes_one_cpu_seed_16, .timeout = 120)
{
	run_model(&m_model2_1cpu, NULL, 16);
}
