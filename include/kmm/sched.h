/* SPDX-License-Identifier: MIT */
/*
 * kmm/sched.h - sleeping, and the check that nobody sleeps where they
 * must not: might_sleep(), cond_resched(), as linux/kernel.h and
 * linux/sched.h.
 *
 * 1. The check. Code that may block (an allocation that may reclaim,
 *    vmalloc, mempool_alloc with direct reclaim) says so with
 *    might_sleep(). If the calling thread is atomic at that moment - a
 *    spinlock held, preemption or interrupts disabled, inside
 *    kmm_irq_enter() - a kernel with CONFIG_DEBUG_ATOMIC_SLEEP prints
 *
 *        BUG: sleeping function called from invalid context at FILE:LINE
 *        in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 4242, name: prog
 *        preempt_count: 1, expected: 0
 *        RCU nest depth: 0, expected: 0
 *        CPU: ... (dump_stack())
 *
 *    at KERN_ERR and carries on. kmm always has that check on (Debian's
 *    kernel has it off), and prints exactly those lines, i.e. what 6.12's
 *    __might_resched() prints with Debian's other options: PREEMPT_RCU=y
 *    gives the RCU line; without LOCKDEP, TRACE_IRQFLAGS and DEBUG_PREEMPT
 *    there are no held-lock, irq-event or "Preemption disabled at:" lines.
 *
 * 2. Rate limit. As in Linux, one report per HZ (one second) for the whole
 *    process; reports in between are dropped silently. kmm counts every
 *    violation, printed or not: kmm_might_sleep_reports().
 *
 * 3. Yield points. Debian's kernel is PREEMPT_DYNAMIC in "voluntary"
 *    mode, where might_sleep() and cond_resched() are also places to
 *    reschedule when the tick asked for it. kmm simulates the tick per
 *    thread: need_resched() becomes true when the thread has run a jiffy
 *    (4 ms) since it last yielded, checked on the clock once in
 *    RESCHED_POLL calls so a yield point costs a few nanoseconds; then
 *    cond_resched() gives the host CPU away with host_yield(). A thread in
 *    atomic context or with interrupts disabled never yields there.
 *
 * 4. How kmm differs: there is no RCU (nest depth is always 0), no
 *    non_block sections, no idle task and no system_state: the check is
 *    live from the first instruction, boot included. The task is the host
 *    thread: pid is its thread id, name the program's name.
 */
#ifndef KMM_SCHED_H
#define KMM_SCHED_H

#include <kmm/compiler.h>
#include <kmm/irqflags.h>
#include <kmm/preempt.h>
#include <kmm/spinlock.h>

/* __might_resched()'s @offsets: preempt count in bits 0-7, RCU depth above. */
#define MIGHT_RESCHED_RCU_SHIFT		8
#define MIGHT_RESCHED_PREEMPT_MASK	((1U << MIGHT_RESCHED_RCU_SHIFT) - 1)
#define PREEMPT_LOCK_RESCHED_OFFSETS	PREEMPT_LOCK_OFFSET

/**
 * __might_resched - report a sleep in invalid context.
 * @file: the caller's source file, as __FILE__.
 * @line: the caller's line.
 * @offsets: the preempt count the caller legitimately holds (0, or
 *           PREEMPT_LOCK_RESCHED_OFFSETS inside cond_resched_lock()).
 *
 * Prints the report of point 1 unless the preempt count equals @offsets
 * and interrupts are enabled. Context: any; never sleeps.
 */
void __might_resched(const char *file, int line, unsigned int offsets);

/** __might_sleep - __might_resched() expecting a preempt count of 0. */
void __might_sleep(const char *file, int line);

/**
 * need_resched - has this thread used up its time slice (point 3)?
 * Context: any. Return: true once a jiffy has passed since it last yielded.
 */
bool need_resched(void);

/**
 * __cond_resched - yield the host CPU if need_resched() and preemptible.
 * Return: 1 if it yielded, 0 if not.
 */
int __cond_resched(void);

/**
 * __cond_resched_lock - if a yield is due, drop @lock, yield, retake it.
 * @lock: a spinlock held by the caller, with no other atomic context.
 * Return: 1 if @lock was dropped and retaken, 0 if not.
 */
int __cond_resched_lock(spinlock_t *lock);

/**
 * kmm_might_sleep_reports - sleeping calls in invalid context so far.
 *
 * Counts every call __might_resched() found invalid, in any thread,
 * including those whose report the rate limit dropped. A kmm addition
 * for tests. Context: any. Return: the count since the process started.
 */
unsigned long kmm_might_sleep_reports(void);

/*
 * Calls left before need_resched() reads the clock; 0 while a yield is
 * due. Kept per thread by src/kernel/sched.c.
 */
extern _Thread_local unsigned int kmm_resched_poll;

/*
 * might_resched - a yield point (point 3): a decrement while the poll
 * count lasts, __cond_resched() when it runs out or a yield is due.
 */
static __always_inline void might_resched(void)
{
	if (likely(kmm_resched_poll)) {
		kmm_resched_poll--;
		return;
	}
	(void)__cond_resched();
}

/* Say that the caller may sleep: check the context, maybe yield. */
#define might_sleep() do {						\
	if (unlikely(kmm_cannot_sleep()))				\
		__might_sleep(__FILE__, __LINE__);			\
	might_resched();						\
} while (0)
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)

/* A voluntary preemption point: check the context; Return: 1 if it yielded. */
#define cond_resched() ({						\
	__might_resched(__FILE__, __LINE__, 0);				\
	__cond_resched();						\
})

/* cond_resched() while holding @lock: drops it around the yield. */
#define cond_resched_lock(lock) ({					\
	__might_resched(__FILE__, __LINE__, PREEMPT_LOCK_RESCHED_OFFSETS); \
	__cond_resched_lock(lock);					\
})

#endif /* KMM_SCHED_H */
