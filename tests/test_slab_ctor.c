// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_ctor.c - constructors, as in Linux 6.12 (mm/slub.c):
 *
 *  - allocate_slab() runs the constructor on every object of a new slab,
 *    once, when the slab is made; kmem_cache_alloc() never runs it;
 *  - a free object keeps its constructed state: the free pointer lives
 *    past the object (calculate_sizes() moves it out for ctor caches), so
 *    kmem_cache_free() leaves every object byte as it was, and the next
 *    kmem_cache_alloc() of that object sees them;
 *  - init_on_alloc=1 and init_on_free=1 leave ctor caches alone
 *    (slab_want_init_on_alloc()/slab_want_init_on_free());
 *  - a slab given back by kmem_cache_shrink() and made again is
 *    constructed again; bulk allocation constructs as single allocation
 *    does.
 *
 *   slab made:   [C][C][C][C]...[C]      ctor ran N times
 *   alloc 3:     [A][A][A][C]...[C]      no ctor call
 *   free 1:      [A][c][A][C]...[C]      c: bytes as the user left them
 */
#include <stdatomic.h>
#include <string.h>

#include "helpers/slab_harness.h"

#define OBJ_SIZE	120
#define MAGIC		0x5EED5EED5EED5EEDULL

struct thing {
	uint64_t magic;
	uint64_t state;
	unsigned char rest[OBJ_SIZE - 16];
};

static atomic_long ctor_calls;
static void *ctor_seen[65536];

static void thing_ctor(void *p)
{
	struct thing *t = p;
	long n = atomic_fetch_add(&ctor_calls, 1);

	if (n < (long)(sizeof(ctor_seen) / sizeof(ctor_seen[0])))
		ctor_seen[n] = p;
	t->magic = MAGIC;
	t->state = 0;
	memset(t->rest, 0xc7, sizeof(t->rest));
}

static long calls(void)
{
	return atomic_load(&ctor_calls);
}

static void boot(void)
{
	atomic_store(&ctor_calls, 0);
	sh_boot(&bh_m3z, NULL);
}

static void finish(void)
{
	sh_check();
	bh_halt();
}

TestSuite(slab_ctor, .init = boot, .fini = finish);
/* Cases that boot their own machine. */
TestSuite(slab_ctor_boot, .fini = finish);

static struct kmem_cache *thing_cache(void)
{
	struct kmem_cache *s = kmem_cache_create("thing", sizeof(struct thing), 0, 0,
						 thing_ctor);

	cr_assert_not_null(s);
	cr_assert_eq(calls(), 0, "the constructor ran at create time");
	return s;
}

/* The first allocation makes a slab: every object of it is constructed. */
Test(slab_ctor, runs_once_per_object_of_a_new_slab)
{
	struct kmem_cache *s = thing_cache();
	unsigned int per = sh_objs_per_slab(s);
	struct thing *t = kmem_cache_alloc(s, GFP_KERNEL);

	cr_assert_eq(calls(), per, "ctor ran %ld times for a slab of %u", calls(), per);
	cr_assert_eq(t->magic, MAGIC);
	/* every call was for a distinct object of that slab */
	for (unsigned int i = 0; i < per; i++) {
		cr_assert_eq(sh_slab_page(ctor_seen[i]), sh_slab_page(t));
		for (unsigned int j = 0; j < i; j++)
			cr_assert_neq(ctor_seen[i], ctor_seen[j]);
	}
	kmem_cache_free(s, t);
	kmem_cache_destroy(s);
}

/* Allocating the rest of the slab runs no constructor; the next slab
 * runs it N more times. */
Test(slab_ctor, not_run_on_alloc)
{
	struct kmem_cache *s = thing_cache();
	unsigned int per;
	struct thing *t[600];

	t[0] = kmem_cache_alloc(s, GFP_KERNEL);
	per = sh_objs_per_slab(s);
	cr_assert_lt(per * 2, 600);
	for (unsigned int i = 1; i < per; i++) {
		t[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_eq(calls(), per, "alloc %u ran the ctor", i);
		cr_assert_eq(t[i]->magic, MAGIC);
	}
	t[per] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(calls(), 2 * per);
	cr_assert_eq(sh_slabs(s), 2);
	for (unsigned int i = 0; i <= per; i++)
		kmem_cache_free(s, t[i]);
	kmem_cache_destroy(s);
}

/* Free and alloc, many times: still one construction per object. */
Test(slab_ctor, not_run_on_reuse)
{
	struct kmem_cache *s = thing_cache();
	struct thing *t[50];
	long after_first;

	for (int i = 0; i < 50; i++)
		t[i] = kmem_cache_alloc(s, GFP_KERNEL);
	after_first = calls();
	for (int round = 0; round < 100; round++) {
		for (int i = 0; i < 50; i++)
			kmem_cache_free(s, t[i]);
		for (int i = 0; i < 50; i++) {
			t[i] = kmem_cache_alloc(s, GFP_KERNEL);
			cr_assert_eq(t[i]->magic, MAGIC);
		}
	}
	cr_assert_eq(calls(), after_first, "ctor ran %ld more times on reuse",
		     calls() - after_first);
	for (int i = 0; i < 50; i++)
		kmem_cache_free(s, t[i]);
	kmem_cache_destroy(s);
}

/* The free pointer is outside the object: offset >= object size, and
 * the stride grows by a pointer. Without a ctor it sits in the middle
 * of the object (6.12: ALIGN_DOWN(object_size / 2, sizeof(void *))). */
Test(slab_ctor, free_pointer_is_outside_the_object)
{
	struct kmem_cache *s = thing_cache();
	struct kmem_cache *plain = kmem_cache_create("thing_plain", sizeof(struct thing), 0,
						     SLAB_NO_MERGE, NULL);

	cr_assert_geq(sh_offset(s), sizeof(struct thing), "ctor cache: free pointer at %u",
		      sh_offset(s));
	cr_assert_geq(sh_size(s), sh_offset(s) + sizeof(void *));
	cr_assert_lt(sh_offset(plain), sizeof(struct thing));
	cr_assert_eq(sh_offset(plain), (sizeof(struct thing) / 2) & ~(sizeof(void *) - 1));
	kmem_cache_destroy(plain);
	kmem_cache_destroy(s);
}

/* A freed object keeps every byte the user left in it. */
Test(slab_ctor, free_leaves_the_object_bytes_intact)
{
	struct kmem_cache *s = thing_cache();
	struct thing *t[40];

	for (int i = 0; i < 40; i++) {
		t[i] = kmem_cache_alloc(s, GFP_KERNEL);
		t[i]->state = (uint64_t)i + 1;
		memset(t[i]->rest, i, sizeof(t[i]->rest));
	}
	for (int i = 0; i < 40; i++)
		kmem_cache_free(s, t[i]);
	for (int i = 0; i < 40; i++) {
		cr_assert_eq(t[i]->magic, MAGIC, "object %d: magic overwritten after free", i);
		cr_assert_eq(t[i]->state, (uint64_t)i + 1, "object %d: state lost", i);
		cr_assert(sh_all_bytes(t[i]->rest, sizeof(t[i]->rest), (unsigned char)i),
			  "object %d: bytes changed by kmem_cache_free", i);
	}
	kmem_cache_destroy(s);
}

/* The next allocation of a freed object sees its state (constructed state
 * is the caller's to keep). */
Test(slab_ctor, constructed_state_survives_free_and_alloc)
{
	struct kmem_cache *s = thing_cache();
	struct thing *t[64], *u[64];
	int seen = 0;

	for (int i = 0; i < 64; i++) {
		t[i] = kmem_cache_alloc(s, GFP_KERNEL);
		t[i]->state = 0xabc0000 + (uint64_t)i;
	}
	for (int i = 0; i < 64; i++)
		kmem_cache_free(s, t[i]);
	for (int i = 0; i < 64; i++) {
		u[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_eq(u[i]->magic, MAGIC);
		/* objects that were used carry their state; the others are
		 * as the constructor left them */
		if ((u[i]->state & ~0xffffULL) == 0xabc0000) {
			cr_assert_eq(u[i], t[u[i]->state & 0xffff]);
			seen++;
		} else {
			cr_assert_eq(u[i]->state, 0);
		}
	}
	cr_assert_gt(seen, 0, "no freed object came back");
	for (int i = 0; i < 64; i++)
		kmem_cache_free(s, u[i]);
	kmem_cache_destroy(s);
}

/* After shrink the empty slabs are gone; new ones are constructed again. */
Test(slab_ctor, shrink_then_alloc_constructs_again)
{
	struct kmem_cache *s = thing_cache();
	struct thing *t = kmem_cache_alloc(s, GFP_KERNEL);
	unsigned int per = sh_objs_per_slab(s);

	t->magic = 0;	/* broken by the user; the slab will be discarded */
	kmem_cache_free(s, t);
	kmem_cache_shrink(s);
	cr_assert_eq(sh_slabs(s), 0);
	t = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(calls(), 2 * per);
	cr_assert_eq(t->magic, MAGIC);
	kmem_cache_free(s, t);
	kmem_cache_destroy(s);
}

/* Bulk allocation constructs whole slabs, as single allocation does. */
Test(slab_ctor, bulk_alloc_constructs_whole_slabs)
{
	struct kmem_cache *s = thing_cache();
	void *p[300];
	long made;

	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, 300, p), 300);
	cr_assert_eq(calls(), (long)sh_slabs(s) * sh_objs_per_slab(s),
		     "ctor ran %ld times for %lu slabs of %u", calls(), sh_slabs(s),
		     sh_objs_per_slab(s));
	for (int i = 0; i < 300; i++)
		cr_assert_eq(((struct thing *)p[i])->magic, MAGIC);
	made = calls();
	kmem_cache_free_bulk(s, 300, p);
	cr_assert_eq(calls(), made, "freeing ran the constructor");
	kmem_cache_destroy(s);
}

/* init_on_alloc=1 does not wipe ctor objects (the ctor state would go). */
Test(slab_ctor_boot, init_on_alloc_leaves_ctor_objects)
{
	struct kmem_cache *s;
	struct thing *t;

	atomic_store(&ctor_calls, 0);
	sh_boot(&bh_m3z, "init_on_alloc=1");
	s = thing_cache();
	t = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(t->magic, MAGIC);
	t->state = 77;
	kmem_cache_free(s, t);
	t = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(t->magic, MAGIC);
	kmem_cache_free(s, t);
	kmem_cache_destroy(s);
}

/* init_on_free=1 does not wipe ctor objects either. */
Test(slab_ctor_boot, init_on_free_leaves_ctor_objects)
{
	struct kmem_cache *s;
	struct thing *t[10];

	atomic_store(&ctor_calls, 0);
	sh_boot(&bh_m3z, "init_on_free=1");
	s = thing_cache();
	for (int i = 0; i < 10; i++)
		t[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 10; i++)
		kmem_cache_free(s, t[i]);
	for (int i = 0; i < 10; i++)
		cr_assert_eq(t[i]->magic, MAGIC, "init_on_free wiped a ctor object");
	kmem_cache_destroy(s);
}

/* For contrast: init_on_free=1 does wipe objects of a cache without ctor
 * (except the free pointer word). */
Test(slab_ctor_boot, init_on_free_wipes_plain_objects)
{
	struct kmem_cache *s;
	unsigned char *p;
	unsigned int off;

	sh_boot(&bh_m3z, "init_on_free=1");
	s = kmem_cache_create("plain_iof", 128, 0, SLAB_NO_MERGE, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	memset(p, 0xee, 128);
	off = sh_offset(s);
	kmem_cache_free(s, p);
	cr_assert(sh_all_bytes(p, off, 0), "init_on_free left bytes before the free pointer");
	cr_assert(sh_all_bytes(p + off + 8, 128 - off - 8, 0),
		  "init_on_free left bytes after the free pointer");
	kmem_cache_destroy(s);
}

/* Objects constructed on several nodes: each slab constructs its own. */
Test(slab_ctor_boot, each_node_constructs_its_slabs)
{
	struct kmem_cache *s;
	struct thing *a, *b;

	atomic_store(&ctor_calls, 0);
	sh_boot(&bh_m3z_2n, NULL);
	s = thing_cache();
	a = kmem_cache_alloc_node(s, GFP_KERNEL, 0);
	b = kmem_cache_alloc_node(s, GFP_KERNEL, 1);
	cr_assert_eq(page_to_nid(virt_to_page(a)), 0);
	cr_assert_eq(page_to_nid(virt_to_page(b)), 1);
	cr_assert_eq(calls(), 2 * sh_objs_per_slab(s));
	cr_assert_eq(a->magic, MAGIC);
	cr_assert_eq(b->magic, MAGIC);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
}
