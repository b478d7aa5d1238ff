// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_structure.c - SLUB's structure, as Linux 6.12 builds it
 * (mm/slub.c):
 *
 *  - the order of a cache's slabs is calculate_order()'s (rules in
 *    slab_harness.h); objects per slab = (PAGE_SIZE << order) / s->size;
 *    slub_min_order=, slub_max_order=, slub_min_objects= (and the slab_*
 *    spellings) steer it; the CPU count sets the default min_objects;
 *  - a slab is a compound page (order > 0) from the buddy allocator with
 *    PageSlab on its head; each object knows its cache; discarding a slab
 *    gives the pages back, PageSlab cleared;
 *  - min_partial = clamp(ilog2(size) / 2, 5, 10) (set_min_partial()):
 *    empty slabs beyond it are discarded on free, so after every object
 *    is freed at most min_partial empty slabs stay on a node's list;
 *  - cpu_partial (objects) is 120 / 52 / 24 / 6 by size (set_cpu_partial())
 *    and 0 for debug caches; cpu_partial_slabs =
 *    DIV_ROUND_UP(2 * cpu_partial, objects per slab); a CPU never keeps
 *    more partial slabs than that, the rest goes to the node list;
 *  - kmem_cache_shrink() empties every list of empty slabs;
 *  - objects freed on another CPU (thread) than the one that allocated
 *    them are freed correctly.
 *
 * Machines have two CPUs (min_objects = 4 * (fls(2) + 1) = 12) unless a
 * case says otherwise.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/slab_harness.h"

static void boot(void)
{
	sh_boot(&bh_m3z, NULL);
}

static void finish(void)
{
	sh_check();
	bh_halt();
}

TestSuite(slab_structure, .init = boot, .fini = finish);
/* Cases that boot their own machine. */
TestSuite(slab_structure_boot, .fini = finish);

static const unsigned int kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};
#define NR_KMALLOC_SIZES (sizeof(kmalloc_sizes) / sizeof(kmalloc_sizes[0]))

static struct kmem_cache *kmalloc_cache(unsigned int size)
{
	char name[32];
	struct kmem_cache *s;

	if (size >= 1024)
		snprintf(name, sizeof(name), "kmalloc-%uk", size / 1024);
	else
		snprintf(name, sizeof(name), "kmalloc-%u", size);
	s = sh_find(name);
	cr_assert_not_null(s, "no cache %s", name);
	return s;
}

/* Every kmalloc cache against the reference, with @nr_cpus and the boot
 * parameters (0: default). */
static void check_kmalloc_orders(unsigned int nr_cpus, unsigned int min_order,
				 unsigned int max_order, unsigned int min_objects)
{
	for (unsigned int i = 0; i < NR_KMALLOC_SIZES; i++) {
		struct kmem_cache *s = kmalloc_cache(kmalloc_sizes[i]);
		unsigned int want = sh_ref_order(sh_size(s), nr_cpus, min_order, max_order,
						 min_objects);

		cr_assert_eq(sh_size(s), kmalloc_sizes[i]);
		cr_assert_eq(sh_order(s), want, "%s: order %u, calculate_order() gives %u",
			     sh_name(s), sh_order(s), want);
		cr_assert_eq(sh_objs_per_slab(s), (PAGE_SIZE << want) / sh_size(s),
			     "%s: %u objects per slab", sh_name(s), sh_objs_per_slab(s));
	}
}

/*
 * The default table with 2 CPUs (min_objects 12, slub_max_order 3):
 *
 *   size      8  16  32  64  96 128 192 256 512 1k 2k 4k 8k
 *   order     0   0   0   0   0   0   0   0   1  2  3  3  3
 *   objects 512 256 128  64  42  32  21  16  16 16 16  8  4
 */
Test(slab_structure, kmalloc_orders_two_cpus)
{
	static const unsigned int order[] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3 };
	static const unsigned int objs[] = { 512, 256, 128, 64, 42, 32, 21, 16, 16, 16, 16, 8, 4 };

	for (unsigned int i = 0; i < NR_KMALLOC_SIZES; i++) {
		struct kmem_cache *s = kmalloc_cache(kmalloc_sizes[i]);

		cr_assert_eq(sh_order(s), order[i], "%s: order %u, want %u", sh_name(s),
			     sh_order(s), order[i]);
		cr_assert_eq(sh_objs_per_slab(s), objs[i], "%s: %u objects, want %u",
			     sh_name(s), sh_objs_per_slab(s), objs[i]);
	}
	check_kmalloc_orders(2, 0, 3, 0);
}

/* One CPU: min_objects = 4 * (fls(1) + 1) = 8; kmalloc-512 fits 8 in a page. */
Test(slab_structure_boot, kmalloc_orders_one_cpu)
{
	sh_boot_cpus(&bh_m3z, 1, NULL);
	cr_assert_eq(sh_order(kmalloc_cache(512)), 0);
	cr_assert_eq(sh_order(kmalloc_cache(1024)), 1);
	check_kmalloc_orders(1, 0, 3, 0);
}

/* Eight CPUs: min_objects = 4 * (fls(8) + 1) = 20. */
Test(slab_structure_boot, kmalloc_orders_eight_cpus)
{
	sh_boot_cpus(&bh_m3z, 8, NULL);
	cr_assert_eq(sh_order(kmalloc_cache(512)), 2);
	cr_assert_eq(sh_order(kmalloc_cache(256)), 1);
	check_kmalloc_orders(8, 0, 3, 0);
}

/* Sizes that are no kmalloc class: waste rules pick the order. */
Test(slab_structure, custom_cache_orders)
{
	static const unsigned int sizes[] = {
		24, 40, 100, 200, 300, 700, 1000, 1500, 3000, 5000, 10000, 30000,
		65536, 100000, 1 << 20,
	};

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char name[32];
		struct kmem_cache *s;
		unsigned int want;

		snprintf(name, sizeof(name), "st_%u", sizes[i]);
		s = kmem_cache_create(name, sizes[i], 0, SLAB_NO_MERGE, NULL);
		cr_assert_not_null(s);
		want = sh_ref_order(sh_size(s), 2, 0, 3, 0);
		cr_assert_eq(sh_order(s), want, "size %u: order %u, want %u", sizes[i],
			     sh_order(s), want);
		cr_assert_eq(sh_objs_per_slab(s), (PAGE_SIZE << want) / sh_size(s));
		kmem_cache_destroy(s);
	}
}

/* Spot values worked by hand: 700 -> order 2 (23 objects, 284 bytes left
 * <= 16384/16); 3000 -> order 3 (10 objects: 2768 left is over 1/16 but
 * under 1/8); 65536 -> order 4 (one object, get_order()). */
Test(slab_structure, custom_cache_orders_by_hand)
{
	struct kmem_cache *a = kmem_cache_create("st_700", 700, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *b = kmem_cache_create("st_3000", 3000, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *c = kmem_cache_create("st_64k", 65536, 0, SLAB_NO_MERGE, NULL);

	cr_assert_eq(sh_order(a), 2);
	cr_assert_eq(sh_objs_per_slab(a), 23);
	cr_assert_eq(sh_order(b), 3);
	cr_assert_eq(sh_objs_per_slab(b), 10);
	cr_assert_eq(sh_order(c), 4);
	cr_assert_eq(sh_objs_per_slab(c), 1);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(c);
}

/* ---- boot parameters ---- */

Test(slab_structure_boot, slub_min_order)
{
	sh_boot(&bh_m3z, "slub_min_order=2");
	cr_assert_eq(sh_order(kmalloc_cache(64)), 2);
	cr_assert_eq(sh_objs_per_slab(kmalloc_cache(64)), 256);
	check_kmalloc_orders(2, 2, 3, 0);
}

Test(slab_structure_boot, slab_min_order_spelling)
{
	sh_boot(&bh_m3z, "slab_min_order=1");
	check_kmalloc_orders(2, 1, 3, 0);
}

/* slub_min_order above slub_max_order raises the maximum. */
Test(slab_structure_boot, slub_min_order_raises_max)
{
	sh_boot(&bh_m3z, "slub_min_order=5");
	cr_assert_eq(sh_order(kmalloc_cache(8)), 5);
	cr_assert_eq(sh_order(kmalloc_cache(8192)), 5);
	check_kmalloc_orders(2, 5, 5, 0);
}

/* slub_max_order=0: one object of 8 KiB needs order 1 anyway. */
Test(slab_structure_boot, slub_max_order_zero)
{
	sh_boot(&bh_m3z, "slub_max_order=0");
	cr_assert_eq(sh_order(kmalloc_cache(4096)), 0);
	cr_assert_eq(sh_objs_per_slab(kmalloc_cache(4096)), 1);
	cr_assert_eq(sh_order(kmalloc_cache(8192)), 1);
	cr_assert_eq(sh_objs_per_slab(kmalloc_cache(8192)), 1);
	cr_assert_eq(sh_order(kmalloc_cache(512)), 0);
	check_kmalloc_orders(2, 0, 0, 0);
}

Test(slab_structure_boot, slub_max_order_one)
{
	sh_boot(&bh_m3z, "slab_max_order=1");
	cr_assert_eq(sh_order(kmalloc_cache(2048)), 1);
	cr_assert_eq(sh_objs_per_slab(kmalloc_cache(2048)), 4);
	check_kmalloc_orders(2, 0, 1, 0);
}

/* slub_max_order is capped at MAX_PAGE_ORDER. */
Test(slab_structure_boot, slub_max_order_capped)
{
	struct kmem_cache *s;

	sh_boot(&bh_m3z, "slub_max_order=20 slub_min_objects=1000");
	s = kmem_cache_create("st_big", 16384, 0, SLAB_NO_MERGE, NULL);
	cr_assert_leq(sh_order(s), MAX_PAGE_ORDER);
	cr_assert_eq(sh_order(s), sh_ref_order(16384, 2, 0, MAX_PAGE_ORDER, 1000));
	check_kmalloc_orders(2, 0, MAX_PAGE_ORDER, 1000);
	kmem_cache_destroy(s);
}

Test(slab_structure_boot, slub_min_objects)
{
	sh_boot(&bh_m3z, "slub_min_objects=64");
	cr_assert_eq(sh_order(kmalloc_cache(256)), 2);
	cr_assert_eq(sh_objs_per_slab(kmalloc_cache(256)), 64);
	check_kmalloc_orders(2, 0, 3, 64);
}

Test(slab_structure_boot, slab_min_objects_small)
{
	sh_boot(&bh_m3z, "slab_min_objects=4");
	cr_assert_eq(sh_order(kmalloc_cache(1024)), 0);
	check_kmalloc_orders(2, 0, 3, 4);
}

/* ---- slabs are pages ---- */

/*
 * A slab of order N is a compound page: PageSlab and PageHead on the
 * head, tails pointing at it, every object's virt_to_page() in it.
 */
Test(slab_structure, slabs_are_compound_pages_with_page_slab)
{
	for (unsigned int i = 0; i < NR_KMALLOC_SIZES; i++) {
		struct kmem_cache *s = kmalloc_cache(kmalloc_sizes[i]);
		void *p = kmalloc(kmalloc_sizes[i], GFP_KERNEL);
		struct page *head = sh_slab_page(p);

		cr_assert_eq(sh_cache_of(p), s);
		cr_assert(PageSlab(head), "%s: no PageSlab", sh_name(s));
		if (sh_order(s)) {
			cr_assert(PageHead(head), "%s: order %u slab not compound", sh_name(s),
				  sh_order(s));
			cr_assert_eq(compound_order(head), sh_order(s));
			for (unsigned int j = 1; j < (1U << sh_order(s)); j++)
				cr_assert_eq(compound_head(head + j), head);
		} else {
			cr_assert_not(PageCompound(head));
		}
		cr_assert_eq(sh_slab_objects(p), sh_objs_per_slab(s));
		cr_assert_eq(page_to_pfn(head) % (1UL << sh_order(s)), 0);
		kfree(p);
	}
}

/* Every object of a slab lies inside it, at a multiple of s->size. */
Test(slab_structure, objects_tile_the_slab)
{
	struct kmem_cache *s = kmem_cache_create("st_tile", 200, 0, SLAB_NO_MERGE, NULL);
	unsigned int per;
	void *p[64];
	char *base;

	bh_pin_cpu(0);	/* one CPU slab */
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	per = sh_objs_per_slab(s);
	cr_assert_leq(per, 64);
	base = page_address(sh_slab_page(p[0]));
	for (unsigned int i = 1; i < per; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (unsigned int i = 0; i < per; i++) {
		size_t off = (size_t)((char *)p[i] - base);

		cr_assert_eq(sh_slab_page(p[i]), sh_slab_page(p[0]), "object %u in another slab",
			     i);
		cr_assert_eq(off % sh_size(s), 0);
		cr_assert_leq(off + 200, PAGE_SIZE << sh_order(s));
	}
	cr_assert_eq(sh_slab_inuse(p[0]), per);
	for (unsigned int i = 0; i < per; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

/* A discarded slab is a free page again, PageSlab cleared. */
Test(slab_structure, discarded_slab_pages_go_back)
{
	struct kmem_cache *s = kmem_cache_create("st_back", 1000, 0, SLAB_NO_MERGE, NULL);
	unsigned long free0 = bh_free_total();
	void *p = kmem_cache_alloc(s, GFP_KERNEL);
	struct page *head = sh_slab_page(p);

	cr_assert_eq(bh_free_total(), free0 - (1UL << sh_order(s)));
	cr_assert_eq(sh_slabs(s), 1);
	cr_assert_eq(sh_total_objects(s), sh_objs_per_slab(s));
	kmem_cache_free(s, p);
	kmem_cache_shrink(s);
	cr_assert_eq(sh_slabs(s), 0);
	cr_assert_eq(sh_total_objects(s), 0);
	cr_assert_not(PageSlab(head));
	cr_assert_eq(bh_free_total(), free0);
	kmem_cache_destroy(s);
}

/* ---- min_partial, cpu_partial ---- */

/* min_partial = clamp(ilog2(s->size) / 2, 5, 10). */
Test(slab_structure, min_partial_by_size)
{
	static const unsigned int sizes[] = { 8, 64, 1000, 4096, 16384, 65536, 262144, 1 << 20 };
	static const unsigned long want[] = { 5, 5, 5, 6, 7, 8, 9, 10 };

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char name[32];
		struct kmem_cache *s;

		snprintf(name, sizeof(name), "st_mp%u", sizes[i]);
		s = kmem_cache_create(name, sizes[i], 0, SLAB_NO_MERGE, NULL);
		cr_assert_eq(sh_min_partial(s), want[i], "size %u: min_partial %lu, want %lu",
			     sizes[i], sh_min_partial(s), want[i]);
		cr_assert_eq(sh_min_partial(s), sh_ref_min_partial(sh_size(s)));
		kmem_cache_destroy(s);
	}
}

/* cpu_partial by size; cpu_partial_slabs = DIV_ROUND_UP(2 * objects, per slab). */
Test(slab_structure, cpu_partial_by_size)
{
	static const struct { unsigned int size, objects; } t[] = {
		{ 64, 120 }, { 200, 120 }, { 256, 52 }, { 1000, 52 }, { 1024, 24 },
		{ 3000, 24 }, { 4096, 6 }, { 8192, 6 },
	};

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char name[32];
		struct kmem_cache *s;
		unsigned int per;

		snprintf(name, sizeof(name), "st_cp%u", t[i].size);
		s = kmem_cache_create(name, t[i].size, 0, SLAB_NO_MERGE, NULL);
		per = sh_objs_per_slab(s);
		cr_assert_eq(sh_cpu_partial(s), t[i].objects, "size %u: cpu_partial %u",
			     t[i].size, sh_cpu_partial(s));
		cr_assert_eq(sh_cpu_partial_slabs(s), (2 * t[i].objects + per - 1) / per,
			     "size %u: cpu_partial_slabs %u", t[i].size, sh_cpu_partial_slabs(s));
		kmem_cache_destroy(s);
	}
}

/* Debug caches keep no per-CPU partial slabs (kmem_cache_has_cpu_partial()). */
Test(slab_structure, debug_caches_have_no_cpu_partial)
{
	struct kmem_cache *s = kmem_cache_create("st_dbg", 64, 0, SLAB_RED_ZONE, NULL);

	cr_assert_eq(sh_cpu_partial(s), 0);
	cr_assert_eq(sh_cpu_partial_slabs(s), 0);
	kmem_cache_destroy(s);
}

/*
 * K full slabs; free one object of each. Slabs that were full become
 * partial: a CPU keeps at most cpu_partial_slabs of them, the rest go to
 * the node list. The last slab is still the CPU's active slab.
 *
 *   full:  [####][####][####] ... [####]*        (* active)
 *   after: cpu partial: [###.][###.]...   (<= cpu_partial_slabs)
 *          node partial: [###.] ...       (the rest)
 */
Test(slab_structure, partial_slabs_split_between_cpu_and_node)
{
	enum { K = 30 };
	struct kmem_cache *s = kmem_cache_create("st_part", 512, 0, SLAB_NO_MERGE, NULL);
	unsigned int per, cpu_total = 0;
	void **p;

	bh_pin_cpu(0);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	per = sh_objs_per_slab(s);
	kmem_cache_free(s, p);
	p = calloc(K * per, sizeof(*p));
	for (unsigned int i = 0; i < K * per; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(sh_slabs(s), K);
	cr_assert_eq(sh_partial(s), 0);
	for (unsigned int i = 0; i < K * per; i++)
		if (sh_slab_inuse(p[i]) == per && sh_slab_page(p[i]) != sh_slab_page(p[K * per - 1]))
			kmem_cache_free(s, p[i]), p[i] = NULL;
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		cr_assert_leq(sh_cpu_partial_count(s, cpu), sh_cpu_partial_slabs(s),
			      "CPU %d keeps %u partial slabs, limit %u", cpu,
			      sh_cpu_partial_count(s, cpu), sh_cpu_partial_slabs(s));
		cpu_total += sh_cpu_partial_count(s, cpu);
	}
	cr_assert_gt(cpu_total, 0, "no slab went to the per-CPU partial list");
	cr_assert_eq(cpu_total + sh_partial(s), K - 1, "cpu %u + node %lu partial slabs",
		     cpu_total, sh_partial(s));
	cr_assert_eq(sh_slabs(s), K);
	sh_check_cache(s);
	for (unsigned int i = 0; i < K * per; i++)
		if (p[i])
			kmem_cache_free(s, p[i]);
	free(p);
	kmem_cache_destroy(s);
}

/* Freeing everything leaves at most min_partial empty slabs on the node
 * list (plus what the CPUs hold); shrink then leaves nothing. */
Test(slab_structure, empty_slabs_beyond_min_partial_are_discarded)
{
	enum { N = 5000 };
	static void *p[N];
	struct kmem_cache *s = kmem_cache_create("st_minp", 128, 0, SLAB_NO_MERGE, NULL);
	unsigned long free0 = bh_free_total();

	for (int i = 0; i < N; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	/* free in an order that empties slabs while others are partial */
	for (int i = 0; i < N; i += 2)
		kmem_cache_free(s, p[i]);
	for (int i = 1; i < N; i += 2)
		kmem_cache_free(s, p[i]);
	cr_assert_eq(sh_objects_inuse(s), 0);
	cr_assert_leq(sh_partial(s), sh_min_partial(s), "%lu empty slabs on the node list",
		      sh_partial(s));
	cr_assert_leq(sh_slabs(s), sh_min_partial(s) + 1 +
		      (unsigned long)nr_cpu_ids * (sh_cpu_partial_slabs(s) + 1));
	sh_check_cache(s);
	cr_assert_eq(kmem_cache_shrink(s), 0);
	cr_assert_eq(sh_slabs(s), 0);
	cr_assert_eq(bh_free_total(), free0);
	kmem_cache_destroy(s);
}

/* Partial slabs of one node stay on that node's list. */
Test(slab_structure_boot, partial_lists_are_per_node)
{
	struct kmem_cache *s;
	unsigned int per;
	void *p[2][400];

	sh_boot(&bh_m3z_2n, NULL);
	s = kmem_cache_create("st_nodes", 256, 0, SLAB_NO_MERGE, NULL);
	per = 0;
	for (int nid = 0; nid < 2; nid++)
		for (int i = 0; i < 400; i++)
			p[nid][i] = kmem_cache_alloc_node(s, GFP_KERNEL, nid);
	per = sh_objs_per_slab(s);
	cr_assert_geq(sh_node_slabs(s, 0), 400 / per);
	cr_assert_geq(sh_node_slabs(s, 1), 400 / per);
	cr_assert_eq(sh_node_objects(s, 0), sh_node_slabs(s, 0) * per);
	/* free node 1's objects only */
	for (int i = 0; i < 400; i++)
		kmem_cache_free(s, p[1][i]);
	kmem_cache_shrink(s);
	cr_assert_eq(sh_node_slabs(s, 1), 0);
	cr_assert_geq(sh_node_slabs(s, 0), 400 / per);
	sh_check_cache(s);
	for (int i = 0; i < 400; i++)
		kmem_cache_free(s, p[0][i]);
	kmem_cache_shrink(s);
	cr_assert_eq(sh_slabs(s), 0);
	kmem_cache_destroy(s);
}

/* ---- frees from another CPU ---- */

struct xfer {
	struct kmem_cache *s;
	void **p;
	int n;
	int cpu;
};

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *free_all(void *arg)
{
	struct xfer *x = arg;

	pin(x->cpu);
	for (int i = 0; i < x->n; i++)
		kmem_cache_free(x->s, x->p[i]);
	return NULL;
}

static void *alloc_all(void *arg)
{
	struct xfer *x = arg;

	pin(x->cpu);
	for (int i = 0; i < x->n; i++) {
		x->p[i] = kmem_cache_alloc(x->s, GFP_KERNEL);
		sh_fill(x->p[i], 64, (uint64_t)i);
	}
	return NULL;
}

/*
 * Allocate on CPU 0, free on CPU 1 (another thread): the objects go back
 * to their slabs (remote frees onto the slab freelist, or the slab onto
 * CPU 1's partial list), nothing is lost.
 */
Test(slab_structure, free_on_another_cpu)
{
	enum { N = 4000 };
	static void *p[N];
	struct kmem_cache *s = kmem_cache_create("st_remote", 64, 0, SLAB_NO_MERGE, NULL);
	struct xfer a = { s, p, N, 0 }, b = { s, p, N, 1 };
	unsigned long free0 = bh_free_total();
	pthread_t t;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		cr_skip_test("one host CPU");
	for (int round = 0; round < 3; round++) {
		cr_assert_eq(pthread_create(&t, NULL, alloc_all, &a), 0);
		pthread_join(t, NULL);
		for (int i = 0; i < N; i++)
			cr_assert(sh_filled(p[i], 64, (uint64_t)i), "object %d overlaps", i);
		cr_assert_eq(sh_objects_inuse(s), N);
		cr_assert_eq(pthread_create(&t, NULL, free_all, &b), 0);
		pthread_join(t, NULL);
		cr_assert_eq(sh_objects_inuse(s), 0);
		sh_check_cache(s);
	}
	kmem_cache_shrink(s);
	cr_assert_eq(sh_slabs(s), 0);
	cr_assert_eq(bh_free_total(), free0);
	kmem_cache_destroy(s);
}

/* The allocating CPU frees half while another CPU frees the other half,
 * at the same time. */
Test(slab_structure, concurrent_frees_from_two_cpus)
{
	enum { N = 6000 };
	static void *p[N];
	struct kmem_cache *s = kmem_cache_create("st_two", 96, 0, SLAB_NO_MERGE, NULL);
	struct xfer a = { s, p, N / 2, 0 }, b = { s, p + N / 2, N / 2, 1 };
	pthread_t t[2];

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		cr_skip_test("one host CPU");
	pin(0);
	for (int i = 0; i < N; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(pthread_create(&t[0], NULL, free_all, &a), 0);
	cr_assert_eq(pthread_create(&t[1], NULL, free_all, &b), 0);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	cr_assert_eq(sh_objects_inuse(s), 0);
	sh_check_cache(s);
	kmem_cache_shrink(s);
	cr_assert_eq(sh_slabs(s), 0);
	kmem_cache_destroy(s);
}

/* ---- when memory is short ---- */

/* A one-CPU 256 MiB machine with every page held (__GFP_MEMALLOC ignores
 * the watermarks): @h holds them all, order 0. */
static void exhaust(struct bh_hold *h)
{
	drain_all_pages(NULL);
	bh_fill(h, GFP_ATOMIC | __GFP_MEMALLOC, 0, SIZE_MAX);
	cr_assert_gt(h->nr, 60000, "only %zu pages held", h->nr);
}

/* Give back the held pages with an odd pfn: half the memory is free, in
 * single pages whose buddies are all held, so no block above order 0. */
static void free_odd_pages(struct bh_hold *h)
{
	size_t kept = 0;

	for (size_t i = 0; i < h->nr; i++) {
		if (page_to_pfn(h->b[i].page) & 1)
			__free_pages(h->b[i].page, 0);
		else
			h->b[kept++] = h->b[i];
	}
	h->nr = kept;
	drain_all_pages(NULL);
}

/*
 * allocate_slab(): when no block of the cache's order is free, a slab of
 * the minimum order (get_order(size)) is made instead, holding fewer
 * objects (s->min). 2 KiB objects on one CPU normally use order 2 (8
 * objects, min_objects 8):
 *
 *   free memory:  [.][#][.][#][.][#] ...   (order 0 only)
 *   new slabs:    order 0, 2 objects each
 */
Test(slab_structure_boot, order_falls_back_to_the_minimum_when_fragmented)
{
	struct bh_hold h = { 0 };
	struct kmem_cache *s;
	void *p[6];

	sh_boot_cpus(&bh_m256, 1, NULL);
	s = kmem_cache_create("st_frag", 2048, 0, SLAB_NO_MERGE, NULL);
	cr_assert_eq(sh_order(s), 2);
	exhaust(&h);
	free_odd_pages(&h);
	for (int i = 0; i < 6; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_not_null(p[i], "no fallback to an order-0 slab:\n%s", bh_log());
		cr_assert_eq(compound_order(sh_slab_page(p[i])), 0);
		cr_assert_not(PageHead(sh_slab_page(p[i])));
		cr_assert_eq(sh_slab_objects(p[i]), 2, "an order-0 slab of 2 KiB objects holds %u",
			     sh_slab_objects(p[i]));
		sh_fill(p[i], 2048, (uint64_t)i);
	}
	cr_assert_eq(sh_slabs(s), 3);
	cr_assert_eq(sh_total_objects(s), 6);
	sh_check_cache(s);
	/* with memory back, slabs of the cache's order again */
	bh_release(&h);
	for (int i = 0; i < 6; i++) {
		cr_assert(sh_filled(p[i], 2048, (uint64_t)i));
		kmem_cache_free(s, p[i]);
	}
	kmem_cache_shrink(s);
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(sh_slab_objects(p[0]), 8);
	kmem_cache_free(s, p[0]);
	kmem_cache_destroy(s);
}

/*
 * No page at all: the allocation fails with slab_out_of_memory()'s report
 * (6.12's words), and silently under __GFP_NOWARN. allocate_slab() tries
 * the cache's order with __GFP_NOWARN, then the minimum order with the
 * caller's flags: that one's failure is reported by the page allocator.
 */
Test(slab_structure_boot, out_of_memory_report)
{
	struct bh_hold h = { 0 };
	struct kmem_cache *s;

	sh_boot_cpus(&bh_m256, 1, NULL);
	s = kmem_cache_create("st_oom", 2048, 0, SLAB_NO_MERGE, NULL);
	exhaust(&h);
	cr_assert_null(kmem_cache_alloc(s, GFP_ATOMIC | __GFP_NOWARN));
	cr_assert_not(bh_log_has("SLUB: Unable"), "%s", bh_log());
	cr_assert_null(kmem_cache_alloc(s, GFP_ATOMIC));
	cr_assert(bh_matches(bh_log_line("SLUB: Unable to allocate memory"),
			     "SLUB: Unable to allocate memory on CPU 0 \\(of node 0\\) on node -1, "
			     "gfp=0x[0-9a-f]+\\(GFP_ATOMIC\\)"), "%s", bh_log());
	cr_assert(bh_log_has("  cache: st_oom, object size: 2048, buffer size: 2048, "
			     "default order: 2, min order: 0\n"), "%s", bh_log());
	cr_assert(bh_log_has("  node 0: slabs: 0, objs: 0, free: 0\n"), "%s", bh_log());
	cr_assert_eq(bh_log_count("page allocation failure: order:0, "), 1, "%s", bh_log());
	cr_assert_eq(bh_log_count("page allocation failure: order:2, "), 0, "%s", bh_log());
	bh_release(&h);
	kmem_cache_destroy(s);
}

/* kmem_cache_alloc_bulk() that cannot get a new slab gives back what it
 * took and returns 0 (__kmem_cache_alloc_bulk()'s error path). */
Test(slab_structure_boot, alloc_bulk_failure_takes_nothing)
{
	struct bh_hold h = { 0 };
	struct kmem_cache *s;
	void *first, *p[100];

	sh_boot_cpus(&bh_m256, 1, NULL);
	s = kmem_cache_create("st_bulk_oom", 256, 0, SLAB_NO_MERGE, NULL);
	first = kmem_cache_alloc(s, GFP_KERNEL);	/* one slab, 15 objects free */
	exhaust(&h);
	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_ATOMIC | __GFP_NOWARN, 100, p), 0);
	cr_assert_eq(sh_objects_inuse(s), 1, "a failed bulk allocation kept %lu objects",
		     sh_objects_inuse(s) - 1);
	sh_check_cache(s);
	/* what fits in the slab still comes */
	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_ATOMIC | __GFP_NOWARN, 10, p), 10);
	kmem_cache_free_bulk(s, 10, p);
	bh_release(&h);
	kmem_cache_free(s, first);
	kmem_cache_destroy(s);
}

/* ---- freelist order and hardening ---- */

/* The slab index of each of the first @n objects of a fresh slab. */
static void fresh_slab_order(struct kmem_cache *s, unsigned int *idx, void **p,
			     unsigned int n)
{
	char *base;

	bh_pin_cpu(0);	/* one CPU slab */
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	base = page_address(sh_slab_page(p[0]));
	for (unsigned int i = 1; i < n; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (unsigned int i = 0; i < n; i++) {
		cr_assert_eq(sh_slab_page(p[i]), sh_slab_page(p[0]), "object %u in another slab", i);
		idx[i] = (unsigned int)(((char *)p[i] - base) / sh_size(s));
	}
}

/*
 * CONFIG_SLAB_FREELIST_RANDOM (kmm: slab_freelist_random=1, the default):
 * shuffle_freelist() hands a new slab's objects out in a random order;
 * with slab_freelist_random=0 they come in address order.
 */
Test(slab_structure, freelist_order_is_random_by_default)
{
	struct kmem_cache *s = kmem_cache_create("st_rand", 64, 0, SLAB_NO_MERGE, NULL);
	unsigned int idx[64], in_order = 0;
	void *p[64];

	cr_assert_eq(sh_objs_per_slab(s), 64);
	fresh_slab_order(s, idx, p, 64);
	for (unsigned int i = 0; i < 64; i++)
		in_order += idx[i] == i;
	cr_assert_lt(in_order, 16, "%u of 64 objects came in address order", in_order);
	for (unsigned int i = 0; i < 64; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

Test(slab_structure_boot, freelist_order_sequential_without_random)
{
	struct kmem_cache *s;
	unsigned int idx[64];
	void *p[64];

	sh_boot(&bh_m3z, "slab_freelist_random=0");
	s = kmem_cache_create("st_seq", 64, 0, SLAB_NO_MERGE, NULL);
	fresh_slab_order(s, idx, p, 64);
	for (unsigned int i = 0; i < 64; i++)
		cr_assert_eq(idx[i], i, "allocation %u got object %u", i, idx[i]);
	for (unsigned int i = 0; i < 64; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

/* The raw free pointer word of free object @obj. */
static unsigned long raw_free_pointer(struct kmem_cache *s, void *obj)
{
	unsigned long v;

	memcpy(&v, (char *)obj + sh_offset(s), sizeof(v));
	return v;
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED (kmm: slab_freelist_hardened=1, the
 * default): a free object stores its next pointer encoded with the
 * cache's secret and the swabbed address it is stored at, never in clear;
 * slab_freelist_hardened=0 stores the plain pointer.
 *
 *   free a, then b:   b's word = a ^ s->random ^ swab(&b's word)
 */
static void check_free_pointer(bool hardened)
{
	struct kmem_cache *s = kmem_cache_create("st_hard", 64, 0, SLAB_NO_MERGE, NULL);
	void *a = kmem_cache_alloc(s, GFP_KERNEL);
	void *b = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	if (hardened)
		cr_assert_neq(raw_free_pointer(s, b), (unsigned long)a,
			      "free pointer stored in clear");
	else
		cr_assert_eq(raw_free_pointer(s, b), (unsigned long)a,
			     "free pointer encoded with hardening off");
	/* LIFO: the next two allocations give b, then a */
	cr_assert_eq(kmem_cache_alloc(s, GFP_KERNEL), b);
	cr_assert_eq(kmem_cache_alloc(s, GFP_KERNEL), a);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
}

Test(slab_structure, free_pointers_are_hardened_by_default)
{
	bh_pin_cpu(0);
	check_free_pointer(true);
}

Test(slab_structure_boot, free_pointers_in_clear_without_hardening)
{
	sh_boot(&bh_m3z, "slab_freelist_hardened=0");
	bh_pin_cpu(0);
	check_free_pointer(false);
}

/* ---- a node without memory ---- */

/*
 * bh_m3z_2n with node 1 (all Normal) exhausted: kmem_cache_alloc_node()
 * for node 1 falls back to node 0 (6.12 tries node 1 strictly first, then
 * any node); with __GFP_THISNODE it fails, and slab_out_of_memory() names
 * node 1.
 */
Test(slab_structure_boot, alloc_node_of_an_exhausted_node)
{
	struct bh_hold h = { 0 };
	struct kmem_cache *s;
	void *p;

	sh_boot(&bh_m3z_2n, NULL);
	s = kmem_cache_create("st_node1", 512, 0, SLAB_NO_MERGE, NULL);
	drain_all_pages(NULL);
	for (;;) {
		struct page *page = alloc_pages_node(1, GFP_ATOMIC | __GFP_MEMALLOC | __GFP_THISNODE |
						     __GFP_NOWARN, 0);

		if (!page)
			break;
		cr_assert_eq(page_to_nid(page), 1);
		bh_hold_add(&h, page, 0);
	}
	cr_assert_gt(h.nr, 30000, "only %zu pages of node 1 held", h.nr);
	p = kmem_cache_alloc_node(s, GFP_KERNEL, 1);
	cr_assert_not_null(p, "no fallback to node 0:\n%s", bh_log());
	cr_assert_eq(page_to_nid(virt_to_page(p)), 0);
	kmem_cache_free(s, p);
	kmem_cache_shrink(s);
	cr_assert_null(kmem_cache_alloc_node(s, GFP_ATOMIC | __GFP_THISNODE, 1),
		       "__GFP_THISNODE allocation left node 1");
	cr_assert(bh_matches(bh_log_line("SLUB: Unable to allocate memory"),
			     "SLUB: Unable to allocate memory on CPU [0-9]+ \\(of node [01]\\) on node 1, "
			     "gfp=0x[0-9a-f]+\\(GFP_ATOMIC\\|__GFP_THISNODE\\)"), "%s", bh_log());
	bh_release(&h);
	p = kmem_cache_alloc_node(s, GFP_KERNEL | __GFP_THISNODE, 1);
	cr_assert_not_null(p);
	cr_assert_eq(page_to_nid(virt_to_page(p)), 1);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/*
 * A full slab's first free makes it partial on the freeing CPU's list
 * (__slab_free(): was_full -> put_cpu_partial() of that CPU), not on the
 * allocating CPU's: allocate on CPU 0, free one object of each full slab
 * on CPU 1.
 */
Test(slab_structure, remote_free_of_a_full_slab_goes_to_the_freeing_cpu)
{
	enum { K = 8 };
	struct kmem_cache *s = kmem_cache_create("st_rfree", 1024, 0, SLAB_NO_MERGE, NULL);
	unsigned int per;
	void **p, *q[K];
	struct xfer x;
	pthread_t t;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		cr_skip_test("one host CPU");
	bh_pin_cpu(0);
	p = malloc(sizeof(*p) * 1024);
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	per = sh_objs_per_slab(s);
	for (unsigned int i = 1; i < K * per; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(sh_slabs(s), K);
	/* one object of each slab but the active one, freed on CPU 1 */
	for (unsigned int k = 0; k < K - 1; k++) {
		q[k] = p[k * per];
		p[k * per] = NULL;
	}
	x = (struct xfer){ s, q, K - 1, 1 };
	cr_assert_eq(pthread_create(&t, NULL, free_all, &x), 0);
	pthread_join(t, NULL);
	cr_assert_eq(sh_cpu_partial_count(s, 0), 0, "CPU 0 got %u partial slabs",
		     sh_cpu_partial_count(s, 0));
	cr_assert_gt(sh_cpu_partial_count(s, 1), 0, "CPU 1 got no partial slab");
	cr_assert_eq(sh_cpu_partial_count(s, 1) + sh_partial(s), K - 1);
	sh_check_cache(s);
	for (unsigned int i = 0; i < K * per; i++)
		if (p[i])
			kmem_cache_free(s, p[i]);
	free(p);
	kmem_cache_destroy(s);
}
