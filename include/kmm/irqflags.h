/* SPDX-License-Identifier: MIT */
/*
 * kmm/irqflags.h - local_irq_disable() and friends, as linux/irqflags.h.
 *
 * 1. What it tracks. On a CPU, local_irq_disable() clears the interrupt
 *    flag: no interrupt handler can run on this CPU until it is set again,
 *    so code may share data with handlers, and may not sleep. kmm has no
 *    interrupts. What it keeps is the state: one flag per host thread (the
 *    thread is kmm's CPU), read by irqs_disabled() and by the
 *    "sleeping function called from invalid context" check (kmm/sched.h).
 *    Nothing is masked: signals and other threads run as before.
 *
 * 2. The flags word. local_irq_save(flags) stores the previous state in an
 *    unsigned long, as on Linux; kmm encodes "enabled" as ARCH_IRQ_ENABLED
 *    (0x200, the position of x86's EFLAGS.IF) and "disabled" as 0, so
 *    irqs_disabled_flags() reads it as Linux's x86 code does. Restore with
 *    local_irq_restore() on the same thread.
 *
 * 3. Cost. Every operation is a load or a store of a thread-local variable
 *    and a compiler barrier: no atomic instruction, no system call.
 *
 * 4. How kmm differs: per thread rather than per CPU; a thread starts with
 *    interrupts enabled. Lockdep's irq tracing (CONFIG_TRACE_IRQFLAGS) is
 *    off, as in Debian's kernel, so there is no raw_ variant to bypass it;
 *    raw_local_irq_*() are the same operations.
 */
#ifndef KMM_IRQFLAGS_H
#define KMM_IRQFLAGS_H

#include <kmm/compiler.h>
#include <kmm/types.h>

#ifndef barrier
#define barrier()	__asm__ __volatile__("" ::: "memory")
#endif

/* Fails to compile unless @x has type @type, as the kernel's typecheck(). */
#ifndef typecheck
#define typecheck(type, x) ({						\
	_Static_assert(__builtin_types_compatible_p(type, __typeof__(x)), \
		       #x " must be " #type);				\
	1;								\
})
#endif

#define ARCH_IRQ_ENABLED	0x200UL

/*
 * This thread's context (src/kernel/sched.c): its preempt count
 * (kmm/preempt.h) and whether it has interrupts "disabled", side by side
 * so that "may this thread sleep?" is one 8-byte load (kmm_cannot_sleep()).
 */
struct kmm_context {
	int preempt_count;
	int irqs_off;
};
extern _Thread_local struct kmm_context kmm_context;
#define kmm_irqs_off	(kmm_context.irqs_off)

/* Is this thread atomic or with interrupts off? Both words in one load. */
static __always_inline bool kmm_cannot_sleep(void)
{
	unsigned long long both;

	__builtin_memcpy(&both, &kmm_context, sizeof(both));
	return both != 0;
}

static __always_inline unsigned long arch_local_save_flags(void)
{
	return READ_ONCE(kmm_irqs_off) ? 0 : ARCH_IRQ_ENABLED;
}

static __always_inline bool arch_irqs_disabled_flags(unsigned long flags)
{
	return !(flags & ARCH_IRQ_ENABLED);
}

static __always_inline void arch_local_irq_disable(void)
{
	barrier();
	WRITE_ONCE(kmm_irqs_off, true);
	barrier();
}

static __always_inline void arch_local_irq_enable(void)
{
	barrier();
	WRITE_ONCE(kmm_irqs_off, false);
	barrier();
}

static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	arch_local_irq_disable();
	return flags;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	barrier();
	WRITE_ONCE(kmm_irqs_off, arch_irqs_disabled_flags(flags));
	barrier();
}

#define local_irq_enable()	arch_local_irq_enable()
#define local_irq_disable()	arch_local_irq_disable()
#define local_irq_save(flags)	do {					\
	(void)typecheck(unsigned long, flags);				\
	(flags) = arch_local_irq_save();				\
} while (0)
#define local_irq_restore(flags) do {					\
	(void)typecheck(unsigned long, flags);				\
	arch_local_irq_restore(flags);					\
} while (0)
#define local_save_flags(flags)	do {					\
	(void)typecheck(unsigned long, flags);				\
	(flags) = arch_local_save_flags();				\
} while (0)
#define irqs_disabled_flags(flags) ({					\
	(void)typecheck(unsigned long, flags);				\
	arch_irqs_disabled_flags(flags);				\
})
#define irqs_disabled()		arch_irqs_disabled_flags(arch_local_save_flags())

#define raw_local_irq_enable()		local_irq_enable()
#define raw_local_irq_disable()		local_irq_disable()
#define raw_local_irq_save(flags)	local_irq_save(flags)
#define raw_local_irq_restore(flags)	local_irq_restore(flags)
#define raw_irqs_disabled()		irqs_disabled()

#endif /* KMM_IRQFLAGS_H */
