// SPDX-License-Identifier: MIT
/*
 * src/host/thread.c - host threads, sleeping on a word, and plain sleeps:
 * what kthreads, wait queues and schedule_timeout() are built on.
 *
 * 1. Threads. host_thread_create() starts a joinable thread running
 *    fn(arg); host_thread_join() waits for it and frees its handle. The
 *    handle is allocated here (the core never sees pthread_t), so a port
 *    only has to map these three calls onto its own threads. The stack
 *    (HOST_THREAD_STACK bytes and a guard page below) is mapped here and
 *    unmapped at the join: glibc would keep the stacks of joined threads
 *    in its cache, and a halted machine must leave no mapping behind.
 *
 * 2. Sleeping on a word. host_wait_word() blocks while *word still holds
 *    @expected, until host_wake_word() on the same word, a timeout, or a
 *    spurious wakeup; the comparison and the sleep are atomic with respect
 *    to a waker, so a wake that changes the word first is never lost. On
 *    Linux this is a private futex. A port without futexes implements the
 *    pair with a small table of mutex+condition-variable buckets hashed by
 *    the word's address; the core depends only on the semantics above.
 *
 * 3. Time. Timeouts are relative nanoseconds on the monotonic clock
 *    (host_clock_ns()); U64_MAX means no timeout.
 *
 * 4. Running one job on several threads at once lives in parallel.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "host.h"

/* Kernel stacks are 16 KiB; shrinker callbacks run here too: be generous. */
#define HOST_THREAD_STACK	(1UL << 20)
#define HOST_THREAD_GUARD	4096UL

struct host_thread {
	pthread_t pthread;
	void (*fn)(void *);
	void *arg;
	void *stack_map;	/* guard page + stack */
};

static void *host_thread_main(void *p)
{
	struct host_thread *t = p;

	t->fn(t->arg);
	return NULL;
}

/* Map a stack with a guard page below it; Return: the mapping or NULL. */
static void *stack_map(void)
{
	void *map = mmap(NULL, HOST_THREAD_GUARD + HOST_THREAD_STACK, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);

	if (map == MAP_FAILED)
		return NULL;
	if (mprotect(map, HOST_THREAD_GUARD, PROT_NONE) < 0) {
		munmap(map, HOST_THREAD_GUARD + HOST_THREAD_STACK);
		return NULL;
	}
	return map;
}

static int start_on_stack(struct host_thread *t)
{
	pthread_attr_t attr;
	int err;

	pthread_attr_init(&attr);
	err = pthread_attr_setstack(&attr, (char *)t->stack_map + HOST_THREAD_GUARD,
				    HOST_THREAD_STACK);
	if (!err)
		err = pthread_create(&t->pthread, &attr, host_thread_main, t);
	pthread_attr_destroy(&attr);
	return err;
}

/* The kernel's TASK_COMM_LEN: 15 characters and the NUL. */
static void set_name(pthread_t thread, const char *name)
{
	char comm[16];

	strncpy(comm, name, sizeof(comm) - 1);
	comm[sizeof(comm) - 1] = '\0';
	pthread_setname_np(thread, comm);
}

int host_thread_create(struct host_thread **threadp, void (*fn)(void *), void *arg,
		       const char *name)
{
	struct host_thread *t = calloc(1, sizeof(*t));
	int err;

	if (!t)
		return -ENOMEM;
	t->fn = fn;
	t->arg = arg;
	t->stack_map = stack_map();
	if (!t->stack_map) {
		free(t);
		return -ENOMEM;
	}
	err = start_on_stack(t);
	if (err) {
		munmap(t->stack_map, HOST_THREAD_GUARD + HOST_THREAD_STACK);
		free(t);
		return -err;
	}
	set_name(t->pthread, name);
	*threadp = t;
	return 0;
}

void host_thread_join(struct host_thread *thread)
{
	pthread_join(thread->pthread, NULL);
	munmap(thread->stack_map, HOST_THREAD_GUARD + HOST_THREAD_STACK);
	free(thread);
}

static struct timespec ns_to_timespec(u64 ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ULL),
		.tv_nsec = (long)(ns % 1000000000ULL),
	};

	return ts;
}

bool host_wait_word(u32 *word, u32 expected, u64 timeout_ns)
{
	struct timespec ts, *tsp = NULL;

	if (timeout_ns != U64_MAX) {
		ts = ns_to_timespec(timeout_ns);
		tsp = &ts;
	}
	/* EAGAIN (the word changed) and EINTR count as wakeups. */
	return syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, tsp, NULL, 0) < 0 &&
	       errno == ETIMEDOUT;
}

void host_wake_word(u32 *word, int nr)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, nr, NULL, NULL, 0);
}

void host_sleep_ns(u64 ns)
{
	struct timespec ts = ns_to_timespec(ns);

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
