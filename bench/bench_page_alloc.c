// SPDX-License-Identifier: MIT
/*
 * bench/bench_page_alloc.c - what the page allocator's operations cost.
 *
 * Prints one JSON object per line:
 *   {"bench":"page_alloc","op":"order0_pair","ns_per_op":..,"iters":N,"runs":R}
 * for
 *   order0_pair      alloc_page(GFP_KERNEL) + __free_page(): the per-CPU path
 *   atomic_floor     the three uncontended atomic operations every such pair
 *                    pays (two pcp lock exchanges, one refcount decrement)
 *   order3_pair      alloc_pages(GFP_KERNEL, 3) + __free_pages(): per-CPU too
 *   order9_pair      alloc_pages(GFP_KERNEL, 9) + __free_pages(): the buddy lists
 *   bulk_fifo        10^4 order-0 pages allocated, then freed oldest first
 *   bulk_lifo        10^4 allocated, then freed newest first
 *   bulk_interleaved allocate two, free one, until 10^4 are held; free the rest
 * (bulk ops: ns per page, i.e. per alloc+free pair), and
 *   {"bench":"page_alloc","op":"boot_64g","ms":..}: kmm_boot() of a 64 GiB
 *   machine until the first alloc_page() returns, then kmm_halt().
 * Lines for the ops issue 3 sets targets for add "target_ns" /
 * "target_instructions" / "target_ms" and "meets_target".
 * Times are medians of several runs after a warm-up run, on one pinned
 * virtual CPU of a 1 GiB machine.
 *
 * Usage:
 *   bench_page_alloc                 the timings
 *   bench_page_alloc --quick         few iterations (scripts/bench.sh --callgrind)
 *   bench_page_alloc --instr         instructions per operation: runs itself
 *                                    under callgrind twice per op, with N and
 *                                    2N iterations, and prints
 *                                    {"op":..,"instructions_per_op":(I(2N)-I(N))/N}
 *   bench_page_alloc --op NAME --iters N   one op, no output (for --instr)
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kmm/kmm.h>
#include "bench_util.h"
#include <kmm/gfp.h>
#include <kmm/mm.h>

#define BULK	10000

static int runs = 7;
static struct page *bulk[BULK];

static void die(const char *what)
{
	fprintf(stderr, "bench_page_alloc: %s\n%s", what, kmm_dmesg());
	exit(1);
}

/* ---- the operations; each returns the number of operations done ---- */

static unsigned long pairs(unsigned int order, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		if (__builtin_expect(!page, 0))
			die("allocation failed");
		__free_pages(page, order);
	}
	return iters;
}

static unsigned long order0_pair(unsigned long iters)
{
	return pairs(0, iters);
}

/*
 * The floor under any order-0 pair that keeps Linux 6.12's locking: the
 * three atomic read-modify-writes it cannot avoid (the pcp lock's
 * exchange on allocation and on free, the refcount's decrement in
 * put_page_testzero()), on one uncontended cache line, with nothing else.
 */
static unsigned long atomic_floor(unsigned long iters)
{
	static spinlock_t lock;
	static atomic_t refcount;

	for (unsigned long i = 0; i < iters; i++) {
		if (__builtin_expect(!arch_spin_trylock(&lock), 0))
			die("floor: lock busy");
		arch_spin_unlock(&lock);
		atomic_set(&refcount, 1);
		if (__builtin_expect(!arch_spin_trylock(&lock), 0))
			die("floor: lock busy");
		arch_spin_unlock(&lock);
		if (__builtin_expect(!atomic_dec_and_test(&refcount), 0))
			die("floor: refcount");
	}
	return iters;
}

static unsigned long order3_pair(unsigned long iters)
{
	return pairs(3, iters);
}

static unsigned long order9_pair(unsigned long iters)
{
	return pairs(9, iters);
}

static void bulk_alloc(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (!(bulk[i] = alloc_page(GFP_KERNEL)))
			die("bulk allocation failed");
}

static unsigned long bulk_fifo(unsigned long iters)
{
	unsigned long rounds = (iters + BULK - 1) / BULK;

	for (unsigned long r = 0; r < rounds; r++) {
		bulk_alloc(BULK);
		for (unsigned int i = 0; i < BULK; i++)
			__free_page(bulk[i]);
	}
	return rounds * BULK;
}

static unsigned long bulk_lifo(unsigned long iters)
{
	unsigned long rounds = (iters + BULK - 1) / BULK;

	for (unsigned long r = 0; r < rounds; r++) {
		bulk_alloc(BULK);
		for (unsigned int i = BULK; i--;)
			__free_page(bulk[i]);
	}
	return rounds * BULK;
}

/* Allocate two, free the first of them, until BULK are held; then free
 * the rest. A round is 2 * BULK alloc+free pairs. */
static unsigned long bulk_interleaved(unsigned long iters)
{
	unsigned long rounds = (iters + 2 * BULK - 1) / (2 * BULK);

	for (unsigned long r = 0; r < rounds; r++) {
		unsigned int held = 0;

		while (held < BULK) {
			struct page *a = alloc_page(GFP_KERNEL), *b = alloc_page(GFP_KERNEL);

			if (!a || !b)
				die("interleaved allocation failed");
			__free_page(a);
			bulk[held++] = b;
		}
		while (held)
			__free_page(bulk[--held]);
	}
	return rounds * 2 * BULK;
}

/* Issue 3's targets for the order-0 pair: 100 instructions, 25 ns (0: none). */
static const struct op {
	const char *name;
	unsigned long (*fn)(unsigned long iters);
	unsigned long iters, quick_iters;
	double target_instructions, target_ns;
} ops[] = {
	{ "order0_pair", order0_pair, 2000000, 2000, 100, 25 },
	{ "atomic_floor", atomic_floor, 2000000, 2000, 0, 0 },
	{ "order3_pair", order3_pair, 1000000, 2000, 0, 0 },
	{ "order9_pair", order9_pair, 200000, 500, 0, 0 },
	{ "bulk_fifo", bulk_fifo, 500000, BULK, 0, 0 },
	{ "bulk_lifo", bulk_lifo, 500000, BULK, 0, 0 },
	{ "bulk_interleaved", bulk_interleaved, 500000, 2 * BULK, 0, 0 },
};

/* ---- the machine ---- */

static cpu_set_t all_cpus;

/* The ops run on one pinned CPU (one virtual CPU, one per-CPU list). */
static void pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Boot is timed on every CPU: the handover runs on several host threads,
 * which inherit the affinity of the thread that boots. */
static void unpin(void)
{
	sched_setaffinity(0, sizeof(all_cpus), &all_cpus);
}

static void boot(void)
{
	struct kmm_config cfg = { .ram_bytes = 1ULL << 30, .nr_cpus = 1 };

	if (kmm_boot(&cfg, ""))
		die("boot failed");
}

static void time_op(const struct op *op, bool quick)
{
	unsigned long iters = quick ? op->quick_iters : op->iters, done = 0;
	double t[32];

	boot();
	op->fn(iters / 10 + 1);		/* warm-up: fill the per-CPU lists */
	for (int r = 0; r < runs; r++) {
		double t0 = now_ns();

		done = op->fn(iters);
		t[r] = (now_ns() - t0) / done;
	}
	kmm_halt();
	printf("{\"bench\":\"page_alloc\",\"op\":\"%s\",\"ns_per_op\":%.2f,\"iters\":%lu,"
	       "\"runs\":%d", op->name, median(t, runs), done, runs);
	if (op->target_ns)
		printf(",\"target_ns\":%.0f,\"meets_target\":%s", op->target_ns,
		       median(t, runs) <= op->target_ns ? "true" : "false");
	printf("}\n");
}

static void time_boot_64g(void)
{
	struct kmm_config cfg = { .ram_bytes = 64ULL << 30 };
	double t[32];

	unpin();
	for (int r = 0; r < runs; r++) {
		double t0 = now_ns();
		struct page *page;

		if (kmm_boot(&cfg, ""))
			die("64 GiB boot failed");
		page = alloc_page(GFP_KERNEL);
		t[r] = now_ns() - t0;
		if (!page)
			die("no page after boot");
		__free_page(page);
		kmm_halt();
	}
	printf("{\"bench\":\"page_alloc\",\"op\":\"boot_64g\",\"ms\":%.3f,\"runs\":%d,"
	       "\"target_ms\":100,\"meets_target\":%s}\n", median(t, runs) / 1e6, runs,
	       median(t, runs) / 1e6 <= 100 ? "true" : "false");
}

/* ---- instructions per operation, through callgrind ---- */

static void instructions(const char *self)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		/* n is a whole number of rounds of every op: 2n does n more pairs */
		unsigned long n = ops[i].quick_iters * 5;
		char args[128];
		double per_op;

		snprintf(args, sizeof(args), "--op %s", ops[i].name);
		per_op = callgrind_per_op(self, args, n);
		if (per_op < 0)
			die("valgrind failed (is it installed?)");
		printf("{\"bench\":\"page_alloc\",\"op\":\"%s\",\"instructions_per_op\":%.1f,"
		       "\"iters\":%lu", ops[i].name, per_op, n);
		if (ops[i].target_instructions)
			printf(",\"target_instructions\":%.0f,\"meets_target\":%s",
			       ops[i].target_instructions,
			       per_op <= ops[i].target_instructions ? "true" : "false");
		printf("}\n");
	}
}

static int run_one(const char *name, unsigned long iters)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(ops[i].name, name))
			continue;
		boot();
		ops[i].fn(ops[i].quick_iters);	/* the same warm-up for both runs */
		ops[i].fn(iters);
		kmm_halt();
		return 0;
	}
	fprintf(stderr, "bench_page_alloc: no op %s\n", name);
	return 1;
}

int main(int argc, char **argv)
{
	bool quick = false;

	sched_getaffinity(0, sizeof(all_cpus), &all_cpus);
	pin_cpu0();
	if (argc > 1 && !strcmp(argv[1], "--instr")) {
		instructions(argv[0]);
		return 0;
	}
	if (argc > 4 && !strcmp(argv[1], "--op") && !strcmp(argv[3], "--iters"))
		return run_one(argv[2], strtoul(argv[4], NULL, 0));
	if (argc > 1 && !strcmp(argv[1], "--quick")) {
		quick = true;
		runs = 1;
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		time_op(&ops[i], quick);
	time_boot_64g();
	return 0;
}
