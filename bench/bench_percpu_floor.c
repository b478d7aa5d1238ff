// SPDX-License-Identifier: MIT
/*
 * bench/bench_percpu_floor.c - what a per-CPU fast path must pay in user
 * space, whatever the allocator above it: the cost of one pop and one push
 * on a per-CPU free list, protected three ways.
 *
 *   trylock   a spinlock taken by one exchange and released by a store
 *             around each operation (kmm's per-CPU page lists, Linux's
 *             pcp_spin_trylock)
 *   cas16     a (head, tid) pair swapped by a locked 16-byte
 *             compare-and-swap (kmm's SLUB, Linux's this_cpu_cmpxchg_double
 *             with the LOCK prefix a preemptible thread needs)
 *   rseq      a restartable sequence (Linux's rseq(2), registered by
 *             glibc 2.35+): the kernel restarts the sequence if the thread
 *             is preempted or migrated before its last store, so no atomic
 *             instruction is needed (tcmalloc's per-CPU caches)
 *   plain     the same list without any protection: the floor of the
 *             list operations themselves
 *
 * One JSON line per variant: {"bench":"percpu_floor","op":..,"ns_per_pair":..}.
 * The point: kmm's order-0 page pair pays three atomics and its SLUB pair
 * two; rseq would pay none. x86-64 only for the rseq and cas16 variants
 * (the others run anywhere); under valgrind rseq is absent and is skipped.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#if defined(__x86_64__) && __has_include(<sys/rseq.h>)
#include <sys/rseq.h>
#define HAVE_RSEQ 1
#endif

#define NR_OBJS		1024
#define ITERS		20000000UL
#define RUNS		5

struct obj {
	struct obj *next;
	char pad[56];
};

static struct obj objs[NR_OBJS];
static struct obj *heads[1024] __attribute__((aligned(64)));
static atomic_uint lock;

/* The cas16 variant's (head, tid) pair per CPU. */
struct pair {
	struct obj *head;
	unsigned long tid;
} __attribute__((aligned(16)));

static struct pair pairs[64];

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cpu(void)
{
	int c = sched_getcpu();

	return c < 0 ? 0 : c % 1024;
}

static void fill(int c)
{
	heads[c] = NULL;
	for (int i = 0; i < NR_OBJS; i++) {
		objs[i].next = heads[c];
		heads[c] = &objs[i];
	}
	pairs[c % 64].head = heads[c];
}

/* ---- plain and trylock ---- */

static struct obj *plain_pop(int c)
{
	struct obj *o = heads[c];

	heads[c] = o->next;
	return o;
}

static void plain_push(int c, struct obj *o)
{
	o->next = heads[c];
	heads[c] = o;
}

static struct obj *trylock_pop(int c)
{
	struct obj *o;

	while (atomic_exchange_explicit(&lock, 1, memory_order_acquire))
		;
	o = plain_pop(c);
	atomic_store_explicit(&lock, 0, memory_order_release);
	return o;
}

static void trylock_push(int c, struct obj *o)
{
	while (atomic_exchange_explicit(&lock, 1, memory_order_acquire))
		;
	plain_push(c, o);
	atomic_store_explicit(&lock, 0, memory_order_release);
}

#ifdef __x86_64__
/* ---- cas16: (head, tid) swapped with LOCK CMPXCHG16B ---- */

static bool cas16(struct pair *p, struct pair old, struct pair new)
{
	bool ok;

	__asm__ __volatile__("lock cmpxchg16b %1"
			     : "=@ccz"(ok), "+m"(*p), "+a"(old.head), "+d"(old.tid)
			     : "b"(new.head), "c"(new.tid)
			     : "memory");
	return ok;
}

static struct obj *cas16_pop(int c)
{
	struct pair *p = &pairs[c % 64], old, new;

	do {
		old = *p;
		new.head = old.head->next;
		new.tid = old.tid + 1;
	} while (!cas16(p, old, new));
	return old.head;
}

static void cas16_push(int c, struct obj *o)
{
	struct pair *p = &pairs[c % 64], old, new;

	do {
		old = *p;
		o->next = old.head;
		new.head = o;
		new.tid = old.tid + 1;
	} while (!cas16(p, old, new));
}
#endif

#ifdef HAVE_RSEQ
/* ---- rseq: heads[cpu_id], the last store commits ---- */

static struct rseq *rseq_area(void)
{
	return (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
}

/* Descriptor, section, commit label and abort signature of one sequence. */
#define RSEQ_CS_BEGIN							\
	".pushsection __rseq_cs, \"aw\"\n\t"				\
	".balign 32\n\t"						\
	"3:\n\t"							\
	".long 0, 0\n\t"						\
	".quad 1f, (2f - 1f), 4f\n\t"					\
	".popsection\n\t"						\
	"leaq 3b(%%rip), %%rax\n\t"					\
	"movq %%rax, %[rseq_cs]\n\t"					\
	"1:\n\t"							\
	"movl %[cpu_id], %%eax\n\t"					\
	"movq (%[heads], %%rax, 8), %%rcx\n\t"
#define RSEQ_CS_END							\
	"2:\n\t"							\
	".pushsection __rseq_failure, \"ax\"\n\t"			\
	".byte 0x0f, 0xb9, 0x3d\n\t"					\
	".long 0x53053053\n\t"	/* RSEQ_SIG, before the abort label */	\
	"4:\n\t"							\
	"jmp %l[abort]\n\t"						\
	".popsection\n\t"

static struct obj *rseq_pop(int unused)
{
	struct rseq *r = rseq_area();
	struct obj *o;

	(void)unused;
again:
	__asm__ __volatile__ goto(RSEQ_CS_BEGIN
		"movq (%%rcx), %%rdx\n\t"
		"movq %%rcx, %[out]\n\t"
		"movq %%rdx, (%[heads], %%rax, 8)\n\t"	/* commit */
		RSEQ_CS_END
		: [out] "=m"(o)
		: [rseq_cs] "m"(r->rseq_cs), [cpu_id] "m"(r->cpu_id), [heads] "r"(heads)
		: "rax", "rcx", "rdx", "memory", "cc"
		: abort);
	return o;
abort:
	goto again;
}

static void rseq_push(int unused, struct obj *o)
{
	struct rseq *r = rseq_area();

	(void)unused;
again:
	__asm__ __volatile__ goto(RSEQ_CS_BEGIN
		"movq %%rcx, (%[o])\n\t"
		"movq %[o], (%[heads], %%rax, 8)\n\t"	/* commit */
		RSEQ_CS_END
		:
		: [rseq_cs] "m"(r->rseq_cs), [cpu_id] "m"(r->cpu_id), [heads] "r"(heads),
		  [o] "r"(o)
		: "rax", "rcx", "memory", "cc"
		: abort);
	return;
abort:
	goto again;
}
#endif

struct variant {
	const char *name;
	struct obj *(*pop)(int c);
	void (*push)(int c, struct obj *o);
};

static void run(const struct variant *v)
{
	double best = 1e30;

	for (int r = 0; r < RUNS; r++) {
		int c = cpu();
		double t0;

		fill(c);
		t0 = now_ns();
		for (unsigned long i = 0; i < ITERS; i++) {
			struct obj *o = v->pop(c);

			__asm__ __volatile__("" : : "r"(o) : "memory");
			v->push(c, o);
		}
		if ((now_ns() - t0) / ITERS < best)
			best = (now_ns() - t0) / ITERS;
	}
	printf("{\"bench\":\"percpu_floor\",\"op\":\"%s\",\"ns_per_pair\":%.2f}\n", v->name, best);
}

int main(void)
{
	static const struct variant variants[] = {
		{ "plain", plain_pop, plain_push },
		{ "trylock", trylock_pop, trylock_push },
#ifdef __x86_64__
		{ "cas16", cas16_pop, cas16_push },
#endif
	};
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		run(&variants[i]);
#ifdef HAVE_RSEQ
	if (__rseq_size) {
		static const struct variant rseq = { "rseq", rseq_pop, rseq_push };

		run(&rseq);
	} else {
		printf("{\"bench\":\"percpu_floor\",\"op\":\"rseq\",\"skipped\":\"no rseq area\"}\n");
	}
#endif
	return 0;
}
