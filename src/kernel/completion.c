// SPDX-License-Identifier: MIT
/*
 * src/kernel/completion.c - completions (kernel/sched/completion.c).
 *
 * 1. State: x->done under x->wait.lock (kmm/completion.h). UINT_MAX is
 *    "completed for all" and is never consumed.
 *
 * 2. Waiting: an exclusive entry on x->wait; complete() wakes one waiter
 *    (wake_up_locked semantics: the lock is already held), complete_all()
 *    every waiter. The waiter sleeps with the lock dropped and re-checks
 *    done under the lock, so a complete() between its check and its
 *    sleep is never lost.
 *
 * 3. Locking: x->wait.lock is a leaf lock taken irqsave; complete() may
 *    be called under any other lock and from any context.
 *
 * How kmm differs: no killable or io variants (no signals, no I/O
 * accounting); the timeout is in jiffies, as Linux's.
 */
#include <kmm/completion.h>

void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

void reinit_completion(struct completion *x)
{
	x->done = 0;
}

/* Wake up to @nr exclusive waiters; caller holds x->wait.lock. */
static void complete_locked(struct completion *x, unsigned int add, int nr)
{
	struct wait_queue_entry *curr, *next;

	if (x->done != UINT_MAX)
		x->done = add == UINT_MAX ? UINT_MAX : x->done + add;
	list_for_each_entry_safe(curr, next, &x->wait.head, entry) {
		if (curr->func(curr, TASK_NORMAL, 0, NULL) && nr && !--nr)
			break;
	}
}

void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	complete_locked(x, 1, 1);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

void complete_all(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	complete_locked(x, UINT_MAX, 0);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/* Point 2; called and returns with x->wait.lock held. Return: jiffies left. */
static long do_wait_for_common(struct completion *x, long timeout, unsigned long *flags)
{
	DEFINE_WAIT(wait);

	wait.flags |= WQ_FLAG_EXCLUSIVE;
	while (!x->done && timeout) {
		if (list_empty(&wait.entry))
			list_add_tail(&wait.entry, &x->wait.head);
		set_current_state(TASK_UNINTERRUPTIBLE);
		spin_unlock_irqrestore(&x->wait.lock, *flags);
		timeout = schedule_timeout(timeout);
		spin_lock_irqsave(&x->wait.lock, *flags);
	}
	if (!list_empty(&wait.entry))
		list_del_init(&wait.entry);
	__set_current_state(TASK_RUNNING);
	if (!x->done)
		return 0;
	if (x->done != UINT_MAX)
		x->done--;
	return timeout ? timeout : 1;
}

static long wait_for_common(struct completion *x, long timeout)
{
	unsigned long flags;

	might_sleep();
	spin_lock_irqsave(&x->wait.lock, flags);
	timeout = do_wait_for_common(x, timeout, &flags);
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return timeout;
}

void wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT);
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	return (unsigned long)wait_for_common(x, (long)timeout);
}

bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags;
	bool ret = false;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done) {
		if (x->done != UINT_MAX)
			x->done--;
		ret = true;
	}
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return ret;
}

bool completion_done(struct completion *x)
{
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&x->wait.lock, flags);
	done = x->done != 0;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return done;
}
