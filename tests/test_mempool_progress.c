// SPDX-License-Identifier: MIT
/*
 * tests/test_mempool_progress.c - the pool's promise: a caller that may
 * sleep always gets an element, even when the allocator has nothing.
 *
 *   free memory:  [hog hog hog hog ... hog]   (or fail_page_alloc=100%)
 *   the pool:     reserve [e0 e1]  <- the only elements there are
 *   N threads:    loop { e = mempool_alloc(GFP_KERNEL); work; mempool_free(e) }
 *
 * Every thread finishes all its rounds; every element it got is one of the
 * reserve's; the allocator was asked and failed meanwhile and never
 * succeeded (a counting alloc_fn around the real one proves it); nobody
 * waited for the 5 s timeout (each sleeper was woken by a free).
 *
 * And the other side of the promise: GFP_ATOMIC (and GFP_NOWAIT) gets NULL
 * at once when the allocator and the reserve are empty, without sleeping
 * (the task's nvcsw does not move) and without a might_sleep report.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <pthread.h>
#include <unistd.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <kmm/kmm.h>
#include <kmm/mempool.h>
#include <kmm/fault-inject.h>
#include "helpers/slab_harness.h"

#define THREADS		4
#define ROUNDS		300
#define MIN_NR		2

/* ---- a counting backend around the real helpers ---- */

static atomic_long backend_ok, backend_failed;

static void count(void *element)
{
	atomic_fetch_add(element ? &backend_ok : &backend_failed, 1);
}

static void *counting_alloc_pages(gfp_t gfp, void *data)
{
	void *element = mempool_alloc_pages(gfp, data);

	count(element);
	return element;
}

static void *counting_alloc_slab(gfp_t gfp, void *data)
{
	void *element = mempool_alloc_slab(gfp, data);

	count(element);
	return element;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Every page allocation fails from now on, whatever its flags. */
static void fail_every_page_alloc(bool on)
{
	cr_assert_eq(fault_attr_write("fail_page_alloc", "verbose", "0"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "min-order", "0"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "ignore-gfp-wait", "N"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "times", "-1"), 0);
	cr_assert_eq(fault_attr_write("fail_page_alloc", "probability", on ? "100" : "0"), 0);
}

static void boot(void)
{
	sh_boot(&bh_m256, NULL);
	atomic_store(&backend_ok, 0);
	atomic_store(&backend_failed, 0);
}

static void finish(void)
{
	kmm_halt();
}

TestSuite(mempool_progress, .init = boot, .fini = finish);

/* ---- N workers over one pool ---- */

struct worker {
	pthread_t thread;
	mempool_t *pool;
	bool pages;		/* elements are struct page *, else objects */
	size_t bytes;		/* bytes of each element the worker writes */
	void *reserve[MIN_NR];
	int rounds, foreign, corrupt, nulls;
	double longest_wait;
	unsigned long sleeps;
};

static unsigned char *element_bytes(struct worker *w, void *e)
{
	return w->pages ? page_address(e) : e;
}

static bool from_reserve(struct worker *w, void *e)
{
	for (int i = 0; i < MIN_NR; i++)
		if (w->reserve[i] == e)
			return true;
	return false;
}

static void one_round(struct worker *w, unsigned char tag)
{
	double t0 = now_s(), waited;
	void *e = mempool_alloc(w->pool, GFP_KERNEL);

	waited = now_s() - t0;
	if (waited > w->longest_wait)
		w->longest_wait = waited;
	if (!e) {
		w->nulls++;
		return;
	}
	w->foreign += !from_reserve(w, e);
	memset(element_bytes(w, e), tag, w->bytes);
	usleep(100);		/* "I/O": hold it while the others want it */
	for (size_t i = 0; i < w->bytes; i++)
		if (element_bytes(w, e)[i] != tag) {
			w->corrupt++;
			break;
		}
	mempool_free(e, w->pool);
	w->rounds++;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned long nvcsw = current->nvcsw;

	for (int r = 0; r < ROUNDS; r++)
		one_round(w, (unsigned char)(r + 1));
	w->sleeps = current->nvcsw - nvcsw;
	return NULL;
}

static void run_workers(mempool_t *pool, bool pages, size_t bytes)
{
	static struct worker w[THREADS];
	unsigned long sleeps = 0;

	for (int i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].pool = pool;
		w[i].pages = pages;
		w[i].bytes = bytes;
		memcpy(w[i].reserve, pool->elements, sizeof(w[i].reserve));
		cr_assert_eq(pthread_create(&w[i].thread, NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(w[i].thread, NULL);
	for (int i = 0; i < THREADS; i++) {
		cr_assert_eq(w[i].rounds, ROUNDS, "thread %d finished %d rounds", i, w[i].rounds);
		cr_assert_eq(w[i].nulls, 0);
		cr_assert_eq(w[i].foreign, 0, "thread %d got elements from outside the reserve", i);
		cr_assert_eq(w[i].corrupt, 0, "thread %d shared an element", i);
		cr_assert_lt(w[i].longest_wait, 4.5, "thread %d waited for the timeout", i);
		sleeps += w[i].sleeps;
	}
	cr_assert_eq(atomic_load(&backend_ok), 0, "the allocator served elements meanwhile");
	cr_assert_geq(atomic_load(&backend_failed), THREADS * ROUNDS,
		      "the allocator was asked (and failed) at least once per round");
	cr_assert_gt(sleeps, 0, "with %d threads on %d elements somebody slept", THREADS, MIN_NR);
	cr_assert_eq(pool->curr_nr, MIN_NR, "every element came back to the reserve");
}

Test(mempool_progress, page_pool_under_fail_page_alloc)
{
	mempool_t *pool = mempool_create(MIN_NR, counting_alloc_pages, mempool_free_pages,
					 (void *)0L);

	cr_assert_not_null(pool);
	atomic_store(&backend_ok, 0);
	fail_every_page_alloc(true);
	cr_assert_null(alloc_page(GFP_KERNEL | __GFP_NOWARN), "the injection is armed");
	run_workers(pool, true, PAGE_SIZE);
	fail_every_page_alloc(false);
	mempool_destroy(pool);
	sh_check();
}

/* Take every page the machine gives, then every free object of @s. */
static size_t exhaust(struct bh_hold *hog, struct kmem_cache *s, void **objs, size_t max)
{
	size_t n = 0;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		bh_fill(hog, GFP_ATOMIC | __GFP_NOWARN, order, SIZE_MAX);
		bh_fill(hog, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, order, SIZE_MAX);
	}
	while (n < max && (objs[n] = kmem_cache_alloc(s, GFP_NOWAIT | __GFP_NOWARN)))
		n++;
	return n;
}

Test(mempool_progress, slab_pool_with_memory_taken_by_a_hog)
{
	static void *objs[4096];
	struct kmem_cache *s = kmem_cache_create("mp_io", 512, 0, 0, NULL);
	mempool_t *pool = mempool_create(MIN_NR, counting_alloc_slab, mempool_free_slab, s);
	struct bh_hold hog = { 0 };
	size_t n;

	cr_assert_not_null(pool);
	n = exhaust(&hog, s, objs, ARRAY_SIZE(objs));
	cr_assert_lt(n, ARRAY_SIZE(objs), "the cache kept finding memory");
	cr_assert_gt(bh_held_pages(&hog), 60000, "the hog holds the machine (%lu pages)",
		     bh_held_pages(&hog));
	cr_assert_null(kmem_cache_alloc(s, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
	atomic_store(&backend_ok, 0);
	atomic_store(&backend_failed, 0);
	run_workers(pool, false, 512);
	bh_release(&hog);
	while (n)
		kmem_cache_free(s, objs[--n]);
	mempool_destroy(pool);
	sh_check_cache(s);
	kmem_cache_destroy(s);
	sh_check();
}

/* ---- the atomic side ---- */

/* A page pool whose allocator fails and whose reserve is handed out. */
static mempool_t *empty_failing_pool(struct page **held)
{
	mempool_t *pool = mempool_create(MIN_NR, counting_alloc_pages, mempool_free_pages,
					 (void *)0L);

	cr_assert_not_null(pool);
	for (int i = 0; i < MIN_NR; i++)
		cr_assert_not_null(held[i] = mempool_alloc_preallocated(pool));
	fail_every_page_alloc(true);
	atomic_store(&backend_ok, 0);
	atomic_store(&backend_failed, 0);
	return pool;
}

static void give_back(mempool_t *pool, struct page **held)
{
	fail_every_page_alloc(false);
	for (int i = 0; i < MIN_NR; i++)
		mempool_free(held[i], pool);
	mempool_destroy(pool);
	sh_check();
}

Test(mempool_progress, gfp_atomic_returns_null_at_once_without_sleeping)
{
	static const gfp_t gfps[] = { GFP_ATOMIC, GFP_NOWAIT, GFP_ATOMIC | __GFP_NOWARN };
	struct page *held[MIN_NR];
	mempool_t *pool = empty_failing_pool(held);
	unsigned long reports = kmm_might_sleep_reports();

	for (size_t i = 0; i < ARRAY_SIZE(gfps); i++) {
		unsigned long nvcsw = current->nvcsw;
		double t0 = now_s();
		void *e = mempool_alloc(pool, gfps[i]);
		double took = now_s() - t0;

		cr_assert_null(e);
		cr_assert_eq(current->nvcsw, nvcsw, "gfp %#x slept", gfps[i]);
		cr_assert_lt(took, 0.1, "gfp %#x took %.3f s", gfps[i], took);
		cr_assert_eq(atomic_load(&backend_failed), (long)i + 1,
			     "one try of the allocator, no retry");
	}
	/* in atomic context too: no "sleeping function called" report */
	{
		DEFINE_SPINLOCK(lock);
		unsigned long nvcsw = current->nvcsw;

		spin_lock(&lock);
		cr_assert_null(mempool_alloc(pool, GFP_ATOMIC));
		spin_unlock(&lock);
		cr_assert_eq(current->nvcsw, nvcsw);
	}
	cr_assert_eq(kmm_might_sleep_reports(), reports);
	cr_assert_eq(atomic_load(&backend_ok), 0);
	give_back(pool, held);
}

struct later {
	mempool_t *pool;
	void *element;
	unsigned int delay_ms;
	bool unfail;		/* instead of freeing: let the allocator succeed */
};

static void *act_later(void *arg)
{
	struct later *l = arg;
	struct timespec ts = { 0, (long)l->delay_ms * 1000000L };

	nanosleep(&ts, NULL);
	if (l->unfail)
		cr_assert_eq(fault_attr_write("fail_page_alloc", "probability", "0"), 0);
	else
		mempool_free(l->element, l->pool);
	return NULL;
}

Test(mempool_progress, gfp_kernel_sleeps_until_an_element_is_freed)
{
	struct page *held[MIN_NR];
	mempool_t *pool = empty_failing_pool(held);
	struct later l = { pool, held[0], 50, false };
	unsigned long nvcsw = current->nvcsw;
	pthread_t t;
	double t0 = now_s(), took;
	void *e;

	cr_assert_eq(pthread_create(&t, NULL, act_later, &l), 0);
	e = mempool_alloc(pool, GFP_KERNEL);
	took = now_s() - t0;
	pthread_join(t, NULL);
	cr_assert_eq(e, held[0], "the freed element came to the sleeper");
	cr_assert_gt(current->nvcsw, nvcsw, "it slept");
	cr_assert(took >= 0.04 && took < 4.5, "woken by the free, not the timeout: %.3f s", took);
	cr_assert_eq(atomic_load(&backend_failed), 3,
		     "without reclaim, with it, sleep; once more after the wake (as Linux)");
	held[0] = e;
	give_back(pool, held);
}

Test(mempool_progress, a_sleeper_retries_the_allocator_after_5_seconds)
{
	struct page *held[MIN_NR];
	mempool_t *pool = empty_failing_pool(held);
	struct later l = { pool, NULL, 100, true };
	pthread_t t;
	double t0 = now_s(), took;
	struct page *e;

	cr_assert_eq(pthread_create(&t, NULL, act_later, &l), 0);
	e = mempool_alloc(pool, GFP_KERNEL);
	took = now_s() - t0;
	pthread_join(t, NULL);
	cr_assert_not_null(e);
	cr_assert(e != held[0] && e != held[1], "a fresh page from the allocator");
	cr_assert_eq(atomic_load(&backend_ok), 1);
	cr_assert(took > 4.9 && took < 7.0, "Linux's 5 s wait (HZ*5): %.3f s", took);
	mempool_free(e, pool);
	give_back(pool, held);
}
