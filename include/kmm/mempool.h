/* SPDX-License-Identifier: MIT */
/*
 * kmm/mempool.h - memory pools (linux/mempool.h, Linux 6.12): a reserve
 * of preallocated elements that guarantees forward progress to callers
 * that may sleep, even when the allocator underneath has nothing left.
 *
 * 1. A pool is an ops table (alloc_fn/free_fn with their pool_data) over
 *    some allocator, plus a reserve of min_nr elements taken from it at
 *    creation. mempool_alloc() asks the allocator first and falls back to
 *    the reserve; mempool_free() refills the reserve first. Helpers give
 *    pools over a slab cache, kmalloc of a fixed size and pages of an
 *    order; any other pair of functions works too (tests use failing or
 *    counting ones).
 *
 * 2. The fast paths are the static inlines below: mempool_alloc() calls
 *    alloc_fn once and returns what it gave; mempool_free() compares
 *    curr_nr with min_nr and calls free_fn. Everything else (the reserve,
 *    the wait, the reports) is in src/mm/mempool.c behind one unlikely()
 *    branch each. Cost over a slab cache's own pair, when the allocator
 *    succeeds (callgrind, bench/bench_mempool.c --instr, x86-64 GCC 12):
 *    14 instructions per alloc+free pair in a loop; 31 when each call
 *    sits in its own out-of-line function (then the NULL-pool tests stay,
 *    the calls to alloc_fn/free_fn cannot be tail calls, and the helpers
 *    swap their two arguments for kmem_cache_alloc/free).
 *
 * 3. curr_nr and min_nr change under pool->lock and are read without it
 *    by mempool_free() and mempool_is_saturated() (Linux's READ_ONCE):
 *    every access to them is a relaxed atomic, which is a plain load or
 *    store on x86-64 and what ThreadSanitizer needs to see.
 *
 * How kmm differs: no memory-allocation profiling (*_noprof are the same
 * functions), no KASAN, no mempool_kvmalloc pools until vmalloc lands.
 * A NULL pool is reported and refused instead of oopsing (src/mm/mempool.c
 * point 6).
 */
#ifndef KMM_MEMPOOL_H
#define KMM_MEMPOOL_H

#include <stdatomic.h>

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/gfp.h>
#include <kmm/irqflags.h>
#include <kmm/numa.h>
#include <kmm/spinlock.h>
#include <kmm/wait.h>

struct kmem_cache;

typedef void *(mempool_alloc_t)(gfp_t gfp_mask, void *pool_data);
typedef void (mempool_free_t)(void *element, void *pool_data);

typedef struct mempool_s {
	spinlock_t lock;
	int min_nr;		/* the reserve's target size; elements[] holds min_nr */
	int curr_nr;		/* elements in the reserve now */
	void **elements;

	void *pool_data;
	mempool_alloc_t *alloc;
	mempool_free_t *free;
	wait_queue_head_t wait;	/* tasks waiting for an element to come back */
} mempool_t;

/** mempool_initialized - has mempool_init() set up @pool? */
static inline bool mempool_initialized(mempool_t *pool)
{
	return pool->elements != NULL;
}

/* The slow paths and reports behind the inlines (src/mm/mempool.c). */
void *mempool_alloc_slowpath(mempool_t *pool, gfp_t gfp_mask, bool tried);
void mempool_free_slowpath(void *element, mempool_t *pool);
bool mempool_null_pool_saturated(void);

/**
 * mempool_is_saturated - is the reserve full?
 * @pool: the pool
 *
 * Context: any; lockless (the answer may be stale at once).
 * Return: true if curr_nr >= min_nr; false (after a report) for NULL.
 */
static inline bool mempool_is_saturated(mempool_t *pool)
{
	if (unlikely(!pool))
		return mempool_null_pool_saturated();
	return READ_ONCE_RELAXED(pool->curr_nr) >= READ_ONCE_RELAXED(pool->min_nr);
}

void mempool_exit(mempool_t *pool);
int mempool_init_node(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		      mempool_free_t *free_fn, void *pool_data,
		      gfp_t gfp_mask, int node_id);
int mempool_init_noprof(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
			mempool_free_t *free_fn, void *pool_data);
#define mempool_init(...)	mempool_init_noprof(__VA_ARGS__)

mempool_t *mempool_create_node_noprof(int min_nr, mempool_alloc_t *alloc_fn,
				      mempool_free_t *free_fn, void *pool_data,
				      gfp_t gfp_mask, int nid);
#define mempool_create_node(...)	mempool_create_node_noprof(__VA_ARGS__)
#define mempool_create(_min_nr, _alloc_fn, _free_fn, _pool_data)	\
	mempool_create_node(_min_nr, _alloc_fn, _free_fn, _pool_data,	\
			    GFP_KERNEL, NUMA_NO_NODE)

int mempool_resize(mempool_t *pool, int new_min_nr);
void mempool_destroy(mempool_t *pool);

/*
 * The flags of the first attempt: no emergency reserves, no retry loop,
 * no warning, and (on this first round only) no direct reclaim or I/O.
 */
#define MEMPOOL_GFP_ALWAYS	(__GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN)
#define MEMPOOL_GFP_FIRST_OFF	(__GFP_DIRECT_RECLAIM | __GFP_IO)

/* Must the call take the slow path before trying the allocator? */
static __always_inline bool mempool_alloc_unusual(mempool_t *pool, gfp_t gfp_mask)
{
	/* __GFP_ZERO and a sleep in atomic context get their reports there */
	return !pool || (gfp_mask & __GFP_ZERO) ||
	       (gfpflags_allow_blocking(gfp_mask) && kmm_cannot_sleep());
}

/**
 * mempool_alloc - allocate an element from @pool.
 * @pool: the pool
 * @gfp_mask: the usual GFP flags (__GFP_ZERO is not supported)
 *
 * Asks the allocator without direct reclaim first, then takes an element
 * from the reserve; if both are empty and @gfp_mask allows direct reclaim,
 * retries with it, then waits (5 s at most each time) for an element to
 * be freed, and tries again, until it has one.
 *
 * Context: may sleep if @gfp_mask allows direct reclaim (then it never
 * returns NULL); otherwise never sleeps.
 * Return: the element, or NULL (only without __GFP_DIRECT_RECLAIM).
 */
static __always_inline void *mempool_alloc_noprof(mempool_t *pool, gfp_t gfp_mask)
{
	void *element;

	if (unlikely(mempool_alloc_unusual(pool, gfp_mask)))
		return mempool_alloc_slowpath(pool, gfp_mask, false);
	element = pool->alloc((gfp_mask | MEMPOOL_GFP_ALWAYS) & ~MEMPOOL_GFP_FIRST_OFF,
			      pool->pool_data);
	if (likely(element))
		return element;
	return mempool_alloc_slowpath(pool, gfp_mask, true);
}
#define mempool_alloc(...)	mempool_alloc_noprof(__VA_ARGS__)

/* An element from the allocator only: no reserve, no wait (Linux's macro). */
#define mempool_alloc_noreserve(_pool, _gfp)	((_pool)->alloc(_gfp, (_pool)->pool_data))

void *mempool_alloc_preallocated(mempool_t *pool);

/*
 * Linux's smp_rmb() in mempool_free(): pairs with the release fence of the
 * reserve path (src/mm/mempool.c point 4); no instruction on x86-64.
 * ThreadSanitizer models no fences and GCC refuses to compile one under
 * it: that build checks the relaxed atomics alone.
 */
#ifdef __SANITIZE_THREAD__
#define mempool_rmb()	do { } while (0)
#else
#define mempool_rmb()	atomic_thread_fence(memory_order_acquire)
#endif

/**
 * mempool_free - give @element back: to the reserve if it is short,
 * waking a waiter, else to the allocator.
 * @element: an element of @pool, or NULL (nothing happens)
 * @pool: the pool it came from
 *
 * Context: any (never sleeps unless free_fn does).
 */
static __always_inline void mempool_free(void *element, mempool_t *pool)
{
	if (unlikely(element == NULL))
		return;
	mempool_rmb();
	if (unlikely(!pool || READ_ONCE_RELAXED(pool->curr_nr) <
			      READ_ONCE_RELAXED(pool->min_nr))) {
		mempool_free_slowpath(element, pool);
		return;
	}
	pool->free(element, pool->pool_data);
}

/* A pool over a slab cache passed as pool_data (the cache may have no ctor). */
void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data);
void mempool_free_slab(void *element, void *pool_data);
#define mempool_init_slab_pool(_pool, _min_nr, _kc)			\
	mempool_init(_pool, (_min_nr), mempool_alloc_slab, mempool_free_slab, (void *)(_kc))
#define mempool_create_slab_pool(_min_nr, _kc)				\
	mempool_create((_min_nr), mempool_alloc_slab, mempool_free_slab, (void *)(_kc))

/* A pool of kmalloc(size) elements, size passed as pool_data. */
void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data);
void mempool_kfree(void *element, void *pool_data);
#define mempool_init_kmalloc_pool(_pool, _min_nr, _size)		\
	mempool_init(_pool, (_min_nr), mempool_kmalloc, mempool_kfree,	\
		     (void *)(unsigned long)(_size))
#define mempool_create_kmalloc_pool(_min_nr, _size)			\
	mempool_create((_min_nr), mempool_kmalloc, mempool_kfree,	\
		       (void *)(unsigned long)(_size))

/* A pool of struct page * blocks of the order passed as pool_data. */
void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data);
void mempool_free_pages(void *element, void *pool_data);
#define mempool_init_page_pool(_pool, _min_nr, _order)			\
	mempool_init(_pool, (_min_nr), mempool_alloc_pages,		\
		     mempool_free_pages, (void *)(long)(_order))
#define mempool_create_page_pool(_min_nr, _order)			\
	mempool_create((_min_nr), mempool_alloc_pages,			\
		       mempool_free_pages, (void *)(long)(_order))

#endif /* KMM_MEMPOOL_H */
