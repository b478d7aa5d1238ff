// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_rcu.c - SLAB_TYPESAFE_BY_RCU and RCU-deferred frees, as
 * in Linux 6.12 (mm/slub.c, mm/slab_common.c):
 *
 *  - a SLAB_TYPESAFE_BY_RCU cache gives its slab pages back only after a
 *    grace period (free_slab() -> call_rcu(rcu_free_slab)): a reader that
 *    began before the slab was discarded may still read its objects, the
 *    page stays PageSlab and allocated until the reader is done;
 *  - objects themselves are reused at once (only the type is stable): a
 *    freed object may come back from the next kmem_cache_alloc() inside
 *    the reader, and is always an object of the same cache;
 *  - the free pointer lives outside the object (or at
 *    kmem_cache_args.freeptr_offset when given), so a reader sees the
 *    object's fields intact after kmem_cache_free(); init_on_free leaves
 *    such caches alone;
 *  - kmem_cache_destroy() of such a cache waits for the pending slab frees
 *    (rcu_barrier()); kmem_cache_destroy() of any cache first waits for
 *    pending kfree_rcu()s of its objects (kvfree_rcu_barrier()), so those
 *    do not count as objects left;
 *  - kfree() and kfree_rcu() take objects of any cache (6.12's kfree()
 *    finds the cache from the slab).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include <kmm/rcupdate.h>

#include "helpers/slab_harness.h"

#define MAGIC 0xfeedface

struct node {
	unsigned long magic;
	unsigned long key;
	struct rcu_head rcu;
	unsigned long pad[4];
};

static void node_ctor(void *p)
{
	struct node *n = p;

	n->magic = MAGIC;
	n->key = 0;
}

static void boot(void)
{
	sh_boot(&bh_m3z, NULL);
}

static void finish(void)
{
	rcu_barrier();
	sh_check();
	bh_halt();
}

TestSuite(slab_rcu, .init = boot, .fini = finish);
/* Cases that boot their own machine. */
TestSuite(slab_rcu_boot, .fini = finish);

static struct kmem_cache *rcu_cache(void (*ctor)(void *))
{
	struct kmem_cache *s = kmem_cache_create("rcu_node", sizeof(struct node), 0,
						 SLAB_TYPESAFE_BY_RCU, ctor);

	cr_assert_not_null(s);
	cr_assert(sh_flags(s) & SLAB_TYPESAFE_BY_RCU);
	return s;
}

/* Fill exactly one slab, free it all: ready to be discarded. */
static struct page *one_empty_slab(struct kmem_cache *s, void **objs)
{
	unsigned int per;
	struct page *head;

	objs[0] = kmem_cache_alloc(s, GFP_KERNEL);
	per = sh_objs_per_slab(s);
	head = sh_slab_page(objs[0]);
	for (unsigned int i = 1; i < per; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (unsigned int i = 0; i < per; i++)
		kmem_cache_free(s, objs[i]);
	return head;
}

/*
 *   reader:  rcu_read_lock() ............................ rcu_read_unlock()
 *   writer:        free all, shrink: slab discarded
 *   pages:   [slab]------------ still allocated -----------|-- grace --> free
 */
Test(slab_rcu, slab_pages_freed_only_after_a_grace_period)
{
	struct kmem_cache *s = rcu_cache(node_ctor);
	unsigned long free0 = bh_free_total();
	static void *objs[1024];
	struct page *head = one_empty_slab(s, objs);
	unsigned long pages = 1UL << sh_order(s);

	rcu_read_lock();
	kmem_cache_shrink(s);
	cr_assert_eq(sh_slabs(s), 0, "shrink kept the empty slab");
	usleep(50 * 1000);
	cr_assert(PageSlab(head), "slab page freed inside a read-side critical section");
	cr_assert_eq(bh_free_total(), free0 - pages, "pages went back before a grace period");
	/* the reader may still read the objects: type-safe */
	for (unsigned int i = 0; i < sh_objs_per_slab(s); i++)
		cr_assert_eq(((struct node *)objs[i])->magic, MAGIC);
	rcu_read_unlock();
	rcu_barrier();
	cr_assert_not(PageSlab(head));
	cr_assert_eq(bh_free_total(), free0, "pages not back after the grace period");
	kmem_cache_destroy(s);
}

/* Without a reader, a grace period still separates discard and free. */
Test(slab_rcu, shrink_then_barrier_gives_pages_back)
{
	struct kmem_cache *s = rcu_cache(NULL);
	unsigned long free0 = bh_free_total();
	static void *objs[4][1024];

	for (int k = 0; k < 4; k++)
		one_empty_slab(s, objs[k]);
	kmem_cache_shrink(s);
	rcu_barrier();
	cr_assert_eq(bh_free_total(), free0);
	kmem_cache_destroy(s);
}

/* Objects are reused at once, inside a reader; always of the same cache. */
Test(slab_rcu, objects_are_reused_immediately_and_stay_typed)
{
	struct kmem_cache *s = rcu_cache(node_ctor);
	struct node *a = kmem_cache_alloc(s, GFP_KERNEL);
	bool reused = false;

	a->key = 42;
	rcu_read_lock();
	kmem_cache_free(s, a);
	/* the reader still sees a node: magic intact, key as left */
	cr_assert_eq(a->magic, MAGIC);
	cr_assert_eq(a->key, 42);
	for (int i = 0; i < 8; i++) {
		struct node *b = kmem_cache_alloc(s, GFP_KERNEL);

		cr_assert_eq(sh_cache_of(b), s);
		cr_assert_eq(b->magic, MAGIC);
		if (b == a)
			reused = true;
		kmem_cache_free(s, b);
	}
	rcu_read_unlock();
	cr_assert(reused, "a freed object was not handed out again within the reader");
	kmem_cache_destroy(s);
}

/* The free pointer is past the object (calculate_sizes()). */
Test(slab_rcu, free_pointer_outside_the_object)
{
	struct kmem_cache *s = rcu_cache(NULL);
	struct node *n[16];

	cr_assert_geq(sh_offset(s), sizeof(struct node));
	for (int i = 0; i < 16; i++) {
		n[i] = kmem_cache_alloc(s, GFP_KERNEL);
		memset(n[i], 0x3e, sizeof(struct node));
	}
	for (int i = 0; i < 16; i++)
		kmem_cache_free(s, n[i]);
	for (int i = 0; i < 16; i++)
		cr_assert(sh_all_bytes(n[i], sizeof(struct node), 0x3e),
			  "object %d changed by its free", i);
	kmem_cache_destroy(s);
}

/* kmem_cache_args.freeptr_offset puts it inside the object, where asked. */
Test(slab_rcu, freeptr_offset_argument)
{
	struct kmem_cache_args args = {
		.freeptr_offset = __builtin_offsetof(struct node, rcu),
		.use_freeptr_offset = true,
	};
	struct kmem_cache *s = kmem_cache_create("rcu_fpo", sizeof(struct node), &args,
						 SLAB_TYPESAFE_BY_RCU);
	struct node *n;

	cr_assert_not_null(s);
	cr_assert_eq(sh_offset(s), __builtin_offsetof(struct node, rcu));
	cr_assert_eq(sh_size(s), sizeof(struct node));
	n = kmem_cache_alloc(s, GFP_KERNEL);
	n->magic = MAGIC;
	n->key = 5;
	kmem_cache_free(s, n);
	cr_assert_eq(n->magic, MAGIC);
	cr_assert_eq(n->key, 5);
	kmem_cache_destroy(s);
}

/* init_on_free=1 does not wipe SLAB_TYPESAFE_BY_RCU objects. */
Test(slab_rcu_boot, init_on_free_spares_typesafe_objects)
{
	struct kmem_cache *s;
	struct node *n;

	sh_boot(&bh_m3z, "init_on_free=1");
	s = rcu_cache(NULL);
	n = kmem_cache_alloc(s, GFP_KERNEL);
	n->magic = MAGIC;
	kmem_cache_free(s, n);
	cr_assert_eq(n->magic, MAGIC);
	kmem_cache_destroy(s);
}

/* Destroy waits for the RCU-deferred slab frees: every page comes back. */
Test(slab_rcu, destroy_waits_for_deferred_slab_frees)
{
	struct kmem_cache *s = rcu_cache(node_ctor);
	unsigned long free0 = bh_free_total();
	static void *objs[3000];

	for (int i = 0; i < 3000; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 3000; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	cr_assert_null(sh_find("rcu_node"));
	cr_assert_not(bh_log_has("still has objects"), "%s", bh_log());
	/* every page taken after the cache was made is back */
	cr_assert_geq(bh_free_total(), free0, "%lu pages missing", free0 - bh_free_total());
}

/* kfree() accepts an object of any cache. */
Test(slab_rcu, kfree_of_a_kmem_cache_object)
{
	struct kmem_cache *s = kmem_cache_create("rcu_plain", 200, 0, SLAB_NO_MERGE, NULL);
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	cr_assert_eq(sh_objects_inuse(s), 1);
	kfree(p);
	cr_assert_eq(sh_objects_inuse(s), 0);
	kmem_cache_destroy(s);
	cr_assert_not(bh_log_has("still has objects"), "%s", bh_log());
}

/* kfree_rcu() of kmem_cache objects, then destroy: kmem_cache_destroy()
 * waits for them (kvfree_rcu_barrier()), so the cache is empty. */
Test(slab_rcu, destroy_after_kfree_rcu_is_clean)
{
	struct kmem_cache *s = kmem_cache_create("rcu_kfr", sizeof(struct node), 0,
						 SLAB_NO_MERGE, NULL);

	for (int i = 0; i < 500; i++) {
		struct node *n = kmem_cache_alloc(s, GFP_KERNEL);

		kfree_rcu(n, rcu);
	}
	kmem_cache_destroy(s);
	cr_assert_not(bh_log_has("still has objects"),
		      "destroy did not wait for kfree_rcu:\n%s", bh_log());
	cr_assert_null(sh_find("rcu_kfr"));
}

/* A reader thread keeps looking up objects while the writer frees,
 * reallocates and shrinks: every object it sees is a node. */
static struct node *_Atomic slot[64];
static atomic_bool stop;
static atomic_long bad;

static void *reader(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		rcu_read_lock();
		for (int i = 0; i < 64; i++) {
			struct node *n = atomic_load(&slot[i]);

			if (n && __atomic_load_n(&n->magic, __ATOMIC_RELAXED) != MAGIC)
				atomic_fetch_add(&bad, 1);
		}
		rcu_read_unlock();
	}
	return NULL;
}

Test(slab_rcu, readers_never_see_foreign_memory)
{
	struct kmem_cache *s = rcu_cache(node_ctor);
	pthread_t t;

	atomic_store(&stop, false);
	atomic_store(&bad, 0);
	for (int i = 0; i < 64; i++)
		atomic_store(&slot[i], kmem_cache_alloc(s, GFP_KERNEL));
	cr_assert_eq(pthread_create(&t, NULL, reader, NULL), 0);
	for (int round = 0; round < 3000; round++) {
		int i = round % 64;
		struct node *old = atomic_exchange(&slot[i], NULL);

		kmem_cache_free(s, old);
		if (round % 256 == 255)
			kmem_cache_shrink(s);
		atomic_store(&slot[i], kmem_cache_alloc(s, GFP_KERNEL));
	}
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	cr_assert_eq(atomic_load(&bad), 0, "a reader saw %ld non-node objects",
		     atomic_load(&bad));
	for (int i = 0; i < 64; i++)
		kmem_cache_free(s, atomic_load(&slot[i]));
	kmem_cache_destroy(s);
}
