// SPDX-License-Identifier: MIT
/*
 * bench/bench_slab.c - what SLUB's operations cost, next to the user-space
 * allocators people compare it with, in one run.
 *
 * Prints one JSON object per line:
 *   {"bench":"slab","op":OP,"alloc":ALLOC,"ns_per_op":..,"iters":N,"runs":R}
 * for each OP
 *   cache_pair      kmm: kmem_cache_alloc + kmem_cache_free of a 64-byte
 *                   cache; peers: malloc(64) + free
 *   kmalloc64_pair  kmm: kmalloc(64, GFP_KERNEL) + kfree; peers: malloc + free
 *   batch64         64 allocations of 64 bytes, then 64 frees (ns per pair)
 *   xthread         a producer thread allocates 64-byte objects, a consumer
 *                   thread frees them (through a ring): ns per object
 * and each ALLOC: kmm, glibc (the process's malloc), jemalloc, mimalloc,
 * tcmalloc (Debian's shared libraries, dlopen()ed so one binary compares
 * all; a missing one is skipped with a "skipped" line). The single-thread
 * ops run pinned to CPU 0; times are medians of several runs after a
 * warm-up. Issue 4's targets: a cache pair in at most 30 instructions, a
 * kmalloc(64) pair in at most 40, and faster than mimalloc in ns.
 *
 * Usage:
 *   bench_slab               the timings
 *   bench_slab --quick       few iterations, one run
 *   bench_slab --instr       instructions per op and allocator: runs itself
 *                            under callgrind with N and 2N iterations and
 *                            prints (I(2N) - I(N)) / N
 *   bench_slab --op OP --alloc ALLOC --iters N    one op, no output
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/slab.h>
#include "bench_util.h"

#define OBJ	64
#define BATCH	64
#define RING	1024

static int runs = 7;
static struct kmem_cache *cache64;

/* ---- allocators ---- */

struct allocator {
	const char *name;
	const char *lib;		/* NULL: built in */
	const char *malloc_sym, *free_sym;
	void *(*malloc_fn)(size_t);
	void (*free_fn)(void *);
	bool present;
};

static struct allocator allocs[] = {
	{ "kmm", NULL, NULL, NULL, NULL, NULL, true },
	{ "glibc", NULL, "malloc", "free", NULL, NULL, false },
	{ "jemalloc", "libjemalloc.so.2", "malloc", "free", NULL, NULL, false },
	{ "mimalloc", "libmimalloc.so.2", "mi_malloc", "mi_free", NULL, NULL, false },
	{ "tcmalloc", "libtcmalloc_minimal.so.4", "tc_malloc", "tc_free", NULL, NULL, false },
};

static void load_allocators(void)
{
	for (size_t i = 1; i < sizeof(allocs) / sizeof(allocs[0]); i++) {
		struct allocator *a = &allocs[i];
		void *h = RTLD_DEFAULT;

		if (a->lib) {
			h = dlopen(a->lib, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
			if (!h)
				h = dlopen(a->lib, RTLD_NOW | RTLD_LOCAL);
			if (!h) {
				fprintf(stderr, "bench_slab: %s: %s\n", a->lib, dlerror());
				continue;
			}
		}
		a->malloc_fn = (void *(*)(size_t))dlsym(h, a->malloc_sym);
		a->free_fn = (void (*)(void *))dlsym(h, a->free_sym);
		a->present = a->malloc_fn && a->free_fn;
	}
}

static void die(const char *what)
{
	fprintf(stderr, "bench_slab: %s\n%s", what, kmm_dmesg());
	exit(1);
}

static void boot(void)
{
	struct kmm_config cfg = { .ram_bytes = 1ULL << 30, .nr_cpus = 2 };

	if (kmm_boot(&cfg, ""))
		die("boot failed");
	cache64 = kmem_cache_create("bench64", OBJ, 0, SLAB_NO_MERGE, NULL);
	if (!cache64)
		die("kmem_cache_create failed");
}

/* ---- single-thread ops: return the number of pairs done ---- */

static unsigned long kmm_cache_pair(unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = kmem_cache_alloc(cache64, GFP_KERNEL);

		if (__builtin_expect(!p, 0))
			die("kmem_cache_alloc failed");
		kmem_cache_free(cache64, p);
	}
	return iters;
}

static unsigned long kmm_kmalloc_pair(unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = kmalloc(OBJ, GFP_KERNEL);

		if (__builtin_expect(!p, 0))
			die("kmalloc failed");
		kfree(p);
	}
	return iters;
}

static unsigned long kmm_batch(unsigned long iters)
{
	unsigned long rounds = (iters + BATCH - 1) / BATCH;
	void *p[BATCH];

	for (unsigned long r = 0; r < rounds; r++) {
		for (int i = 0; i < BATCH; i++)
			if (!(p[i] = kmalloc(OBJ, GFP_KERNEL)))
				die("kmalloc failed");
		for (int i = 0; i < BATCH; i++)
			kfree(p[i]);
	}
	return rounds * BATCH;
}

static const struct allocator *peer;

static unsigned long peer_pair(unsigned long iters)
{
	void *(*volatile m)(size_t) = peer->malloc_fn;
	void (*volatile f)(void *) = peer->free_fn;
	void *(*mf)(size_t) = m;
	void (*ff)(void *) = f;

	for (unsigned long i = 0; i < iters; i++) {
		void *p = mf(OBJ);

		if (__builtin_expect(!p, 0))
			die("malloc failed");
		ff(p);
	}
	return iters;
}

static unsigned long peer_batch(unsigned long iters)
{
	unsigned long rounds = (iters + BATCH - 1) / BATCH;
	void *(*volatile m)(size_t) = peer->malloc_fn;
	void (*volatile f)(void *) = peer->free_fn;
	void *(*mf)(size_t) = m;
	void (*ff)(void *) = f;
	void *p[BATCH];

	for (unsigned long r = 0; r < rounds; r++) {
		for (int i = 0; i < BATCH; i++)
			if (!(p[i] = mf(OBJ)))
				die("malloc failed");
		for (int i = 0; i < BATCH; i++)
			ff(p[i]);
	}
	return rounds * BATCH;
}

/* ---- cross-thread: producer allocates, consumer frees ---- */

struct ring {
	void *slot[RING];
	unsigned long head __attribute__((aligned(64)));	/* producer */
	unsigned long tail __attribute__((aligned(64)));	/* consumer */
	unsigned long n;
	const struct allocator *a;
};

static void *xfree(void *arg)
{
	struct ring *r = arg;
	unsigned long t = 0;

	while (t < r->n) {
		for (int spin = 0; __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == t; spin++)
			if (spin > 64)
				sched_yield();
		void *p = r->slot[t % RING];

		if (r->a == &allocs[0])
			kfree(p);
		else
			r->a->free_fn(p);
		__atomic_store_n(&r->tail, ++t, __ATOMIC_RELEASE);
	}
	return NULL;
}

static unsigned long xthread(const struct allocator *a, unsigned long iters)
{
	static struct ring r;
	pthread_t t;

	r.head = r.tail = 0;
	r.n = iters;
	r.a = a;
	pthread_create(&t, NULL, xfree, &r);
	for (unsigned long h = 0; h < iters; h++) {
		void *p;

		for (int spin = 0; h - __atomic_load_n(&r.tail, __ATOMIC_ACQUIRE) >= RING; spin++)
			if (spin > 64)
				sched_yield();
		p = a == &allocs[0] ? kmalloc(OBJ, GFP_KERNEL) : a->malloc_fn(OBJ);
		if (!p)
			die("allocation failed");
		r.slot[h % RING] = p;
		__atomic_store_n(&r.head, h + 1, __ATOMIC_RELEASE);
	}
	pthread_join(t, NULL);
	return iters;
}

/* ---- the table ---- */

enum op_id { CACHE_PAIR, KMALLOC_PAIR, BATCH64, XTHREAD, NR_OPS };

static const struct op {
	const char *name;
	unsigned long iters, quick_iters;
	double target_instructions;
} ops[NR_OPS] = {
	[CACHE_PAIR] = { "cache_pair", 5000000, 20000, 30 },
	[KMALLOC_PAIR] = { "kmalloc64_pair", 5000000, 20000, 40 },
	[BATCH64] = { "batch64", 5000000, 20480, 0 },
	[XTHREAD] = { "xthread", 1000000, 20000, 0 },
};

static unsigned long run_op(enum op_id op, const struct allocator *a, unsigned long iters)
{
	bool is_kmm = a == &allocs[0];

	peer = a;
	switch (op) {
	case CACHE_PAIR:
		return is_kmm ? kmm_cache_pair(iters) : peer_pair(iters);
	case KMALLOC_PAIR:
		return is_kmm ? kmm_kmalloc_pair(iters) : peer_pair(iters);
	case BATCH64:
		return is_kmm ? kmm_batch(iters) : peer_batch(iters);
	default:
		return xthread(a, iters);
	}
}

static cpu_set_t all_cpus;

static void pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void time_op(enum op_id op, const struct allocator *a, bool quick)
{
	unsigned long iters = quick ? ops[op].quick_iters : ops[op].iters, done = 0;
	double t[32];

	if (op == XTHREAD)
		sched_setaffinity(0, sizeof(all_cpus), &all_cpus);
	else
		pin_cpu0();
	run_op(op, a, iters / 10 + 1);	/* warm-up */
	for (int r = 0; r < runs; r++) {
		double t0 = now_ns();

		done = run_op(op, a, iters);
		t[r] = (now_ns() - t0) / done;
	}
	printf("{\"bench\":\"slab\",\"op\":\"%s\",\"alloc\":\"%s\",\"ns_per_op\":%.2f,"
	       "\"iters\":%lu,\"runs\":%d}\n", ops[op].name, a->name, median(t, runs),
	       done, runs);
	fflush(stdout);
}

static void instructions(const char *self)
{
	for (int op = 0; op < XTHREAD; op++) {
		for (size_t i = 0; i < sizeof(allocs) / sizeof(allocs[0]); i++) {
			unsigned long n = ops[op].quick_iters;
			char args[128];
			double per_op;

			if (!allocs[i].present)
				continue;
			snprintf(args, sizeof(args), "--op %s --alloc %s", ops[op].name,
				 allocs[i].name);
			per_op = callgrind_per_op(self, args, n);
			if (per_op < 0)
				die("valgrind failed (is it installed?)");
			printf("{\"bench\":\"slab\",\"op\":\"%s\",\"alloc\":\"%s\","
			       "\"instructions_per_op\":%.1f,\"iters\":%lu", ops[op].name,
			       allocs[i].name, per_op, n);
			if (i == 0 && ops[op].target_instructions)
				printf(",\"target_instructions\":%.0f,\"meets_target\":%s",
				       ops[op].target_instructions,
				       per_op <= ops[op].target_instructions ? "true" : "false");
			printf("}\n");
			fflush(stdout);
		}
	}
}

static int run_one(const char *op_name, const char *alloc_name, unsigned long iters)
{
	for (int op = 0; op < NR_OPS; op++) {
		if (strcmp(ops[op].name, op_name))
			continue;
		for (size_t i = 0; i < sizeof(allocs) / sizeof(allocs[0]); i++) {
			if (strcmp(allocs[i].name, alloc_name) || !allocs[i].present)
				continue;
			run_op(op, &allocs[i], ops[op].quick_iters);	/* same warm-up */
			run_op(op, &allocs[i], iters);
			return 0;
		}
	}
	fprintf(stderr, "bench_slab: no op %s for %s\n", op_name, alloc_name);
	return 1;
}

/*
 * jemalloc keeps its thread state in initial-exec TLS, which dlopen() can
 * place only in glibc's static TLS surplus: run again with a bigger one.
 */
static void reexec_with_static_tls(char **argv)
{
	if (getenv("BENCH_SLAB_TLS"))
		return;
	setenv("BENCH_SLAB_TLS", "1", 1);
	setenv("GLIBC_TUNABLES", "glibc.rtld.optional_static_tls=65536", 1);
	execv("/proc/self/exe", argv);
}

int main(int argc, char **argv)
{
	bool quick = false;

	reexec_with_static_tls(argv);
	sched_getaffinity(0, sizeof(all_cpus), &all_cpus);
	pin_cpu0();
	load_allocators();
	if (argc > 1 && !strcmp(argv[1], "--instr")) {
		instructions(argv[0]);
		return 0;
	}
	boot();
	if (argc > 6 && !strcmp(argv[1], "--op") && !strcmp(argv[3], "--alloc") &&
	    !strcmp(argv[5], "--iters"))
		return run_one(argv[2], argv[4], strtoul(argv[6], NULL, 0));
	if (argc > 1 && !strcmp(argv[1], "--quick")) {
		quick = true;
		runs = 1;
	}
	for (size_t i = 0; i < sizeof(allocs) / sizeof(allocs[0]); i++)
		if (!allocs[i].present)
			printf("{\"bench\":\"slab\",\"alloc\":\"%s\",\"skipped\":\"%s not loadable\"}\n",
			       allocs[i].name, allocs[i].lib ? allocs[i].lib : "malloc");
	for (int op = 0; op < NR_OPS; op++)
		for (size_t i = 0; i < sizeof(allocs) / sizeof(allocs[0]); i++)
			if (allocs[i].present)
				time_op(op, &allocs[i], quick);
	kmm_halt();
	return 0;
}
