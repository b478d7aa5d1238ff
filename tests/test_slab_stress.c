// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_stress.c - two threads against SLUB and kmalloc.
 *
 * Both threads allocate and free from the same caches (a plain one, one
 * with a constructor, a SLAB_TYPESAFE_BY_RCU one) and kmalloc of mixed
 * sizes (8 bytes to 64 KiB, so large kmallocs too), single and bulk. Each
 * object carries a pattern checked before it is freed. Objects travel to
 * the other thread through a mailbox and are freed there: with the
 * threads pinned to CPUs 0 and 1 these are cross-CPU frees (remote frees
 * to another CPU's active slab, slabs moving to the freeing CPU's partial
 * list). Thread 0 now and then shrinks a cache while thread 1 allocates.
 *
 * A second case is a pure producer/consumer: one thread allocates, the
 * other frees everything.
 *
 * At the end: every cache passes kmem_cache_is_valid(), each cache has
 * exactly the objects in use it had before (own caches: none), shrink
 * leaves the own caches without slabs, destroy is silent, and the page
 * allocator's free total is back where it was after the caches were made.
 *
 * `make tsan` builds this file under ThreadSanitizer with the Criterion
 * stand-in of tests/shim (Test() and cr_assert* only), so it uses no
 * harness: the few helpers it needs are below.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <kmm/kmm.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include <kmm/mmzone.h>
#include <kmm/percpu.h>
#include <kmm/rcupdate.h>
#include <kmm/slab.h>

#include "mm/slab.h"
#include "helpers/mailbox.h"

#ifdef __SANITIZE_THREAD__
#define OPS_PER_THREAD	60000
#else
#define OPS_PER_THREAD	400000
#endif
#define HOLD_MAX	512
#define MAILBOX		1024
#define BULK_MAX	16
#define CTOR_MAGIC	0x5a5a5a5a12345678ULL

/* ---- what a test needs from the machine ---- */

static void quiet(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

static unsigned long pcp_total(void)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z = &NODE_DATA(nid)->node_zones[zt];

			if (!populated_zone(z))
				continue;
			for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
				struct per_cpu_pages *pcp = per_cpu_ptr(z->per_cpu_pageset, cpu);
				unsigned long flags;

				/* under its lock: RCU callbacks may still free */
				spin_lock_irqsave(&pcp->lock, flags);
				n += (unsigned long)pcp->count;
				spin_unlock_irqrestore(&pcp->lock, flags);
			}
		}
	return n;
}

static unsigned long free_total(void)
{
	return nr_free_pages() + pcp_total();
}

static bool all_valid(void)
{
	struct kmem_cache *s;
	bool ok = true;
	int nid;

	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list)
		if (!kmem_cache_is_valid(s))
			ok = false;
	slab_mutex_unlock();
	for_each_online_node(nid)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z = &NODE_DATA(nid)->node_zones[zt];

			if (populated_zone(z) && !zone_is_valid(z))
				ok = false;
		}
	return ok && kmm_check_invariants();
}

/* Objects in use in @s (see slab_harness.c: all objects minus free ones). */
static unsigned long objects_inuse(struct kmem_cache *s)
{
	unsigned long total = 0, free = 0, flags;
	struct kmem_cache_node *n;
	int node;

	for_each_kmem_cache_node(s, node, n) {
		total += node_nr_objs(n);
		free += count_partial(n, count_free);
	}
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);
		struct slab *slab;

		spin_lock_irqsave(&c->lock, flags);
		if (c->slab) {
			void *p = c->freelist;

			free += (unsigned long)(c->slab->objects - c->slab->inuse);
			while (p) {
				free++;
				p = get_freepointer(s, p);
			}
		}
		for (slab = c->partial; slab; slab = slab->next)
			free += (unsigned long)(slab->objects - slab->inuse);
		spin_unlock_irqrestore(&c->lock, flags);
	}
	return total - free;
}

static unsigned long slabs_of(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	unsigned long nr = 0;
	int node;

	for_each_kmem_cache_node(s, node, n)
		nr += node_nr_slabs(n);
	return nr;
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) <= cpu)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* ---- caches and objects ---- */

enum { C_PLAIN, C_CTOR, C_RCU, NR_OWN, C_KMALLOC = NR_OWN };

static struct kmem_cache *own[NR_OWN];
static const unsigned int own_size[NR_OWN] = { 64, 192, 128 };

static void ctor(void *p)
{
	*(uint64_t *)p = CTOR_MAGIC;
}

struct obj {
	void *p;
	size_t size;
	uint64_t tag;
	int kind;	/* C_* */
};

static size_t first_word(const struct obj *o)
{
	return o->kind == C_CTOR ? 8 : 0;
}

static void write_pattern(const struct obj *o)
{
	uint64_t *w = o->p;

	for (size_t i = first_word(o) / 8; i < o->size / 8; i++)
		w[i] = o->tag ^ (i * 0x9E3779B97F4A7C15ULL);
}

static void check_pattern(const struct obj *o)
{
	const uint64_t *w = o->p;

	if (o->kind == C_CTOR)
		cr_assert(w[0] == CTOR_MAGIC, "constructed state lost");
	for (size_t i = first_word(o) / 8; i < o->size / 8; i++)
		cr_assert(w[i] == (o->tag ^ (i * 0x9E3779B97F4A7C15ULL)),
			  "object %p (%zu bytes, kind %d) overwritten at word %zu", o->p, o->size,
			  o->kind, i);
}

static void free_obj(const struct obj *o, unsigned int how)
{
	check_pattern(o);
	if (o->kind == C_KMALLOC || how == 0)
		kfree(o->p);
	else
		kmem_cache_free(own[o->kind], o->p);
}

static struct obj box_slots[2][MAILBOX];
static struct mailbox box[2] = { MAILBOX_INIT(box_slots[0]), MAILBOX_INIT(box_slots[1]) };

/* ---- the threads ---- */

struct worker {
	int id;
	uint64_t rng;
	unsigned long allocs, sent, received;
	struct obj hold[HOLD_MAX];
	unsigned int nr;
};

static atomic_int running;

static uint64_t rnd(struct worker *w)
{
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545F4914F6CDD1DULL;
}

static size_t pick_size(struct worker *w)
{
	unsigned int r = (unsigned int)(rnd(w) % 1000);

	if (r < 700)
		return 8 + rnd(w) % 248;
	if (r < 980)
		return 8 + rnd(w) % 8184;
	return 8200 + rnd(w) % 57336;
}

static void keep(struct worker *w, void *p, size_t size, int kind)
{
	struct obj o = { p, size, rnd(w), kind };

	cr_assert(p != NULL, "allocation of %zu bytes (kind %d) failed", size, kind);
	if (kind == C_CTOR)
		cr_assert(*(uint64_t *)p == CTOR_MAGIC, "ctor object not constructed");
	write_pattern(&o);
	w->hold[w->nr++] = o;
	w->allocs++;
}

static void alloc_one(struct worker *w)
{
	int kind = (int)(rnd(w) % (NR_OWN + 2));

	if (kind >= C_KMALLOC) {
		size_t size = pick_size(w);

		keep(w, kmalloc(size, GFP_KERNEL), size, C_KMALLOC);
	} else {
		keep(w, kmem_cache_alloc(own[kind], GFP_KERNEL), own_size[kind], kind);
	}
}

static void alloc_bulk(struct worker *w)
{
	int kind = (int)(rnd(w) % NR_OWN);
	unsigned int n = 1 + (unsigned int)(rnd(w) % BULK_MAX);
	void *p[BULK_MAX];

	if (w->nr + n > HOLD_MAX)
		return;
	cr_assert_eq(kmem_cache_alloc_bulk(own[kind], GFP_KERNEL, n, p), (int)n);
	for (unsigned int i = 0; i < n; i++)
		keep(w, p[i], own_size[kind], kind);
}

static struct obj take(struct worker *w, unsigned int i)
{
	struct obj o = w->hold[i];

	w->hold[i] = w->hold[--w->nr];
	return o;
}

static void free_one(struct worker *w)
{
	struct obj o = take(w, (unsigned int)(rnd(w) % w->nr));

	free_obj(&o, (unsigned int)(rnd(w) % 3));
}

/* Free the held objects of one own cache with kmem_cache_free_bulk(). */
static void free_bulk(struct worker *w)
{
	int kind = (int)(rnd(w) % NR_OWN);
	void *p[BULK_MAX];
	size_t n = 0;

	for (unsigned int i = 0; i < w->nr && n < BULK_MAX;) {
		if (w->hold[i].kind == kind) {
			struct obj o = take(w, i);

			check_pattern(&o);
			p[n++] = o.p;
			continue;
		}
		i++;
	}
	if (n)
		kmem_cache_free_bulk(own[kind], n, p);
}

static void send_one(struct worker *w)
{
	unsigned int i = (unsigned int)(rnd(w) % w->nr);

	if (!mailbox_post(&box[1 - w->id], &w->hold[i]))
		return;
	take(w, i);
	w->sent++;
}

static void receive_one(struct worker *w)
{
	struct obj o;

	if (!mailbox_fetch(&box[w->id], &o))
		return;
	w->received++;
	free_obj(&o, (unsigned int)(rnd(w) % 3));
}

static void *work(void *arg)
{
	struct worker *w = arg;

	pin(w->id);
	atomic_fetch_add(&running, 1);
	while (atomic_load(&running) < 2)
		;
	for (unsigned long op = 0; op < OPS_PER_THREAD; op++) {
		unsigned int r = (unsigned int)(rnd(w) % 100);

		if (r < 35 && w->nr < HOLD_MAX)
			alloc_one(w);
		else if (r < 40)
			alloc_bulk(w);
		else if (r < 60 && w->nr)
			free_one(w);
		else if (r < 64 && w->nr)
			free_bulk(w);
		else if (r < 82 && w->nr)
			send_one(w);
		else if (r < 99)
			receive_one(w);
		else if (w->id == 0 && op % 64 == 0)
			kmem_cache_shrink(own[rnd(w) % NR_OWN]);
	}
	while (w->nr)
		free_one(w);
	return NULL;
}

/* ---- producer / consumer ---- */

static atomic_int produced_done;

static void *producer(void *arg)
{
	struct worker *w = arg;

	pin(0);
	for (unsigned long op = 0; op < OPS_PER_THREAD / 2; op++) {
		struct obj o;
		int kind = (int)(rnd(w) % (NR_OWN + 1));

		o.kind = kind;
		if (kind == C_KMALLOC) {
			o.size = 8 + rnd(w) % 1016;
			o.p = kmalloc(o.size, GFP_KERNEL);
		} else {
			o.size = own_size[kind];
			o.p = kmem_cache_alloc(own[kind], GFP_KERNEL);
		}
		cr_assert(o.p != NULL);
		o.tag = rnd(w);
		write_pattern(&o);
		while (!mailbox_post(&box[1], &o))
			sched_yield();
		w->allocs++;
	}
	atomic_store(&produced_done, 1);
	return NULL;
}

static void *consumer(void *arg)
{
	struct worker *w = arg;
	struct obj o;

	pin(1);
	for (;;) {
		if (mailbox_fetch(&box[1], &o)) {
			free_obj(&o, (unsigned int)(rnd(w) % 2));
			w->received++;
		} else if (atomic_load(&produced_done)) {
			if (!mailbox_fetch(&box[1], &o))
				break;
			free_obj(&o, 1);
			w->received++;
		}
	}
	return NULL;
}

/* ---- the cases ---- */

static struct kmem_cache *kmalloc_list[3 * (KMALLOC_SHIFT_HIGH + 1)];
static unsigned long kmalloc_base[3 * (KMALLOC_SHIFT_HIGH + 1)];
static int nr_kmalloc_list;
static unsigned long start_free;

static void setup(const struct kmm_config *cfg)
{
	kmm_set_console(quiet);
	cr_assert_eq(kmm_boot(cfg, NULL), 0, "%s", kmm_dmesg());
	own[C_PLAIN] = kmem_cache_create("stress_plain", own_size[C_PLAIN], 0, SLAB_NO_MERGE,
					 NULL);
	own[C_CTOR] = kmem_cache_create("stress_ctor", own_size[C_CTOR], 0, 0, ctor);
	own[C_RCU] = kmem_cache_create("stress_rcu", own_size[C_RCU], 0,
				       SLAB_TYPESAFE_BY_RCU, NULL);
	for (int i = 0; i < NR_OWN; i++)
		cr_assert(own[i] != NULL);
	nr_kmalloc_list = 0;
	for (int t = 0; t < NR_KMALLOC_TYPES; t++)
		for (int i = 0; i <= KMALLOC_SHIFT_HIGH; i++) {
			struct kmem_cache *s = kmalloc_caches[t][i];

			if (!s)
				continue;
			kmalloc_list[nr_kmalloc_list] = s;
			kmalloc_base[nr_kmalloc_list++] = objects_inuse(s);
		}
	start_free = free_total();
	atomic_store(&running, 0);
	atomic_store(&produced_done, 0);
	for (int i = 0; i < 2; i++) {
		mailbox_reset(&box[i]);
	}
}

/* kmem_cache_shrink() every cache (the kmalloc ones, the boot caches of
 * struct kmem_cache and kmem_cache_node, the suite's own). */
static void shrink_every_cache(void)
{
	static struct kmem_cache *all[512];
	struct kmem_cache *s;
	int n = 0;

	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list)
		if (n < 512)
			all[n++] = s;
	slab_mutex_unlock();
	for (int i = 0; i < n; i++)
		kmem_cache_shrink(all[i]);
}

static void teardown(void)
{
	for (int i = 0; i < nr_kmalloc_list; i++)
		cr_assert_eq(objects_inuse(kmalloc_list[i]), kmalloc_base[i],
			     "%s: %lu objects in use, %lu before", kmalloc_list[i]->name,
			     objects_inuse(kmalloc_list[i]), kmalloc_base[i]);
	for (int i = 0; i < NR_OWN; i++)
		cr_assert_eq(objects_inuse(own[i]), 0, "%s keeps %lu objects", own[i]->name,
			     objects_inuse(own[i]));
	cr_assert(all_valid(), "validators failed after the run:\n%s", kmm_dmesg());
	for (int i = 0; i < NR_OWN; i++) {
		kmem_cache_shrink(own[i]);
		cr_assert_eq(slabs_of(own[i]), 0, "%s keeps %lu slabs after shrink",
			     own[i]->name, slabs_of(own[i]));
	}
	/* caches keep empty slabs (CPU slabs, partial lists up to min_partial)
	 * until shrunk; then every page is back */
	shrink_every_cache();
	rcu_barrier();
	cr_assert(free_total() >= start_free, "pages leaked: %lu free, %lu at start",
		  free_total(), start_free);
	for (int i = 0; i < NR_OWN; i++)
		kmem_cache_destroy(own[i]);
	cr_assert(strstr(kmm_dmesg(), "still has objects") == NULL, "%s", kmm_dmesg());
	cr_assert(strstr(kmm_dmesg(), "BUG") == NULL, "%s", kmm_dmesg());
	kmm_halt();
}

static void run_two_threads(const struct kmm_config *cfg)
{
	static struct worker w[2];
	pthread_t t[2];
	struct obj o;

	setup(cfg);
	for (int i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].rng = 0x1234567ULL * (i + 1) + 77;
		cr_assert_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 2; i++)
		while (mailbox_fetch(&box[i], &o))
			free_obj(&o, 1);
	for (int i = 0; i < 2; i++) {
		cr_assert_gt(w[i].allocs, OPS_PER_THREAD / 10, "thread %d allocated little", i);
		cr_assert_gt(w[i].sent, 0);
		cr_assert_gt(w[i].received, 0);
	}
	teardown();
}

Test(slab_stress, two_threads_share_caches_and_free_across_cpus)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 2 };

	run_two_threads(&cfg);
}

Test(slab_stress, two_threads_across_two_nodes)
{
	struct kmm_config cfg = { .ram_bytes = 512ULL << 20, .nr_nodes = 2, .nr_cpus = 2 };

	run_two_threads(&cfg);
}

/* Both threads on one virtual CPU: one kmem_cache_cpu shared by two tasks. */
Test(slab_stress, two_threads_share_one_cpu)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 1 };

	run_two_threads(&cfg);
}

Test(slab_stress, producer_consumer)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 2 };
	static struct worker w[2];
	pthread_t t[2];

	setup(&cfg);
	memset(w, 0, sizeof(w));
	w[0].rng = 99;
	w[1].rng = 1234;
	cr_assert_eq(pthread_create(&t[0], NULL, producer, &w[0]), 0);
	cr_assert_eq(pthread_create(&t[1], NULL, consumer, &w[1]), 0);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	cr_assert_eq(w[1].received, w[0].allocs);
	teardown();
}

/* ---- caches made and destroyed while both threads use them ---- */

/*
 * Both threads keep creating and destroying caches of two mergeable sizes
 * (1000 and 996 bytes round to the same cache, so a create often takes a
 * reference on the other thread's cache and a destroy often only drops
 * one), allocating and freeing objects in between, some freed with
 * kfree_rcu(). slab_mutex and the alias reference counts must keep the
 * cache alive while either thread holds it. At the end no such cache is
 * left and nothing complained.
 *
 * Under TSan this case finds __kmem_cache_alias() growing s->object_size
 * and s->inuse with plain writes while the other thread allocates from the
 * cache and reads them. Linux 6.12 does the same (mm/slab_common.c,
 * __kmem_cache_alias(), a data race the kernel tolerates); in C both sides
 * must be atomic accesses (or the write skipped when nothing changes).
 */
#define CHURN_ROUNDS	(OPS_PER_THREAD / 2000)	/* each destroy waits for RCU */

struct rcu_wrap {
	struct rcu_head rcu;
};

static void *churn(void *arg)
{
	struct worker *w = arg;
	char name[32];

	pin(w->id);
	for (unsigned long round = 0; round < CHURN_ROUNDS; round++) {
		unsigned int size = (rnd(w) & 1) ? 1000 : 996;
		struct kmem_cache *s;
		void *p[32];
		unsigned int n = 1 + (unsigned int)(rnd(w) % 32);

		snprintf(name, sizeof(name), "churn_%d_%lu", w->id, round % 8);
		s = kmem_cache_create(name, size, 0, 0, NULL);
		cr_assert(s != NULL, "kmem_cache_create(%s) failed", name);
		for (unsigned int i = 0; i < n; i++) {
			struct obj o = { kmem_cache_alloc(s, GFP_KERNEL), size, rnd(w), C_PLAIN };

			cr_assert(o.p != NULL);
			write_pattern(&o);
			check_pattern(&o);
			p[i] = o.p;
		}
		for (unsigned int i = 0; i < n; i++) {
			if (i % 4 == 3)
				kfree_rcu((struct rcu_wrap *)p[i], rcu);
			else
				kmem_cache_free(s, p[i]);
		}
		/* kmem_cache_destroy() waits for this cache's kfree_rcu()s */
		kmem_cache_destroy(s);
		w->allocs += n;
	}
	return NULL;
}

static bool churn_cache_left(void)
{
	struct kmem_cache *s;
	bool found = false;

	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list)
		if (!strncmp(s->name, "churn_", 6))
			found = true;
	slab_mutex_unlock();
	return found;
}

Test(slab_stress, caches_created_and_destroyed_while_in_use)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 2 };
	static struct worker w[2];
	pthread_t t[2];

	setup(&cfg);
	for (int i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].rng = 0xabcdefULL * (i + 3);
		cr_assert_eq(pthread_create(&t[i], NULL, churn, &w[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	rcu_barrier();
	cr_assert(!churn_cache_left(), "a churn cache outlived its last destroy");
	teardown();
}
