// SPDX-License-Identifier: MIT
/*
 * tests/test_atomic.c - atomic context: the preempt count, the interrupt
 * flag, spinlocks' effect on both, and the "sleeping function called from
 * invalid context" report, as Linux 6.12 with CONFIG_DEBUG_ATOMIC_SLEEP
 * prints it on Debian's x86-64 configuration.
 *
 * The count of one thread, as the calls below change it:
 *
 *     call                      preempt_count  irqs_disabled  in_atomic
 *     (task context)            0x00000        0              0
 *     preempt_disable()         0x00001        0              1
 *     spin_lock()               0x00002        0              1
 *     local_irq_save(f)         0x00002        1              1
 *     spin_lock_irqsave(l, f2)  0x00003        1              1
 *     kmm_irq_enter()           0x10003        1              1
 *     ... and back, in reverse, to 0 / 0 / 0
 *
 * The report's lines, in order (kernel/sched/core.c __might_resched):
 *
 *     BUG: sleeping function called from invalid context at FILE:LINE
 *     in_atomic(): A, irqs_disabled(): I, non_block: 0, pid: P, name: COMM
 *     preempt_count: C, expected: E
 *     RCU nest depth: 0, expected: 0
 *     CPU: ... (dump_stack)
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <kmm/gfp.h>
#include <kmm/jiffies.h>
#include <kmm/printk.h>
#include <kmm/sched.h>
#include <kmm/smp.h>
#include <kmm/spinlock.h>

#include "helpers/dmesg_lines.h"

static DEFINE_SPINLOCK(lock_a);
static DEFINE_SPINLOCK(lock_b);

static void quiet(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

static void setup(void)
{
	kmm_set_console(quiet);
	kmm_dmesg_clear();
}

/* Line @n (from 0) of the log, without its timestamp, into @buf. */
static const char *log_line(int n, char *buf, size_t size)
{
	const char *p = kmm_dmesg();
	size_t len;

	while (n-- > 0 && p) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	if (!p || !*p)
		return "";
	p = dmesg_strip(p);
	len = strcspn(p, "\n");
	if (len >= size)
		len = size - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

static void assert_task_context(void)
{
	cr_assert_eq(preempt_count(), 0);
	cr_assert_not(in_atomic());
	cr_assert_not(irqs_disabled());
	cr_assert(preemptible());
	cr_assert(in_task());
	cr_assert_not(in_interrupt());
	cr_assert_not(in_hardirq());
	cr_assert_eq(interrupt_context_level(), 0);
}

/*
 * The four report lines for a call at @file:@line with the given
 * in_atomic/irqs_disabled/preempt_count/expected, then dump_stack's.
 */
static void assert_report(const char *file, int line, int atomic, int irqs_off,
			  unsigned int count, unsigned int expected)
{
	char want[512], got[512];

	snprintf(want, sizeof(want),
		 "BUG: sleeping function called from invalid context at %s:%d", file, line);
	cr_assert_str_eq(log_line(0, got, sizeof(got)), want, "%s", kmm_dmesg());
	snprintf(want, sizeof(want),
		 "in_atomic(): %d, irqs_disabled(): %d, non_block: 0, pid: %d, name: %s",
		 atomic, irqs_off, (int)syscall(SYS_gettid), current_comm());
	cr_assert_str_eq(log_line(1, got, sizeof(got)), want);
	snprintf(want, sizeof(want), "preempt_count: %x, expected: %x", count, expected);
	cr_assert_str_eq(log_line(2, got, sizeof(got)), want);
	cr_assert_str_eq(log_line(3, got, sizeof(got)), "RCU nest depth: 0, expected: 0");
	snprintf(want, sizeof(want), " UID: 0 PID: %d Comm: %s ",
		 (int)syscall(SYS_gettid), current_comm());
	cr_assert(strncmp(log_line(4, got, sizeof(got)), "CPU: ", 5) == 0, "%s", got);
	cr_assert(strstr(got, want), "%s", got);
	cr_assert(dmesg_has_line(kmm_dmesg(), "Call Trace:"));
	cr_assert_not(dmesg_has(kmm_dmesg(), "Preemption disabled at:"));
}

/* ---- the count and the flag ---- */

Test(atomic_state, a_new_thread_is_in_task_context)
{
	assert_task_context();
	cr_assert_eq(kmm_might_sleep_reports(), 0);
}

Test(atomic_state, layout_of_the_count)
{
	cr_assert_eq(PREEMPT_MASK, 0x000000ffUL);
	cr_assert_eq(SOFTIRQ_MASK, 0x0000ff00UL);
	cr_assert_eq(HARDIRQ_MASK, 0x000f0000UL);
	cr_assert_eq(NMI_MASK, 0x00f00000UL);
	cr_assert_eq(PREEMPT_OFFSET, 0x1UL);
	cr_assert_eq(SOFTIRQ_OFFSET, 0x100UL);
	cr_assert_eq(SOFTIRQ_DISABLE_OFFSET, 0x200UL);
	cr_assert_eq(HARDIRQ_OFFSET, 0x10000UL);
	cr_assert_eq(NMI_OFFSET, 0x100000UL);
	cr_assert_eq(PREEMPT_LOCK_OFFSET, 1UL);
	cr_assert_eq(HZ, 250);
}

Test(atomic_state, nesting_as_in_the_picture)
{
	unsigned long f, f2;

	preempt_disable();
	cr_assert_eq(preempt_count(), 1);
	spin_lock(&lock_a);
	cr_assert_eq(preempt_count(), 2);
	local_irq_save(f);
	cr_assert(irqs_disabled());
	cr_assert_not(irqs_disabled_flags(f));
	spin_lock_irqsave(&lock_b, f2);
	cr_assert_eq(preempt_count(), 3);
	cr_assert(irqs_disabled_flags(f2), "irqsave inside irqs-off saves 'off'");
	kmm_irq_enter();
	cr_assert_eq(preempt_count(), 0x10003);
	kmm_irq_exit();
	spin_unlock_irqrestore(&lock_b, f2);
	cr_assert(irqs_disabled(), "restoring 'off' keeps them off");
	cr_assert_eq(preempt_count(), 2);
	local_irq_restore(f);
	cr_assert_not(irqs_disabled());
	spin_unlock(&lock_a);
	preempt_enable();
	assert_task_context();
}

/* in_atomic() reads the count only; preemptible() also the irq flag. */
Test(atomic_state, truth_table)
{
	for (int pc = 0; pc < 2; pc++) {
		for (int irq = 0; irq < 2; irq++) {
			for (int hard = 0; hard < 2; hard++) {
				if (pc)
					preempt_disable();
				if (irq)
					local_irq_disable();
				if (hard)
					kmm_irq_enter();
				cr_assert_eq(in_atomic(), pc || hard, "%d %d %d", pc, irq, hard);
				cr_assert_eq(irqs_disabled(), irq || hard, "%d %d %d", pc, irq, hard);
				cr_assert_eq(preemptible(), !pc && !irq && !hard);
				cr_assert_eq(!!in_interrupt(), hard);
				cr_assert_eq(in_task(), !hard);
				if (hard)
					kmm_irq_exit();
				if (irq)
					local_irq_enable();
				if (pc)
					preempt_enable();
				assert_task_context();
			}
		}
	}
}

/* The flags word encodes "enabled" as x86's EFLAGS.IF (0x200). */
Test(atomic_state, flags_word)
{
	unsigned long f;

	local_save_flags(f);
	cr_assert_eq(f, 0x200UL);
	local_irq_save(f);
	cr_assert_eq(f, 0x200UL);
	local_save_flags(f);
	cr_assert_eq(f, 0UL);
	cr_assert(irqs_disabled_flags(f));
	local_irq_enable();
	cr_assert_not(irqs_disabled());
}

Test(atomic_state, spin_lock_irq_enables_unconditionally)
{
	local_irq_disable();
	spin_lock_irq(&lock_a);
	cr_assert(irqs_disabled());
	cr_assert_eq(preempt_count(), 1);
	spin_unlock_irq(&lock_a);
	cr_assert_not(irqs_disabled(), "spin_unlock_irq() does not restore");
	cr_assert_eq(preempt_count(), 0);
}

Test(atomic_state, hardirq_nesting_and_restore)
{
	kmm_irq_enter();
	cr_assert_eq(preempt_count(), (int)HARDIRQ_OFFSET);
	cr_assert(in_hardirq());
	cr_assert(in_irq());
	cr_assert(irqs_disabled());
	cr_assert_eq(interrupt_context_level(), 2);
	local_irq_enable();		/* a handler that re-enables */
	kmm_irq_enter();
	cr_assert_eq(preempt_count(), 2 * (int)HARDIRQ_OFFSET);
	kmm_irq_exit();
	cr_assert_not(irqs_disabled(), "the inner level found them enabled");
	kmm_irq_exit();
	assert_task_context();

	local_irq_disable();
	kmm_irq_enter();
	kmm_irq_exit();
	cr_assert(irqs_disabled(), "entered with irqs off: left off");
	local_irq_enable();
}

Test(atomic_state, irq_exit_without_enter_is_a_bug, .signal = SIGABRT)
{
	kmm_set_console(quiet);
	kmm_irq_exit();
}

Test(atomic_state, trylock)
{
	unsigned long f;

	cr_assert_eq(spin_trylock(&lock_a), 1);
	cr_assert_eq(preempt_count(), 1);
	cr_assert(spin_is_locked(&lock_a));
	cr_assert_eq(spin_trylock(&lock_a), 0, "held: fails, even for the holder");
	cr_assert_eq(preempt_count(), 1, "a failed trylock leaves the count");
	cr_assert_eq(spin_trylock_irqsave(&lock_a, f), 0);
	cr_assert_not(irqs_disabled(), "a failed trylock_irqsave restores irqs");
	spin_unlock(&lock_a);
	cr_assert_not(spin_is_locked(&lock_a));
	cr_assert_eq(spin_trylock_irqsave(&lock_a, f), 1);
	cr_assert(irqs_disabled());
	spin_unlock_irqrestore(&lock_a, f);
	assert_task_context();
}

Test(atomic_state, init_and_raw_names)
{
	spinlock_t l;
	raw_spinlock_t r = __RAW_SPIN_LOCK_UNLOCKED(r);
	unsigned long f;

	spin_lock_init(&l);
	cr_assert_not(spin_is_locked(&l));
	cr_assert_eq(sizeof(spinlock_t), 4, "the size of Linux's qspinlock");
	raw_spin_lock_irqsave(&r, f);
	assert_raw_spin_locked(&r);
	raw_spin_unlock_irqrestore(&r, f);
	assert_task_context();
}

Test(atomic_state, assert_spin_locked_on_a_free_lock_is_a_bug, .signal = SIGABRT)
{
	kmm_set_console(quiet);
	assert_spin_locked(&lock_a);
}

#ifdef CONFIG_DEBUG_VM
Test(atomic_state, lockdep_assert_held_warns_on_a_free_lock)
{
	setup();
	spin_lock(&lock_a);
	lockdep_assert_held(&lock_a);
	spin_unlock(&lock_a);
	cr_assert_str_eq(kmm_dmesg(), "");
	lockdep_assert_held(&lock_a);
	cr_assert(dmesg_has(kmm_dmesg(), "WARNING: CPU: "), "%s", kmm_dmesg());
}

/* CONFIG_DEBUG_PREEMPT's checks, on in kmm's debug builds. */
Test(atomic_state, preempt_underflow_is_refused_with_a_warning)
{
	setup();
	preempt_enable();
	cr_assert_eq(preempt_count(), 0);
	cr_assert(dmesg_has_line(kmm_dmesg(), "DEBUG_LOCKS_WARN_ON(val > preempt_count())"),
		  "%s", kmm_dmesg());
	kmm_dmesg_clear();
	kmm_irq_enter();
	preempt_enable();
	cr_assert_eq(preempt_count(), (int)HARDIRQ_OFFSET, "no borrowing from the irq bits");
	cr_assert(dmesg_has(kmm_dmesg(), "DEBUG_LOCKS_WARN_ON((val < PREEMPT_MASK) && "),
		  "%s", kmm_dmesg());
	kmm_irq_exit();
}
#endif /* CONFIG_DEBUG_VM */

/* ---- might_sleep and its report ---- */

Test(might_sleep, silent_in_task_context)
{
	setup();
	might_sleep();
	might_sleep_if(true);
	might_alloc(GFP_KERNEL);
	(void)cond_resched();
	spin_lock(&lock_a);
	(void)cond_resched_lock(&lock_a);
	spin_unlock(&lock_a);
	cr_assert_str_eq(kmm_dmesg(), "");
	cr_assert_eq(kmm_might_sleep_reports(), 0);
}

Test(might_sleep, silent_when_atomic_but_cannot_sleep)
{
	setup();
	spin_lock(&lock_a);
	might_sleep_if(false);
	might_alloc(GFP_ATOMIC);
	might_alloc(GFP_NOWAIT);
	might_alloc(GFP_TRANSHUGE_LIGHT);
	spin_unlock(&lock_a);
	cr_assert_str_eq(kmm_dmesg(), "");
	cr_assert_eq(kmm_might_sleep_reports(), 0);
}

Test(might_sleep, report_after_spin_lock)
{
	int line;

	setup();
	spin_lock(&lock_a);
	line = __LINE__ + 1;
	might_sleep();
	spin_unlock(&lock_a);
	assert_report(__FILE__, line, 1, 0, 1, 0);
	cr_assert_eq(kmm_might_sleep_reports(), 1);
}

Test(might_sleep, report_after_local_irq_disable)
{
	int line;

	setup();
	local_irq_disable();
	line = __LINE__ + 1;
	might_sleep();
	local_irq_enable();
	assert_report(__FILE__, line, 0, 1, 0, 0);
}

Test(might_sleep, report_after_preempt_disable)
{
	int line;

	setup();
	preempt_disable();
	preempt_disable();
	line = __LINE__ + 1;
	might_sleep();
	preempt_enable();
	preempt_enable();
	assert_report(__FILE__, line, 1, 0, 2, 0);
}

Test(might_sleep, report_after_spin_lock_irqsave)
{
	unsigned long f;
	int line;

	setup();
	spin_lock_irqsave(&lock_a, f);
	line = __LINE__ + 1;
	might_sleep();
	spin_unlock_irqrestore(&lock_a, f);
	assert_report(__FILE__, line, 1, 1, 1, 0);
}

Test(might_sleep, report_in_simulated_hardirq)
{
	int line;

	setup();
	kmm_irq_enter();
	line = __LINE__ + 1;
	might_sleep();
	kmm_irq_exit();
	assert_report(__FILE__, line, 1, 1, 0x10000, 0);
}

/* GFP_KERNEL under a lock: the report names gfp.h, as Linux's names sched/mm.h. */
Test(might_sleep, gfp_kernel_allocation_under_a_lock)
{
	char got[512];

	setup();
	spin_lock(&lock_a);
	might_alloc(GFP_KERNEL);
	spin_unlock(&lock_a);
	log_line(0, got, sizeof(got));
	cr_assert(strncmp(got, "BUG: sleeping function called from invalid context at ", 54) == 0,
		  "%s", got);
	cr_assert(strstr(got, "include/kmm/gfp.h:"), "%s", got);
	cr_assert_eq(kmm_might_sleep_reports(), 1);
}

Test(might_sleep, cond_resched_checks_too)
{
	int line;

	setup();
	spin_lock(&lock_a);
	line = __LINE__ + 1;
	cr_assert_eq(cond_resched(), 0, "never yields in atomic context");
	spin_unlock(&lock_a);
	assert_report(__FILE__, line, 1, 0, 1, 0);
}

/* cond_resched_lock() expects exactly the one lock it may drop. */
Test(might_sleep, cond_resched_lock_expects_one_lock)
{
	int line;

	setup();
	spin_lock(&lock_a);
	spin_lock(&lock_b);
	line = __LINE__ + 1;
	cr_assert_eq(cond_resched_lock(&lock_b), 0);
	spin_unlock(&lock_b);
	spin_unlock(&lock_a);
	assert_report(__FILE__, line, 1, 0, 2, 1);
}

/* One report per second for the process; every violation is counted. */
Test(might_sleep, rate_limit_one_per_hz)
{
	struct timespec ts = { 1, 100 * 1000 * 1000 };

	setup();
	preempt_disable();
	might_sleep();
	might_sleep();
	preempt_enable();
	cr_assert_eq(kmm_might_sleep_reports(), 2);
	cr_assert(dmesg_has(kmm_dmesg(), "BUG: sleeping function"));
	kmm_dmesg_clear();
	local_irq_disable();
	might_sleep();
	local_irq_enable();
	cr_assert_str_eq(kmm_dmesg(), "", "within HZ of the last report");
	cr_assert_eq(kmm_might_sleep_reports(), 3);

	nanosleep(&ts, NULL);
	local_irq_disable();
	might_sleep();
	local_irq_enable();
	cr_assert(dmesg_has(kmm_dmesg(), "BUG: sleeping function"), "after HZ it prints again");
	cr_assert_eq(kmm_might_sleep_reports(), 4);
}

/* ---- per thread ---- */

struct peer {
	bool atomic, irqs_off;
	unsigned long reports_before, reports_after;
};

static void *peer_main(void *arg)
{
	struct peer *p = arg;

	p->atomic = in_atomic();
	p->irqs_off = irqs_disabled();
	p->reports_before = kmm_might_sleep_reports();
	might_sleep();
	p->reports_after = kmm_might_sleep_reports();
	return NULL;
}

Test(atomic_threads, another_thread_is_not_atomic_while_this_one_holds_a_lock)
{
	struct peer p = { 0 };
	unsigned long f;
	pthread_t t;

	setup();
	spin_lock_irqsave(&lock_a, f);
	cr_assert_eq(pthread_create(&t, NULL, peer_main, &p), 0);
	pthread_join(t, NULL);
	spin_unlock_irqrestore(&lock_a, f);
	cr_assert_not(p.atomic);
	cr_assert_not(p.irqs_off);
	cr_assert_eq(p.reports_after, p.reports_before);
	cr_assert_str_eq(kmm_dmesg(), "");
}

static void *atomic_peer_main(void *arg)
{
	(void)arg;
	preempt_disable();
	local_irq_disable();
	kmm_irq_enter();
	might_sleep();
	kmm_irq_exit();
	local_irq_enable();
	preempt_enable();
	return NULL;
}

Test(atomic_threads, another_threads_atomic_context_is_its_own)
{
	pthread_t t;
	char want[128], got[512];

	setup();
	cr_assert_eq(pthread_create(&t, NULL, atomic_peer_main, NULL), 0);
	pthread_join(t, NULL);
	assert_task_context();
	cr_assert_eq(kmm_might_sleep_reports(), 1);
	snprintf(want, sizeof(want), "preempt_count: 10001, expected: 0");
	cr_assert_str_eq(log_line(2, got, sizeof(got)), want, "%s", kmm_dmesg());
	snprintf(want, sizeof(want), "pid: %d,", (int)syscall(SYS_gettid));
	cr_assert_null(strstr(log_line(1, got, sizeof(got)), want), "the peer's pid, not ours");
}

/* ---- yield points ---- */

Test(yield, cond_resched_yields_once_a_tick_has_passed)
{
	u64 start = 0;
	struct timespec ts;
	int yielded = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	start = (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
	(void)cond_resched();	/* start a fresh slice */
	while (!yielded) {
		u64 now;

		yielded = cond_resched();
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
		cr_assert_lt(now - start, 2000000000ull, "no yield within 2 s");
	}
	cr_assert_not(need_resched(), "a yield starts a new slice");
	cr_assert_eq(kmm_might_sleep_reports(), 0);
}

Test(yield, jiffies_follow_the_monotonic_clock)
{
	struct timespec ts;
	unsigned long before, after, clock_j;

	before = jiffies;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	after = jiffies;
	clock_j = (unsigned long)((u64)ts.tv_sec * HZ + (u64)ts.tv_nsec / TICK_NSEC);
	cr_assert(before <= clock_j && clock_j <= after, "%lu %lu %lu", before, clock_j, after);
	cr_assert(time_after(after + 1, after));
	cr_assert(time_before(after, after + HZ));
	cr_assert(time_after_eq(after, after));
	cr_assert(time_before(~0UL, 0UL + 1), "wrap-safe");
}
