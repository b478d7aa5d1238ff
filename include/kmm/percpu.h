/* SPDX-License-Identifier: MIT */
/*
 * kmm/percpu.h - per-CPU data (linux/percpu.h), in the kernel's way:
 * every possible CPU has an area of the same layout, allocated at boot
 * from memblock on that CPU's node (setup_per_cpu_areas()). A per-CPU
 * pointer is an offset into that layout; per_cpu_ptr(p, cpu) adds the
 * CPU's area base.
 *
 * alloc_percpu() carves objects out of the areas (a bump allocator: kmm
 * has no percpu chunk allocator and frees per-CPU objects only when the
 * machine halts). The areas are PERCPU_UNIT_SIZE bytes each.
 */
#ifndef KMM_PERCPU_H
#define KMM_PERCPU_H

#include <kmm/types.h>
#include <kmm/smp.h>

/* Bytes of each CPU's area; Linux's embedded first chunk is 64+ pages. */
#define PERCPU_UNIT_SIZE	(256UL << 10)

extern unsigned long __per_cpu_offset[NR_CPUS];

#define per_cpu_ptr(ptr, cpu)						\
	((__typeof__(ptr))((unsigned long)(ptr) + __per_cpu_offset[cpu]))
#define this_cpu_ptr(ptr)	per_cpu_ptr(ptr, raw_smp_processor_id())

#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_online_cpu(cpu)   for_each_possible_cpu(cpu)

/* Boot: one area per CPU from memblock (before mm_core_init). */
void setup_per_cpu_areas(void);
/* Forget the areas (kmm_halt; their memory goes with physical memory). */
void percpu_reset(void);

/*
 * __alloc_percpu - an object of @size bytes in every CPU's area, zeroed.
 * Return: a per-CPU pointer for per_cpu_ptr(), or NULL if the areas are full.
 */
void *__alloc_percpu(size_t size, size_t align);
#define alloc_percpu(type)						\
	((type *)__alloc_percpu(sizeof(type), __alignof__(type)))

/* Pages of all per-CPU areas together (Percpu in /proc/meminfo). */
unsigned long pcpu_nr_pages(void);

/* The node of each CPU (x86's early_cpu_to_node map). */
extern int cpu_to_node_map[NR_CPUS];

static inline int cpu_to_node(int cpu)
{
	return cpu_to_node_map[cpu];
}

static inline int numa_node_id(void)
{
	return cpu_to_node(raw_smp_processor_id());
}

#endif /* KMM_PERCPU_H */
