// SPDX-License-Identifier: MIT
/*
 * src/host/cpu.c - CPU and task identity.
 *
 * host_cpu_id() asks the kernel which CPU this thread runs on now
 * (sched_getcpu(), which glibc answers from rseq when it can). The core maps
 * host CPUs onto the machine's nr_cpus virtual CPUs; a thread may move at
 * any instant, so per-CPU code must not trust the answer beyond a hint.
 *
 * Spinning. A spinlock waiter first spins with host_cpu_relax(), which
 * tells the CPU it is in a wait loop (x86 PAUSE, arm64 YIELD: tens of
 * cycles, and the sibling hyperthread gets the core), then, if the holder
 * was preempted by the host and the wait drags on, host_yield()s its CPU.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host.h"

extern char *program_invocation_short_name;

int host_nr_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

int host_cpu_id(void)
{
	int cpu = sched_getcpu();

	return cpu < 0 ? 0 : cpu;
}

int host_pid(void)
{
	return (int)getpid();
}

int host_tid(void)
{
	return (int)syscall(SYS_gettid);
}

const char *host_comm(void)
{
	return program_invocation_short_name ? program_invocation_short_name : "kmm";
}

void host_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

void host_yield(void)
{
	sched_yield();
}
