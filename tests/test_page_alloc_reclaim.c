// SPDX-License-Identifier: MIT
/*
 * tests/test_page_alloc_reclaim.c - the page allocator's slow path with
 * reclaim: shrinkers, kswapd, direct reclaim, the retry rules of each GFP
 * flag, __GFP_NOFAIL's wait for frees, and the atomic-context report.
 *
 * The machine: 256 MiB, the default PC map (DMA 16 MiB + DMA32), 2 CPUs.
 * A "pool" is a cache of pages behind a shrinker: it holds pages it
 * allocated while memory was plentiful and frees them when scanned,
 * reporting each with mm_account_reclaimed_pages() as Linux's slab does.
 *
 *   free pages of DMA32
 *   |##############.............................|  boot
 *   |pool|#########.............................|  the pool takes its pages
 *   |pool|fill fill fill fill fill fill fill fil|  the rest is exhausted
 *   |poo.|fill fill fill ... |+1|                  reclaim: the pool shrinks,
 *                                                  the allocation succeeds
 *
 * Tests that look at direct reclaim alone stop kswapd first (kswapd_stop(),
 * as memory hot-remove would), so that no other thread shrinks the pool.
 * Waits on other threads are bounded (WAIT_MS) and polled.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <kmm/kmm.h>
#include <kmm/gfp.h>
#include <kmm/kthread.h>
#include <kmm/mm.h>
#include <kmm/shrinker.h>
#include <kmm/swap.h>
#include <kmm/task.h>
#include <kmm/vm_event_item.h>
#include "mm/internal.h"

#define MiB		(1ULL << 20)
#define WAIT_MS		5000.0
#define MAX_HELD	(1 << 18)	/* pages one test may hold: 1 GiB */

/* ---- time, tasks ---- */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int gettid_(void)
{
	return (int)syscall(SYS_gettid);
}

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* How many threads of this process have @comm. */
static int count_comm(const char *comm)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d))) {
		char path[300], buf[32] = "";
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (f && fgets(buf, sizeof(buf), f)) {
			buf[strcspn(buf, "\n")] = '\0';
			n += !strcmp(buf, comm);
		}
		if (f)
			fclose(f);
	}
	closedir(d);
	return n;
}

/* Occurrences of @needle in @hay. */
static int count_str(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* ---- the machine ---- */

static void boot(unsigned long long ram, int nodes)
{
	struct kmm_config cfg = { .ram_bytes = ram, .nr_nodes = nodes, .nr_cpus = 2 };

	cr_assert_eq(kmm_boot(&cfg, "quiet"), 0, "%s", kmm_dmesg());
}

static struct zone *zone_of(int nid, enum zone_type zt)
{
	return &NODE_DATA(nid)->node_zones[zt];
}

static unsigned long zone_free(struct zone *z)
{
	return zone_page_state(z, NR_FREE_PAGES);
}

/* ---- holding pages ---- */

struct hold {
	struct page **pages;
	size_t nr;
};

static void hold_init(struct hold *h)
{
	h->pages = calloc(MAX_HELD, sizeof(*h->pages));
	h->nr = 0;
	cr_assert_not_null(h->pages);
}

/* Allocate order-0 pages with @gfp until one fails or @max are held. */
static size_t fill(struct hold *h, gfp_t gfp, size_t max)
{
	size_t n = 0;

	while (n < max && h->nr < MAX_HELD) {
		struct page *page = alloc_page(gfp | __GFP_NOWARN);

		if (!page)
			break;
		h->pages[h->nr++] = page;
		n++;
	}
	return n;
}

static void release(struct hold *h, size_t n)
{
	while (n-- && h->nr)
		__free_page(h->pages[--h->nr]);
}

/* ---- the pool: pages behind a shrinker ---- */

struct pool {
	pthread_mutex_t lock;
	struct hold held;
	bool frees;			/* false: a busy cache that frees nothing */
	bool stop;			/* scan_objects returns SHRINK_STOP */
	int test_tid;			/* the test's own thread */
	/* What the callbacks saw. */
	unsigned long counts, scans, freed;
	unsigned long scans_test_thread, scans_kswapd, counts_test_thread;
	unsigned long max_nr_to_scan, bad_calls;
	gfp_t gfp_test_thread, gfp_kswapd;
	int nid_seen_mask;
	struct shrinker *shrinker;
};

static struct pool pool;

static unsigned long pool_count(struct shrinker *s, struct shrink_control *sc)
{
	unsigned long n;

	pthread_mutex_lock(&pool.lock);
	pool.counts++;
	if (gettid_() == pool.test_tid)
		pool.counts_test_thread++;
	n = pool.held.nr;
	pthread_mutex_unlock(&pool.lock);
	(void)s;
	(void)sc;
	return n ? n : SHRINK_EMPTY;
}

static void pool_record(struct shrink_control *sc)
{
	pool.scans++;
	pool.nid_seen_mask |= 1 << sc->nid;
	if (sc->nr_to_scan == 0 || sc->nr_to_scan != sc->nr_scanned || !sc->gfp_mask ||
	    sc->memcg)
		pool.bad_calls++;
	if (sc->nr_to_scan > pool.max_nr_to_scan)
		pool.max_nr_to_scan = sc->nr_to_scan;
	if (gettid_() == pool.test_tid) {
		pool.scans_test_thread++;
		pool.gfp_test_thread = sc->gfp_mask;
	}
	if (current_is_kswapd()) {
		pool.scans_kswapd++;
		pool.gfp_kswapd = sc->gfp_mask;
		if (strncmp(current->comm, "kswapd", 6))
			pool.bad_calls++;
	}
}

static unsigned long pool_scan(struct shrinker *s, struct shrink_control *sc)
{
	unsigned long freed = 0;

	pthread_mutex_lock(&pool.lock);
	pool_record(sc);
	if (pool.stop) {
		pthread_mutex_unlock(&pool.lock);
		return SHRINK_STOP;
	}
	while (pool.frees && freed < sc->nr_to_scan && pool.held.nr) {
		__free_page(pool.held.pages[--pool.held.nr]);
		freed++;
	}
	pool.freed += freed;
	pthread_mutex_unlock(&pool.lock);
	mm_account_reclaimed_pages(freed);
	(void)s;
	return freed;
}

/* Fill the pool with @pages pages and register its shrinker. */
static void pool_start(size_t pages, bool frees, long batch)
{
	memset(&pool, 0, sizeof(pool));
	pthread_mutex_init(&pool.lock, NULL);
	hold_init(&pool.held);
	pool.frees = frees;
	pool.test_tid = gettid_();
	cr_assert_eq(fill(&pool.held, GFP_KERNEL, pages), pages);
	pool.shrinker = shrinker_alloc(0, "kmm-test-pool");
	cr_assert_not_null(pool.shrinker);
	pool.shrinker->count_objects = pool_count;
	pool.shrinker->scan_objects = pool_scan;
	pool.shrinker->batch = batch;
	shrinker_register(pool.shrinker);
}

static size_t pool_held(void)
{
	size_t n;

	pthread_mutex_lock(&pool.lock);
	n = pool.held.nr;
	pthread_mutex_unlock(&pool.lock);
	return n;
}

static unsigned long pool_stat(const unsigned long *field)
{
	unsigned long v;

	pthread_mutex_lock(&pool.lock);
	v = *field;
	pthread_mutex_unlock(&pool.lock);
	return v;
}

/* Pages allocated to exhaust the machine around the pool. */
static struct hold pool_fillers;

/*
 * The direct-reclaim machine: kswapd stopped, a pool of @pool_pages
 * (scanned in batches of @batch, 0: 128) that keeps its pages while
 * @fill_gfp allocations exhaust the rest. Tests then set pool.frees.
 */
static void exhaust_around_pool(size_t pool_pages, long batch, gfp_t fill_gfp)
{
	boot(256 * MiB, 1);
	kswapd_stop(0);
	hold_init(&pool_fillers);
	pool_start(pool_pages, false, batch);
	fill(&pool_fillers, fill_gfp, MAX_HELD);
}

/* ---- shrink_slab's arithmetic (do_shrink_slab) ---- */

/*
 * A cache of `freeable` objects that frees nothing but records what it is
 * asked: every nr_to_scan, in order.
 */
static struct {
	unsigned long freeable;
	unsigned long ret;		/* 0: return nr_to_scan; else this */
	unsigned long calls, asked[1024];
	unsigned long counts;
	gfp_t gfp;
	int nid;
	atomic_int in_scan, scan_done;
	int sleep_ms;
} rec;

static unsigned long rec_count(struct shrinker *s, struct shrink_control *sc)
{
	(void)s;
	(void)sc;
	rec.counts++;
	return rec.freeable;
}

static unsigned long rec_scan(struct shrinker *s, struct shrink_control *sc)
{
	(void)s;
	atomic_store(&rec.in_scan, 1);
	if (rec.sleep_ms)
		usleep(rec.sleep_ms * 1000);
	if (rec.calls < 1024)
		rec.asked[rec.calls] = sc->nr_to_scan;
	rec.calls++;
	rec.gfp = sc->gfp_mask;
	rec.nid = sc->nid;
	atomic_store(&rec.scan_done, 1);
	return rec.ret ? rec.ret : sc->nr_to_scan;
}

static struct shrinker *rec_start(unsigned long freeable, int seeks, long batch)
{
	struct shrinker *s;

	memset(&rec, 0, sizeof(rec));
	rec.freeable = freeable;
	boot(256 * MiB, 1);
	kswapd_stop(0);		/* nobody else calls it */
	s = shrinker_alloc(0, "kmm-test-rec-%d", 1);
	cr_assert_not_null(s);
	cr_assert_str_eq(s->name, "kmm-test-rec-1");
	cr_assert_eq(s->seeks, DEFAULT_SEEKS);
	s->count_objects = rec_count;
	s->scan_objects = rec_scan;
	s->seeks = seeks;
	s->batch = batch;
	shrinker_register(s);
	return s;
}

static long deferred(struct shrinker *s)
{
	return atomic_long_read(&s->nr_deferred[0]);
}

/*
 * 10000 objects, DEFAULT_SEEKS: priority 12 asks (10000 >> 12) * 4 / 2 = 4
 * objects, less than a batch: nothing is scanned, 4 are deferred.
 * Priority 0 asks min(4 + 20000, 2 * 10000) = 20000: 156 batches of 128;
 * the 32 left are deferred with the 4: 36.
 */
Test(shrink_slab, priority_seeks_and_deferred_work)
{
	struct shrinker *s = rec_start(10000, DEFAULT_SEEKS, 0);

	cr_assert_eq(shrink_slab(GFP_KERNEL, 0, NULL, DEF_PRIORITY), 0);
	cr_assert_eq(rec.counts, 1);
	cr_assert_eq(rec.calls, 0);
	cr_assert_eq(deferred(s), 4);
	cr_assert_eq(shrink_slab(GFP_KERNEL, 0, NULL, 0), 156 * 128);
	cr_assert_eq(rec.calls, 156);
	for (unsigned long i = 0; i < rec.calls; i++)
		cr_assert_eq(rec.asked[i], 128);
	cr_assert_eq(deferred(s), 36);
	cr_assert_eq(rec.gfp, GFP_KERNEL);
	cr_assert_eq(rec.nid, 0);
	shrinker_free(s);
}

/* seeks 0: "trim aggressively", freeable / 2 whatever the priority. */
Test(shrink_slab, zero_seeks_asks_for_half)
{
	struct shrinker *s = rec_start(1000, 0, 0);

	shrink_slab(GFP_NOFS, 0, NULL, DEF_PRIORITY);
	cr_assert_eq(rec.calls, 3);		/* 500 = 3 * 128 + 116 */
	cr_assert_eq(deferred(s), 116);
	cr_assert_eq(rec.gfp, GFP_NOFS);
	shrinker_free(s);
}

Test(shrink_slab, batch_sets_nr_to_scan)
{
	struct shrinker *s = rec_start(1000, DEFAULT_SEEKS, 50);

	shrink_slab(GFP_KERNEL, 0, NULL, 0);	/* 2000 = 40 * 50 */
	cr_assert_eq(rec.calls, 40);
	cr_assert_eq(rec.asked[0], 50);
	cr_assert_eq(rec.asked[39], 50);
	cr_assert_eq(deferred(s), 0);
	shrinker_free(s);
}

/* A cache smaller than a batch, under pressure, is scanned in one short call. */
Test(shrink_slab, small_cache_scanned_whole)
{
	struct shrinker *s = rec_start(10, DEFAULT_SEEKS, 0);

	shrink_slab(GFP_KERNEL, 0, NULL, 0);
	cr_assert_eq(rec.calls, 1);
	cr_assert_eq(rec.asked[0], 20);
	shrinker_free(s);
}

/* SHRINK_STOP ends the round; the work is deferred (capped at 2 * freeable). */
Test(shrink_slab, shrink_stop_is_honoured)
{
	struct shrinker *s = rec_start(10000, DEFAULT_SEEKS, 0);

	rec.ret = SHRINK_STOP;
	cr_assert_eq(shrink_slab(GFP_KERNEL, 0, NULL, 0), 0);
	cr_assert_eq(rec.calls, 1);
	cr_assert_eq(deferred(s), 20000);
	shrinker_free(s);
}

Test(shrink_slab, shrink_empty_is_not_scanned)
{
	struct shrinker *s = rec_start(SHRINK_EMPTY, DEFAULT_SEEKS, 0);

	cr_assert_eq(shrink_slab(GFP_KERNEL, 0, NULL, 0), 0);
	cr_assert_eq(rec.counts, 1);
	cr_assert_eq(rec.calls, 0);
	rec.freeable = 0;
	cr_assert_eq(shrink_slab(GFP_KERNEL, 0, NULL, 0), 0);
	cr_assert_eq(rec.calls, 0);
	shrinker_free(s);
}

/* The seed era's calls (Linux 6.0 - 6.6 signatures) on a caller-owned shrinker. */
Test(shrink_slab, seed_era_register_and_unregister)
{
	struct shrinker s = {
		.count_objects = rec_count,
		.scan_objects = rec_scan,
		.seeks = DEFAULT_SEEKS,
	};

	memset(&rec, 0, sizeof(rec));
	rec.freeable = 100;
	boot(256 * MiB, 1);
	kswapd_stop(0);
	cr_assert_eq(register_shrinker(&s, "seed-%s", "cache"), 0);
	cr_assert_str_eq(s.name, "seed-cache");
	cr_assert_eq(nr_shrinkers(), 1);
	shrink_slab(GFP_KERNEL, 0, NULL, 0);
	cr_assert_eq(rec.calls, 1);		/* 200: one batch, 72 deferred */
	cr_assert_eq(atomic_long_read(&s.nr_deferred[0]), 72);
	unregister_shrinker(&s);
	cr_assert_eq(nr_shrinkers(), 0);
	shrink_slab(GFP_KERNEL, 0, NULL, 0);
	cr_assert_eq(rec.calls, 1);
}

/* 6.12 refuses to register a shrinker that shrinker_alloc() did not make. */
Test(shrink_slab, register_needs_shrinker_alloc)
{
	struct shrinker s = { .count_objects = rec_count, .scan_objects = rec_scan };

	boot(256 * MiB, 1);
	kmm_dmesg_clear();
	shrinker_register(&s);
	cr_assert_eq(nr_shrinkers(), 0);
	cr_assert_not_null(strstr(kmm_dmesg(),
				  "Must use shrinker_alloc() to dynamically allocate the shrinker"));
}

static void *shrink_in_thread(void *arg)
{
	shrink_slab(GFP_KERNEL, 0, NULL, 0);
	return arg;
}

/* shrinker_free() returns only once the running callback has returned. */
Test(shrink_slab, free_waits_for_running_callbacks)
{
	struct shrinker *s = rec_start(100, DEFAULT_SEEKS, 0);
	pthread_t t;

	rec.sleep_ms = 200;
	pthread_create(&t, NULL, shrink_in_thread, NULL);
	while (!atomic_load(&rec.in_scan))
		usleep(1000);
	shrinker_free(s);
	cr_assert_eq(atomic_load(&rec.scan_done), 1, "freed under a running callback");
	cr_assert_eq(nr_shrinkers(), 0);
	pthread_join(t, NULL);
}

/* ---- direct reclaim ---- */

/*
 * The acceptance case: the pool holds 4096 pages, everything else is
 * allocated; GFP_KERNEL reclaims from the pool in its own thread and gets
 * its page. The callbacks saw the allocation's gfp_mask, node 0, batches
 * of at most SHRINK_BATCH (128) objects.
 */
Test(direct_reclaim, shrinker_frees_let_gfp_kernel_succeed)
{
	struct page *page;
	unsigned long stalls;

	exhaust_around_pool(4096, 0, GFP_KERNEL | __GFP_NORETRY);
	cr_assert_null(alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
	pool.frees = true;
	pool.scans_test_thread = 0;
	stalls = vm_event_count(ALLOCSTALL_NORMAL);

	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page, "GFP_KERNEL failed with 4096 reclaimable pages");
	cr_assert_lt(pool_held(), 4096);
	cr_assert_geq(pool.freed, SWAP_CLUSTER_MAX);
	cr_assert_gt(pool.scans_test_thread, 0);
	cr_assert_eq(pool.gfp_test_thread, GFP_KERNEL);
	cr_assert_eq(pool.nid_seen_mask, 1);
	cr_assert_leq(pool.max_nr_to_scan, 128);
	cr_assert_eq(pool.bad_calls, 0);
	cr_assert_eq(vm_event_count(ALLOCSTALL_NORMAL), stalls + 1);
	cr_assert_geq(vm_event_count(KMM_PGRECLAIM_DIRECT), SWAP_CLUSTER_MAX);
	cr_assert_null(strstr(kmm_dmesg(), "page allocation failure"));
	__free_page(page);
}

/* Direct reclaim stops at SWAP_CLUSTER_MAX pages: the pool is not emptied. */
Test(direct_reclaim, stops_after_a_cluster)
{

	exhaust_around_pool(20000, 0, GFP_KERNEL | __GFP_NORETRY);
	pool.frees = true;
	cr_assert_not_null(alloc_page(GFP_KERNEL));
	/* 20000 objects: priority 6 asks for 1250; one pass of batches. */
	cr_assert_geq(pool.freed, SWAP_CLUSTER_MAX);
	cr_assert_leq(pool.freed, 20000 / 8, "freed %lu", pool.freed);
}

/*
 * kmm's OOM step. Everything is allocated, even the reserves; a pool that
 * frees one page per call (batch 1) gives direct reclaim its 32 pages
 * long before the zone is back above its min watermark. Where Linux would
 * call the OOM killer, kmm drops the shrinkers' objects and retries.
 */
Test(direct_reclaim, oom_step_drops_the_shrinkers_and_retries)
{
	unsigned long ooms;
	struct page *page;

	exhaust_around_pool(3000, 1, GFP_KERNEL | __GFP_MEMALLOC);
	pool.frees = true;
	ooms = vm_event_count(KMM_OOM_RECLAIM);
	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page);
	cr_assert_eq(vm_event_count(KMM_OOM_RECLAIM), ooms + 1);
	cr_assert_lt(pool_held(), 3000 / 4, "drop_slab left %zu pages", pool_held());
	cr_assert_eq(pool.max_nr_to_scan, 1);
}

/* With nothing to reclaim, GFP_KERNEL fails with the kernel's report. */
Test(direct_reclaim, nothing_reclaimable_fails_with_the_report)
{
	unsigned long ooms;

	exhaust_around_pool(100, 0, GFP_KERNEL | __GFP_MEMALLOC);	/* a busy cache: counted, never freed */
	kmm_dmesg_clear();
	ooms = vm_event_count(KMM_OOM_RECLAIM);
	cr_assert_null(alloc_page(GFP_KERNEL));
	cr_assert_eq(vm_event_count(KMM_OOM_RECLAIM), ooms + 1);
	cr_assert_not_null(strstr(kmm_dmesg(), ": page allocation failure: order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null)"),
			   "%s", kmm_dmesg());
	cr_assert_gt(pool.scans_test_thread, 0);
}

/* ---- the retry rules of each flag ---- */

struct attempt {
	unsigned long stalls, ooms, scans;
	bool ok;
};

/* Direct reclaim passes so far, whatever the highest zone. */
static unsigned long allocstalls(void)
{
	return vm_event_count(ALLOCSTALL_DMA) + vm_event_count(ALLOCSTALL_DMA32) +
	       vm_event_count(ALLOCSTALL_NORMAL) + vm_event_count(ALLOCSTALL_MOVABLE);
}

/* One allocation with @gfp on an exhausted machine whose pool is busy. */
static struct attempt attempt(gfp_t gfp, unsigned int order)
{
	unsigned long stalls = allocstalls();
	unsigned long ooms = vm_event_count(KMM_OOM_RECLAIM);
	unsigned long scans = pool.scans_test_thread;
	struct page *page = alloc_pages(gfp | __GFP_NOWARN, order);
	struct attempt a = {
		.stalls = allocstalls() - stalls,
		.ooms = vm_event_count(KMM_OOM_RECLAIM) - ooms,
		.scans = pool.scans_test_thread - scans,
		.ok = page != NULL,
	};

	if (page)
		__free_pages(page, order);
	return a;
}

static void exhausted_with_busy_pool(void)
{
	exhaust_around_pool(500, 0, GFP_KERNEL | __GFP_MEMALLOC);
}

/*
 * What each flag does on an exhausted machine whose only shrinker frees
 * nothing (6.12's rules; "OOM step" is kmm's drop_slab() where Linux
 * would call the OOM killer): how many direct reclaim passes, whether the
 * OOM step runs. Every request fails.
 */
static const struct retry_rule {
	const char *what;
	gfp_t gfp;
	unsigned int order;
	unsigned long min_stalls, max_stalls, ooms;
} retry_rules[] = {
	{ "__GFP_NORETRY tries once", GFP_KERNEL | __GFP_NORETRY, 0, 1, 1, 0 },
	{ "GFP_KERNEL reclaims, then the OOM step", GFP_KERNEL, 0, 1, 1, 1 },
	{ "__GFP_RETRY_MAYFAIL: no OOM step", GFP_KERNEL | __GFP_RETRY_MAYFAIL, 0, 1, 17, 0 },
	{ "costly order gives up after one pass", GFP_KERNEL, PAGE_ALLOC_COSTLY_ORDER + 1, 1, 1, 0 },
	{ "order 3 is not costly", GFP_KERNEL, PAGE_ALLOC_COSTLY_ORDER, 1, 1, 1 },
	{ "lowmem requests get no OOM step", GFP_KERNEL | GFP_DMA32, 0, 1, 1, 0 },
	{ "GFP_NOFS is treated as GFP_KERNEL", GFP_NOFS, 0, 1, 1, 1 },
	{ "GFP_NOWAIT never reclaims", GFP_NOWAIT, 0, 0, 0, 0 },
};

Test(retry_rules, each_flag_as_6_12_bounds_it)
{
	exhausted_with_busy_pool();
	for (size_t i = 0; i < sizeof(retry_rules) / sizeof(retry_rules[0]); i++) {
		const struct retry_rule *r = &retry_rules[i];
		struct attempt a = attempt(r->gfp, r->order);

		cr_assert_not(a.ok, "%s: succeeded", r->what);
		cr_assert(a.stalls >= r->min_stalls && a.stalls <= r->max_stalls,
			  "%s: %lu reclaim passes", r->what, a.stalls);
		cr_assert_eq(a.ooms, r->ooms, "%s: %lu OOM steps", r->what, a.ooms);
		cr_assert_eq(a.scans > 0, r->max_stalls > 0, "%s: shrinker scans %lu",
			     r->what, a.scans);
	}
}

/* ---- requests that cannot sleep ---- */

/*
 * GFP_ATOMIC and GFP_NOWAIT on an exhausted machine: NULL within a small
 * bound, no sleep (the task's nvcsw), no might_sleep() violation, no
 * shrinker called in this thread. kswapd is woken (asynchronously).
 */
static void fails_fast(gfp_t gfp)
{
	struct hold fillers;
	unsigned long nvcsw, reports, scans, counts;
	double t0, elapsed;
	struct page *page;

	boot(256 * MiB, 1);
	hold_init(&fillers);
	pool_start(500, false, 0);
	fill(&fillers, GFP_ATOMIC | __GFP_MEMALLOC, MAX_HELD);
	nvcsw = current->nvcsw;
	reports = kmm_might_sleep_reports();
	scans = pool_stat(&pool.scans_test_thread);
	counts = pool_stat(&pool.counts_test_thread);
	t0 = now_ms();
	page = alloc_page(gfp | __GFP_NOWARN);
	elapsed = now_ms() - t0;
	cr_assert_null(page);
	/* Microseconds unless the host preempts the thread. */
	cr_assert_lt(elapsed, 100.0, "took %.3f ms", elapsed);
	cr_assert_eq(current->nvcsw, nvcsw, "the allocation slept");
	cr_assert_eq(kmm_might_sleep_reports(), reports);
	cr_assert_eq(pool_stat(&pool.scans_test_thread), scans);
	cr_assert_eq(pool_stat(&pool.counts_test_thread), counts);
}

Test(atomic, gfp_atomic_fails_fast_without_sleeping)
{
	fails_fast(GFP_ATOMIC);
}

Test(atomic, gfp_nowait_fails_fast_without_sleeping)
{
	fails_fast(GFP_NOWAIT);
}

/* GFP_ATOMIC digs below the min watermark that GFP_KERNEL must respect. */
Test(atomic, gfp_atomic_uses_the_reserves)
{
	struct hold fillers;

	boot(256 * MiB, 1);
	kswapd_stop(0);
	hold_init(&fillers);
	fill(&fillers, GFP_KERNEL | __GFP_NORETRY, MAX_HELD);
	cr_assert_null(alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
	cr_assert_gt(fill(&fillers, GFP_ATOMIC, MAX_HELD), 0);
}

/* Its failure report, unless __GFP_NOWARN. */
Test(atomic, gfp_atomic_failure_is_reported)
{
	struct hold fillers;

	boot(256 * MiB, 1);
	hold_init(&fillers);
	fill(&fillers, GFP_ATOMIC | __GFP_MEMALLOC, MAX_HELD);
	kmm_dmesg_clear();
	cr_assert_null(alloc_page(GFP_ATOMIC));
	cr_assert_not_null(strstr(kmm_dmesg(), "page allocation failure: order:0, mode:0x820(GFP_ATOMIC)"),
			   "%s", kmm_dmesg());
}

/*
 * GFP_KERNEL under a spinlock on an exhausted machine: might_sleep()'s
 * report, from the allocation's entry and again from direct reclaim (the
 * second is counted, the rate limit prints one). Reclaim still works.
 */
Test(atomic, gfp_kernel_under_spinlock_is_reported)
{
	DEFINE_SPINLOCK(lock);
	unsigned long reports;
	struct page *page;

	exhaust_around_pool(4096, 0, GFP_KERNEL | __GFP_NORETRY);
	pool.frees = true;
	kmm_dmesg_clear();
	reports = kmm_might_sleep_reports();
	spin_lock(&lock);
	page = alloc_page(GFP_KERNEL);
	spin_unlock(&lock);
	cr_assert_not_null(page);
	cr_assert_geq(kmm_might_sleep_reports(), reports + 2);
	cr_assert_not_null(strstr(kmm_dmesg(), "BUG: sleeping function called from invalid context at "),
			   "%s", kmm_dmesg());
	cr_assert_not_null(strstr(kmm_dmesg(), "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: "));
}

/* ---- __GFP_NOFAIL ---- */

struct nofail_arg {
	struct page *page;
	double returned_ms;
	unsigned long nvcsw;
};

static void *nofail_thread(void *p)
{
	struct nofail_arg *a = p;

	a->page = alloc_page(GFP_KERNEL | __GFP_NOFAIL);
	a->returned_ms = now_ms();
	a->nvcsw = current->nvcsw;
	return NULL;
}

/*
 * Nothing is free and nothing reclaimable; a __GFP_NOFAIL allocation in
 * another thread waits. 300 ms later this thread frees 2048 pages; the
 * waiter is woken by the free and succeeds.
 */
Test(nofail, waits_for_another_threads_free_then_succeeds)
{
	struct nofail_arg arg = { 0 };
	struct hold fillers;
	unsigned long waits;
	pthread_t t;
	double freed_ms;

	boot(256 * MiB, 1);
	hold_init(&fillers);
	fill(&fillers, GFP_KERNEL | __GFP_MEMALLOC, MAX_HELD);
	waits = vm_event_count(KMM_FREE_WAIT);
	pthread_create(&t, NULL, nofail_thread, &arg);
	usleep(300000);
	cr_assert_null(arg.page, "__GFP_NOFAIL succeeded with nothing free");
	cr_assert_gt(vm_event_count(KMM_FREE_WAIT), waits, "the allocation never waited");
	freed_ms = now_ms();
	release(&fillers, 2048);
	pthread_join(t, NULL);
	cr_assert_not_null(arg.page);
	cr_assert_geq(arg.returned_ms, freed_ms);
	cr_assert_lt(arg.returned_ms - freed_ms, 1000.0);
	cr_assert_gt(arg.nvcsw, 0);
	__free_page(arg.page);
}

struct nofail2_arg {
	struct page *page;
};

static void *nofail_order2_thread(void *p)
{
	struct nofail2_arg *a = p;

	a->page = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 2);
	return NULL;
}

/*
 * 6.12 warns once about __GFP_NOFAIL above order 1, and still serves it:
 * here after another thread frees (the last pages allocated, which merge
 * into blocks of order 2 and more).
 */
Test(nofail, order_above_one_warns_once_and_is_served)
{
	struct nofail2_arg arg = { 0 };
	struct hold fillers;
	pthread_t t;

	boot(256 * MiB, 1);
	hold_init(&fillers);
	fill(&fillers, GFP_KERNEL | __GFP_MEMALLOC, MAX_HELD);
	kmm_dmesg_clear();
	pthread_create(&t, NULL, nofail_order2_thread, &arg);
	usleep(200000);
	release(&fillers, 4096);
	pthread_join(t, NULL);
	cr_assert_not_null(arg.page);
	cr_assert_eq(count_str(kmm_dmesg(), "WARNING: CPU: "), 1, "%s", kmm_dmesg());
	cr_assert_not_null(strstr(kmm_dmesg(), "page_alloc_slowpath.c"));
	__free_pages(arg.page, 2);
}

/* ---- congestion_wait: bounded, and ended by a free ---- */

/* An order-4 block goes straight back to the buddy lists (no per-CPU list). */
static void *free_later(void *p)
{
	usleep(30000);
	__free_pages((struct page *)p, 4);
	return NULL;
}

Test(bounded_waits, congestion_wait_times_out_without_frees)
{
	double t0;

	boot(256 * MiB, 1);
	t0 = now_ms();
	cr_assert_eq(congestion_wait(0, HZ / 25), 0);
	cr_assert_geq(now_ms() - t0, 39.0);
}

Test(bounded_waits, congestion_wait_ends_when_pages_reach_the_buddy_lists)
{
	struct page *page;
	pthread_t t;
	double t0;

	boot(256 * MiB, 1);
	page = alloc_pages(GFP_KERNEL, 4);
	t0 = now_ms();
	pthread_create(&t, NULL, free_later, page);
	cr_assert_gt(congestion_wait(0, 10 * HZ), 0);
	cr_assert_lt(now_ms() - t0, 5000.0);
	pthread_join(t, NULL);
}

/* ---- kswapd ---- */

/*
 * Is one zone that GFP_KERNEL may use above its high watermark (the
 * lowmem reserve it keeps from such requests added)? kswapd's goal.
 */
static bool a_zone_above(unsigned long (*mark)(const struct zone *))
{
	for (int zt = ZONE_DMA; zt <= ZONE_DMA32; zt++) {
		struct zone *z = zone_of(0, zt);

		if (zone_free(z) > mark(z) + (unsigned long)z->lowmem_reserve[ZONE_NORMAL])
			return true;
	}
	return false;
}

/*
 * Below the low watermark in every zone, kswapd wakes and reclaims until
 * one zone is above its high watermark, then sleeps again: the pool
 * shrinks, from kswapd's thread, with GFP_KERNEL and node 0, and stops
 * shrinking while most of it is left.
 *
 *   DMA32 free:  |....low....high....|      GFP_NOWAIT fills to below low
 *   (DMA too, down to low + its lowmem reserve)
 *   kswapd:      pool -> free until one zone > high, then sleep
 */
Test(kswapd, wakes_below_low_and_reclaims_to_high)
{
	struct hold fillers;
	unsigned long runs;
	size_t stable;
	double t0;

	boot(256 * MiB, 1);
	hold_init(&fillers);
	pool_start(8192, false, 0);
	/* Down to the low watermarks with requests that never reclaim themselves. */
	while (a_zone_above(low_wmark_pages) && fill(&fillers, GFP_NOWAIT, 16) == 16)
		;
	cr_assert_not(a_zone_above(low_wmark_pages));
	runs = vm_event_count(PAGEOUTRUN);
	pool.frees = true;
	fill(&fillers, GFP_NOWAIT, 1);	/* one more slow-path entry: kswapd's wakeup */
	t0 = now_ms();
	while (!a_zone_above(high_wmark_pages) && now_ms() - t0 < WAIT_MS)
		usleep(1000);
	cr_assert(a_zone_above(high_wmark_pages), "no zone reached its high watermark");
	cr_assert_gt(vm_event_count(PAGEOUTRUN), runs);
	cr_assert_gt(pool_stat(&pool.scans_kswapd), 0);
	pthread_mutex_lock(&pool.lock);
	cr_assert_eq(pool.gfp_kswapd, GFP_KERNEL);
	cr_assert_eq(pool.nid_seen_mask, 1);
	pthread_mutex_unlock(&pool.lock);
	cr_assert_eq(pool_stat(&pool.bad_calls), 0);
	/* Balanced: kswapd sleeps, the pool keeps most of its pages. */
	usleep(300000);
	stable = pool_held();
	usleep(300000);
	cr_assert_eq(pool_held(), stable, "kswapd kept reclaiming");
	cr_assert_gt(stable, 8192 / 2, "kswapd reclaimed %zu pages", 8192 - stable);
	cr_assert_eq(pool_stat(&pool.scans_test_thread), 0);
}

/* A node whose reclaim frees nothing becomes hopeless after 16 runs. */
Test(kswapd, gives_up_on_a_hopeless_node)
{
	struct hold fillers;
	pg_data_t *pgdat;
	double t0;

	boot(256 * MiB, 1);
	pgdat = NODE_DATA(0);
	hold_init(&fillers);
	t0 = now_ms();
	do {
		fill(&fillers, GFP_NOWAIT, MAX_HELD);
		usleep(1000);
	} while (__atomic_load_n(&pgdat->kswapd_failures, __ATOMIC_RELAXED) < 16 &&
		 now_ms() - t0 < WAIT_MS);
	cr_assert_geq(__atomic_load_n(&pgdat->kswapd_failures, __ATOMIC_RELAXED), 16);
}

/* Every node has its kswapd, named as Linux names it; halt stops them all. */
Test(kswapd, one_thread_per_node_stopped_by_halt)
{
	int before = count_tasks();

	boot(512 * MiB, 2);
	cr_assert_eq(count_tasks(), before + 2);
	cr_assert_eq(count_comm("kswapd0"), 1);
	cr_assert_eq(count_comm("kswapd1"), 1);
	cr_assert_eq(kthreads_running(), 2);
	kmm_halt();
	cr_assert_eq(count_tasks(), before);
	cr_assert_eq(kthreads_running(), 0);
}

Test(kswapd, repeated_boots_leave_no_threads_behind)
{
	int before = count_tasks();

	for (int i = 0; i < 20; i++) {
		boot(256 * MiB, 1 + i % 4);
		cr_assert_eq(count_tasks(), before + 1 + i % 4);
		if (i % 2)
			pool_start(16, true, 0);	/* halt unregisters it */
		kmm_halt();
		cr_assert_eq(count_tasks(), before, "boot %d left threads", i);
		cr_assert_eq(nr_shrinkers(), 0);
	}
}

/* With two nodes, a NUMA-aware shrinker is asked once per node. */
Test(shrink_slab, drop_slab_passes_each_node_id)
{
	struct hold fillers;
	double t0;

	boot(512 * MiB, 2);
	hold_init(&fillers);
	pool_start(64, false, 0);	/* busy: each node's call scans it */
	pool.shrinker->flags |= SHRINKER_NUMA_AWARE;
	drop_slab();
	cr_assert_eq(pool.nid_seen_mask, 3);
	(void)t0;
}
