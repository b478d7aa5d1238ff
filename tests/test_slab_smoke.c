// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_smoke.c - SLUB's core works: boot, caches with and
 * without constructors, kmalloc over every size class and beyond, frees
 * from another thread, destroy with objects left, the validators after
 * each step. The broad suites are test_slab_*.c and test_kmalloc_*.c;
 * this one is the allocator author's quick check.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include <kmm/kmm.h>
#include "../src/mm/slab.h"

#define MiB (1ULL << 20)

static void boot(const char *cmdline)
{
	struct kmm_config cfg = { .ram_bytes = 256 * MiB, .nr_cpus = 2 };

	cr_assert_eq(kmm_boot(&cfg, cmdline), 0, "%s", kmm_dmesg());
}

static void check_all(void)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		cr_assert(kmem_cache_is_valid(s), "%s invalid:\n%s", s->name, kmm_dmesg());
}

Test(slab_smoke, boot_prints_slub_line_and_kmalloc_caches_exist)
{
	boot("");
	cr_assert(strstr(kmm_dmesg(), "SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=2, Nodes=1"),
		  "%s", kmm_dmesg());
	for (int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
		cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][i]->object_size, 1U << i);
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][1]->object_size, 96);
	cr_assert_eq(kmalloc_caches[KMALLOC_DMA][2]->object_size, 192);
	check_all();
	kmm_halt();
}

static int ctor_calls;

static void ctor(void *p)
{
	__atomic_add_fetch(&ctor_calls, 1, __ATOMIC_RELAXED);
	memset(p, 0x5c, 40);
}

Test(slab_smoke, cache_alloc_free_and_ctor_once_per_object)
{
	struct kmem_cache *s;
	void *objs[1000];
	unsigned int per_slab;

	boot("");
	s = kmem_cache_create("smoke_ctor", 40, 0, SLAB_HWCACHE_ALIGN, ctor);
	cr_assert_not_null(s);
	per_slab = oo_objects(s->oo);
	for (int i = 0; i < 1000; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_not_null(objs[i]);
		cr_assert_eq(((unsigned char *)objs[i])[39], 0x5c);
		cr_assert_eq((unsigned long)objs[i] % 64, 0);
	}
	/* Constructors ran once per object of each slab made. */
	cr_assert_eq(ctor_calls % per_slab, 0, "%d calls, %u per slab", ctor_calls, per_slab);
	cr_assert_geq(ctor_calls, 1000);
	check_all();
	for (int i = 0; i < 1000; i++)
		kmem_cache_free(s, objs[i]);
	check_all();
	kmem_cache_destroy(s);
	check_all();
	kmm_halt();
}

Test(slab_smoke, kmalloc_every_class_and_large)
{
	static const size_t sizes[] = { 1, 8, 9, 16, 17, 64, 65, 96, 97, 128, 129, 192,
					193, 256, 512, 1024, 2048, 4096, 8192, 8193,
					65536, 4 << 20 };
	void *p[ARRAY_SIZE(sizes)];

	boot("");
	cr_assert_eq(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		cr_assert_not_null(p[i], "size %zu", sizes[i]);
		memset(p[i], 0xab, sizes[i]);
		cr_assert_geq(ksize(p[i]), sizes[i]);
		cr_assert_eq(ksize(p[i]), kmalloc_size_roundup(sizes[i]), "size %zu", sizes[i]);
	}
	cr_assert_null(kmalloc((4 << 20) + 1, GFP_KERNEL | __GFP_NOWARN));
	cr_assert(strstr(kmm_dmesg(), "Slab:") == NULL);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i]);
	check_all();
	kmm_halt();
}

Test(slab_smoke, kzalloc_krealloc_kstrdup_kcalloc)
{
	char *s, *t;
	unsigned char *z;

	boot("");
	z = kzalloc(300, GFP_KERNEL);
	for (int i = 0; i < 300; i++)
		cr_assert_eq(z[i], 0);
	z = krealloc(z, 5000, GFP_KERNEL);
	cr_assert_not_null(z);
	cr_assert_eq(ksize(z), 8192);
	s = kstrdup("hello", GFP_KERNEL);
	t = kstrndup("hello world", 5, GFP_KERNEL);
	cr_assert_str_eq(s, "hello");
	cr_assert_str_eq(t, "hello");
	cr_assert_null(kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	kfree(s);
	kfree(t);
	kfree_sensitive(z);
	check_all();
	kmm_halt();
}

Test(slab_smoke, gfp_dma_objects_come_from_zone_dma)
{
	void *p;

	boot("");
	p = kmalloc(100, GFP_KERNEL | GFP_DMA);
	cr_assert_not_null(p);
	cr_assert_eq(page_zonenum(virt_to_page(p)), ZONE_DMA);
	cr_assert_str_eq(virt_to_slab(p)->slab_cache->name, "dma-kmalloc-128");
	kfree(p);
	kmm_halt();
}

struct xfer {
	struct kmem_cache *s;
	void *objs[20000];
};

static void *free_all(void *arg)
{
	struct xfer *x = arg;

	for (int i = 0; i < 20000; i++)
		kmem_cache_free(x->s, x->objs[i]);
	return NULL;
}

Test(slab_smoke, free_from_another_thread)
{
	static struct xfer x;
	pthread_t t;

	boot("");
	x.s = kmem_cache_create("smoke_xfer", 100, 0, 0, NULL);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 20000; i++)
			cr_assert_not_null(x.objs[i] = kmem_cache_alloc(x.s, GFP_KERNEL));
		pthread_create(&t, NULL, free_all, &x);
		pthread_join(t, NULL);
		check_all();
	}
	kmem_cache_destroy(x.s);
	check_all();
	kmm_halt();
}

Test(slab_smoke, destroy_with_objects_reports_and_keeps_cache)
{
	struct kmem_cache *s;
	void *p;

	boot("");
	s = kmem_cache_create("smoke_leak", 64, 0, SLAB_NO_MERGE, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_destroy(s);
	cr_assert(strstr(kmm_dmesg(), "kmem_cache_destroy smoke_leak: Slab cache still has objects"),
		  "%s", kmm_dmesg());
	cr_assert(strstr(kmm_dmesg(), "Object 0x"), "%s", kmm_dmesg());
	kmem_cache_free(s, p);
	cr_assert(kmem_cache_is_valid(s));
	kmm_halt();
}

Test(slab_smoke, merging_makes_aliases)
{
	struct kmem_cache *a, *b, *c;

	boot("");
	a = kmem_cache_create("smoke_a", 120, 0, 0, NULL);
	b = kmem_cache_create("smoke_b", 118, 0, 0, NULL);
	c = kmem_cache_create("smoke_c", 120, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	cr_assert_eq(a, b);
	cr_assert_neq(a, c);
	cr_assert_eq(a->refcount, 2);
	kmem_cache_destroy(b);
	cr_assert_eq(a->refcount, 1);
	kmem_cache_destroy(a);
	kmem_cache_destroy(c);
	kmm_halt();
	boot("slab_nomerge");
	a = kmem_cache_create("smoke_a", 120, 0, 0, NULL);
	b = kmem_cache_create("smoke_b", 120, 0, 0, NULL);
	cr_assert_neq(a, b);
	kmm_halt();
}

Test(slab_smoke, bulk_and_meminfo_slab_lines)
{
	struct kmem_cache *s;
	void *p[300];

	boot("");
	s = kmem_cache_create("smoke_bulk", 256, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, 300, p), 300);
	cr_assert_gt(node_page_state(NODE_DATA(0), NR_SLAB_RECLAIMABLE_B), 300 * 256);
	cr_assert_gt(node_page_state(NODE_DATA(0), NR_SLAB_UNRECLAIMABLE_B), 0);
	kmem_cache_free_bulk(s, 300, p);
	check_all();
	kmem_cache_destroy(s);
	kmm_halt();
}

Test(slab_smoke, boots_twice_with_params)
{
	boot("slub_max_order=1 slab_freelist_random=0 slab_freelist_hardened=0");
	cr_assert_leq(oo_order(kmalloc_caches[0][13]->oo), 1);
	cr_assert_eq(kmalloc_caches[0][6]->random, 0);
	kmm_halt();
	boot("");
	cr_assert_eq(oo_order(kmalloc_caches[0][13]->oo), 3);
	cr_assert_neq(kmalloc_caches[0][6]->random, 0);
	kmm_halt();
}
