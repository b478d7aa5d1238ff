/* SPDX-License-Identifier: MIT */
/* src/mm/numa_emulation.h - internal: splitting memory into fake nodes. */
#ifndef KMM_MM_NUMA_EMULATION_H
#define KMM_MM_NUMA_EMULATION_H

#include <kmm/types.h>

#define ALIGN_UP_CACHE(x) (((x) + SMP_CACHE_BYTES - 1) & ~(size_t)(SMP_CACHE_BYTES - 1))

/* Split [0, max_addr) into @nr_nodes nodes of equal present memory;
 * Return: the number of nodes made (1 when emulation is impossible). */
int numa_emulation(u64 max_addr, int nr_nodes);
int early_pfn_to_nid(unsigned long pfn);
void numa_reset(void);

#endif
