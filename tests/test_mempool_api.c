// SPDX-License-Identifier: MIT
/*
 * tests/test_mempool_api.c - every mempool function and every helper pool
 * type, on a 256 MiB machine (Linux 6.12's mm/mempool.c semantics).
 *
 * A pool is a reserve in front of an allocator:
 *
 *      mempool_alloc()                          mempool_free()
 *           |                                        |
 *           v   a. allocator, no reclaim             v  reserve short?
 *      [ alloc_fn ] --NULL--> [ reserve: elements[0..curr_nr) ] <--yes--+
 *           |   c. full flags    b. last element                        |
 *           v                                     no: free_fn <---------+
 *
 * Most cases use a "fake" backend (an ops table over kmalloc-64 that can
 * be told to fail and records every call and its flags), so each step of
 * the algorithm is visible; the helper pools run over the real caches and
 * the page allocator.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/mempool.h>
#include <kmm/poison.h>
#include "helpers/slab_harness.h"

/* ---- the fake backend ---- */

struct fake {
	bool fail;
	int allocs, frees, failures;
	gfp_t gfp[16];		/* the flags of the first 16 calls */
};

static void *fake_alloc(gfp_t gfp, void *data)
{
	struct fake *f = data;

	if (f->allocs + f->failures < 16)
		f->gfp[f->allocs + f->failures] = gfp;
	if (f->fail) {
		f->failures++;
		return NULL;
	}
	f->allocs++;
	return kmalloc(64, GFP_KERNEL);
}

static void fake_free(void *element, void *data)
{
	struct fake *f = data;

	f->frees++;
	kfree(element);
}

static void boot(void)
{
	sh_boot(&bh_m256, NULL);
	kmm_dmesg_clear();
}

static void finish(void)
{
	kmm_halt();
}

TestSuite(mempool_api, .init = boot, .fini = finish);

/* ---- creating and destroying ---- */

Test(mempool_api, create_fills_the_reserve_and_destroy_empties_it)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create(5, fake_alloc, fake_free, &f);

	cr_assert_not_null(pool);
	cr_assert_eq(pool->min_nr, 5);
	cr_assert_eq(pool->curr_nr, 5);
	cr_assert_eq(f.allocs, 5);
	cr_assert_eq(f.gfp[0], GFP_KERNEL, "the reserve is filled with the create's flags");
	cr_assert(mempool_is_saturated(pool));
	cr_assert(mempool_initialized(pool));
	mempool_destroy(pool);
	cr_assert_eq(f.frees, 5);
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
	mempool_destroy(NULL);		/* as Linux: nothing */
	sh_check();
}

Test(mempool_api, create_node_puts_the_pool_on_the_node)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create_node(2, fake_alloc, fake_free, &f, GFP_KERNEL, 0);

	cr_assert_not_null(pool);
	cr_assert_eq(page_to_nid(virt_to_page(pool)), 0);
	cr_assert_eq(pool->curr_nr, 2);
	mempool_destroy(pool);
	cr_assert_eq(f.frees, 2);
}

static struct fake *fail_after_fake;
static int fail_after;

static void *fail_after_alloc(gfp_t gfp, void *data)
{
	if (fail_after-- <= 0)
		return NULL;
	return fake_alloc(gfp, data);
}

Test(mempool_api, create_fails_cleanly_when_the_allocator_fails)
{
	struct fake f = { 0 };

	fail_after_fake = &f;
	fail_after = 3;
	cr_assert_null(mempool_create(5, fail_after_alloc, fake_free, &f));
	cr_assert_eq(f.allocs, 3);
	cr_assert_eq(f.frees, 3, "what it got is given back");
	sh_check();
}

Test(mempool_api, init_and_exit_an_embedded_pool)
{
	struct { int x; mempool_t pool; } holder;
	struct fake f = { 0 };

	memset(&holder, 0, sizeof(holder));
	mempool_exit(&holder.pool);	/* a zeroed pool: nothing to do */
	cr_assert_eq(mempool_init(&holder.pool, 3, fake_alloc, fake_free, &f), 0);
	cr_assert_eq(holder.pool.curr_nr, 3);
	cr_assert(mempool_initialized(&holder.pool));
	mempool_exit(&holder.pool);
	cr_assert_not(mempool_initialized(&holder.pool));
	cr_assert_eq(f.frees, 3);

	memset(&holder, 0xff, sizeof(holder));	/* garbage: init sets everything */
	cr_assert_eq(mempool_init_node(&holder.pool, 2, fake_alloc, fake_free, &f,
				       GFP_KERNEL, NUMA_NO_NODE), 0);
	cr_assert_eq(holder.pool.curr_nr, 2);
	mempool_exit(&holder.pool);

	fail_after = 1;
	cr_assert_eq(mempool_init(&holder.pool, 4, fail_after_alloc, fake_free, &f), -ENOMEM);
	cr_assert_null(holder.pool.elements);
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
	sh_check();
}

/* ---- allocating ---- */

Test(mempool_api, alloc_asks_the_allocator_first_without_reclaim)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create(2, fake_alloc, fake_free, &f);
	void *e = mempool_alloc(pool, GFP_KERNEL);
	gfp_t first = f.gfp[2];

	cr_assert_not_null(e);
	cr_assert_eq(f.allocs, 3, "served by the allocator, not the reserve");
	cr_assert_eq(pool->curr_nr, 2);
	cr_assert_eq(first, (GFP_KERNEL | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN) &
			     ~(__GFP_DIRECT_RECLAIM | __GFP_IO), "first try's flags %#x", first);
	mempool_free(e, pool);
	cr_assert_eq(f.frees, 1, "the reserve is full: the element goes to free_fn");
	mempool_free(NULL, pool);	/* nothing */
	cr_assert_eq(f.frees, 1);
	mempool_destroy(pool);
}

Test(mempool_api, alloc_falls_back_to_the_reserve_and_free_refills_it_first)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create(3, fake_alloc, fake_free, &f);
	void *reserved[3], *e[3];

	memcpy(reserved, pool->elements, sizeof(reserved));
	f.fail = true;
	for (int i = 0; i < 3; i++) {
		e[i] = mempool_alloc(pool, GFP_KERNEL);
		cr_assert_eq(e[i], reserved[2 - i], "the last element of the reserve comes first");
		cr_assert_eq(pool->curr_nr, 2 - i);
		cr_assert_not(mempool_is_saturated(pool));
	}
	cr_assert_eq(f.failures, 3, "one try each: the reserve answered before a reclaim retry");
	f.fail = false;
	for (int i = 0; i < 3; i++)
		mempool_free(e[i], pool);
	cr_assert_eq(pool->curr_nr, 3);
	cr_assert_eq(f.frees, 0, "every free refilled the reserve");
	cr_assert(mempool_is_saturated(pool));
	mempool_destroy(pool);
}

Test(mempool_api, alloc_retries_with_reclaim_before_giving_up_the_reserve_is_empty)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create(1, fake_alloc, fake_free, &f);
	void *e = mempool_alloc_preallocated(pool);

	cr_assert_not_null(e);
	f.fail = true;
	cr_assert_null(mempool_alloc(pool, GFP_NOWAIT));
	cr_assert_eq(f.failures, 1, "GFP_NOWAIT masks nothing off: no second try");
	cr_assert_null(mempool_alloc(pool, GFP_ATOMIC));
	cr_assert_eq(f.failures, 2);
	cr_assert_eq(f.gfp[2], GFP_ATOMIC | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN);
	mempool_free(e, pool);
	mempool_destroy(pool);
}

Test(mempool_api, alloc_preallocated_takes_only_from_the_reserve)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create(2, fake_alloc, fake_free, &f);
	void *a = mempool_alloc_preallocated(pool), *b = mempool_alloc_preallocated(pool);

	cr_assert_not_null(a);
	cr_assert_not_null(b);
	cr_assert_null(mempool_alloc_preallocated(pool));
	cr_assert_eq(f.allocs, 2, "the allocator was never asked");
	mempool_free(a, pool);
	mempool_free(b, pool);
	cr_assert_eq(pool->curr_nr, 2);
	mempool_destroy(pool);
}

/* ---- resizing ---- */

Test(mempool_api, resize_grows_and_shrinks_the_reserve)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create(2, fake_alloc, fake_free, &f);
	void *e;

	cr_assert_eq(mempool_resize(pool, 6), 0);
	cr_assert_eq(pool->min_nr, 6);
	cr_assert_eq(pool->curr_nr, 6);
	cr_assert_eq(f.allocs, 6);
	cr_assert_eq(mempool_resize(pool, 6), 0);
	cr_assert_eq(f.allocs, 6, "same size: nothing to do");
	cr_assert_eq(mempool_resize(pool, 1), 0);
	cr_assert_eq(pool->min_nr, 1);
	cr_assert_eq(pool->curr_nr, 1);
	cr_assert_eq(f.frees, 5, "the surplus is freed at once");

	/* Growing while the allocator fails: later frees fill the reserve. */
	f.fail = true;
	cr_assert_eq(mempool_resize(pool, 4), 0);
	cr_assert_eq(pool->min_nr, 4);
	cr_assert_eq(pool->curr_nr, 1);
	f.fail = false;
	e = kmalloc(64, GFP_KERNEL);
	mempool_free(e, pool);
	cr_assert_eq(pool->curr_nr, 2);
	mempool_destroy(pool);
	sh_check();
}

Test(mempool_api, resize_while_elements_are_out)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create(4, fake_alloc, fake_free, &f);
	void *e[4];

	for (int i = 0; i < 4; i++)
		e[i] = mempool_alloc_preallocated(pool);
	cr_assert_eq(mempool_resize(pool, 2), 0);
	cr_assert_eq(pool->curr_nr, 0);
	for (int i = 0; i < 4; i++)
		mempool_free(e[i], pool);
	cr_assert_eq(pool->curr_nr, 2, "two refill the smaller reserve");
	cr_assert_eq(f.frees, 2, "two go back to the allocator");
	mempool_destroy(pool);
}

/* ---- the helper pools ---- */

Test(mempool_api, slab_pool)
{
	struct kmem_cache *s = kmem_cache_create("mp_obj", 200, 0, 0, NULL);
	mempool_t *pool = mempool_create_slab_pool(4, s);
	unsigned long base = sh_objects_inuse(s);
	void *e[8];

	cr_assert_not_null(pool);
	cr_assert_eq(base, 4, "the reserve lives in the cache");
	for (int i = 0; i < 8; i++) {
		e[i] = mempool_alloc(pool, GFP_KERNEL);
		cr_assert_eq(sh_cache_of(e[i]), s);
		memset(e[i], i, 200);
	}
	cr_assert_eq(sh_objects_inuse(s), 12);
	for (int i = 0; i < 8; i++)
		mempool_free(e[i], pool);
	cr_assert_eq(sh_objects_inuse(s), 4);
	mempool_destroy(pool);
	cr_assert_eq(sh_objects_inuse(s), 0);
	sh_check_cache(s);
	kmem_cache_destroy(s);
	cr_assert_not(bh_log_has("BUG"), "%s", bh_log());
}

Test(mempool_api, slab_pool_embedded)
{
	struct kmem_cache *s = kmem_cache_create("mp_obj2", 48, 0, 0, NULL);
	mempool_t pool;

	cr_assert_eq(mempool_init_slab_pool(&pool, 3, s), 0);
	cr_assert_eq(sh_objects_inuse(s), 3);
	mempool_free(mempool_alloc(&pool, GFP_NOIO), &pool);
	mempool_exit(&pool);
	cr_assert_eq(sh_objects_inuse(s), 0);
	kmem_cache_destroy(s);
}

Test(mempool_api, kmalloc_pool_small_and_large)
{
	static const size_t sizes[] = { 1, 100, 4096, 8192, 16384 };
	unsigned long before = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		mempool_t *pool;
		void *e;

		if (sizes[i] > KMALLOC_MAX_CACHE_SIZE)
			before = bh_free_total();
		pool = mempool_create_kmalloc_pool(2, sizes[i]);

		cr_assert_not_null(pool);
		e = mempool_alloc(pool, GFP_KERNEL);
		cr_assert_geq(ksize(e), sizes[i]);
		memset(e, 0x11, sizes[i]);
		mempool_free(e, pool);
		e = mempool_alloc_preallocated(pool);
		cr_assert_geq(ksize(e), sizes[i]);
		mempool_free(e, pool);
		cr_assert_eq(pool->curr_nr, 2);
		mempool_destroy(pool);
	}
	cr_assert_eq(bh_free_total(), before, "the large kmalloc pool leaked pages");
	sh_check();
}

Test(mempool_api, kmalloc_pool_embedded)
{
	mempool_t pool;

	cr_assert_eq(mempool_init_kmalloc_pool(&pool, 2, 300), 0);
	cr_assert_geq(ksize(pool.elements[0]), 300);
	mempool_exit(&pool);
}

Test(mempool_api, page_pool_orders)
{
	unsigned long before = bh_free_total();

	for (int order = 0; order <= 3; order++) {
		mempool_t *pool = mempool_create_page_pool(3, order);
		struct page *p;

		cr_assert_not_null(pool);
		cr_assert_eq(bh_free_total(), before - 3 * (1UL << order));
		p = mempool_alloc(pool, GFP_KERNEL);
		cr_assert_not_null(p);
		cr_assert_eq(page_to_pfn(p) & ((1UL << order) - 1), 0);
		memset(page_address(p), 0x22, PAGE_SIZE << order);
		mempool_free(p, pool);
		p = mempool_alloc_preallocated(pool);
		cr_assert_eq(page_ref_count(p), 1);
		mempool_free(p, pool);
		mempool_destroy(pool);
		cr_assert_eq(bh_free_total(), before, "order %d leaked", order);
	}
	sh_check();
}

Test(mempool_api, page_pool_embedded)
{
	mempool_t pool;

	cr_assert_eq(mempool_init_page_pool(&pool, 2, 1), 0);
	cr_assert_eq(pool.curr_nr, 2);
	mempool_exit(&pool);
}

Test(mempool_api, noreserve_asks_only_the_allocator)
{
	struct fake f = { 0 };
	mempool_t *pool = mempool_create(1, fake_alloc, fake_free, &f);

	f.fail = true;
	cr_assert_null(mempool_alloc_noreserve(pool, GFP_KERNEL));
	cr_assert_eq(pool->curr_nr, 1);
	mempool_destroy(pool);
}

/* ---- poisoning (slub_debug=P for the pool's cache) ---- */

static bool all_bytes(const void *p, size_t n, unsigned char b, unsigned char last)
{
	const unsigned char *c = p;

	for (size_t i = 0; i + 1 < n; i++)
		if (c[i] != b)
			return false;
	return c[n - 1] == last;
}

TestSuite(mempool_poison, .fini = finish);

Test(mempool_poison, reserve_elements_are_poisoned_when_slub_poisons)
{
	struct kmem_cache *s;
	mempool_t *pool;
	void *e;

	sh_boot(&bh_m256, "slub_debug=P");
	s = kmem_cache_create("mp_poison", 100, 0, 0, NULL);
	pool = mempool_create_slab_pool(2, s);
	cr_assert(all_bytes(pool->elements[0], 100, POISON_FREE, POISON_END));
	e = mempool_alloc_preallocated(pool);
	cr_assert(all_bytes(e, 100, POISON_INUSE, POISON_INUSE), "checked, then marked in use");
	mempool_free(e, pool);
	cr_assert(all_bytes(pool->elements[1], 100, POISON_FREE, POISON_END));
	mempool_destroy(pool);
	kmem_cache_destroy(s);

	pool = mempool_create_page_pool(1, 1);
	cr_assert(all_bytes(page_address(pool->elements[0]), 2 * PAGE_SIZE, POISON_FREE, POISON_END));
	mempool_destroy(pool);
	pool = mempool_create_kmalloc_pool(1, 64);
	cr_assert(all_bytes(pool->elements[0], 64, POISON_FREE, POISON_END));
	mempool_destroy(pool);
	cr_assert_not(bh_log_has("mempool element poison mismatch"), "%s", bh_log());
	sh_check();
}

Test(mempool_api, no_poisoning_without_slub_debug)
{
	struct kmem_cache *s = kmem_cache_create("mp_plain", 100, 0, 0, NULL);
	mempool_t *pool = mempool_create_slab_pool(1, s);

	memset(pool->elements[0], 0x33, 100);	/* what a caller left in it */
	mempool_free(mempool_alloc_preallocated(pool), pool);
	cr_assert(all_bytes(pool->elements[0], 100, 0x33, 0x33));
	mempool_destroy(pool);
	kmem_cache_destroy(s);
}

/*
 * Under full SLUB debugging of the pool's cache, the pool's poison and
 * SLUB's checks agree. Only mp_fzpu is debugged: in this branch's SLUB,
 * kmalloc(n, __GFP_ZERO) under slub_debug=Z zeroes the whole size class,
 * over the kmalloc red zone past n, and kfree() then reports "kmalloc
 * Redzone overwritten" (mempool_create() allocates the pool so, as Linux
 * does). Reported to the SLUB work; not a mempool matter.
 */
Test(mempool_poison, full_slub_debugging_finds_nothing_wrong)
{
	struct kmem_cache *s;
	mempool_t *pool;
	void *e[6];

	sh_boot(&bh_m256, "slub_debug=FZPU,mp_fzpu");
	kmm_dmesg_clear();
	s = kmem_cache_create("mp_fzpu", 72, 0, 0, NULL);
	pool = mempool_create_slab_pool(3, s);
	for (int i = 0; i < 6; i++)
		e[i] = mempool_alloc(pool, GFP_KERNEL);
	for (int i = 0; i < 6; i++)
		mempool_free(e[i], pool);
	for (int i = 0; i < 3; i++)
		e[i] = mempool_alloc_preallocated(pool);
	for (int i = 0; i < 3; i++)
		mempool_free(e[i], pool);
	cr_assert_eq(kmem_cache_validate(s), 0, "%s", bh_log());
	mempool_destroy(pool);
	kmem_cache_destroy(s);
	cr_assert_not(bh_log_has("BUG"), "%s", bh_log());
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
	sh_check();
}
