// SPDX-License-Identifier: MIT
/*
 * src/mm/mempool.c - memory pools (Linux 6.12's mm/mempool.c): a reserve
 * of elements that lets an allocation that may sleep always finish.
 *
 * 1. Concepts. A pool wraps an allocator given as two functions
 *    (alloc_fn, free_fn) and their pool_data: a small ops table, so a
 *    caller (or a test) plugs in any allocator, a failing or counting one
 *    included. At creation the pool takes min_nr elements from it into
 *    elements[0..curr_nr), the reserve. Helpers build pools over a slab
 *    cache, kmalloc(size) and alloc_pages(order).
 *
 * 2. Allocation (the fast path is mempool_alloc() in kmm/mempool.h):
 *      a. alloc_fn with the caller's flags plus __GFP_NOMEMALLOC |
 *         __GFP_NORETRY | __GFP_NOWARN, minus __GFP_DIRECT_RECLAIM and
 *         __GFP_IO: cheap, and it leaves the emergency reserves alone;
 *      b. else the last element of the reserve, if any;
 *      c. else, if a. masked something off, a. again at once with the
 *         caller's full flags (still NOMEMALLOC|NORETRY|NOWARN);
 *      d. else without __GFP_DIRECT_RECLAIM: NULL, at once, no sleep;
 *      e. else queue on pool->wait under the pool's lock, sleep until a
 *         mempool_free() wakes us or 5 s (MEMPOOL_WAIT_JIFFIES) pass,
 *         and start over at a. with the full flags.
 *    A caller that may sleep therefore never gets NULL: the reserve holds
 *    min_nr elements, and every element taken from it comes back to it
 *    (point 3) and wakes the sleepers. The 5 s bound is Linux's (a
 *    workaround kept since 2.6.18): a waiter also retries the allocator
 *    if memory comes back some other way.
 *
 * 3. Freeing (the fast path is mempool_free()): if curr_nr < min_nr,
 *    take the lock and, if still short, put the element in the reserve
 *    and wake_up(&pool->wait); otherwise free_fn. The unlocked test is
 *    enough: a task that took the reserve below min_nr is followed by
 *    frees that see curr_nr < min_nr until it is full again, and a
 *    waiter only waits while curr_nr is 0 (then every free refills).
 *
 * 4. Ordering. An element may travel to the freeing task without any
 *    barrier of the caller's (a pointer polled in a loop). The freeing
 *    task must then see a curr_nr from after that element was taken
 *    from the reserve, or it could miss that the reserve is short. Linux
 *    puts smp_wmb() after the removal (mempool_reserve_take()) and
 *    smp_rmb() before the read of curr_nr (mempool_free()). In C11 terms
 *    these are a release fence and an acquire fence around the caller's
 *    own store and load of the element pointer: fence-to-fence
 *    synchronisation. On x86-64 both are compiler barriers. ThreadSanitizer
 *    does not model fences: what it checks here are the relaxed atomic
 *    accesses to curr_nr and min_nr and the lock-protected rest.
 *
 * 5. Locking. pool->lock (irqsave, as Linux: mempool_free() may run in
 *    any context) guards min_nr, curr_nr and elements[]. It is held while
 *    prepare_to_wait() takes pool->wait.lock (order: pool->lock ->
 *    wait.lock) and is never held across alloc_fn or free_fn, which may
 *    take allocator locks or sleep. mempool_resize() drops it around
 *    each call of those. The lockless readers of point 3 use relaxed
 *    atomics (kmm/mempool.h point 3).
 *
 * 6. Debugging and misuse (reports in the kernel's words, state intact):
 *    - Poisoning. When SLUB poisons the objects of the pool's cache
 *      (slub_debug=P for the cache, or for the kmalloc cache of a
 *      kmalloc pool's size; for page pools and large kmalloc pools,
 *      global slub_debug=P), reserve elements are filled with 0x6b ending
 *      in 0xa5 when they enter the reserve and checked when they leave
 *      it, as 6.12 does with CONFIG_SLUB_DEBUG_ON: a changed byte prints
 *      "BUG: mempool element poison mismatch" with the bytes around it.
 *    - A foreign element: with poisoning on, mempool_free() first checks
 *      that the element is one its allocator hands out (an object of the
 *      pool's cache; a kmalloc object big enough; an in-use, aligned
 *      block of pages). One that is not gets a WARNING and is left alone
 *      (neither kept nor freed). Linux checks nothing here; the frees that
 *      reach free_fn are still checked by the allocator itself (SLUB's
 *      "Wrong slab cache" warning, the page allocator's bad page report).
 *    - mempool_destroy()/mempool_exit() while elements are out. Linux
 *      frees the reserve and the pool and says nothing; the elements stay
 *      valid memory of the allocator, and a later mempool_free() of one
 *      of them touches freed memory. kmm does the same after a WARNING
 *      naming the pool and how many reserve elements are out
 *      (min_nr - curr_nr; elements the allocator served directly are not
 *      counted, which would cost the fast paths a shared counter).
 *    - A NULL pool oopses in Linux. kmm prints the oops' first lines for
 *      the address the call would touch, says what it refused, dumps the
 *      stack and returns (NULL, -EINVAL or nothing); mempool_destroy(NULL)
 *      is silent, as in Linux.
 *
 * How kmm differs, besides point 6: the ctor check of slab pools runs
 * once when the pool is set up instead of on every allocation;
 * mempool_init_node() zeroes curr_nr itself (Linux relies on a zeroed
 * struct); the fast paths check the sleeping context (might_sleep's
 * report) inline and leave the yield point to the slow path and to the
 * allocator; poisoning is chosen at run time and only for pools whose
 * alloc_fn and free_fn are both a helper pair. No KASAN, no kmemleak.
 */
#include <stdatomic.h>

#include <kmm/mempool.h>
#include <kmm/slab.h>
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/bug.h>
#include <kmm/printk.h>
#include <kmm/poison.h>
#include <kmm/sched.h>
#include <kmm/task.h>
#include <kmm/minmax.h>
#include "../lib/string.h"
#include "slab.h"
#include "slub_debug.h"

/* Linux's io_schedule_timeout(5*HZ): the longest sleep before a retry. */
#define MEMPOOL_WAIT_JIFFIES	(5 * HZ)

/* Point 4: Linux's smp_wmb() after taking an element from the reserve. */
#define mempool_wmb()	atomic_thread_fence(memory_order_release)

/* ---- Point 6: a NULL pool ---------------------------------------------- */

/* The first lines of the oops Linux prints for @fn touching @offset. */
static __cold void mempool_null_pool(const char *fn, size_t offset, bool write)
{
	pr_alert("BUG: kernel NULL pointer dereference, address: %016lx\n",
		 (unsigned long)offset);
	pr_alert("#PF: supervisor %s access in kernel mode\n", write ? "write" : "read");
	pr_alert("#PF: error_code(0x%04x) - not-present page\n", write ? 0x0002 : 0x0000);
	pr_alert("kmm: %s() called with a NULL mempool: refused, nothing changed\n", fn);
	dump_stack();
}

#define MEMPOOL_NULL(fn, field, write)					\
	mempool_null_pool(fn, __builtin_offsetof(mempool_t, field), write)

/**
 * mempool_null_pool_saturated - mempool_is_saturated(NULL): the report.
 * Context: any. Return: false.
 */
bool mempool_null_pool_saturated(void)
{
	MEMPOOL_NULL("mempool_is_saturated", curr_nr, false);
	return false;
}

/* ---- Point 6: poisoning ------------------------------------------------- */

enum mempool_kind { MEMPOOL_OTHER, MEMPOOL_SLAB, MEMPOOL_KMALLOC, MEMPOOL_PAGES };

static enum mempool_kind mempool_kind(const mempool_t *pool)
{
	if (pool->alloc == mempool_alloc_slab && pool->free == mempool_free_slab)
		return MEMPOOL_SLAB;
	if (pool->alloc == mempool_kmalloc && pool->free == mempool_kfree)
		return MEMPOOL_KMALLOC;
	if (pool->alloc == mempool_alloc_pages && pool->free == mempool_free_pages)
		return MEMPOOL_PAGES;
	return MEMPOOL_OTHER;
}

static bool kmalloc_size_poisoned(size_t size)
{
	if (!size)
		return false;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return slub_debug & SLAB_POISON;
	return kmalloc_slab(size, 0)->flags & SLAB_POISON;
}

/* Does SLUB poison what @pool's allocator hands out (point 6)? */
static bool mempool_debugging(const mempool_t *pool)
{
	switch (mempool_kind(pool)) {
	case MEMPOOL_SLAB:
		return ((struct kmem_cache *)pool->pool_data)->flags & SLAB_POISON;
	case MEMPOOL_KMALLOC:
		return kmalloc_size_poisoned((size_t)pool->pool_data);
	case MEMPOOL_PAGES:
		return slub_debug & SLAB_POISON;
	default:
		return false;
	}
}

/* The bytes of @element that poisoning covers, at *@start; 0: none. */
static size_t mempool_element_bytes(const mempool_t *pool, void *element, u8 **start)
{
	*start = element;
	switch (mempool_kind(pool)) {
	case MEMPOOL_SLAB:
		return kmem_cache_size(pool->pool_data);
	case MEMPOOL_KMALLOC:
		return (size_t)pool->pool_data;
	case MEMPOOL_PAGES:
		*start = page_address(element);
		return PAGE_SIZE << (long)pool->pool_data;
	default:
		return 0;
	}
}

static __cold void poison_error(mempool_t *pool, u8 *obj, size_t size, size_t byte)
{
	size_t start = byte > sizeof(long) ? byte - sizeof(long) : 0;
	size_t end = min_t(size_t, byte + sizeof(long), size);

	pr_err("BUG: mempool element poison mismatch\n");
	pr_err("Mempool %px size %zu\n", (void *)pool, size);
	pr_err(" nr=%d @ %px: %s0x", pool->curr_nr, (void *)obj, start ? "... " : "");
	for (size_t i = start; i < end; i++)
		pr_cont("%x ", obj[i]);
	pr_cont("%s\n", end < size ? "..." : "");
	dump_stack();
}

/* An element leaves the reserve: still all poison? Then mark it in use. */
static void check_element(mempool_t *pool, void *element)
{
	u8 *obj;
	size_t size;

	if (!mempool_debugging(pool))
		return;
	size = mempool_element_bytes(pool, element, &obj);
	for (size_t i = 0; i < size; i++) {
		if (obj[i] != (i < size - 1 ? POISON_FREE : POISON_END)) {
			poison_error(pool, obj, size, i);
			return;
		}
	}
	memset(obj, POISON_INUSE, size);
}

static void poison_element(mempool_t *pool, void *element)
{
	u8 *obj;
	size_t size;

	if (!mempool_debugging(pool))
		return;
	size = mempool_element_bytes(pool, element, &obj);
	if (!size)
		return;
	memset(obj, POISON_FREE, size - 1);
	obj[size - 1] = POISON_END;
}

/* ---- Point 6: elements that are not the allocator's ------------------- */

static bool slab_object_of(struct kmem_cache *s, void *element, bool any_kmalloc,
			   size_t size)
{
	struct slab *slab;

	if (!virt_addr_valid(element) || !(slab = virt_to_slab(element)))
		return false;
	if (any_kmalloc ? !(slab->slab_cache->flags & SLAB_KMALLOC) ||
			  slab->slab_cache->object_size < size
			: slab->slab_cache != s)
		return false;
	return check_valid_pointer(slab->slab_cache, slab, element);
}

static bool large_kmalloc_of(void *element, size_t size)
{
	struct folio *folio;

	if (!virt_addr_valid(element))
		return false;
	folio = virt_to_folio(element);
	return !folio_test_slab(folio) && folio_test_large(folio) &&
	       folio_address(folio) == element && folio_size(folio) >= size;
}

static bool page_block_of(struct page *page, unsigned int order)
{
	unsigned long off = (unsigned long)page - (unsigned long)vmemmap;
	unsigned long pfn = off / sizeof(struct page);

	if (off % sizeof(struct page) || !pfn_valid(pfn) || pfn & ((1UL << order) - 1))
		return false;
	if (PageBuddy(page) || PageSlab(page) || PageTail(page) || page_count(page) < 1)
		return false;
	return !PageHead(page) || compound_order(page) == order;
}

/* Could @element have come from @pool's allocator? (debugging pools only) */
static bool mempool_element_is_ours(const mempool_t *pool, void *element)
{
	size_t size = (size_t)pool->pool_data;

	switch (mempool_kind(pool)) {
	case MEMPOOL_SLAB:
		return slab_object_of(pool->pool_data, element, false, 0);
	case MEMPOOL_KMALLOC:
		return size > KMALLOC_MAX_CACHE_SIZE ? large_kmalloc_of(element, size)
						     : slab_object_of(NULL, element, true, size);
	case MEMPOOL_PAGES:
		return page_block_of(element, (unsigned int)(long)pool->pool_data);
	default:
		return true;
	}
}

/* ---- The reserve (caller holds pool->lock) ----------------------------- */

static void add_element(mempool_t *pool, void *element)
{
	int nr = pool->curr_nr;

	BUG_ON(nr >= pool->min_nr);
	poison_element(pool, element);
	pool->elements[nr] = element;
	WRITE_ONCE_RELAXED(pool->curr_nr, nr + 1);
}

static void *remove_element(mempool_t *pool)
{
	int nr = pool->curr_nr - 1;
	void *element;

	BUG_ON(nr < 0);
	element = pool->elements[nr];
	WRITE_ONCE_RELAXED(pool->curr_nr, nr);
	check_element(pool, element);
	return element;
}

/* Point 2 b: an element from the reserve, or NULL with the lock still held. */
static void *mempool_reserve_take(mempool_t *pool, unsigned long *flags)
{
	void *element;

	spin_lock_irqsave(&pool->lock, *flags);
	if (!pool->curr_nr)
		return NULL;
	element = remove_element(pool);
	spin_unlock_irqrestore(&pool->lock, *flags);
	mempool_wmb();	/* point 4: pairs with mempool_free()'s acquire */
	return element;
}

/* The reserve is short by this many: elements taken from it not yet back. */
static int mempool_reserve_out(mempool_t *pool)
{
	unsigned long flags;
	int out;

	spin_lock_irqsave(&pool->lock, flags);
	out = pool->min_nr - pool->curr_nr;
	spin_unlock_irqrestore(&pool->lock, flags);
	return out;
}

/* ---- Setting up and taking down ---------------------------------------- */

/* Give the reserve back to the allocator, and the array. */
static void mempool_free_reserve(mempool_t *pool)
{
	while (pool->curr_nr) {
		void *element = remove_element(pool);

		pool->free(element, pool->pool_data);
	}
	kfree(pool->elements);
	pool->elements = NULL;
}

/**
 * mempool_exit - free the reserve of a pool set up with mempool_init().
 * @pool: the pool; a zeroed, never initialised one is fine
 *
 * Elements still out are reported (point 6) and not waited for.
 * Context: sleeps only if free_fn sleeps.
 */
void mempool_exit(mempool_t *pool)
{
	int out;

	if (unlikely(!pool)) {
		MEMPOOL_NULL("mempool_exit", curr_nr, false);
		return;
	}
	out = pool->elements ? mempool_reserve_out(pool) : 0;
	WARN(out > 0, "mempool %px (min_nr %d, %pS) taken down with %d reserved element%s still out\n",
	     (void *)pool, pool->min_nr, (void *)pool->alloc, out, out == 1 ? "" : "s");
	mempool_free_reserve(pool);
}

/**
 * mempool_destroy - free the reserve of a pool from mempool_create(), and the pool.
 * @pool: the pool, or NULL (nothing happens)
 *
 * Context: sleeps only if free_fn sleeps.
 */
void mempool_destroy(mempool_t *pool)
{
	if (unlikely(!pool))
		return;
	mempool_exit(pool);
	kfree(pool);
}

/* Fill the reserve up to min_nr; on failure take everything down. */
static int mempool_fill(mempool_t *pool, gfp_t gfp_mask)
{
	while (pool->curr_nr < pool->min_nr) {
		void *element = pool->alloc(gfp_mask, pool->pool_data);

		if (unlikely(!element)) {
			mempool_free_reserve(pool);
			return -ENOMEM;
		}
		add_element(pool, element);
	}
	return 0;
}

/**
 * mempool_init_node - set up a pool embedded in a caller's structure.
 * @pool: the pool
 * @min_nr: elements the reserve holds
 * @alloc_fn: gets one element: alloc_fn(gfp_mask, pool_data)
 * @free_fn: gives one back: free_fn(element, pool_data)
 * @pool_data: passed to both
 * @gfp_mask: flags for the reserve's array and its first elements
 * @node_id: node for the array, or NUMA_NO_NODE
 *
 * Context: may sleep if @gfp_mask allows. Return: 0, or -ENOMEM with
 * nothing kept (-EINVAL for a NULL pool).
 */
int mempool_init_node(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		      mempool_free_t *free_fn, void *pool_data,
		      gfp_t gfp_mask, int node_id)
{
	if (unlikely(!pool)) {
		MEMPOOL_NULL("mempool_init_node", lock, true);
		return -EINVAL;
	}
	/* Linux checks this on every allocation; the cache cannot change */
	VM_BUG_ON(alloc_fn == mempool_alloc_slab &&
		  ((struct kmem_cache *)pool_data)->ctor);
	spin_lock_init(&pool->lock);
	pool->min_nr = min_nr;
	pool->curr_nr = 0;
	pool->pool_data = pool_data;
	pool->alloc = alloc_fn;
	pool->free = free_fn;
	init_waitqueue_head(&pool->wait);
	pool->elements = kmalloc_array_node(min_nr, sizeof(void *), gfp_mask, node_id);
	if (!pool->elements)
		return -ENOMEM;
	return mempool_fill(pool, gfp_mask);
}

/**
 * mempool_init_noprof - mempool_init_node() with GFP_KERNEL on any node.
 * @pool: the pool
 * @min_nr: elements the reserve holds
 * @alloc_fn: the element allocator
 * @free_fn: its free
 * @pool_data: passed to both
 *
 * Context: may sleep. Return: 0 or -ENOMEM.
 */
int mempool_init_noprof(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
			mempool_free_t *free_fn, void *pool_data)
{
	return mempool_init_node(pool, min_nr, alloc_fn, free_fn, pool_data,
				 GFP_KERNEL, NUMA_NO_NODE);
}

/**
 * mempool_create_node_noprof - allocate and set up a pool.
 * @min_nr: elements the reserve holds
 * @alloc_fn: the element allocator
 * @free_fn: its free
 * @pool_data: passed to both
 * @gfp_mask: flags for the pool, its array and its first elements
 * @nid: node for the pool and the array, or NUMA_NO_NODE
 *
 * Context: may sleep if @gfp_mask allows. Return: the pool, or NULL.
 */
mempool_t *mempool_create_node_noprof(int min_nr, mempool_alloc_t *alloc_fn,
				      mempool_free_t *free_fn, void *pool_data,
				      gfp_t gfp_mask, int nid)
{
	mempool_t *pool = kmalloc_node(sizeof(*pool), gfp_mask | __GFP_ZERO, nid);

	if (!pool)
		return NULL;
	if (mempool_init_node(pool, min_nr, alloc_fn, free_fn, pool_data, gfp_mask, nid)) {
		kfree(pool);
		return NULL;
	}
	return pool;
}

/* ---- Resizing ---------------------------------------------------------- */

/* Shrink to @new_min_nr (lock held on entry and exit; dropped to free). */
static void mempool_shrink(mempool_t *pool, int new_min_nr, unsigned long *flags)
{
	while (new_min_nr < pool->curr_nr) {
		void *element = remove_element(pool);

		spin_unlock_irqrestore(&pool->lock, *flags);
		pool->free(element, pool->pool_data);
		spin_lock_irqsave(&pool->lock, *flags);
	}
	WRITE_ONCE_RELAXED(pool->min_nr, new_min_nr);
}

/* Move the reserve into @new_elements; Return: false if a racing resize won. */
static bool mempool_swap_array(mempool_t *pool, int new_min_nr, void **new_elements)
{
	unsigned long flags;
	void **old;

	spin_lock_irqsave(&pool->lock, flags);
	if (unlikely(new_min_nr <= pool->min_nr)) {
		spin_unlock_irqrestore(&pool->lock, flags);
		return false;
	}
	memcpy(new_elements, pool->elements, pool->curr_nr * sizeof(*new_elements));
	old = pool->elements;
	pool->elements = new_elements;
	WRITE_ONCE_RELAXED(pool->min_nr, new_min_nr);
	spin_unlock_irqrestore(&pool->lock, flags);
	kfree(old);
	return true;
}

/* Top the grown reserve up with GFP_KERNEL, as far as the allocator goes. */
static void mempool_grow_fill(mempool_t *pool)
{
	unsigned long flags;
	void *element;

	spin_lock_irqsave(&pool->lock, flags);
	while (pool->curr_nr < pool->min_nr) {
		spin_unlock_irqrestore(&pool->lock, flags);
		element = pool->alloc(GFP_KERNEL, pool->pool_data);
		if (!element)
			return;
		spin_lock_irqsave(&pool->lock, flags);
		if (pool->curr_nr >= pool->min_nr) {
			spin_unlock_irqrestore(&pool->lock, flags);
			pool->free(element, pool->pool_data);	/* frees refilled it meanwhile */
			return;
		}
		add_element(pool, element);
	}
	spin_unlock_irqrestore(&pool->lock, flags);
}

/**
 * mempool_resize - change how many elements the reserve holds.
 * @pool: the pool
 * @new_min_nr: the new min_nr, at least 1
 *
 * Shrinking frees the surplus at once. Growing allocates the larger array
 * and as many elements as GFP_KERNEL gives; mempool_free() fills the rest
 * later. mempool_alloc() and mempool_free() may run meanwhile; another
 * mempool_resize() may too, mempool_destroy() must not.
 *
 * Context: may sleep. Return: 0, -ENOMEM if the array could not be
 * allocated (nothing changed), -EINVAL for a NULL pool.
 */
int mempool_resize(mempool_t *pool, int new_min_nr)
{
	unsigned long flags;
	void **new_elements;

	if (unlikely(!pool)) {
		MEMPOOL_NULL("mempool_resize", lock, true);
		return -EINVAL;
	}
	BUG_ON(new_min_nr <= 0);
	might_sleep();
	spin_lock_irqsave(&pool->lock, flags);
	if (new_min_nr <= pool->min_nr) {
		mempool_shrink(pool, new_min_nr, &flags);
		spin_unlock_irqrestore(&pool->lock, flags);
		return 0;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	new_elements = kmalloc_array(new_min_nr, sizeof(*new_elements), GFP_KERNEL);
	if (!new_elements)
		return -ENOMEM;
	if (!mempool_swap_array(pool, new_min_nr, new_elements)) {
		kfree(new_elements);	/* a racing resize did our work */
		return 0;
	}
	mempool_grow_fill(pool);
	return 0;
}

/* ---- Allocating -------------------------------------------------------- */

/* Point 2 e: queue, drop the lock, sleep until a free wakes us or 5 s pass. */
static void mempool_wait_for_free(mempool_t *pool, unsigned long flags)
{
	struct wait_queue_entry wait;

	init_wait_entry(&wait, 0);
	prepare_to_wait(&pool->wait, &wait, TASK_UNINTERRUPTIBLE);
	spin_unlock_irqrestore(&pool->lock, flags);
	io_schedule_timeout(MEMPOOL_WAIT_JIFFIES);
	finish_wait(&pool->wait, &wait);
}

/* The checks the fast path left to us; Return: false to give up (NULL). */
static bool mempool_alloc_checks(mempool_t *pool, gfp_t gfp_mask)
{
	if (unlikely(!pool)) {
		MEMPOOL_NULL("mempool_alloc", alloc, false);
		return false;
	}
#ifdef CONFIG_DEBUG_VM
	WARN_ON_ONCE(gfp_mask & __GFP_ZERO);
#endif
	might_alloc(gfp_mask);
	return true;
}

/**
 * mempool_alloc_slowpath - mempool_alloc() past its fast path (point 2).
 * @pool: the pool
 * @gfp_mask: the caller's flags
 * @tried: the fast path already asked the allocator (point 2 a) and failed
 *
 * Context: as mempool_alloc(). Return: as mempool_alloc().
 */
noinline void *mempool_alloc_slowpath(mempool_t *pool, gfp_t gfp_mask, bool tried)
{
	unsigned long flags;
	gfp_t gfp_temp;
	void *element;

	if (!tried && !mempool_alloc_checks(pool, gfp_mask))
		return NULL;
	gfp_mask |= MEMPOOL_GFP_ALWAYS;
	gfp_temp = gfp_mask & ~MEMPOOL_GFP_FIRST_OFF;
	for (;; tried = false) {
		if (!tried) {
			element = pool->alloc(gfp_temp, pool->pool_data);
			if (likely(element))
				return element;
		}
		element = mempool_reserve_take(pool, &flags);
		if (element)
			return element;
		if (gfp_temp != gfp_mask) {		/* point 2 c */
			spin_unlock_irqrestore(&pool->lock, flags);
			gfp_temp = gfp_mask;
			continue;
		}
		if (!gfpflags_allow_blocking(gfp_mask)) {	/* point 2 d */
			spin_unlock_irqrestore(&pool->lock, flags);
			return NULL;
		}
		mempool_wait_for_free(pool, flags);
	}
}

/**
 * mempool_alloc_preallocated - an element from the reserve only.
 * @pool: the pool
 *
 * Never asks the allocator and never waits.
 * Context: any; never sleeps. Return: the element, or NULL if the reserve is empty.
 */
void *mempool_alloc_preallocated(mempool_t *pool)
{
	unsigned long flags;
	void *element;

	if (unlikely(!pool)) {
		MEMPOOL_NULL("mempool_alloc_preallocated", lock, true);
		return NULL;
	}
	element = mempool_reserve_take(pool, &flags);
	if (!element)
		spin_unlock_irqrestore(&pool->lock, flags);
	return element;
}

/* ---- Freeing ----------------------------------------------------------- */

static __cold void mempool_foreign_element(mempool_t *pool, void *element)
{
	WARN(1, "mempool_free: element %px is not from the allocator of mempool %px (%pS)\n",
	     element, (void *)pool, (void *)pool->alloc);
	pr_err("kmm: element %px left alone: not added to the reserve, not freed\n", element);
}

/**
 * mempool_free_slowpath - mempool_free() when the reserve looked short,
 * or the pool is NULL (point 3, point 6).
 * @element: the element, not NULL
 * @pool: the pool
 *
 * Context: any; never sleeps unless free_fn does.
 */
noinline void mempool_free_slowpath(void *element, mempool_t *pool)
{
	unsigned long flags;

	if (unlikely(!pool)) {
		MEMPOOL_NULL("mempool_free", curr_nr, false);
		return;
	}
	if (unlikely(mempool_debugging(pool)) && !mempool_element_is_ours(pool, element)) {
		mempool_foreign_element(pool, element);
		return;
	}
	spin_lock_irqsave(&pool->lock, flags);
	if (likely(pool->curr_nr < pool->min_nr)) {
		add_element(pool, element);
		spin_unlock_irqrestore(&pool->lock, flags);
		wake_up(&pool->wait);
		return;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	pool->free(element, pool->pool_data);
}

/* ---- The helper allocators --------------------------------------------- */

/**
 * mempool_alloc_slab - alloc_fn of a pool over the slab cache @pool_data.
 * @gfp_mask: flags
 * @pool_data: the struct kmem_cache (without a constructor)
 *
 * Context: as kmem_cache_alloc(). Return: an object, or NULL.
 */
void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data)
{
	return kmem_cache_alloc(pool_data, gfp_mask);
}

/**
 * mempool_free_slab - free_fn of a pool over the slab cache @pool_data.
 * @element: the object
 * @pool_data: its cache
 *
 * Context: any; never sleeps.
 */
void mempool_free_slab(void *element, void *pool_data)
{
	kmem_cache_free(pool_data, element);
}

/**
 * mempool_kmalloc - alloc_fn of a pool of kmalloc((size_t)@pool_data).
 * @gfp_mask: flags
 * @pool_data: the size, cast to a pointer
 *
 * Context: as kmalloc(). Return: the object, or NULL.
 */
void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data)
{
	return kmalloc((size_t)pool_data, gfp_mask);
}

/**
 * mempool_kfree - free_fn of a kmalloc pool.
 * @element: the object
 * @pool_data: unused
 *
 * Context: any; never sleeps.
 */
void mempool_kfree(void *element, void *pool_data)
{
	kfree(element);
}

/**
 * mempool_alloc_pages - alloc_fn of a pool of 2^(long)@pool_data pages.
 * @gfp_mask: flags
 * @pool_data: the order, cast to a pointer
 *
 * Context: as alloc_pages(). Return: the first struct page, or NULL.
 */
void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data)
{
	return alloc_pages(gfp_mask, (unsigned int)(long)pool_data);
}

/**
 * mempool_free_pages - free_fn of a page pool.
 * @element: the first struct page of the block
 * @pool_data: the order, cast to a pointer
 *
 * Context: any; never sleeps.
 */
void mempool_free_pages(void *element, void *pool_data)
{
	__free_pages(element, (unsigned int)(long)pool_data);
}
