// SPDX-License-Identifier: MIT
/*
 * src/kernel/spinlock.c - the contended half of spin_lock()
 * (kernel/locking/qspinlock.c's place; the algorithm is simpler).
 *
 * 1. Test-and-test-and-set. The fast path (kmm/spinlock.h) tried one
 *    atomic exchange and lost. Waiting on plain loads keeps the lock's
 *    cache line shared among waiters; only when the word reads 0 does a
 *    waiter try the exchange again, and one of the racers wins.
 *
 * 2. Spin, then yield. A PAUSE costs some 10-150 cycles depending on the
 *    CPU; a sched_yield() about a microsecond. SPIN_YIELD_AFTER polls
 *    (~256 pauses, a few microseconds) is longer than a normal critical
 *    section of the allocators and shorter than a host time slice, so a
 *    waiter whose holder is running gets the lock while spinning, and a
 *    waiter whose holder was preempted by the host stops competing with
 *    it for a CPU.
 *
 * 3. Memory order. The winning exchange is an acquire and the unlock a
 *    release store, so everything written under the lock is visible to
 *    the next holder. The polling loads are relaxed: they only decide
 *    when to try again.
 *
 * How kmm differs: Linux's qspinlock queues waiters (MCS) and is fair;
 * this lock is not, and a waiter may be overtaken any number of times.
 */
#include <stdatomic.h>

#include <kmm/spinlock.h>
#include "../host/host.h"

#define SPIN_YIELD_AFTER	256

/* Wait until @lock reads free; pause, and after a while yield. */
static void spin_wait_free(spinlock_t *lock)
{
	unsigned int polls = 0;

	while (atomic_load_explicit(&lock->locked, memory_order_relaxed)) {
		if (++polls < SPIN_YIELD_AFTER) {
			host_cpu_relax();
		} else {
			host_yield();
			polls = 0;
		}
	}
}

/* Spins, never sleeps in the kernel's sense (it may yield the host CPU). */
void arch_spin_lock_slowpath(spinlock_t *lock)
{
	do {
		spin_wait_free(lock);
	} while (atomic_exchange_explicit(&lock->locked, 1, memory_order_acquire));
}
