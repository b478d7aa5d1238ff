// SPDX-License-Identifier: MIT
/*
 * src/kernel/kthread.c - kernel threads on host threads (kernel/kthread.c).
 *
 * 1. Concepts: kmm/kthread.h. struct kthread holds the thread's task (so
 *    wakers may touch it until kthread_stop() has joined the thread), its
 *    function, its result and the should-stop flag.
 *
 * 2. Start. kthread_create() sets the new task to TASK_UNINTERRUPTIBLE
 *    before the host thread exists; the thread's first act is schedule(),
 *    which sleeps while that state holds. A wake_up_process() that comes
 *    before the thread reaches schedule() has already set TASK_RUNNING,
 *    so schedule() returns at once: no start-up race.
 *
 * 3. Stop. kthread_stop() sets KTHREAD_SHOULD_STOP (release), wakes the
 *    task and joins the host thread. The thread reads the flag with
 *    acquire in kthread_should_stop(). Whatever sleep the thread is in
 *    (a wait queue, schedule_timeout) ends on the wake and its loop sees
 *    the flag.
 *
 * 4. Memory. A struct kthread is one page of the host's metadata memory
 *    (host_pages_alloc), not of the simulated machine: threads outlive no
 *    machine, but they must not consume the memory they are reclaiming.
 *
 * 5. Locking: none; the flag and counters are atomics, the rest belongs
 *    to one side at a time (creator before the thread starts, the thread
 *    while it runs, kthread_stop() after the join).
 *
 * How kmm differs: no kthreadd parent, no affinity, parking or freezing.
 */
#include <stdarg.h>
#include <stdatomic.h>

#include <kmm/kthread.h>
#include <kmm/sched.h>
#include <kmm/errno.h>
#include <kmm/printk.h>
#include "../lib/string.h"
#include "../host/host.h"

#define KTHREAD_SHOULD_STOP	0x1u
#define KTHREAD_RAN		0x2u

struct kthread {
	struct task_struct task;
	int (*threadfn)(void *data);
	void *data;
	int result;
	atomic_uint flags;		/* KTHREAD_* */
	struct host_thread *host;
};

static atomic_int nr_kthreads;

static struct kthread *to_kthread(struct task_struct *k)
{
	return k->kthread;
}

/* Point 2: sleep until woken, then run threadfn unless already stopped. */
static void kthread_main(void *arg)
{
	struct kthread *self = arg;

	kmm_current = &self->task;
	schedule();
	if (atomic_load_explicit(&self->flags, memory_order_acquire) & KTHREAD_SHOULD_STOP) {
		self->result = -EINTR;
		return;
	}
	atomic_fetch_or_explicit(&self->flags, KTHREAD_RAN, memory_order_relaxed);
	self->result = self->threadfn(self->data);
}

static struct kthread *kthread_alloc(int (*threadfn)(void *), void *data,
				     const char *namefmt, va_list args)
{
	struct kthread *k = host_pages_alloc(sizeof(*k));

	if (!k)
		return NULL;
	memset(k, 0, sizeof(*k));
	vsnprintf(k->task.comm, sizeof(k->task.comm), namefmt, args);
	k->task.flags = PF_KTHREAD;
	k->task.__state = TASK_UNINTERRUPTIBLE;
	k->task.kthread = k;
	k->threadfn = threadfn;
	k->data = data;
	atomic_init(&k->flags, 0);
	return k;
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...)
{
	struct kthread *k;
	va_list args;

	might_sleep();
	va_start(args, namefmt);
	k = kthread_alloc(threadfn, data, namefmt, args);
	va_end(args);
	if (!k)
		return ERR_PTR(-ENOMEM);
	if (host_thread_create(&k->host, kthread_main, k, k->task.comm)) {
		host_pages_free(k, sizeof(*k));
		return ERR_PTR(-ENOMEM);
	}
	atomic_fetch_add(&nr_kthreads, 1);
	return &k->task;
}

int kthread_stop(struct task_struct *k)
{
	struct kthread *kt = to_kthread(k);
	int ret;

	might_sleep();
	atomic_fetch_or_explicit(&kt->flags, KTHREAD_SHOULD_STOP, memory_order_release);
	wake_up_process(k);
	host_thread_join(kt->host);
	ret = kt->result;
	host_pages_free(kt, sizeof(*kt));
	atomic_fetch_sub(&nr_kthreads, 1);
	return ret;
}

bool kthread_should_stop(void)
{
	struct kthread *k = current->kthread;

	return k && (atomic_load_explicit(&k->flags, memory_order_seq_cst) &
		     KTHREAD_SHOULD_STOP);
}

int kthreads_running(void)
{
	return atomic_load(&nr_kthreads);
}
