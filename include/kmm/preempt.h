/* SPDX-License-Identifier: MIT */
/*
 * kmm/preempt.h - the preemption count and the context it encodes, as
 * linux/preempt.h.
 *
 * 1. One word says where code runs. Linux keeps, per CPU, a count that
 *    preempt_disable() raises by one and that interrupt entry raises by a
 *    larger step, so the one word answers "may this code sleep?", "is it
 *    in an interrupt?" and "how deep?":
 *
 *        bits  0-7   PREEMPT_MASK  0x000000ff  preempt_disable() depth
 *        bits  8-15  SOFTIRQ_MASK  0x0000ff00  softirq: serving (+0x100) or
 *                                              bottom halves off (+0x200)
 *        bits 16-19  HARDIRQ_MASK  0x000f0000  hard interrupt nesting
 *        bits 20-23  NMI_MASK      0x00f00000  NMI nesting
 *
 *    Code is atomic (in_atomic()) while the word is not 0; it may sleep
 *    only when the word is 0 and interrupts are enabled (preemptible()).
 *
 * 2. Per thread. kmm's count lives in a thread-local variable: each host
 *    thread is a CPU that runs one task. spin_lock() and friends raise it
 *    (kmm/spinlock.h). Nothing stops the host from preempting a thread
 *    whose count is raised: the count records the context for the checks,
 *    it does not pin the thread.
 *
 * 3. Interrupts, simulated. No interrupt ever arrives in kmm, so in_task()
 *    is true and in_interrupt() false unless a test says otherwise:
 *    kmm_irq_enter() and kmm_irq_exit() (kmm additions) bracket code that
 *    should run "in hardirq context", as Linux's irq_enter()/irq_exit()
 *    around a handler: the count gains HARDIRQ_OFFSET and interrupts are
 *    disabled, as the CPU does on delivery; the exit restores both. They
 *    nest up to 15 deep (HARDIRQ_MASK).
 *
 * 4. Cost. preempt_disable()/preempt_enable() are an add to a thread-local
 *    variable and a compiler barrier. In debug builds (CONFIG_DEBUG_VM)
 *    they call preempt_count_add()/preempt_count_sub() in
 *    src/kernel/sched.c, which refuse, with a warning, to underflow the
 *    count or to overflow PREEMPT_MASK, as CONFIG_DEBUG_PREEMPT does.
 *
 * 5. How kmm differs. x86 keeps PREEMPT_NEED_RESCHED inverted in bit 31
 *    of the same word; kmm has no such bit (need_resched() is in
 *    kmm/sched.h), so preempt_count() is the whole word. Preemption is
 *    never "enabled into a reschedule": preempt_enable() only decrements.
 *    There is no softirq processing; local_bh_disable() is not provided.
 */
#ifndef KMM_PREEMPT_H
#define KMM_PREEMPT_H

#include <kmm/compiler.h>
#include <kmm/irqflags.h>

#define PREEMPT_BITS	8
#define SOFTIRQ_BITS	8
#define HARDIRQ_BITS	4
#define NMI_BITS	4

#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	(PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT	(SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT	(HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x)	((1UL << (x)) - 1)

#define PREEMPT_MASK	(__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK	(__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK	(__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET	(1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	(1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1UL << HARDIRQ_SHIFT)
#define NMI_OFFSET	(1UL << NMI_SHIFT)

#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)

/* CONFIG_PREEMPT_COUNT=y (Debian): preempt_disable() and spin_lock() add 1. */
#define PREEMPT_DISABLE_OFFSET	PREEMPT_OFFSET
#define PREEMPT_LOCK_OFFSET	PREEMPT_DISABLE_OFFSET
#define SOFTIRQ_LOCK_OFFSET	(SOFTIRQ_DISABLE_OFFSET + PREEMPT_LOCK_OFFSET)
#define PREEMPT_ENABLED		0
#define PREEMPT_DISABLED	(PREEMPT_DISABLE_OFFSET + PREEMPT_ENABLED)

/* This thread's count (struct kmm_context, kmm/irqflags.h). */
#define kmm_preempt_count	(kmm_context.preempt_count)

static __always_inline int preempt_count(void)
{
	return READ_ONCE(kmm_preempt_count);
}

static __always_inline void __preempt_count_add(int val)
{
	WRITE_ONCE(kmm_preempt_count, kmm_preempt_count + val);
}

static __always_inline void __preempt_count_sub(int val)
{
	WRITE_ONCE(kmm_preempt_count, kmm_preempt_count - val);
}

/**
 * preempt_count_add - raise this thread's count by @val, with point 4's checks.
 * @val: PREEMPT_OFFSET, HARDIRQ_OFFSET, ...
 *
 * Always defined; debug builds use it for preempt_disable(). Context: any.
 */
void preempt_count_add(int val);

/**
 * preempt_count_sub - lower this thread's count by @val, with point 4's checks.
 * @val: what a matching preempt_count_add() added.
 *
 * Refuses (and warns once) to go below zero or to drop a preempt level
 * that is not there. Context: any.
 */
void preempt_count_sub(int val);
#ifndef CONFIG_DEBUG_VM
#define preempt_count_add(val)	__preempt_count_add(val)
#define preempt_count_sub(val)	__preempt_count_sub(val)
#endif

#define preempt_count_inc()	preempt_count_add(1)
#define preempt_count_dec()	preempt_count_sub(1)

#define preempt_disable()	do { preempt_count_inc(); barrier(); } while (0)
#define preempt_enable()	do { barrier(); preempt_count_dec(); } while (0)
#define preempt_enable_no_resched()	preempt_enable()
#define preempt_disable_notrace()	preempt_disable()
#define preempt_enable_notrace()	preempt_enable()
#define sched_preempt_enable_no_resched() preempt_enable()

#define nmi_count()		(preempt_count() & NMI_MASK)
#define hardirq_count()		(preempt_count() & HARDIRQ_MASK)
#define softirq_count()		(preempt_count() & SOFTIRQ_MASK)
#define irq_count()		(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK))

#define in_nmi()		(nmi_count())
#define in_hardirq()		(hardirq_count())
#define in_serving_softirq()	(softirq_count() & SOFTIRQ_OFFSET)
#define in_task()		(!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))
#define in_irq()		(hardirq_count())
#define in_softirq()		(softirq_count())
#define in_interrupt()		(irq_count())

/* Atomic: sleeping is forbidden (spinlock held, preemption off, irq). */
#define in_atomic()		(preempt_count() != 0)
/* Atomic apart from the caller's own preempt_disable() (the scheduler's). */
#define in_atomic_preempt_off()	(preempt_count() != PREEMPT_DISABLE_OFFSET)
/* May the host thread, as a task, sleep right now? */
#define preemptible()		(preempt_count() == 0 && !irqs_disabled())

/**
 * interrupt_context_level - how deep in interrupt context this thread is.
 *
 * Return: 0 task, 1 softirq, 2 hardirq, 3 NMI.
 */
static __always_inline unsigned char interrupt_context_level(void)
{
	unsigned long pc = (unsigned long)preempt_count();

	return (unsigned char)(!!(pc & NMI_MASK) +
			       !!(pc & (NMI_MASK | HARDIRQ_MASK)) +
			       !!(pc & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)));
}

/**
 * kmm_irq_enter - run the following code as a hard interrupt handler.
 *
 * Point 3: raises the count by HARDIRQ_OFFSET and disables interrupts,
 * remembering whether they were enabled. A kmm addition, for tests.
 * Context: any; nests up to 15 deep.
 */
void kmm_irq_enter(void);

/**
 * kmm_irq_exit - leave the handler context entered by kmm_irq_enter().
 *
 * Lowers the count by HARDIRQ_OFFSET and restores the interrupt state
 * that the matching kmm_irq_enter() found. A kmm addition.
 * Context: inside kmm_irq_enter(), on the same thread.
 */
void kmm_irq_exit(void);

#endif /* KMM_PREEMPT_H */
