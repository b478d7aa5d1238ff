// SPDX-License-Identifier: MIT
/*
 * src/host/cpu.c - CPU and task identity.
 *
 * host_cpu_id() asks the kernel which CPU this thread runs on now: it
 * reads the cpu_id the kernel keeps in the thread's rseq area (glibc 2.35+
 * registers one), a plain load, else calls sched_getcpu(). The core maps
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

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
#include <sys/rseq.h>
#define HOST_HAVE_RSEQ 1
#endif

const volatile u32 *host_cpu_id_word(void)
{
#ifdef HOST_HAVE_RSEQ
	if (__rseq_size) {
		const struct rseq *rs = (const struct rseq *)
			((char *)__builtin_thread_pointer() + __rseq_offset);

		return (const volatile u32 *)&rs->cpu_id;
	}
#endif
	return NULL;
}

int host_cpu_id(void)
{
	int cpu;

#ifdef HOST_HAVE_RSEQ
	/* glibc registered rseq for this thread: the kernel keeps cpu_id there. */
	if (__rseq_size) {
		const struct rseq *rs = (const struct rseq *)
			((char *)__builtin_thread_pointer() + __rseq_offset);

		cpu = (int)__atomic_load_n(&rs->cpu_id, __ATOMIC_RELAXED);
		if (cpu >= 0)
			return cpu;
	}
#endif
	cpu = sched_getcpu();
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
