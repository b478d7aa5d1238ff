// SPDX-License-Identifier: MIT
/*
 * src/kernel/smp.c - which virtual CPU and which task is running.
 *
 * How kmm differs from Linux: a "task" is a host thread and its pid is the
 * host thread id; its name is its kthread's ("kswapd0") or the program's;
 * a CPU id is the host CPU folded onto nr_cpu_ids. The host CPU is read
 * from the word the host keeps current for the thread (rseq's cpu_id)
 * when there is one: raw_smp_processor_id() is then a load.
 */
#include <kmm/smp.h>
#include <kmm/numa.h>
#include <kmm/task.h>
#include "../host/host.h"

int nr_cpu_ids = 1;
int nr_node_ids = 1;

_Thread_local const volatile u32 *kmm_cpu_id_word;

/* raw_smp_processor_id() without the host's CPU word (yet). */
int __raw_smp_processor_id(void)
{
	int n = READ_ONCE(nr_cpu_ids), cpu;

	if (n <= 1)
		return 0;
	if (!kmm_cpu_id_word)
		kmm_cpu_id_word = host_cpu_id_word();
	cpu = host_cpu_id();
	return cpu < n ? cpu : cpu % n;	/* no division in the common case */
}

int task_pid_nr_current(void)
{
	return host_tid();
}

const char *current_comm(void)
{
	return current->comm[0] ? current->comm : host_comm();
}
