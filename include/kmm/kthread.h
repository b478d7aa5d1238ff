/* SPDX-License-Identifier: MIT */
/*
 * kmm/kthread.h - kernel threads, as linux/kthread.h: kthread_create(),
 * kthread_run(), kthread_should_stop(), kthread_stop().
 *
 * 1. A kthread is a host thread with a task of its own (kmm/task.h),
 *    named as the kernel names it ("kswapd0"), which the host shows in
 *    /proc/self/task/N/comm. kthread_create() starts the thread asleep;
 *    it runs threadfn(data) once woken (wake_up_process(), or
 *    kthread_run() which creates and wakes).
 *
 * 2. Stopping. kthread_stop() sets the thread's should-stop flag, wakes
 *    it, and waits until it has returned (the host thread is joined, so
 *    no thread is left behind). threadfn polls kthread_should_stop() in
 *    its loop and must sleep in ways that a wake ends. A kthread stopped
 *    before it began threadfn (never woken, or woken but not yet
 *    running, as in Linux) does not run it: kthread_stop() returns -EINTR.
 *
 * 3. Context: threadfn starts in process context (may sleep), with
 *    PF_KTHREAD set. kthread_stop() may sleep, and must not be called by
 *    the kthread itself.
 *
 * How kmm differs: no kthreadd, no CPU binding, no parking or freezing;
 * returning from threadfn without kthread_stop() leaves the thread's
 * handle until kthread_stop() (which then returns its result at once).
 */
#ifndef KMM_KTHREAD_H
#define KMM_KTHREAD_H

#include <kmm/compiler.h>
#include <kmm/err.h>
#include <kmm/task.h>

/**
 * kthread_create - start a kernel thread, asleep until woken.
 * @threadfn: what it runs; its return value is kthread_stop()'s
 * @data: passed to @threadfn
 * @namefmt: printf-style name ("kswapd%d"), cut to TASK_COMM_LEN - 1
 *
 * Context: may sleep. Return: the thread's task, or ERR_PTR(-ENOMEM).
 */
__printf(3, 4)
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...);

/** kthread_run - kthread_create() and wake_up_process(); Return: as kthread_create(). */
#define kthread_run(threadfn, data, namefmt, ...) ({			\
	struct task_struct *__k =					\
		kthread_create(threadfn, data, namefmt, ##__VA_ARGS__);	\
	if (!IS_ERR(__k))						\
		wake_up_process(__k);					\
	__k;								\
})

/**
 * kthread_stop - ask @k to stop, wake it, and wait until it has exited.
 * @k: a task kthread_create() returned, not yet stopped
 *
 * Context: may sleep. Return: @k's threadfn result, or -EINTR if it never ran.
 */
int kthread_stop(struct task_struct *k);

/**
 * kthread_should_stop - has kthread_stop() been called for this kthread?
 * Context: the kthread itself (false in any other thread).
 */
bool kthread_should_stop(void);

/** kthreads_running - kthreads created and not yet stopped (a kmm addition). */
int kthreads_running(void);

#endif /* KMM_KTHREAD_H */
