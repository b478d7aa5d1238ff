/* SPDX-License-Identifier: MIT */
/*
 * kmm/spinlock.h - spinlock_t, as linux/spinlock.h.
 *
 * 1. A real lock. kmm runs on many host threads at once, so a spinlock_t
 *    excludes for real: one 32-bit atomic word, 0 free and 1 held (the
 *    size of Linux's qspinlock). Taking it also does what Linux's does to
 *    the context: spin_lock() disables preemption, spin_lock_irq() and
 *    spin_lock_irqsave() first disable interrupts (kmm/irqflags.h), so
 *    in_atomic() and irqs_disabled() are true while it is held and a
 *    sleeping call reports "BUG: sleeping function called from invalid
 *    context" (kmm/sched.h). Unlock undoes them in reverse order.
 *
 * 2. Acquire. One atomic exchange: if it returns 0 the lock is ours.
 *    Otherwise arch_spin_lock_slowpath() (src/kernel/spinlock.c) waits on
 *    plain loads until the word reads 0 (test-and-test-and-set: waiters
 *    share the cache line instead of bouncing it), pausing between loads,
 *    then tries the exchange again. Because the host may preempt a holder
 *    (a real kernel never preempts a spinlock holder), a waiter that has
 *    spun SPIN_YIELD_AFTER times yields its host CPU instead of burning
 *    the holder's time slice. There is no fairness: no queue, no tickets.
 *
 * 3. Costs, uncontended: lock+unlock is one atomic exchange (acquire) and
 *    one store (release), plus two thread-local adds for the preempt count
 *    and, for the irq variants, two thread-local stores. Contended: a pause
 *    per poll of the lock word, then sched_yield() calls.
 *
 * 4. Checks. assert_spin_locked() is a BUG_ON (always on, as Linux's);
 *    lockdep_assert_held() is a cheap stand-in for lockdep's: in debug
 *    builds it warns unless the lock is held by someone (kmm cannot tell
 *    by whom). Linux without lockdep (Debian) checks nothing there.
 *
 * 5. How kmm differs. No lockdep, no CONFIG_DEBUG_SPINLOCK owner checks
 *    (both off in Debian's kernel): unlocking a free lock or taking a lock
 *    twice on one thread is not reported (the second hangs, as on Linux).
 *    raw_spinlock_t is the same type as spinlock_t (they differ only on
 *    PREEMPT_RT). No rwlock_t and no _bh variants yet.
 */
#ifndef KMM_SPINLOCK_H
#define KMM_SPINLOCK_H

#include <stdatomic.h>

#include <kmm/compiler.h>
#include <kmm/bug.h>
#include <kmm/irqflags.h>
#include <kmm/preempt.h>

typedef struct spinlock {
	atomic_uint locked;	/* 0 free, 1 held */
} spinlock_t;

typedef spinlock_t raw_spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name)	{ .locked = 0 }
#define __RAW_SPIN_LOCK_UNLOCKED(name)	__SPIN_LOCK_UNLOCKED(name)
#define DEFINE_SPINLOCK(name)		spinlock_t name = __SPIN_LOCK_UNLOCKED(name)
#define DEFINE_RAW_SPINLOCK(name)	DEFINE_SPINLOCK(name)

/**
 * arch_spin_lock_slowpath - point 2: the wait after a failed exchange.
 * @lock: the lock, seen held.
 *
 * Context: called by arch_spin_lock() with preemption disabled.
 */
void arch_spin_lock_slowpath(spinlock_t *lock);

static __always_inline void arch_spin_lock(spinlock_t *lock)
{
	if (likely(!atomic_exchange_explicit(&lock->locked, 1, memory_order_acquire)))
		return;
	arch_spin_lock_slowpath(lock);
}

static __always_inline bool arch_spin_trylock(spinlock_t *lock)
{
	return !atomic_load_explicit(&lock->locked, memory_order_relaxed) &&
	       !atomic_exchange_explicit(&lock->locked, 1, memory_order_acquire);
}

static __always_inline void arch_spin_unlock(spinlock_t *lock)
{
	atomic_store_explicit(&lock->locked, 0, memory_order_release);
}

/** spin_lock_init - make @lock a free lock. Context: nobody uses @lock yet. */
static inline void spin_lock_init(spinlock_t *lock)
{
	atomic_init(&lock->locked, 0);
}

/**
 * spin_is_locked - is @lock held, by any thread?
 * Return: true if held. The answer may be stale as soon as it is read.
 */
static inline bool spin_is_locked(spinlock_t *lock)
{
	return atomic_load_explicit(&lock->locked, memory_order_relaxed) != 0;
}

/** spin_lock - take @lock, spinning; preemption stays off until unlock. */
static __always_inline void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	arch_spin_lock(lock);
}

/** spin_unlock - release @lock taken by spin_lock() or spin_trylock(). */
static __always_inline void spin_unlock(spinlock_t *lock)
{
	arch_spin_unlock(lock);
	preempt_enable();
}

/**
 * spin_trylock - take @lock if it is free, without waiting.
 * Return: 1 if taken (release with spin_unlock()), 0 if it was held.
 */
static __always_inline int spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (arch_spin_trylock(lock))
		return 1;
	preempt_enable();
	return 0;
}

/** spin_lock_irq - disable interrupts, then take @lock. */
static __always_inline void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	arch_spin_lock(lock);
}

/** spin_unlock_irq - release @lock, then enable interrupts unconditionally. */
static __always_inline void spin_unlock_irq(spinlock_t *lock)
{
	arch_spin_unlock(lock);
	local_irq_enable();
	preempt_enable();
}

static __always_inline unsigned long __spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	arch_spin_lock(lock);
	return flags;
}

/* Save the interrupt state in @flags (an unsigned long), disable, lock. */
#define spin_lock_irqsave(lock, flags) do {				\
	(void)typecheck(unsigned long, flags);				\
	(flags) = __spin_lock_irqsave(lock);				\
} while (0)

/** spin_unlock_irqrestore - release @lock, then restore the saved @flags. */
static __always_inline void spin_unlock_irqrestore(spinlock_t *lock,
						   unsigned long flags)
{
	arch_spin_unlock(lock);
	local_irq_restore(flags);
	preempt_enable();
}

static __always_inline int __spin_trylock_irqsave(spinlock_t *lock,
						  unsigned long *flags)
{
	*flags = arch_local_irq_save();
	if (spin_trylock(lock))
		return 1;
	arch_local_irq_restore(*flags);
	return 0;
}

/* spin_trylock() with interrupts saved in @flags; restored if it fails. */
#define spin_trylock_irqsave(lock, flags) ({				\
	(void)typecheck(unsigned long, flags);				\
	__spin_trylock_irqsave(lock, &(flags));				\
})

#define raw_spin_lock_init(lock)		spin_lock_init(lock)
#define raw_spin_lock(lock)			spin_lock(lock)
#define raw_spin_unlock(lock)			spin_unlock(lock)
#define raw_spin_trylock(lock)			spin_trylock(lock)
#define raw_spin_lock_irq(lock)			spin_lock_irq(lock)
#define raw_spin_unlock_irq(lock)		spin_unlock_irq(lock)
#define raw_spin_lock_irqsave(lock, flags)	spin_lock_irqsave(lock, flags)
#define raw_spin_unlock_irqrestore(lock, flags)	spin_unlock_irqrestore(lock, flags)
#define raw_spin_is_locked(lock)		spin_is_locked(lock)

/* Point 4. */
#define assert_spin_locked(lock)	BUG_ON(!spin_is_locked(lock))
#define assert_raw_spin_locked(lock)	assert_spin_locked(lock)
#define lockdep_assert_held(lock)	VM_WARN_ON(!spin_is_locked(lock))

#endif /* KMM_SPINLOCK_H */
