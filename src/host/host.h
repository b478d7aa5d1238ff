/* SPDX-License-Identifier: MIT */
/*
 * src/host/host.h - everything kmm needs from the process it runs in.
 *
 * 1. Scope. This is the only interface through which the freestanding core
 *    reaches the operating system. It is small on purpose: a port of kmm to
 *    a real kernel or a unikernel implements these functions and nothing
 *    else. The POSIX implementation lives beside this file, one concept
 *    per file: memory.c (physical memory and kmm's own metadata pages),
 *    cpu.c (CPU and task ids, spin-wait and yield), clock.c, console.c (log sink), debug.c
 *    (backtraces and symbols, abort), thread.c (threads, parallel jobs,
 *    sleeping on a word).
 *
 * 2. Physical memory. host_physmem_map() creates one memfd of @size bytes
 *    and maps it MAP_SHARED|MAP_NORESERVE: pages cost nothing until touched,
 *    so a 1 TiB machine maps in microseconds. The mapping is the direct map.
 *    The same memfd can be mapped a second time elsewhere: the vmemmap
 *    (struct pages) and vmalloc alias physical pages this way.
 *
 * 3. Errors are returned as negative errno values; nothing here prints.
 */
#ifndef KMM_HOST_H
#define KMM_HOST_H

#include <kmm/types.h>
#include <kmm/compiler.h>

/* memory.c */
struct host_physmem {
	void *base;	/* the direct map: PAGE_OFFSET */
	u64 size;	/* bytes mapped, the highest physical address + 1 */
	int fd;		/* the memfd, for later aliases (vmalloc) */
};
int host_physmem_map(struct host_physmem *pm, u64 size);
void host_physmem_unmap(struct host_physmem *pm);
/* Give pages of [pa, pa + len) back to the host (MADV_REMOVE): they read 0. */
int host_physmem_discard(struct host_physmem *pm, u64 pa, u64 len);
/*
 * Virtual ranges for second views of physical memory (the vmemmap, later
 * vmalloc): reserve an inaccessible range, then map pages of the memfd
 * into it at fixed places. host_physmem_alias() maps [pa, pa + len) of
 * physical memory at @va (inside a reserved range), shared with the
 * direct map; host_va_release() unmaps the range and every alias in it.
 */
void *host_va_reserve(size_t len);
void host_va_release(void *va, size_t len);
int host_physmem_alias(struct host_physmem *pm, void *va, u64 pa, u64 len);
/* The same, with the host's page tables filled at once (MAP_POPULATE). */
int host_physmem_alias_populate(struct host_physmem *pm, void *va, u64 pa, u64 len);
/*
 * Make [va, va + len) of a reserved range inaccessible again (PROT_NONE),
 * dropping the aliases in it. Return: 0, or -ENOMEM when the host refuses
 * (vm.max_map_count: splitting a mapping needs a new one).
 */
int host_va_unalias(void *va, size_t len);
/* Page-granular anonymous memory for kmm's own bookkeeping. */
void *host_pages_alloc(size_t bytes);
void host_pages_free(void *addr, size_t bytes);

/* cpu.c */
int host_nr_cpus(void);		/* online CPUs of the host */
int host_cpu_id(void);		/* the CPU this thread runs on now */
/* A word the host kernel keeps equal to this thread's CPU (rseq), or NULL. */
const volatile u32 *host_cpu_id_word(void);
int host_pid(void);
int host_tid(void);
const char *host_comm(void);	/* the program name, as a task's comm */
void host_cpu_relax(void);	/* a spin-wait hint (x86 PAUSE): cheap, never sleeps */
void host_yield(void);		/* give the host CPU to another thread (sched_yield) */

/* clock.c */
u64 host_clock_ns(void);		/* monotonic */

/*
 * parallel.c: run @fn(@arg) on @nr_threads host threads at once (the caller
 * is one of them) and return when all are done; @fn shares out the work
 * itself (e.g. with an atomic counter in @arg).
 */
void host_run_parallel(void (*fn)(void *arg), void *arg, int nr_threads);
/*
 * thread.c: threads for kthreads, and the one blocking primitive wait
 * queues are built on (see thread.c for the semantics a port must keep).
 */
struct host_thread;
/*
 * Start fn(arg) on a new joinable thread named @name (15 characters kept,
 * as /proc/self/task/N/comm shows it) before this returns.
 * Return: 0 or -errno.
 */
int host_thread_create(struct host_thread **thread, void (*fn)(void *), void *arg,
		       const char *name);
/* Wait for @thread to return and free its handle. */
void host_thread_join(struct host_thread *thread);
/*
 * Sleep while *@word == @expected, at most @timeout_ns (U64_MAX: forever).
 * Return: true if the timeout expired; false when woken, when *@word
 * differed at once, or spuriously. Callers re-check their condition.
 */
bool host_wait_word(u32 *word, u32 expected, u64 timeout_ns);
/* Wake up to @nr threads sleeping in host_wait_word() on @word. */
void host_wake_word(u32 *word, int nr);
/* Sleep @ns nanoseconds (restarted after signals). */
void host_sleep_ns(u64 ns);

/* console.c */
void host_console_write(const char *text, size_t len);

/* image.c: kmm's own ELF image, the simulated "kernel image" */
struct host_image {
	u64 code_bytes;
	u64 rodata_bytes;
	u64 rwdata_bytes;
	u64 bss_bytes;
};
int host_image_sizes(struct host_image *img);

/* debug.c */
int host_backtrace(unsigned long *addrs, int max, int skip);
/* "name+0xoff/0xsize" or "0x..." into @buf; Return: length written. */
int host_symbolize(unsigned long addr, char *buf, size_t size);
__noreturn void host_abort(void);

#endif /* KMM_HOST_H */
