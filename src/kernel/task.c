// SPDX-License-Identifier: MIT
/*
 * src/kernel/task.c - the current task, sleeping and waking one task
 * (kernel/sched/core.c's try_to_wake_up() and schedule(), and
 * kernel/time/sleep_timeout.c's schedule_timeout()).
 *
 * 1. Concepts. See kmm/task.h: a task is a host thread with a
 *    thread-local struct task_struct; its __state word is both its
 *    TASK_* state and the word host_wait_word() sleeps on.
 *
 * 2. The handshake. The sleeper stores its state with a full barrier,
 *    checks its condition, then sleeps while __state still holds that
 *    state. A waker makes the condition true, issues a full barrier and
 *    compare-and-swaps __state from a matching state to TASK_RUNNING, then
 *    wakes the word. Either the sleeper sees the condition, or the waker
 *    sees the sleeping state and the futex-style sleep sees the changed
 *    word: no lost wakeup (the classic store-buffer argument, both sides
 *    sequentially consistent).
 *
 * 3. Time. A sleep of N jiffies ends at a deadline on the host's
 *    monotonic clock; spurious returns of host_wait_word() sleep again
 *    for what is left. The remaining time is returned in jiffies, rounded
 *    up, as Linux's timer-based version returns it.
 *
 * 4. Locking: none here. The __state word is only touched atomically; the
 *    rest of the task belongs to its thread.
 *
 * How kmm differs: no run queues, no preemption of a running task, no
 * signals, no hrtimer slack. "BUG: scheduling while atomic" is printed
 * with might_sleep's rate limit and does not taint.
 */
#include <stdatomic.h>

#include <kmm/task.h>
#include <kmm/sched.h>
#include <kmm/jiffies.h>
#include <kmm/printk.h>
#include <kmm/smp.h>
#include "../host/host.h"

_Thread_local struct task_struct kmm_current_task;
_Thread_local struct task_struct *kmm_current;

/* Point 3 of kmm/task.h: one report per HZ for the process. */
static atomic_ulong schedule_bug_prev;

static void schedule_debug(void)
{
	unsigned long now, prev;

	if (!in_atomic() && !irqs_disabled())
		return;
	now = jiffies;
	prev = atomic_load_explicit(&schedule_bug_prev, memory_order_relaxed);
	if (prev && time_before(now, prev + HZ))
		return;
	if (!atomic_compare_exchange_strong(&schedule_bug_prev, &prev, now))
		return;
	pr_err("BUG: scheduling while atomic: %s/%d/0x%08x\n", current_comm(),
	       task_pid_nr_current(), preempt_count());
	dump_stack();
}

int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
{
	u32 cur;

	(void)wake_flags;
	atomic_thread_fence(memory_order_seq_cst);	/* point 2 */
	cur = __atomic_load_n(&p->__state, __ATOMIC_SEQ_CST);
	do {
		if (!(cur & state))
			return 0;
	} while (!__atomic_compare_exchange_n(&p->__state, &cur, TASK_RUNNING, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	host_wake_word(&p->__state, 1);
	return 1;
}

int wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_NORMAL, 0);
}

/*
 * Sleep while the state is @state, until @deadline_ns (U64_MAX: none).
 * The state is read with acquire: once a waker's compare-and-swap is
 * seen, so is everything the waker did before it (point 2).
 */
static void sleep_in_state(u32 state, u64 deadline_ns)
{
	struct task_struct *me = current;

	while (__atomic_load_n(&me->__state, __ATOMIC_ACQUIRE) == state) {
		u64 now = host_clock_ns(), left;

		if (deadline_ns != U64_MAX && now >= deadline_ns)
			break;
		left = deadline_ns == U64_MAX ? U64_MAX : deadline_ns - now;
		host_wait_word(&me->__state, state, left);
	}
}

long schedule_timeout(long timeout)
{
	struct task_struct *me = current;
	u32 state = task_state(me);
	u64 deadline = U64_MAX, now;

	schedule_debug();
	if (timeout < 0)
		timeout = 0;
	if (timeout != MAX_SCHEDULE_TIMEOUT)
		deadline = host_clock_ns() + (u64)timeout * TICK_NSEC;
	if (state != TASK_RUNNING) {
		me->nvcsw++;
		sleep_in_state(state, deadline);
	}
	__set_current_state(TASK_RUNNING);
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		return MAX_SCHEDULE_TIMEOUT;
	now = host_clock_ns();
	if (state == TASK_RUNNING)
		return timeout;
	return now >= deadline ? 0 : (long)((deadline - now + TICK_NSEC - 1) / TICK_NSEC);
}

long schedule_timeout_uninterruptible(long timeout)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_interruptible(long timeout)
{
	set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_idle(long timeout)
{
	return schedule_timeout_uninterruptible(timeout);
}

long io_schedule_timeout(long timeout)
{
	return schedule_timeout(timeout);
}

void schedule(void)
{
	schedule_timeout(MAX_SCHEDULE_TIMEOUT);
}

void msleep(unsigned int msecs)
{
	long timeout = (long)msecs_to_jiffies(msecs) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}
