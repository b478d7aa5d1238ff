/* SPDX-License-Identifier: MIT */
/*
 * kmm/setup.h - the architecture's part of boot (arch/x86/kernel/setup.c)
 * and the simulated machine's physical memory.
 */
#ifndef KMM_SETUP_H
#define KMM_SETUP_H

#include <kmm/types.h>
#include <kmm/e820.h>

/* Where the "kernel image" sits: CONFIG_PHYSICAL_START of x86-64. */
#define KMM_KERNEL_START	0x1000000ULL

/**
 * setup_arch - the memory part of x86's setup_arch(): reserve the kernel
 * image and the low 64 KiB, take the firmware map, parse early parameters,
 * trim the BIOS range, find max_pfn, map physical memory, fill memblock,
 * set up NUMA nodes, reserve pf_buf_len, and compute zones.
 * @firmware: the firmware's e820 table
 * @srat: the firmware's NUMA description (from its dmesg), or NULL
 * @nr_nodes: NUMA nodes to emulate (numa=fake=N wins); 0 or 1: the
 *	firmware's nodes, or one
 * Return: 0, or -errno when the machine cannot be built (the log says why).
 */
struct numa_meminfo;
int setup_arch(const struct e820_table *firmware, const struct numa_meminfo *srat,
	       int nr_nodes);

/* Release the physical memory mapping (kmm_halt). */
void kmm_physmem_release(void);
/* The physical memory mapping's size and host file descriptor. */
u64 kmm_physmem_size(void);
int kmm_physmem_fd(void);
/* Map [pa, pa + len) of physical memory a second time, at @va (inside a
 * range from host_va_reserve()); Return: 0 or -errno. */
int kmm_physmem_alias(void *va, phys_addr_t pa, u64 len);
/* kmm_physmem_alias() with the host page tables filled at once (vmalloc). */
int kmm_physmem_alias_populate(void *va, phys_addr_t pa, u64 len);
/* Give [pa, pa + len) back to the host: it reads as zero afterwards. */
int kmm_physmem_discard(phys_addr_t pa, u64 len);

/* console registration, called once early parameters are known */
void console_init(void);

#endif /* KMM_SETUP_H */
