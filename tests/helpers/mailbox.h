/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/mailbox.h - what the two-thread stress tests use to hand
 * allocations to the other thread, so that they are freed on another CPU:
 * a bounded FIFO of fixed-size elements under a host mutex (never a kmm
 * lock: the stress must not lean on what it tests). Header-only, so that
 * the TSan build (tests/shim) needs nothing more.
 *
 *	static struct block box0_slots[512];
 *	static struct mailbox box0 = MAILBOX_INIT(box0_slots);
 *	if (!mailbox_post(&box0, &b)) ...	(full: the caller keeps b)
 *	while (mailbox_fetch(&box0, &b)) ...
 */
#ifndef TESTS_HELPERS_MAILBOX_H
#define TESTS_HELPERS_MAILBOX_H

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

struct mailbox {
	pthread_mutex_t lock;
	unsigned char *slot;	/* cap elements of elem bytes */
	size_t elem;
	unsigned int cap, head, n;
};

#define MAILBOX_INIT(slots) {						\
	.lock = PTHREAD_MUTEX_INITIALIZER,				\
	.slot = (unsigned char *)(slots),				\
	.elem = sizeof((slots)[0]),					\
	.cap = sizeof(slots) / sizeof((slots)[0]),			\
}

/* Append a copy of @e; Return: false (nothing done) if the box is full. */
static inline bool mailbox_post(struct mailbox *mb, const void *e)
{
	bool ok;

	pthread_mutex_lock(&mb->lock);
	ok = mb->n < mb->cap;
	if (ok) {
		memcpy(mb->slot + (size_t)((mb->head + mb->n) % mb->cap) * mb->elem, e, mb->elem);
		mb->n++;
	}
	pthread_mutex_unlock(&mb->lock);
	return ok;
}

/* Take the oldest element into @e; Return: false if the box is empty. */
static inline bool mailbox_fetch(struct mailbox *mb, void *e)
{
	bool ok;

	pthread_mutex_lock(&mb->lock);
	ok = mb->n > 0;
	if (ok) {
		memcpy(e, mb->slot + (size_t)mb->head * mb->elem, mb->elem);
		mb->head = (mb->head + 1) % mb->cap;
		mb->n--;
	}
	pthread_mutex_unlock(&mb->lock);
	return ok;
}

/* Forget everything in the box (between runs, with no thread using it). */
static inline void mailbox_reset(struct mailbox *mb)
{
	mb->head = 0;
	mb->n = 0;
}

#endif /* TESTS_HELPERS_MAILBOX_H */
