// SPDX-License-Identifier: MIT
/*
 * tests/test_mempool_stress.c - two threads on one pool, a resize in the
 * middle.
 *
 * The pool sits over a slab cache through an alloc_fn that fails two
 * calls in three, so every path runs all the time: the allocator, the
 * reserve, the retry with reclaim, the sleep on pool->wait and the wake by
 * a free, the refill in mempool_free() and its lockless curr_nr/min_nr
 * test. Each round a thread takes one element with GFP_KERNEL (it holds
 * nothing else then, as mempool users must, so a sleeper is always woken
 * by the other thread's free), sometimes a second one with GFP_ATOMIC
 * (which may be NULL), stamps them, yields, checks the stamps and frees
 * both. Thread 0 grows the reserve from 2 to 16 a third of the way
 * through and shrinks it to 3 at two thirds, while thread 1 keeps going.
 *
 * At the end the reserve is full at its last size, every other object is
 * back in the cache (destroying it is silent), and no wait lasted the 5 s
 * timeout.
 *
 * `make tsan` builds this file under ThreadSanitizer with the Criterion
 * stand-in of tests/shim, so it uses no harness.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <kmm/kmm.h>
#include <kmm/mempool.h>
#include <kmm/slab.h>

#ifdef __SANITIZE_THREAD__
#define ROUNDS	20000
#else
#define ROUNDS	200000
#endif
#define OBJ	256

static void quiet(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

static atomic_ulong calls, served;
static atomic_bool flaky;

/* Once flaky, fails two calls in three (counted across both threads). */
static void *flaky_alloc(gfp_t gfp, void *cache)
{
	void *e;

	if (atomic_fetch_add(&calls, 1) % 3 && atomic_load(&flaky))
		return NULL;
	e = mempool_alloc_slab(gfp, cache);
	if (e)
		atomic_fetch_add(&served, 1);
	return e;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct worker {
	int id;
	mempool_t *pool;
	unsigned long rng, rounds, atomic_nulls, bad_stamps, resize_errors;
	double longest;
};

static unsigned long rnd(struct worker *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

static void stamp(void *e, unsigned long v)
{
	unsigned long *p = e;

	for (size_t i = 0; i < OBJ / sizeof(long); i++)
		p[i] = v + i;
}

static bool stamped(const void *e, unsigned long v)
{
	const unsigned long *p = e;

	for (size_t i = 0; i < OBJ / sizeof(long); i++)
		if (p[i] != v + i)
			return false;
	return true;
}

static void one_round(struct worker *w, unsigned long r)
{
	unsigned long v = ((unsigned long)w->id << 56) | (r << 8);
	double t0 = now_s();
	void *a = mempool_alloc(w->pool, GFP_KERNEL), *b = NULL;

	if (now_s() - t0 > w->longest)
		w->longest = now_s() - t0;
	stamp(a, v);
	if (rnd(w) % 4 == 0) {
		b = mempool_alloc(w->pool, GFP_ATOMIC);
		if (b)
			stamp(b, v + 1000);
		else
			w->atomic_nulls++;
	}
	if (rnd(w) % 8 == 0)
		sched_yield();
	w->bad_stamps += !stamped(a, v) || (b && !stamped(b, v + 1000));
	if (rnd(w) % 2)
		(void)mempool_is_saturated(w->pool);
	mempool_free(b, w->pool);
	mempool_free(a, w->pool);
	w->rounds++;
}

static void *work(void *arg)
{
	struct worker *w = arg;

	for (unsigned long r = 0; r < ROUNDS; r++) {
		if (w->id == 0 && r == ROUNDS / 3)
			w->resize_errors += mempool_resize(w->pool, 16) != 0;
		if (w->id == 0 && r == 2 * ROUNDS / 3)
			w->resize_errors += mempool_resize(w->pool, 3) != 0;
		one_round(w, r);
	}
	return NULL;
}

Test(mempool_stress, two_threads_and_a_resize)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 2 };
	static struct worker w[2];
	struct kmem_cache *s;
	mempool_t *pool;
	pthread_t t[2];

	kmm_set_console(quiet);
	cr_assert_eq(kmm_boot(&cfg, NULL), 0, "%s", kmm_dmesg());
	s = kmem_cache_create("mp_stress", OBJ, 0, 0, NULL);
	cr_assert_not_null(s);
	atomic_store(&flaky, false);
	pool = mempool_create(2, flaky_alloc, mempool_free_slab, s);
	cr_assert_not_null(pool);
	atomic_store(&calls, 0);
	atomic_store(&served, 0);
	atomic_store(&flaky, true);
	for (int i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].pool = pool;
		w[i].rng = 0x9E3779B97F4A7C15UL * (unsigned long)(i + 1);
		cr_assert_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(w[i].rounds, ROUNDS);
		cr_assert_eq(w[i].bad_stamps, 0, "thread %d: an element was shared", i);
		cr_assert_eq(w[i].resize_errors, 0);
		cr_assert_lt(w[i].longest, 4.5, "thread %d waited for the timeout", i);
	}
	cr_assert_gt(atomic_load(&served), 0);
	cr_assert_gt(atomic_load(&calls), atomic_load(&served) * 2, "the allocator failed often");
	cr_assert_eq(pool->min_nr, 3);
	cr_assert_eq(pool->curr_nr, 3, "the last frees filled the reserve");
	cr_assert(kmem_cache_is_valid(s));
	kmm_dmesg_clear();
	mempool_destroy(pool);
	kmem_cache_destroy(s);
	cr_assert(!strstr(kmm_dmesg(), "BUG") && !strstr(kmm_dmesg(), "WARNING"), "%s",
		  kmm_dmesg());
	kmm_halt();
}
