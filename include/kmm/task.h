/* SPDX-License-Identifier: MIT */
/*
 * kmm/task.h - the task: what linux/sched.h's struct task_struct holds that
 * kmm needs, the task states, and sleeping and waking one task
 * (schedule_timeout(), wake_up_process()).
 *
 * 1. A task is a host thread. Each thread has its own struct task_struct
 *    (zeroed: TASK_RUNNING, no flags); `current` is the calling thread's.
 *    Other threads may reach it only while the task guarantees it stays
 *    alive (a queued wait queue entry, a kthread not yet stopped).
 *
 * 2. Sleeping, as in Linux: set_current_state(TASK_UNINTERRUPTIBLE), check
 *    the condition, schedule_timeout(). A waker changes the condition and
 *    calls wake_up_process() (or wake_up() on a wait queue, kmm/wait.h),
 *    which puts the task back to TASK_RUNNING. The sleep itself is
 *    host_wait_word() on the task's __state word: a wake that comes between
 *    the condition check and the sleep changes the word, so the sleep
 *    returns at once and no wakeup is lost.
 *
 * 3. The check. schedule_timeout() in atomic context prints Linux's
 *    "BUG: scheduling while atomic: COMM/PID/0xCOUNT" (rate-limited as
 *    might_sleep's report), then sleeps anyway, as Linux does.
 *
 * 4. How kmm differs: no scheduler, no signals (TASK_INTERRUPTIBLE sleeps
 *    end only by a wake or the timeout; signal_pending() is always false),
 *    no freezer, no preemption of a running task. nvcsw counts the
 *    task's sleeps (voluntary context switches), which tests use to prove
 *    that a path never slept.
 */
#ifndef KMM_TASK_H
#define KMM_TASK_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/jiffies.h>

/* Task states (linux/sched.h values). */
#define TASK_RUNNING		0x00000000
#define TASK_INTERRUPTIBLE	0x00000001
#define TASK_UNINTERRUPTIBLE	0x00000002
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* Per-task flags (linux/sched.h values) kmm uses. */
#define PF_MEMALLOC		0x00000800	/* reclaiming: no recursion into reclaim */
#define PF_KSWAPD		0x00020000	/* this is kswapd */
#define PF_KTHREAD		0x00200000	/* a kernel thread (kthread_run) */

#define TASK_COMM_LEN		16
#define MAX_SCHEDULE_TIMEOUT	LONG_MAX

struct reclaim_state;
struct kthread;

struct task_struct {
	u32 __state;			/* TASK_*; atomic; the word a sleep waits on */
	unsigned int flags;		/* PF_*; written by the task only */
	char comm[TASK_COMM_LEN];	/* "" for threads kmm did not start */
	unsigned long nvcsw;		/* sleeps so far (voluntary switches) */
	struct reclaim_state *reclaim_state;	/* set while the task reclaims */
	struct kthread *kthread;	/* the kthread this task runs, or NULL */
	unsigned int make_it_fail;	/* fault injection's task-filter (kmm/fault-inject.h) */
	unsigned int fail_nth;		/* calls of should_fail() left before a forced failure */
};

/*
 * A thread kmm did not start uses its thread-local kmm_current_task; a
 * kthread's task lives in its struct kthread (so a waker may touch it
 * until kthread_stop() has joined the thread) and kmm_current points there.
 */
extern _Thread_local struct task_struct kmm_current_task;
extern _Thread_local struct task_struct *kmm_current;

/** get_current - the calling thread's task. Context: any. */
static inline struct task_struct *get_current(void)
{
	struct task_struct *p = kmm_current;

	return p ? p : &kmm_current_task;
}
#define current get_current()

/* Set the state with a full barrier (smp_store_mb), before checking a condition. */
#define set_current_state(state)					\
	__atomic_store_n(&current->__state, (u32)(state), __ATOMIC_SEQ_CST)
#define __set_current_state(state)					\
	__atomic_store_n(&current->__state, (u32)(state), __ATOMIC_RELAXED)

static inline unsigned int task_state(const struct task_struct *p)
{
	return __atomic_load_n(&p->__state, __ATOMIC_RELAXED);
}

/* No signals in kmm (point 4). */
static inline bool signal_pending(const struct task_struct *p)
{
	(void)p;
	return false;
}

/**
 * schedule_timeout - sleep until woken or @timeout jiffies have passed.
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT for no limit
 *
 * The caller set its state first (set_current_state()); if it is already
 * TASK_RUNNING again (a wake came first), this returns at once. The task
 * is TASK_RUNNING on return.
 *
 * Context: process context, may sleep. Return: 0 if the timeout expired,
 * else the jiffies left (MAX_SCHEDULE_TIMEOUT stays MAX_SCHEDULE_TIMEOUT).
 */
long schedule_timeout(long timeout);
long schedule_timeout_uninterruptible(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_idle(long timeout);
/** io_schedule_timeout - schedule_timeout() accounted as I/O wait (no I/O in kmm). */
long io_schedule_timeout(long timeout);
/** schedule - sleep with no timeout until woken. Context: may sleep. */
void schedule(void);

/**
 * wake_up_process - wake @p if it sleeps in any TASK_NORMAL state.
 * @p: a task that stays alive during the call
 *
 * Context: any; never sleeps. Return: 1 if @p was sleeping (or about to).
 */
int wake_up_process(struct task_struct *p);

/**
 * try_to_wake_up - wake @p if its state is in @state.
 * Return: 1 if the state matched and is now TASK_RUNNING.
 */
int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags);

/** msleep - sleep @msecs milliseconds, uninterruptibly. Context: may sleep. */
void msleep(unsigned int msecs);

/** msecs_to_jiffies - @m milliseconds in jiffies, rounded up. */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return ((unsigned long)m * HZ + 999UL) / 1000UL;
}

/** jiffies_to_msecs - @j jiffies in milliseconds. */
static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * (1000UL / HZ));
}

#endif /* KMM_TASK_H */
