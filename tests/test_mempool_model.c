// SPDX-License-Identifier: MIT
/*
 * tests/test_mempool_model.c - randomised model test of mempool: 10^5
 * operations (10^4 under sanitizers) on three pools at once - a slab
 * pool, a kmalloc pool and a page pool - each over a backend that fails
 * at random (a third of its calls in bursts), against a reference.
 *
 *   reference: per pool, the elements the test holds (with a byte pattern
 *              written over each), the backend's live elements (allocated
 *              and not yet freed back), and min_nr
 *   operations: mempool_alloc (GFP_KERNEL, GFP_NOIO, GFP_ATOMIC,
 *              GFP_NOWAIT), mempool_free, mempool_resize (grow and
 *              shrink), backend failure bursts on and off
 *
 * After every step, for every pool: 0 <= curr_nr <= min_nr, the reserve's
 * elements are distinct and none is held by the test, every held element
 * keeps its pattern, and held + reserve == the backend's live elements
 * (nothing lost, nothing made twice). A sleeping allocation never returns
 * NULL while the test holds fewer elements than the reserve had (it can
 * always be served); GFP_ATOMIC and GFP_NOWAIT may. At the end every
 * element goes back, mempool_destroy() frees the reserve, the backend
 * has no live element left, and the slab caches validate.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/mempool.h>
#include "helpers/slab_harness.h"
#include "helpers/model_rng.h"

#ifdef KMM_SANITIZED
#define STEPS		10000
#else
#define STEPS		100000
#endif
#define NR_POOLS	3
#define MAX_HELD	64
#define MAX_LIVE	256

struct backend {
	mempool_alloc_t *alloc;
	mempool_free_t *free;
	void *data;
	bool failing;
	void *live[MAX_LIVE];	/* every element the backend handed out and got no back */
	int nr_live;
	size_t size;		/* bytes the test may write */
	bool pages;		/* elements are struct page * (mempool_alloc_pages) */
};

struct pool_model {
	mempool_t *pool;
	struct backend be;
	void *held[MAX_HELD];
	unsigned char byte[MAX_HELD];
	int nr_held;
};

static struct pool_model pools[NR_POOLS];
/* What the run exercised: served while the backend failed, NULLs, resizes. */
static unsigned long from_reserve, nulls, resizes;

static int live_index(const struct backend *be, const void *e)
{
	for (int i = 0; i < be->nr_live; i++)
		if (be->live[i] == e)
			return i;
	return -1;
}

/* The backends: the real helpers, wrapped to fail on demand and to count. */
static void *model_alloc(gfp_t gfp, void *data)
{
	struct backend *be = data;
	void *e;

	if (be->failing || be->nr_live == MAX_LIVE)
		return NULL;
	e = be->alloc(gfp, be->data);
	if (e) {
		cr_assert_eq(live_index(be, e), -1, "the backend gave an element twice");
		be->live[be->nr_live++] = e;
	}
	return e;
}

static void model_free(void *e, void *data)
{
	struct backend *be = data;
	int i = live_index(be, e);

	cr_assert_geq(i, 0, "freed an element the backend never gave");
	be->live[i] = be->live[--be->nr_live];
	be->free(e, be->data);
}

/* Where the test writes its pattern: the element, or the page's memory. */
static unsigned char *bytes_of(const struct pool_model *m, void *e)
{
	return m->be.pages ? page_address((struct page *)e) : e;
}

static void make_pool(struct pool_model *m, mempool_alloc_t *a, mempool_free_t *f, void *data,
		      size_t size, int min_nr)
{
	m->be = (struct backend){ .alloc = a, .free = f, .data = data, .size = size,
				  .pages = a == mempool_alloc_pages };
	m->pool = mempool_create(min_nr, model_alloc, model_free, &m->be);
	cr_assert_not_null(m->pool);
	m->nr_held = 0;
}

static bool in_reserve(const mempool_t *pool, const void *e)
{
	for (int i = 0; i < pool->curr_nr; i++)
		if (pool->elements[i] == e)
			return true;
	return false;
}

static void check_pool(const struct pool_model *m)
{
	const mempool_t *pool = m->pool;

	cr_assert(pool->curr_nr >= 0 && pool->curr_nr <= pool->min_nr, "curr_nr %d, min_nr %d",
		  pool->curr_nr, pool->min_nr);
	for (int i = 0; i < pool->curr_nr; i++) {
		cr_assert_geq(live_index(&m->be, pool->elements[i]), 0, "a reserve element is not live");
		for (int j = i + 1; j < pool->curr_nr; j++)
			cr_assert_neq(pool->elements[i], pool->elements[j], "twice in the reserve");
	}
	for (int i = 0; i < m->nr_held; i++) {
		const unsigned char *p = bytes_of(m, m->held[i]);

		cr_assert_not(in_reserve(pool, m->held[i]), "a held element is in the reserve");
		cr_assert(p[0] == m->byte[i] && p[m->be.size - 1] == m->byte[i],
			  "a held element lost its pattern");
	}
	cr_assert_eq(m->nr_held + pool->curr_nr, m->be.nr_live,
		     "held %d + reserve %d != live %d", m->nr_held, pool->curr_nr, m->be.nr_live);
}

static void op_alloc(struct pool_model *m)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_NOIO, GFP_ATOMIC, GFP_NOWAIT };
	gfp_t gfp = gfps[rnd_below(4)];
	bool must = gfpflags_allow_blocking(gfp) && m->pool->curr_nr > 0;
	void *e;

	if (m->nr_held == MAX_HELD || (gfpflags_allow_blocking(gfp) && !m->pool->curr_nr &&
				       m->be.failing))
		return;	/* nothing could come back to a sleeper: it would wait forever */
	e = mempool_alloc(m->pool, gfp);
	if (!e) {
		cr_assert_not(must, "a sleeping mempool_alloc returned NULL with a reserve");
		nulls++;
		return;
	}
	from_reserve += m->be.failing;
	m->byte[m->nr_held] = (unsigned char)(1 + rnd_below(255));
	memset(bytes_of(m, e), m->byte[m->nr_held], m->be.size);
	m->held[m->nr_held++] = e;
}

static void op_free(struct pool_model *m)
{
	int i;

	if (!m->nr_held)
		return;
	i = (int)rnd_below((unsigned int)m->nr_held);
	mempool_free(m->held[i], m->pool);
	m->held[i] = m->held[m->nr_held - 1];
	m->byte[i] = m->byte[m->nr_held - 1];
	m->nr_held--;
}

static void op_resize(struct pool_model *m)
{
	int new_min = 1 + (int)rnd_below(12);
	int err = mempool_resize(m->pool, new_min);

	if (!err) {
		cr_assert_eq(m->pool->min_nr, new_min);
		resizes++;
	}
	else
		cr_assert_eq(err, -ENOMEM);
}

static void one_step(void)
{
	struct pool_model *m = &pools[rnd_below(NR_POOLS)];
	unsigned int r = rnd_below(100);

	if (r < 45)
		op_alloc(m);
	else if (r < 90)
		op_free(m);
	else if (r < 93)
		op_resize(m);
	else
		m->be.failing = rnd_below(3) == 0;
	for (int i = 0; i < NR_POOLS; i++)
		check_pool(&pools[i]);
}

Test(mempool_model, three_pools_over_failing_backends, .timeout = 300)
{
	struct kmem_cache *cache;
	unsigned long pages_at_start;

	rng = seed_used = 0x9e3779b97f4a7c15ULL;
	sh_boot(&bh_m256, NULL);
	cache = kmem_cache_create("model_obj", 200, 0, 0, NULL);
	cr_assert_not_null(cache);
	pages_at_start = nr_free_pages();
	make_pool(&pools[0], mempool_alloc_slab, mempool_free_slab, cache, 200, 4);
	make_pool(&pools[1], mempool_kmalloc, mempool_kfree, (void *)(uintptr_t)96, 96, 3);
	make_pool(&pools[2], mempool_alloc_pages, mempool_free_pages, (void *)(uintptr_t)1,
		  2 * PAGE_SIZE, 2);
	for (step = 0; step < STEPS; step++)
		one_step();
	for (int i = 0; i < NR_POOLS; i++) {
		while (pools[i].nr_held)
			op_free(&pools[i]);
		check_pool(&pools[i]);
		pools[i].be.failing = false;
		mempool_destroy(pools[i].pool);
		cr_assert_eq(pools[i].be.nr_live, 0, "pool %d: %d elements never came back", i,
			     pools[i].be.nr_live);
	}
	cr_assert(from_reserve > STEPS / 1000 && nulls > STEPS / 1000 && resizes > STEPS / 1000,
		  "too little exercised: %lu from the reserve, %lu NULLs, %lu resizes",
		  from_reserve, nulls, resizes);
	sh_check_cache(cache);
	kmem_cache_destroy(cache);
	drain_all_pages(NULL);
	cr_assert_geq(nr_free_pages() + 64, pages_at_start, "pages leaked");
	sh_check();
}
