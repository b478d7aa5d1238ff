/* SPDX-License-Identifier: MIT */
/*
 * kmm/numa_memblks.h - how boot assigns memory to NUMA nodes (x86's
 * arch/x86/mm/numa.c and mm/numa_emulation.c).
 */
#ifndef KMM_NUMA_MEMBLKS_H
#define KMM_NUMA_MEMBLKS_H

#include <kmm/types.h>

/* numa=fake=N from the command line (0: not given). */
extern int numa_fake_nodes;
/* numa=off */
extern bool numa_off;

/**
 * x86_numa_init - give every memblock region its node and allocate each
 * node's pglist_data (the "NODE_DATA(N) allocated" lines).
 * @nr_nodes: nodes wanted (numa=fake=N wins when set); 1 fakes one node
 * Context: boot, after e820__memblock_setup().
 * Return: the number of nodes set up (at least 1).
 */
int x86_numa_init(int nr_nodes);

#endif /* KMM_NUMA_MEMBLKS_H */
