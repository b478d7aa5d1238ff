// SPDX-License-Identifier: MIT
/*
 * tests/test_mempool_misuse.c - what happens when a pool is misused: a
 * report in the kernel's words, and the machine and the pool as they were.
 *
 *   misuse                                  report
 *   mempool_destroy/exit, elements out      WARNING ... taken down with N reserved elements still out
 *   foreign element, slub_debug=P           WARNING mempool_free: element X is not from the allocator
 *   foreign element, no debugging           SLUB's "cache_from_obj: Wrong slab cache" (the allocator's own)
 *   NULL pool                               BUG: kernel NULL pointer dereference, address: <field offset>
 *   poisoned reserve element overwritten    BUG: mempool element poison mismatch
 *   GFP_KERNEL in atomic context            BUG: sleeping function called from invalid context
 *   __GFP_ZERO                              WARNING (once), as 6.12's VM_WARN_ON_ONCE
 *   mempool_resize() in atomic context      BUG: sleeping function called from invalid context
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/mempool.h>
#include <kmm/poison.h>
#include "helpers/slab_harness.h"

static void finish(void)
{
	kmm_halt();
}

static void boot_plain(void)
{
	sh_boot(&bh_m256, NULL);
	kmm_dmesg_clear();
}

/* Objects of "mp_dbg" are poisoned by SLUB, and so the pool checks. */
static void boot_debug(void)
{
	sh_boot(&bh_m256, "slub_debug=P,mp_dbg");
	kmm_dmesg_clear();
}

TestSuite(mempool_misuse, .init = boot_plain, .fini = finish);
TestSuite(mempool_misuse_debug, .init = boot_debug, .fini = finish);
TestSuite(mempool_misuse_poison_all, .fini = finish);

static const char *hex(const void *p)
{
	static char buf[4][32];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%016lx", (unsigned long)p);
	return buf[i];
}

/* ---- taking a pool down while elements are out ---- */

Test(mempool_misuse, destroy_with_elements_out)
{
	struct kmem_cache *s = kmem_cache_create("mp_d", 64, 0, 0, NULL);
	mempool_t *pool = mempool_create_slab_pool(3, s);
	void *a = mempool_alloc_preallocated(pool), *b = mempool_alloc_preallocated(pool);
	void *c = mempool_alloc(pool, GFP_KERNEL);	/* from the cache: not counted */
	char want[200];

	snprintf(want, sizeof(want), "mempool %s (min_nr 3, mempool_alloc_slab", hex(pool));
	mempool_destroy(pool);
	cr_assert(bh_log_has(want), "%s", bh_log());
	cr_assert(bh_log_has("taken down with 2 reserved elements still out"), "%s", bh_log());
	cr_assert(bh_log_has("WARNING: CPU: "), "%s", bh_log());
	cr_assert_eq(sh_objects_inuse(s), 3, "the reserve is freed, the elements out are not");
	/* The elements are the cache's still: they go back there. */
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_free(s, c);
	sh_check_cache(s);
	kmm_dmesg_clear();
	kmem_cache_destroy(s);
	cr_assert_not(bh_log_has("BUG"), "%s", bh_log());
	sh_check();
}

Test(mempool_misuse, exit_of_an_embedded_pool_with_one_element_out)
{
	mempool_t pool;
	struct page *p;

	cr_assert_eq(mempool_init_page_pool(&pool, 2, 0), 0);
	p = mempool_alloc_preallocated(&pool);
	mempool_exit(&pool);
	cr_assert(bh_log_has("taken down with 1 reserved element still out"), "%s", bh_log());
	cr_assert_null(pool.elements);
	__free_page(p);
	sh_check();
}

/* ---- elements that are not the pool's ---- */

Test(mempool_misuse_debug, foreign_object_is_refused_when_debugging)
{
	struct kmem_cache *s = kmem_cache_create("mp_dbg", 96, 0, 0, NULL);
	struct kmem_cache *other = kmem_cache_create("mp_other", 96, 0, SLAB_NO_MERGE, NULL);
	mempool_t *pool = mempool_create_slab_pool(2, s);
	void *mine = mempool_alloc_preallocated(pool);
	void *theirs = kmem_cache_alloc(other, GFP_KERNEL);
	char want[200];

	memset(theirs, 0x44, 96);
	mempool_free(theirs, pool);
	snprintf(want, sizeof(want), "mempool_free: element %s is not from the allocator of mempool %s",
		 hex(theirs), hex(pool));
	cr_assert(bh_log_has(want), "%s", bh_log());
	cr_assert(bh_log_has("WARNING: CPU: "), "%s", bh_log());
	cr_assert(bh_log_has("not added to the reserve, not freed"), "%s", bh_log());
	cr_assert_eq(pool->curr_nr, 1, "the reserve did not take it");
	cr_assert_eq(sh_objects_inuse(other), 1, "nor was it freed");
	cr_assert_eq(((unsigned char *)theirs)[95], 0x44, "nor poisoned");

	kmm_dmesg_clear();
	mempool_free((char *)mine + 8, pool);	/* inside an object of the right cache */
	cr_assert(bh_log_has("is not from the allocator of mempool"), "%s", bh_log());
	cr_assert_eq(pool->curr_nr, 1);

	kmm_dmesg_clear();
	mempool_free(mine, pool);
	cr_assert_eq(pool->curr_nr, 2);
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
	kmem_cache_free(other, theirs);
	mempool_destroy(pool);
	sh_check_cache(s);
	sh_check_cache(other);
	kmem_cache_destroy(s);
	kmem_cache_destroy(other);
	sh_check();
}

Test(mempool_misuse_poison_all, foreign_kmalloc_and_page_elements)
{
	mempool_t *kpool, *ppool;
	void *small, *ok;
	struct page *block, *mine;

	sh_boot(&bh_m256, "slub_debug=P");
	kmm_dmesg_clear();
	kpool = mempool_create_kmalloc_pool(1, 64);
	ppool = mempool_create_page_pool(1, 1);
	ok = mempool_alloc_preallocated(kpool);
	mine = mempool_alloc_preallocated(ppool);

	small = kmalloc(32, GFP_KERNEL);		/* too small for the pool */
	mempool_free(small, kpool);
	cr_assert(bh_log_has("is not from the allocator of mempool"), "%s", bh_log());
	cr_assert_eq(kpool->curr_nr, 0);
	kfree(small);

	kmm_dmesg_clear();
	block = alloc_pages(GFP_KERNEL, 1);
	mempool_free(block + 1, ppool);			/* not an order-1 block */
	cr_assert(bh_log_has("is not from the allocator of mempool"), "%s", bh_log());
	cr_assert_eq(ppool->curr_nr, 0);
	__free_pages(block, 1);

	kmm_dmesg_clear();
	mempool_free(ok, kpool);
	mempool_free(mine, ppool);
	cr_assert_eq(kpool->curr_nr, 1);
	cr_assert_eq(ppool->curr_nr, 1);
	cr_assert_not(bh_log_has("WARNING"), "%s", bh_log());
	mempool_destroy(kpool);
	mempool_destroy(ppool);
	sh_check();
}

Test(mempool_misuse, foreign_object_without_debugging_is_the_allocators_to_catch)
{
	struct kmem_cache *s = kmem_cache_create("mp_a", 128, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *other = kmem_cache_create("mp_b", 128, 0, SLAB_NO_MERGE, NULL);
	mempool_t *pool = mempool_create_slab_pool(1, s);
	void *theirs = kmem_cache_alloc(other, GFP_KERNEL);

	mempool_free(theirs, pool);	/* reserve full: straight to kmem_cache_free(s) */
	cr_assert(bh_log_has("cache_from_obj: Wrong slab cache. mp_a but object is from mp_b"),
		  "%s", bh_log());
	cr_assert_eq(pool->curr_nr, 1);
	cr_assert_eq(sh_objects_inuse(other), 0, "SLUB freed it to its real cache");
	mempool_destroy(pool);
	sh_check_cache(s);
	sh_check_cache(other);
	kmem_cache_destroy(s);
	kmem_cache_destroy(other);
	sh_check();
}

/* ---- a NULL pool ---- */

static void assert_null_report(const char *fn, unsigned long address, bool write)
{
	char want[160];

	snprintf(want, sizeof(want), "BUG: kernel NULL pointer dereference, address: %016lx",
		 address);
	cr_assert(bh_log_has(want), "%s: %s", fn, bh_log());
	snprintf(want, sizeof(want), "#PF: supervisor %s access in kernel mode",
		 write ? "write" : "read");
	cr_assert(bh_log_has(want), "%s: %s", fn, bh_log());
	cr_assert(bh_log_has("#PF: error_code(0x000"), "%s", bh_log());
	snprintf(want, sizeof(want), "kmm: %s() called with a NULL mempool: refused, nothing changed",
		 fn);
	cr_assert(bh_log_has(want), "%s", bh_log());
	kmm_dmesg_clear();
}

Test(mempool_misuse, null_pool_everywhere)
{
	unsigned long free_before = bh_free_total();
	void *obj = kmalloc(64, GFP_KERNEL);

	cr_assert_null(mempool_alloc(NULL, GFP_KERNEL));
	assert_null_report("mempool_alloc", __builtin_offsetof(mempool_t, alloc), false);
	cr_assert_null(mempool_alloc(NULL, GFP_ATOMIC));
	assert_null_report("mempool_alloc", __builtin_offsetof(mempool_t, alloc), false);
	mempool_free(obj, NULL);
	assert_null_report("mempool_free", __builtin_offsetof(mempool_t, curr_nr), false);
	cr_assert_eq(ksize(obj), 64, "the element was left alone");
	cr_assert_null(mempool_alloc_preallocated(NULL));
	assert_null_report("mempool_alloc_preallocated", 0, true);
	cr_assert_eq(mempool_resize(NULL, 4), -EINVAL);
	assert_null_report("mempool_resize", 0, true);
	mempool_exit(NULL);
	assert_null_report("mempool_exit", __builtin_offsetof(mempool_t, curr_nr), false);
	cr_assert_not(mempool_is_saturated(NULL));
	assert_null_report("mempool_is_saturated", __builtin_offsetof(mempool_t, curr_nr), false);
	cr_assert_eq(mempool_init_slab_pool(NULL, 2, NULL), -EINVAL);
	assert_null_report("mempool_init_node", 0, true);
	mempool_destroy(NULL);
	mempool_free(NULL, NULL);	/* a NULL element is looked at first, as in Linux */
	cr_assert_str_eq(bh_log(), "", "silent, as in Linux");
	kfree(obj);
	cr_assert_eq(bh_free_total(), free_before);
	sh_check();
}

/* ---- poisoned reserve elements ---- */

Test(mempool_misuse_debug, overwritten_reserve_element_is_reported)
{
	struct kmem_cache *s = kmem_cache_create("mp_dbg", 100, 0, 0, NULL);
	mempool_t *pool = mempool_create_slab_pool(2, s);
	unsigned char *victim = pool->elements[1];
	char want[200];
	void *e;

	victim[10] = 0x00;	/* a write after the element was freed to the pool */
	e = mempool_alloc_preallocated(pool);
	cr_assert_eq(e, victim);
	cr_assert(bh_log_has("BUG: mempool element poison mismatch"), "%s", bh_log());
	snprintf(want, sizeof(want), "Mempool %s size 100", hex(pool));
	cr_assert(bh_log_has(want), "%s", bh_log());
	snprintf(want, sizeof(want), " nr=1 @ %s: ... 0x6b 6b 6b 6b 6b 6b 6b 6b 0 6b 6b 6b 6b 6b 6b 6b ...",
		 hex(victim));
	cr_assert(bh_log_has(want), "want [%s] in\n%s", want, bh_log());
	/* the pool goes on */
	mempool_free(e, pool);
	cr_assert_eq(pool->curr_nr, 2);
	kmm_dmesg_clear();
	mempool_free(mempool_alloc_preallocated(pool), pool);
	cr_assert_not(bh_log_has("mismatch"), "%s", bh_log());
	mempool_destroy(pool);
	kmem_cache_destroy(s);
	sh_check();
}

/* ---- contexts and flags ---- */

Test(mempool_misuse, gfp_kernel_in_atomic_context_is_reported)
{
	mempool_t *pool = mempool_create_kmalloc_pool(2, 64);
	unsigned long reports = kmm_might_sleep_reports();
	DEFINE_SPINLOCK(lock);
	void *e;

	spin_lock(&lock);
	e = mempool_alloc(pool, GFP_KERNEL);
	spin_unlock(&lock);
	cr_assert_not_null(e, "the allocator had memory: the element is still given");
	cr_assert_eq(kmm_might_sleep_reports(), reports + 1);
	cr_assert(bh_log_has("BUG: sleeping function called from invalid context at "),
		  "%s", bh_log());
	mempool_free(e, pool);
	mempool_destroy(pool);
	sh_check();
}

Test(mempool_misuse, gfp_zero_warns_once)
{
	mempool_t *pool = mempool_create_kmalloc_pool(2, 64);
	void *e = mempool_alloc(pool, GFP_KERNEL | __GFP_ZERO);

	cr_assert_not_null(e);
	cr_assert_eq(bh_log_count("WARNING: CPU: "), 1, "%s", bh_log());
	mempool_free(e, pool);
	mempool_free(mempool_alloc(pool, GFP_KERNEL | __GFP_ZERO), pool);
	cr_assert_eq(bh_log_count("WARNING: CPU: "), 1, "once: %s", bh_log());
	mempool_destroy(pool);
}

Test(mempool_misuse, resize_may_sleep)
{
	mempool_t *pool = mempool_create_kmalloc_pool(3, 64);
	unsigned long reports = kmm_might_sleep_reports();
	DEFINE_SPINLOCK(lock);

	spin_lock(&lock);
	cr_assert_eq(mempool_resize(pool, 1), 0);	/* a shrink: nothing allocated */
	spin_unlock(&lock);
	cr_assert_eq(kmm_might_sleep_reports(), reports + 1);
	cr_assert(bh_log_has("BUG: sleeping function called from invalid context at src/mm/mempool.c:"),
		  "%s", bh_log());
	cr_assert_eq(pool->curr_nr, 1);
	mempool_destroy(pool);
	sh_check();
}
