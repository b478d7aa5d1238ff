// SPDX-License-Identifier: MIT
/*
 * src/kernel/wait.c - wait queues (kernel/sched/wait.c).
 *
 * 1. Concepts: kmm/wait.h. A queue is a spinlock and a list of entries;
 *    each entry names a task and what to do to wake it.
 *
 * 2. Locking. wq_head->lock guards the list and every entry's link and
 *    flags while it is queued (kmm changes an entry's flags only under
 *    it; Linux's prepare_to_wait() changes them just before). It is taken with interrupts saved
 *    (spin_lock_irqsave), as Linux does, so wake_up() may be called
 *    from any context, including under zone->lock or a pcp lock; it is a
 *    leaf lock: nothing is taken while it is held except the atomic
 *    __state of the woken tasks. Lock order therefore:
 *        (any allocator lock)  ->  wq_head->lock
 *
 * 3. Waking (__wake_up_common): walk the entries in order; call each
 *    func; an exclusive entry whose func woke its task counts against
 *    nr_exclusive, and the walk stops when it reaches 0. Entries may
 *    unlink themselves from their func (autoremove), so the walk keeps
 *    the next pointer first.
 *
 * 4. Lifetime. An entry lives on its sleeper's stack. finish_wait()
 *    unlinks it under the lock unless a waker already did (an empty
 *    entry link); after finish_wait() returns, no waker touches it.
 *
 * How kmm differs: no bookmarks for very long queues (walks are short
 * here), no wake-up keys, waitqueue_active() locks (see kmm/wait.h).
 */
#include <kmm/wait.h>

void init_waitqueue_head(struct wait_queue_head *wq_head)
{
	spin_lock_init(&wq_head->lock);
	INIT_LIST_HEAD(&wq_head->head);
}

void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)
{
	wq_entry->flags = (unsigned int)flags;
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			  void *key)
{
	(void)key;
	return try_to_wake_up(wq_entry->private, mode, flags);
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
			     int sync, void *key)
{
	int ret = default_wake_function(wq_entry, mode, sync, key);

	if (ret)
		list_del_init(&wq_entry->entry);
	return ret;
}

static void __add_wait_queue(struct wait_queue_head *wq_head,
			     struct wait_queue_entry *wq_entry)
{
	list_add(&wq_entry->entry, &wq_head->head);
}

static void __add_wait_queue_entry_tail(struct wait_queue_head *wq_head,
					struct wait_queue_entry *wq_entry)
{
	list_add_tail(&wq_entry->entry, &wq_head->head);
}

void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	__add_wait_queue(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

void add_wait_queue_exclusive(struct wait_queue_head *wq_head,
			      struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	__add_wait_queue_entry_tail(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	list_del_init(&wq_entry->entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
		     int state)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	if (list_empty(&wq_entry->entry))
		__add_wait_queue(wq_head, wq_entry);
	set_current_state(state);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state)
{
	unsigned long flags;
	bool was_empty = false;

	spin_lock_irqsave(&wq_head->lock, flags);
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	if (list_empty(&wq_entry->entry)) {
		was_empty = list_empty(&wq_head->head);
		__add_wait_queue_entry_tail(wq_head, wq_entry);
	}
	set_current_state(state);
	spin_unlock_irqrestore(&wq_head->lock, flags);
	return was_empty;
}

void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq_head->lock, flags);
	if (!list_empty(&wq_entry->entry))
		list_del_init(&wq_entry->entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/* Point 3; caller holds wq_head->lock. */
static int __wake_up_common(struct wait_queue_head *wq_head, unsigned int mode,
			    int nr_exclusive, void *key)
{
	struct wait_queue_entry *curr, *next;
	int woken = 0;

	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		unsigned int flags = curr->flags;
		int ret = curr->func(curr, mode, 0, key);

		if (ret < 0)
			break;
		woken += ret > 0;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
	return woken;
}

int __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive,
	      void *key)
{
	unsigned long flags;
	int woken;

	spin_lock_irqsave(&wq_head->lock, flags);
	woken = __wake_up_common(wq_head, mode, nr_exclusive, key);
	spin_unlock_irqrestore(&wq_head->lock, flags);
	return woken;
}

bool waitqueue_active(struct wait_queue_head *wq_head)
{
	unsigned long flags;
	bool active;

	spin_lock_irqsave(&wq_head->lock, flags);
	active = !list_empty(&wq_head->head);
	spin_unlock_irqrestore(&wq_head->lock, flags);
	return active;
}
