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

/* CONFIG_NR_CPUS: the most virtual CPUs a machine may have. */
#define NR_CPUS 512

extern int nr_cpu_ids;

int raw_smp_processor_id(void);
#define smp_processor_id() raw_smp_processor_id()

/* The calling thread's id, as task_pid_nr(current). */
int task_pid_nr_current(void);
const char *current_comm(void);

#endif /* KMM_SMP_H */
