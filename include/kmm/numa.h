/* SPDX-License-Identifier: MIT */
/*
 * kmm/numa.h - NUMA node numbering, as linux/numa.h.
 * MAX_NUMNODES is 64 (CONFIG_NODES_SHIFT 6, as x86-64 distributions set
 * it); numa=fake=N accepts up to that many nodes.
 */
#ifndef KMM_NUMA_H
#define KMM_NUMA_H

#include <kmm/types.h>

#define NODES_SHIFT	6
#define MAX_NUMNODES	(1 << NODES_SHIFT)
#define NUMA_NO_NODE	(-1)

static inline bool numa_valid_node(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES;
}

/* The nodes the machine has (set at boot; 1 with no machine). */
extern int nr_node_ids;
extern int nr_cpu_ids;

#endif /* KMM_NUMA_H */
