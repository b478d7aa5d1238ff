/* SPDX-License-Identifier: MIT */
/*
 * kmm/smp.h - CPU numbering of the simulated machine.
 *
 * The machine has nr_cpu_ids virtual CPUs (nr_cpus=, or the host's count).
 * A thread's CPU is the host CPU it runs on, folded onto the virtual ones;
 * it may change at any moment, as on a preemptible kernel.
 */
#ifndef KMM_SMP_H
#define KMM_SMP_H

#include <kmm/types.h>
#include <kmm/compiler.h>

/* CONFIG_NR_CPUS: the most virtual CPUs a machine may have. */
#define NR_CPUS 512

extern int nr_cpu_ids;

/*
 * Where the host keeps this thread's CPU number (glibc's rseq area), found
 * on the thread's first call; NULL when the host offers no such word.
 */
extern _Thread_local const volatile u32 *kmm_cpu_id_word;
int __raw_smp_processor_id(void);

/* This thread's CPU now: one load and a compare on the fast path. */
static __always_inline int raw_smp_processor_id(void)
{
	const volatile u32 *word = kmm_cpu_id_word;
	int n = READ_ONCE(nr_cpu_ids);

	if (n == 1)
		return 0;
	if (likely(word && n > 1)) {
		u32 cpu = *word;

		return cpu < (u32)n ? (int)cpu : (int)(cpu % (u32)n);
	}
	return __raw_smp_processor_id();
}
#define smp_processor_id() raw_smp_processor_id()

/* The calling thread's id, as task_pid_nr(current). */
int task_pid_nr_current(void);
const char *current_comm(void);

#endif /* KMM_SMP_H */
