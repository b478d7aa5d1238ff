/* SPDX-License-Identifier: MIT */
/*
 * kmm/completion.h - completions, as linux/completion.h: "this has
 * happened" counted events that tasks wait for.
 *
 * done counts complete() calls not yet consumed by a waiter (complete_all()
 * makes it UINT_MAX: every present and future waiter passes). done is
 * guarded by the wait queue's lock; waiters sleep on that queue.
 */
#ifndef KMM_COMPLETION_H
#define KMM_COMPLETION_H

#include <kmm/wait.h>

struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(work) \
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) \
	struct completion work = COMPLETION_INITIALIZER(work)

/** init_completion - a completion with nothing done. */
void init_completion(struct completion *x);
/** reinit_completion - reset @x to nothing done; nobody may wait on it. */
void reinit_completion(struct completion *x);
/** complete - let one waiter (present or future) through. Context: any. */
void complete(struct completion *x);
/** complete_all - let every waiter through, from now on. Context: any. */
void complete_all(struct completion *x);
/** wait_for_completion - sleep until @x is completed. Context: may sleep. */
void wait_for_completion(struct completion *x);
/**
 * wait_for_completion_timeout - as wait_for_completion(), at most
 * @timeout jiffies. Return: 0 if timed out, else the jiffies left (>= 1).
 */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
/** try_wait_for_completion - consume a done without sleeping; Return: true if one was. */
bool try_wait_for_completion(struct completion *x);
/** completion_done - would a waiter pass now? */
bool completion_done(struct completion *x);

#endif /* KMM_COMPLETION_H */
