// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_stress.c - two threads against the page allocator.
 *
 * Both threads allocate and free blocks of mixed orders (mostly the
 * per-CPU orders 0..3, some up to 10), write a pattern into every page
 * they hold and check it before freeing, and hand blocks to each other
 * through a mailbox, so that many pages are freed on another thread (and
 * often another CPU) than the one that allocated them. Some blocks travel
 * with an extra reference, and both threads drop theirs concurrently: the
 * last put_page() frees. One thread now and then drains every per-CPU
 * list while the other allocates. At the end every block is freed, the
 * validators pass and the free page count is what boot left.
 *
 * `make tsan` builds this file under ThreadSanitizer with the Criterion
 * stand-in of tests/shim (Test() and cr_assert* only), so it uses no
 * harness: the few helpers it needs are below.
 *
 * What TSan must not see, and what Linux 6.12 does about it:
 *  - __zone_watermark_ok() reads free_area[o].nr_free and, through
 *    free_area_empty()/list_empty(), the free-list heads without
 *    zone->lock while other CPUs change them under it. Linux's list_empty()
 *    reads head->next with READ_ONCE() and __list_add()/__list_del() write
 *    with WRITE_ONCE() (include/linux/list.h) for exactly such lockless
 *    peeks; in C11 every side of such a race must be an atomic access.
 *  - __free_one_page() -> buddy_merge_likely() -> page_is_buddy() reads
 *    page_zone_id() of a neighbouring page that another thread owns and
 *    whose flags it is changing (prep_new_page(), free_pages_prepare()).
 *    Linux's page flags are updated with atomic bitops or by the sole
 *    owner, and its readers tolerate the race; here the reads and the
 *    non-atomic owner writes of page->flags must not race.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include <kmm/mmzone.h>
#include <kmm/percpu.h>
#include "helpers/mailbox.h"

#ifdef __SANITIZE_THREAD__
#define OPS_PER_THREAD	60000
#else
#define OPS_PER_THREAD	400000
#endif
#define HOLD_MAX	256
#define MAILBOX		512

/* ---- what a test needs from the machine ---- */

static void quiet(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

static unsigned long pcp_total(void)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z = &NODE_DATA(nid)->node_zones[zt];

			if (!populated_zone(z))
				continue;
			for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
				n += per_cpu_ptr(z->per_cpu_pageset, cpu)->count;
		}
	return n;
}

static bool all_valid(void)
{
	int nid;

	for_each_online_node(nid)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z = &NODE_DATA(nid)->node_zones[zt];

			if (populated_zone(z) && !zone_is_valid(z))
				return false;
		}
	return kmm_check_invariants();
}

/* ---- blocks, patterns and the mailbox ---- */

struct block {
	struct page *page;
	unsigned int order;
	uint64_t tag;
	bool shared;	/* travels with an extra reference */
};

static uint64_t word(const struct block *b, unsigned long i)
{
	return (b->tag << 16) ^ (page_to_pfn(b->page) + i) * 0x9E3779B97F4A7C15ULL;
}

static void write_pattern(const struct block *b)
{
	for (unsigned long i = 0; i < (1UL << b->order); i++) {
		uint64_t *p = page_address(b->page + i);

		p[0] = word(b, i);
		p[PAGE_SIZE / 8 - 1] = ~word(b, i);
	}
}

static void check_pattern(const struct block *b)
{
	for (unsigned long i = 0; i < (1UL << b->order); i++) {
		const uint64_t *p = page_address(b->page + i);

		cr_assert(p[0] == word(b, i) && p[PAGE_SIZE / 8 - 1] == ~word(b, i),
			  "pfn %#lx of a held order-%u block was overwritten",
			  page_to_pfn(b->page) + i, b->order);
	}
}

static struct block box_slots[2][MAILBOX];
static struct mailbox box[2] = { MAILBOX_INIT(box_slots[0]), MAILBOX_INIT(box_slots[1]) };

/* Drop one holder's claim on @b: the shared ones by put_page(). */
static void release(const struct block *b, unsigned int how)
{
	if (b->shared || (b->order == 0 && how == 0)) {
		put_page(b->page);
		return;
	}
	if (how == 1)
		free_pages((unsigned long)page_address(b->page), b->order);
	else
		__free_pages(b->page, b->order);
}

/* ---- the threads ---- */

struct worker {
	int id;
	uint64_t rng;
	unsigned long allocs, failures, sent, received;
	struct block hold[HOLD_MAX];
	unsigned int nr;
};

static atomic_int running;

static uint64_t rnd(struct worker *w)
{
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545F4914F6CDD1DULL;
}

static unsigned int pick_order(struct worker *w)
{
	unsigned int r = rnd(w) % 100;

	return r < 50 ? 0 : r < 85 ? 1 + r % 3 : r < 98 ? 4 + r % 5 : 9 + r % 2;
}

static void alloc_one(struct worker *w)
{
	static const gfp_t gfps[] = {
		GFP_KERNEL | __GFP_NORETRY, GFP_ATOMIC, GFP_NOWAIT,
		GFP_HIGHUSER_MOVABLE | __GFP_NORETRY, GFP_KERNEL | __GFP_RECLAIMABLE | __GFP_NORETRY,
		GFP_DMA32 | GFP_ATOMIC, GFP_KERNEL | __GFP_COMP | __GFP_NORETRY,
	};
	gfp_t gfp = gfps[rnd(w) % (sizeof(gfps) / sizeof(gfps[0]))] | __GFP_NOWARN;
	struct block b = { .order = pick_order(w), .tag = rnd(w) };

	b.page = alloc_pages(gfp, b.order);
	if (!b.page) {
		w->failures++;
		return;
	}
	w->allocs++;
	cr_assert_eq(page_ref_count(b.page), 1);
	cr_assert_eq(page_to_pfn(b.page) & ((1UL << b.order) - 1), 0);
	write_pattern(&b);
	w->hold[w->nr++] = b;
}

static void free_one(struct worker *w)
{
	unsigned int i = (unsigned int)(rnd(w) % w->nr);
	struct block b = w->hold[i];

	w->hold[i] = w->hold[--w->nr];
	check_pattern(&b);
	release(&b, (unsigned int)(rnd(w) % 3));
}

/* Hand a block to the other thread; now and then keep a reference too. */
static void send_one(struct worker *w)
{
	unsigned int i = (unsigned int)(rnd(w) % w->nr);
	struct block b = w->hold[i];
	/* put_page() frees a whole block only if it is order 0 or compound */
	bool share = rnd(w) % 4 == 0 && !b.shared && (b.order == 0 || PageHead(b.page));

	check_pattern(&b);
	if (share) {
		get_page(b.page);
		b.shared = true;
	}
	if (!mailbox_post(&box[1 - w->id], &b)) {
		if (share)
			put_page(b.page);
		return;
	}
	w->hold[i] = w->hold[--w->nr];
	w->sent++;
	if (share)
		put_page(b.page);	/* races with the receiver's put */
}

static void receive_one(struct worker *w)
{
	struct block b;

	if (!mailbox_fetch(&box[w->id], &b))
		return;
	w->received++;
	check_pattern(&b);
	release(&b, (unsigned int)(rnd(w) % 3));
}

static void *work(void *arg)
{
	struct worker *w = arg;

	atomic_fetch_add(&running, 1);
	while (atomic_load(&running) < 2)
		;
	for (unsigned long op = 0; op < OPS_PER_THREAD; op++) {
		unsigned int r = (unsigned int)(rnd(w) % 100);

		if (r < 40 && w->nr < HOLD_MAX)
			alloc_one(w);
		else if (r < 70 && w->nr)
			free_one(w);
		else if (r < 85 && w->nr)
			send_one(w);
		else if (r < 99)
			receive_one(w);
		else if (w->id == 0 && op % 512 == 0)
			drain_all_pages(NULL);
	}
	while (w->nr)
		free_one(w);
	return NULL;
}

static void run_two_threads(const struct kmm_config *cfg)
{
	static struct worker w[2];
	pthread_t t[2];
	unsigned long start;
	struct block b;

	kmm_set_console(quiet);
	cr_assert_eq(kmm_boot(cfg, NULL), 0, "%s", kmm_dmesg());
	start = nr_free_pages() + pcp_total();
	atomic_store(&running, 0);
	for (int i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].rng = 0x1234567ULL * (i + 1) + 99;
		cr_assert_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 2; i++)
		while (mailbox_fetch(&box[i], &b)) {
			check_pattern(&b);
			release(&b, 2);
		}
	for (int i = 0; i < 2; i++) {
		cr_assert_gt(w[i].allocs, OPS_PER_THREAD / 10, "thread %d allocated little", i);
		cr_assert_gt(w[i].sent, 0);
		cr_assert_gt(w[i].received, 0);
	}
	cr_assert(all_valid(), "validators failed after the run");
	cr_assert_eq(nr_free_pages() + pcp_total(), start, "pages leaked or freed twice");
	drain_all_pages(NULL);
	cr_assert_eq(pcp_total(), 0UL);
	cr_assert_eq(nr_free_pages(), start);
	cr_assert(all_valid());
	kmm_halt();
}

Test(page_alloc_stress, two_threads_trade_pages_on_one_node)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 2 };

	run_two_threads(&cfg);
}

Test(page_alloc_stress, two_threads_trade_pages_across_two_nodes)
{
	struct kmm_config cfg = { .ram_bytes = 512ULL << 20, .nr_nodes = 2, .nr_cpus = 2 };

	run_two_threads(&cfg);
}

/* Both threads on one virtual CPU: per-CPU lists shared by two tasks. */
Test(page_alloc_stress, two_threads_share_one_cpu)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 1 };

	run_two_threads(&cfg);
}
