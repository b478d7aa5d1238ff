/* SPDX-License-Identifier: MIT */
/*
 * kmm/wait.h - wait queues, as linux/wait.h: a place where tasks sleep
 * until a condition becomes true, and the wait_event*() family.
 *
 * 1. A wait_queue_head_t is a spinlock and a list of wait_queue_entry,
 *    one per sleeping task (an entry lives on the sleeper's stack). A
 *    waker calls wake_up*(): under the lock, each entry's func is called
 *    (autoremove_wake_function: wake the task and unlink the entry);
 *    exclusive entries (WQ_FLAG_EXCLUSIVE, at the tail) are woken at most
 *    nr_exclusive at a time, the others all.
 *
 * 2. The pattern, which the macros below expand to:
 *        DEFINE_WAIT(wait);
 *        for (;;) {
 *                prepare_to_wait(&wq, &wait, TASK_UNINTERRUPTIBLE);
 *                if (condition)
 *                        break;
 *                timeout = schedule_timeout(timeout);
 *                if (!timeout)
 *                        break;
 *        }
 *        finish_wait(&wq, &wait);
 *    prepare_to_wait() queues the entry and sets the task state under the
 *    lock; a wake_up() after the condition became true therefore finds the
 *    entry and no wakeup is lost (see src/kernel/task.c point 2).
 *
 * 3. Bounded waits. wait_event_timeout(wq, cond, timeout) returns 0 if
 *    the condition was still false when @timeout jiffies ran out, else the
 *    jiffies left (at least 1). The _interruptible variants behave the
 *    same in kmm, which has no signals (they never return -ERESTARTSYS).
 *
 * 4. Context: the wait_event*() macros and prepare_to_wait() callers may
 *    sleep (might_sleep() is checked); wake_up*() never sleep and may be
 *    called under any spinlock that is not the queue's own.
 *
 * How kmm differs: waitqueue_active() takes the queue's lock instead of
 * reading the list head without it (Linux pairs that read with explicit
 * barriers; kmm keeps every access to the list under the lock, which
 * ThreadSanitizer can check). No wake-up keys or poll tables, no
 * TASK_KILLABLE, no freezable waits.
 */
#ifndef KMM_WAIT_H
#define KMM_WAIT_H

#include <kmm/types.h>
#include <kmm/list.h>
#include <kmm/spinlock.h>
#include <kmm/sched.h>
#include <kmm/task.h>

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode,
				 int flags, void *key);

/* wq_entry->flags */
#define WQ_FLAG_EXCLUSIVE	0x01
#define WQ_FLAG_WOKEN		0x02

struct wait_queue_entry {
	unsigned int flags;
	void *private;		/* the sleeping task */
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;
typedef struct wait_queue_entry wait_queue_entry_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) {				\
	.lock = __SPIN_LOCK_UNLOCKED(name.lock),			\
	.head = LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name)					\
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

/** init_waitqueue_head - an empty wait queue. Context: nobody uses @wq_head yet. */
void init_waitqueue_head(struct wait_queue_head *wq_head);

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			  void *key);
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
			     int sync, void *key);

#define DEFINE_WAIT_FUNC(name, function)				\
	struct wait_queue_entry name = {				\
		.private = current,					\
		.func = function,					\
		.entry = LIST_HEAD_INIT((name).entry),			\
	}
#define DEFINE_WAIT(name)	DEFINE_WAIT_FUNC(name, autoremove_wake_function)

/** init_wait_entry - make @wq_entry a fresh autoremove entry for current. */
void init_wait_entry(struct wait_queue_entry *wq_entry, int flags);

void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
void add_wait_queue_exclusive(struct wait_queue_head *wq_head,
			      struct wait_queue_entry *wq_entry);
void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

/**
 * prepare_to_wait - queue @wq_entry (if it is not queued) and set the
 * task's @state, both under the queue's lock.
 */
void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
		     int state);
/** prepare_to_wait_exclusive - as prepare_to_wait(), queued as exclusive at the tail. */
bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state);
/** finish_wait - back to TASK_RUNNING and off the queue. */
void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

/**
 * __wake_up - wake the tasks of @wq_head whose state is in @mode: every
 * non-exclusive one and up to @nr_exclusive exclusive ones (0: all).
 * @wq_head: the queue
 * @mode: TASK_NORMAL or TASK_INTERRUPTIBLE
 * @nr_exclusive: how many exclusive waiters to wake
 * @key: passed to each entry's func
 *
 * Context: any; never sleeps. Return: how many entries' func reported a wake.
 */
int __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive,
	      void *key);

#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)		__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_nr(x, nr)	__wake_up(x, TASK_INTERRUPTIBLE, nr, NULL)
#define wake_up_interruptible_all(x)	__wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)

/**
 * waitqueue_active - has @wq_head any entry? Takes the lock (see the
 * header comment). Return: true if some task waits, or is about to.
 */
bool waitqueue_active(struct wait_queue_head *wq_head);
#define wq_has_sleeper(wq_head)	waitqueue_active(wq_head)

/*
 * The wait loop of point 2. @cmd is run to sleep; __ret carries the
 * timeout between rounds (for the untimed variants it is unused).
 */
#define ___wait_event(wq_head, condition, state, exclusive, ret, cmd) ({	\
	struct wait_queue_entry __wq_entry;					\
	long __ret = ret;							\
										\
	init_wait_entry(&__wq_entry, exclusive ? WQ_FLAG_EXCLUSIVE : 0);	\
	for (;;) {								\
		prepare_to_wait(&(wq_head), &__wq_entry, state);		\
		if (condition)							\
			break;							\
		cmd;								\
	}									\
	finish_wait(&(wq_head), &__wq_entry);					\
	__ret;									\
})

#define __wait_event(wq_head, condition)					\
	(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, 0,	\
			    schedule())

/** wait_event - sleep until @condition is true. Context: may sleep. */
#define wait_event(wq_head, condition) do {					\
	might_sleep();								\
	if (condition)								\
		break;								\
	__wait_event(wq_head, condition);					\
} while (0)

/* The timeout's jiffies are spent, but the condition is true: return 1. */
#define ___wait_cond_timeout(condition) ({					\
	bool __cond = (condition);						\
	if (__cond && !__ret)							\
		__ret = 1;							\
	__cond || !__ret;							\
})

#define __wait_event_timeout(wq_head, condition, state, timeout)		\
	___wait_event(wq_head, ___wait_cond_timeout(condition), state, 0,	\
		      timeout, __ret = schedule_timeout(__ret))

/* wait_event_timeout() in task state @state. */
#define wait_event_state_timeout(wq_head, condition, state, timeout) ({	\
	long __ret = timeout;							\
	might_sleep();								\
	if (!___wait_cond_timeout(condition))					\
		__ret = __wait_event_timeout(wq_head, condition, state, timeout); \
	__ret;									\
})

/**
 * wait_event_timeout - sleep until @condition is true or @timeout jiffies
 * have passed.
 * Context: may sleep. Return: 0 if @condition was false after the
 * timeout, else the jiffies left (at least 1).
 */
#define wait_event_timeout(wq_head, condition, timeout)			\
	wait_event_state_timeout(wq_head, condition, TASK_UNINTERRUPTIBLE, timeout)

/** wait_event_interruptible_timeout - as wait_event_timeout() (no signals in kmm). */
#define wait_event_interruptible_timeout(wq_head, condition, timeout)		\
	wait_event_state_timeout(wq_head, condition, TASK_INTERRUPTIBLE, timeout)

/** wait_event_interruptible - as wait_event(); Return: 0 (no signals in kmm). */
#define wait_event_interruptible(wq_head, condition) ({			\
	wait_event(wq_head, condition);						\
	0;									\
})

/** wait_event_idle_timeout - wait_event_timeout() that does not count as load. */
#define wait_event_idle_timeout(wq_head, condition, timeout)			\
	wait_event_timeout(wq_head, condition, timeout)

#endif /* KMM_WAIT_H */
