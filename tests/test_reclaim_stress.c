// SPDX-License-Identifier: MIT
/*
 * tests/test_reclaim_stress.c - two threads allocating and freeing under
 * memory pressure, with a shrinker and kswapd reclaiming behind them.
 *
 *   worker 0, worker 1:  alloc (GFP_KERNEL, GFP_ATOMIC, __GFP_NORETRY,
 *                        __GFP_NOFAIL, orders 0 and 2) -> hold (<= 6000
 *                        pages each) -> free; every 2nd order-0 page
 *                        goes to the cache instead of being held
 *   the cache:           a shrinker over the pages it was given; it grows
 *                        until memory runs out, then kswapd and the
 *                        workers' direct reclaim shrink it
 *   kswapd0:             woken by the workers' slow paths
 *
 * The workers never hold more than half the machine, so reclaim can
 * always find pages in the cache and every __GFP_NOFAIL allocation ends.
 * The whole run is bounded: a watchdog fails the test if the workers are
 * not done in DEADLINE_MS (a deadlock or livelock). At the end every page
 * is given back, kswapd is stopped, and the books must balance:
 *   - the free total (buddy lists + per-CPU lists) is what boot left,
 *   - pages the cache freed = pages reclaim counted (kswapd + direct),
 *   - the validators pass, nobody slept in atomic context.
 *
 * `make tsan` builds this file under ThreadSanitizer with the stand-in
 * of tests/shim (Test() and cr_assert* only).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kmm/kmm.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include <kmm/mmzone.h>
#include <kmm/percpu.h>
#include <kmm/sched.h>
#include <kmm/shrinker.h>
#include <kmm/swap.h>
#include <kmm/vm_event_item.h>
#include "mm/internal.h"

#ifdef __SANITIZE_THREAD__
#define OPS_PER_THREAD	40000
#else
#define OPS_PER_THREAD	300000
#endif
#define HOLD_MAX	6000		/* pages a worker holds at most */
#define CACHE_MAX	(1 << 17)
#define DEADLINE_MS	120000.0

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Pages on every CPU's lists (Linux counts them as allocated). */
static unsigned long pcp_total(void)
{
	struct zone *zone;
	unsigned long n = 0;

	for_each_populated_zone(zone)
		n += zone_pcp_free_pages(zone);
	return n;
}

/* ---- the cache behind the shrinker ---- */

static struct {
	pthread_mutex_t lock;
	struct page **pages;
	size_t nr;
	unsigned long added, freed, scans;
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void cache_add(struct page *page)
{
	pthread_mutex_lock(&cache.lock);
	if (cache.nr < CACHE_MAX) {
		cache.pages[cache.nr++] = page;
		cache.added++;
		page = NULL;
	}
	pthread_mutex_unlock(&cache.lock);
	if (page)
		__free_page(page);
}

static unsigned long cache_count(struct shrinker *s, struct shrink_control *sc)
{
	size_t n;

	(void)s;
	(void)sc;
	pthread_mutex_lock(&cache.lock);
	n = cache.nr;
	pthread_mutex_unlock(&cache.lock);
	return n ? n : SHRINK_EMPTY;
}

static unsigned long cache_scan(struct shrinker *s, struct shrink_control *sc)
{
	unsigned long freed = 0;

	(void)s;
	pthread_mutex_lock(&cache.lock);
	cache.scans++;
	while (freed < sc->nr_to_scan && cache.nr) {
		__free_page(cache.pages[--cache.nr]);
		freed++;
	}
	cache.freed += freed;
	pthread_mutex_unlock(&cache.lock);
	mm_account_reclaimed_pages(freed);
	return freed;
}

/* ---- the workers ---- */

struct block {
	struct page *page;
	unsigned int order;
};

struct worker {
	unsigned int seed;
	struct block *held;
	size_t nr;
	unsigned long pages_held;
	unsigned long allocs, failures, nofails;
	bool context_ok;
	atomic_bool done;
};

static gfp_t pick_gfp(struct worker *w, unsigned int order)
{
	unsigned int r = (unsigned int)rand_r(&w->seed) % 16;

	if (r == 0 && order == 0) {
		w->nofails++;
		return GFP_KERNEL | __GFP_NOFAIL;
	}
	if (r < 4)
		return GFP_ATOMIC | __GFP_NOWARN;
	if (r < 6)
		return GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN;
	return GFP_KERNEL | __GFP_NOWARN;
}

static void free_oldest(struct worker *w)
{
	struct block b = w->held[0];

	memmove(w->held, w->held + 1, (w->nr - 1) * sizeof(*w->held));
	w->nr--;
	w->pages_held -= 1UL << b.order;
	__free_pages(b.page, b.order);
}

static void free_random(struct worker *w)
{
	size_t i = (size_t)rand_r(&w->seed) % w->nr;
	struct block b = w->held[i];

	w->held[i] = w->held[--w->nr];
	w->pages_held -= 1UL << b.order;
	__free_pages(b.page, b.order);
}

static void one_op(struct worker *w)
{
	unsigned int order = (unsigned int)rand_r(&w->seed) % 8 == 0 ? 2 : 0;
	gfp_t gfp = pick_gfp(w, order);
	struct page *page = alloc_pages(gfp, order);

	w->allocs++;
	if (!page) {
		w->failures++;
		if (gfp & __GFP_NOFAIL)
			w->context_ok = false;
		if (w->nr)
			free_random(w);
		return;
	}
	if (order == 0 && rand_r(&w->seed) % 2 == 0) {
		cache_add(page);
		return;
	}
	while (w->pages_held + (1UL << order) > HOLD_MAX)
		free_oldest(w);
	w->held[w->nr++] = (struct block){ page, order };
	w->pages_held += 1UL << order;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < OPS_PER_THREAD; i++) {
		one_op(w);
		if (preempt_count() || irqs_disabled())
			w->context_ok = false;
	}
	while (w->nr)
		free_oldest(w);
	atomic_store(&w->done, true);
	return NULL;
}

/* Wait for both workers, at most DEADLINE_MS. */
static bool workers_finish(struct worker *w)
{
	double t0 = now_ms();

	while (!(atomic_load(&w[0].done) && atomic_load(&w[1].done))) {
		if (now_ms() - t0 > DEADLINE_MS)
			return false;
		usleep(10000);
	}
	return true;
}

Test(reclaim_stress, two_threads_under_pressure_with_shrinker_and_kswapd)
{
	struct kmm_config cfg = { .ram_bytes = 128ULL << 20, .nr_cpus = 2 };
	struct worker w[2] = { { .seed = 1, .context_ok = true }, { .seed = 2, .context_ok = true } };
	unsigned long start_free, reports;
	struct shrinker *shrinker;
	pthread_t t[2];

	cr_assert_eq(kmm_boot(&cfg, "quiet"), 0);
	cache.pages = calloc(CACHE_MAX, sizeof(*cache.pages));
	start_free = nr_free_pages() + pcp_total();
	reports = kmm_might_sleep_reports();
	shrinker = shrinker_alloc(0, "stress-cache");
	cr_assert_not_null(shrinker);
	shrinker->count_objects = cache_count;
	shrinker->scan_objects = cache_scan;
	shrinker_register(shrinker);
	for (int i = 0; i < 2; i++) {
		w[i].held = calloc(HOLD_MAX, sizeof(*w[i].held));
		pthread_create(&t[i], NULL, worker_main, &w[i]);
	}
	cr_assert(workers_finish(w), "workers not done in %.0f s: deadlock?", DEADLINE_MS / 1000);
	for (int i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		cr_assert(w[i].context_ok, "worker %d: a NOFAIL failed or a context leaked", i);
		cr_assert_eq(w[i].pages_held, 0);
	}
	kswapd_stop(0);
	/* The books: every page the cache freed was counted by reclaim. */
	pthread_mutex_lock(&cache.lock);
	cr_assert_eq(cache.freed, vm_event_count(KMM_PGRECLAIM_KSWAPD) +
				  vm_event_count(KMM_PGRECLAIM_DIRECT),
		     "cache freed %lu, reclaim counted %lu + %lu", cache.freed,
		     vm_event_count(KMM_PGRECLAIM_KSWAPD), vm_event_count(KMM_PGRECLAIM_DIRECT));
	cr_assert_gt(cache.freed, 0, "no pressure: the cache was never shrunk");
	cr_assert_eq(cache.added, cache.freed + cache.nr);
	pthread_mutex_unlock(&cache.lock);
	cr_assert_gt(vm_event_count(PAGEOUTRUN), 0, "kswapd never ran");
	shrinker_free(shrinker);
	while (cache.nr)
		__free_page(cache.pages[--cache.nr]);
	cr_assert_eq(kmm_might_sleep_reports(), reports);
	cr_assert(kmm_check_invariants());	/* zone_is_valid() of each zone too */
	cr_assert_eq(nr_free_pages() + pcp_total(), start_free);
	kmm_halt();
}
