// SPDX-License-Identifier: MIT
/*
 * tests/test_spinlock_stress.c - spinlock_t under real contention between
 * host threads. A plain (non-atomic) counter is incremented under the
 * lock; any lost update or torn exclusion shows as a wrong final count,
 * and ThreadSanitizer (`make tsan`) reports any access the lock's
 * acquire/release does not order. Each thread also checks that its own
 * preempt count and interrupt flag are right inside the critical section
 * and back to zero afterwards.
 *
 *     thread 0:  lock  ++  unlock  lock  ++  unlock ...      (10^6 times)
 *     thread 1:     lock ++ unlock    lock ++ unlock ...     (10^6 times)
 *     counter == 2 * 10^6 at the end
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>

#include <kmm/preempt.h>
#include <kmm/sched.h>
#include <kmm/spinlock.h>

#define ITERS	1000000UL

enum lock_kind { PLAIN, IRQSAVE, IRQ, TRYLOCK };

struct worker {
	spinlock_t *lock;
	unsigned long *counter;
	enum lock_kind kind;
	unsigned long iters;
	unsigned long done, failed_trylocks;
	bool context_ok;	/* count and irq flag right inside and after */
};

static bool inside_ok(enum lock_kind kind)
{
	bool irqs_off = kind == IRQSAVE || kind == IRQ;

	return preempt_count() == 1 && irqs_disabled() == irqs_off;
}

/* One increment under @w's kind of locking; false if a trylock failed. */
static bool one_increment(struct worker *w)
{
	unsigned long flags;

	switch (w->kind) {
	case PLAIN:
		spin_lock(w->lock);
		w->context_ok &= inside_ok(PLAIN);
		(*w->counter)++;
		spin_unlock(w->lock);
		return true;
	case IRQSAVE:
		spin_lock_irqsave(w->lock, flags);
		w->context_ok &= inside_ok(IRQSAVE);
		(*w->counter)++;
		spin_unlock_irqrestore(w->lock, flags);
		return true;
	case IRQ:
		spin_lock_irq(w->lock);
		w->context_ok &= inside_ok(IRQ);
		(*w->counter)++;
		spin_unlock_irq(w->lock);
		return true;
	case TRYLOCK:
		if (!spin_trylock(w->lock))
			return false;
		w->context_ok &= inside_ok(TRYLOCK);
		(*w->counter)++;
		spin_unlock(w->lock);
		return true;
	}
	return false;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	w->context_ok = preemptible();
	while (w->done < w->iters) {
		if (one_increment(w))
			w->done++;
		else
			w->failed_trylocks++;
		w->context_ok &= preempt_count() == 0 && !irqs_disabled();
	}
	return NULL;
}

/* Run @n workers of the given kinds on one lock; Return: the counter. */
static unsigned long run(int n, const enum lock_kind *kinds, struct worker *w)
{
	static DEFINE_SPINLOCK(lock);
	static unsigned long counter;
	pthread_t t[8];

	counter = 0;
	for (int i = 0; i < n; i++) {
		w[i] = (struct worker){ .lock = &lock, .counter = &counter,
					.kind = kinds[i], .iters = ITERS };
		cr_assert_eq(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < n; i++)
		cr_assert(w[i].context_ok, "worker %d saw a wrong preempt count or irq flag", i);
	cr_assert_not(spin_is_locked(&lock));
	return counter;
}

Test(spinlock_stress, two_threads_spin_lock)
{
	static const enum lock_kind k[] = { PLAIN, PLAIN };
	struct worker w[2];

	cr_assert_eq(run(2, k, w), 2 * ITERS);
	cr_assert_eq(preempt_count(), 0);
}

Test(spinlock_stress, two_threads_spin_lock_irqsave)
{
	static const enum lock_kind k[] = { IRQSAVE, IRQSAVE };
	struct worker w[2];

	cr_assert_eq(run(2, k, w), 2 * ITERS);
}

Test(spinlock_stress, irqsave_against_plain_and_irq)
{
	static const enum lock_kind k[] = { IRQSAVE, PLAIN, IRQ };
	struct worker w[3];

	cr_assert_eq(run(3, k, w), 3 * ITERS);
}

/* A trylock loser retries; every success is one increment, nothing lost. */
Test(spinlock_stress, trylock_contention)
{
	static const enum lock_kind k[] = { TRYLOCK, PLAIN };
	struct worker w[2];

	cr_assert_eq(run(2, k, w), 2 * ITERS);
	cr_assert_eq(w[0].done, ITERS);
}

Test(spinlock_stress, two_trylockers)
{
	static const enum lock_kind k[] = { TRYLOCK, TRYLOCK };
	struct worker w[2];

	cr_assert_eq(run(2, k, w), 2 * ITERS);
}

/* More threads than the host has CPUs: waiters must yield to holders. */
Test(spinlock_stress, oversubscribed)
{
	static const enum lock_kind k[] = { PLAIN, IRQSAVE, PLAIN, IRQSAVE, PLAIN, IRQ };
	struct worker w[6];

	cr_assert_eq(run(6, k, w), 6 * ITERS);
}

/* cond_resched_lock() drops and retakes the lock under contention. */
static void *resched_worker(void *arg)
{
	struct worker *w = arg;

	spin_lock(w->lock);
	for (unsigned long i = 0; i < w->iters; i++) {
		(*w->counter)++;
		(void)cond_resched_lock(w->lock);
	}
	spin_unlock(w->lock);
	w->context_ok = preempt_count() == 0 && kmm_might_sleep_reports() == 0;
	return NULL;
}

Test(spinlock_stress, cond_resched_lock_lets_others_in)
{
	static DEFINE_SPINLOCK(lock);
	static unsigned long counter;
	struct worker w[2];
	pthread_t t[2];

	for (int i = 0; i < 2; i++) {
		w[i] = (struct worker){ .lock = &lock, .counter = &counter, .iters = ITERS };
		cr_assert_eq(pthread_create(&t[i], NULL, resched_worker, &w[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(counter, 2 * ITERS);
	cr_assert(w[0].context_ok && w[1].context_ok);
}
