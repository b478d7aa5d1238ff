// SPDX-License-Identifier: MIT
/*
 * src/mm/percpu.c - per-CPU areas (mm/percpu.c, x86's setup_per_cpu_areas).
 *
 * 1. Areas. At boot every possible CPU gets one area of pcpu_unit_size
 *    bytes from memblock on its node (as Linux's embedded first chunk), so
 *    their cost shows as reserved memory. __per_cpu_offset[cpu] is the
 *    area's address; a per-CPU pointer is an offset into an area, and
 *    per_cpu_ptr() adds the CPU's base (kmm/percpu.h).
 *
 * 2. Objects. alloc_percpu() bumps an offset shared by all areas: the same
 *    offset is the same object in every CPU's area. Objects are never
 *    freed one by one; the areas go away with the machine. The first cache
 *    line of the layout stays unused, so no per-CPU pointer is NULL.
 *
 * 3. Size. The areas hold the per-CPU page lists of every zone of every
 *    node (per_cpu_pages) plus PERCPU_DYNAMIC_RESERVE bytes for the layers
 *    above the page allocator.
 *
 * 4. CPUs and nodes. kmm's CPUs are spread round-robin over the online
 *    nodes: CPU c is on node c % nr_online_nodes (fake NUMA has no CPU
 *    topology to copy).
 *
 * Locking: alloc_percpu() is boot-time only (no lock).
 *
 * How kmm differs: no chunk allocator, no free_percpu(), no "percpu:
 * Embedded ..." line.
 */
#include <kmm/mm.h>
#include <kmm/percpu.h>
#include <kmm/memblock.h>
#include <kmm/mmzone.h>
#include <kmm/printk.h>
#include <kmm/minmax.h>
#include <kmm/e820.h>
#include "../lib/string.h"

/* Room left in each area for the layers above the page allocator. */
#define PERCPU_DYNAMIC_RESERVE	(64UL << 10)

unsigned long __per_cpu_offset[NR_CPUS];
int cpu_to_node_map[NR_CPUS];
static unsigned long pcpu_unit_size;
static unsigned long pcpu_used;

/**
 * setup_per_cpu_areas - allocate every CPU's area from memblock.
 *
 * Context: boot, after NUMA setup and nr_cpu_ids; panics when memblock
 * cannot provide an area.
 */
void setup_per_cpu_areas(void)
{
	int cpu;

	pcpu_unit_size = PAGE_ALIGN(nr_online_nodes * MAX_NR_ZONES *
				    sizeof(struct per_cpu_pages) + PERCPU_DYNAMIC_RESERVE);
	pcpu_used = SMP_CACHE_BYTES;
	for_each_possible_cpu(cpu) {
		int nid = cpu % nr_online_nodes;
		void *area = memblock_alloc_try_nid(pcpu_unit_size, PAGE_SIZE,
						    MAX_DMA_PFN << PAGE_SHIFT,
						    MEMBLOCK_ALLOC_ACCESSIBLE, nid);

		if (!area)
			panic("Failed to allocate %lu bytes for CPU %d's per-CPU area\n",
			      pcpu_unit_size, cpu);
		cpu_to_node_map[cpu] = nid;
		__per_cpu_offset[cpu] = (unsigned long)area;
	}
}

void *__alloc_percpu(size_t size, size_t align)
{
	unsigned long off = ALIGN(pcpu_used, (unsigned long)align);
	int cpu;

	if (off + size > pcpu_unit_size)
		return NULL;
	pcpu_used = off + size;
	for_each_possible_cpu(cpu)
		memset((void *)(__per_cpu_offset[cpu] + off), 0, size);
	return (void *)off;
}

/**
 * pcpu_nr_pages - pages of every CPU's per-CPU area (Percpu in /proc/meminfo).
 * Return: nr_cpu_ids areas of pcpu_unit_size bytes, in pages; 0 before boot.
 */
unsigned long pcpu_nr_pages(void)
{
	return (unsigned long)nr_cpu_ids * (pcpu_unit_size >> PAGE_SHIFT);
}

void percpu_reset(void)
{
	memset(__per_cpu_offset, 0, sizeof(__per_cpu_offset));
	memset(cpu_to_node_map, 0, sizeof(cpu_to_node_map));
	pcpu_unit_size = 0;
	pcpu_used = 0;
}
