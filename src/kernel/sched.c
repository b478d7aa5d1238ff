// SPDX-License-Identifier: MIT
/*
 * src/kernel/sched.c - per-thread execution context and the "sleeping
 * function called from invalid context" check (kernel/sched/core.c,
 * kernel/softirq.c's irq_enter/irq_exit).
 *
 * 1. State. Each host thread is a CPU running one task, so what Linux
 *    keeps per CPU lives here in thread-local variables: the preempt count
 *    (kmm/preempt.h), the interrupts-disabled flag (kmm/irqflags.h), which
 *    simulated hardirq levels found interrupts enabled, and the simulated
 *    tick of need_resched(). A new thread starts at count 0, interrupts
 *    enabled: a task in process context. Nothing here is shared between
 *    threads except the report's rate limit and the violation counter,
 *    both atomics.
 *
 * 2. The check (__might_resched). A sleep is valid when the preempt count
 *    equals what the caller is allowed to hold (0 for might_sleep(), one
 *    lock for cond_resched_lock()) and interrupts are enabled. Otherwise
 *    the violation is counted and, at most once per HZ for the process
 *    (a compare-and-swap on the last report's jiffy picks one winner among
 *    racing threads), reported with the lines of kmm/sched.h point 1.
 *
 * 3. Yielding. need_resched() reads the clock once in RESCHED_POLL calls
 *    (a clock read costs ~50 ns, a call here a few), and once a jiffy has
 *    passed since the thread's last yield it stays true until the thread
 *    yields. __cond_resched() yields only when preemptible(), as Linux's
 *    never schedules with a raised count or interrupts off.
 *
 * 4. Debug builds. preempt_count_add()/preempt_count_sub() carry the
 *    checks of Linux's CONFIG_DEBUG_PREEMPT: a subtraction that would
 *    underflow the count, or a preempt_enable() with no preempt_disable()
 *    left, warns once and is refused; nesting within 10 of PREEMPT_MASK
 *    warns. Release builds use the plain inline adds of kmm/preempt.h.
 *
 * How kmm differs: see kmm/sched.h point 4 and kmm/preempt.h point 5.
 */
#include <stdatomic.h>

#include <kmm/sched.h>
#include <kmm/jiffies.h>
#include <kmm/printk.h>
#include <kmm/smp.h>
#include <kmm/bug.h>
#include "../host/host.h"

/* Point 3: one clock read per 64 yield points keeps them at a few ns. */
#define RESCHED_POLL	64

/* Point 1. */
_Thread_local struct kmm_context kmm_context;
static _Thread_local unsigned int hardirq_irqs_were_on;	/* bit n: level n */
_Thread_local unsigned int kmm_resched_poll;
static _Thread_local bool resched_due;
static _Thread_local u64 slice_start_ns;

/* Point 2. */
static atomic_ulong might_sleep_violations;
static atomic_ulong might_sleep_prev_jiffy;

#undef preempt_count_add
#undef preempt_count_sub

void preempt_count_add(int val)
{
	if (WARN_ONCE(preempt_count() < 0,
		      "DEBUG_LOCKS_WARN_ON(preempt_count() < 0)\n"))
		return;
	__preempt_count_add(val);
	WARN_ONCE((preempt_count() & PREEMPT_MASK) >= PREEMPT_MASK - 10,
		  "DEBUG_LOCKS_WARN_ON((preempt_count() & PREEMPT_MASK) >= PREEMPT_MASK - 10)\n");
}

void preempt_count_sub(int val)
{
	if (WARN_ONCE(val > preempt_count(),
		      "DEBUG_LOCKS_WARN_ON(val > preempt_count())\n"))
		return;
	if (WARN_ONCE(val < (int)PREEMPT_MASK && !(preempt_count() & PREEMPT_MASK),
		      "DEBUG_LOCKS_WARN_ON((val < PREEMPT_MASK) && !(preempt_count() & PREEMPT_MASK))\n"))
		return;
	__preempt_count_sub(val);
}

void kmm_irq_enter(void)
{
	unsigned int level = (unsigned int)hardirq_count() >> HARDIRQ_SHIFT;

	BUG_ON(level >= HARDIRQ_MASK >> HARDIRQ_SHIFT);
	if (irqs_disabled())
		hardirq_irqs_were_on &= ~(1U << level);
	else
		hardirq_irqs_were_on |= 1U << level;
	local_irq_disable();
	preempt_count_add(HARDIRQ_OFFSET);
}

void kmm_irq_exit(void)
{
	unsigned int level;

	BUG_ON(!in_hardirq());
	preempt_count_sub(HARDIRQ_OFFSET);
	level = (unsigned int)hardirq_count() >> HARDIRQ_SHIFT;
	if (hardirq_irqs_were_on & (1U << level))
		local_irq_enable();
}

/* Point 2: may this report print? One winner per HZ across all threads. */
static bool might_resched_may_print(void)
{
	unsigned long now = jiffies;
	unsigned long prev = atomic_load_explicit(&might_sleep_prev_jiffy,
						  memory_order_relaxed);

	if (prev && time_before(now, prev + HZ))
		return false;
	return atomic_compare_exchange_strong_explicit(&might_sleep_prev_jiffy,
						       &prev, now,
						       memory_order_relaxed,
						       memory_order_relaxed);
}

/* The lines of kmm/sched.h point 1, for Debian's 6.12 configuration. */
static void might_resched_report(const char *file, int line, unsigned int offsets)
{
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n",
	       file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, non_block: %d, pid: %d, name: %s\n",
	       in_atomic(), irqs_disabled(), 0, task_pid_nr_current(),
	       current_comm());
	pr_err("preempt_count: %x, expected: %x\n", preempt_count(),
	       offsets & MIGHT_RESCHED_PREEMPT_MASK);
	pr_err("RCU nest depth: %d, expected: %u\n", 0,
	       offsets >> MIGHT_RESCHED_RCU_SHIFT);
	dump_stack();
}

void __might_resched(const char *file, int line, unsigned int offsets)
{
	/* No RCU in kmm: the nesting the caller may hold is the count alone. */
	if ((unsigned int)preempt_count() == offsets && !irqs_disabled())
		return;
	atomic_fetch_add_explicit(&might_sleep_violations, 1, memory_order_relaxed);
	if (might_resched_may_print())
		might_resched_report(file, line, offsets);
}

void __might_sleep(const char *file, int line)
{
	__might_resched(file, line, 0);
}

unsigned long kmm_might_sleep_reports(void)
{
	return atomic_load_explicit(&might_sleep_violations, memory_order_relaxed);
}

bool need_resched(void)
{
	if (resched_due)
		return true;
	if (kmm_resched_poll) {
		kmm_resched_poll--;
		return false;
	}
	kmm_resched_poll = RESCHED_POLL - 1;
	resched_due = host_clock_ns() - slice_start_ns >= TICK_NSEC;
	if (resched_due)
		kmm_resched_poll = 0;	/* might_resched() comes here until a yield */
	return resched_due;
}

/* Give the host CPU away and start a new time slice. */
static void yield_cpu(void)
{
	host_yield();
	slice_start_ns = host_clock_ns();
	resched_due = false;
	kmm_resched_poll = RESCHED_POLL - 1;
}

int __cond_resched(void)
{
	if (!preemptible() || !need_resched())
		return 0;
	yield_cpu();
	return 1;
}

int __cond_resched_lock(spinlock_t *lock)
{
	lockdep_assert_held(lock);
	if (preempt_count() != PREEMPT_LOCK_OFFSET || irqs_disabled() ||
	    !need_resched())
		return 0;
	spin_unlock(lock);
	yield_cpu();
	spin_lock(lock);
	return 1;
}
