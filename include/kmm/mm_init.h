/* SPDX-License-Identifier: MIT */
/*
 * kmm/mm_init.h - what boot learns about memory (mm/mm_init.c, x86 setup).
 */
#ifndef KMM_MM_INIT_H
#define KMM_MM_INIT_H

#include <kmm/types.h>
#include <kmm/mmzone.h>

extern unsigned long max_pfn;		/* end of RAM, from e820 */
extern unsigned long max_low_pfn;	/* end of RAM below 4 GiB */
extern unsigned long max_possible_pfn;
extern unsigned long totalram_pages_boot; /* present pages, all nodes */

/* Zone and node extents from memblock; prints "Zone ranges:" and the rest. */
void free_area_init(unsigned long *max_zone_pfn);
/* Sum of present pages over all nodes (get_num_physpages()). */
unsigned long get_num_physpages(void);

#endif /* KMM_MM_INIT_H */
