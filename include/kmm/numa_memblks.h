/* SPDX-License-Identifier: MIT */
/*
 * kmm/numa_memblks.h - how boot assigns memory to NUMA nodes (x86's
 * arch/x86/mm/numa.c and mm/numa_emulation.c).
 */
#ifndef KMM_NUMA_MEMBLKS_H
#define KMM_NUMA_MEMBLKS_H

#include <kmm/types.h>
#include <kmm/numa.h>

/* Linux: NR_NODE_MEMBLKS is MAX_NUMNODES * 2. */
#define NR_NODE_MEMBLKS	(MAX_NUMNODES * 2)

/* One firmware-described range of a node (mm/numa_memblks.h). */
struct numa_memblk {
	u64 start;
	u64 end;
	int nid;
	bool hotplug;
	int pxm;	/* kmm: the proximity domain, for the SRAT line */
};

/* What the firmware's SRAT says: memory ranges and CPU-only nodes. */
struct numa_meminfo {
	int nr_blks;
	struct numa_memblk blk[NR_NODE_MEMBLKS];
	bool cpu_node[MAX_NUMNODES];	/* nodes named by processor entries */
};

/**
 * srat_parse - read the NUMA description in a real machine's dmesg: the
 * "SRAT: Node N PXM P [mem 0xA-0xB]" memory lines (with " hotplug") and the
 * "SRAT: PXM P -> APIC 0xA -> Node N" processor lines.
 * Return: the number of memory ranges found (0: the machine has no SRAT).
 */
int srat_parse(struct numa_meminfo *mi, const char *text);

/* numa=fake=N from the command line (0: not given). */
extern int numa_fake_nodes;
/* numa=off */
extern bool numa_off;

/**
 * x86_numa_init - give every memblock region its node and allocate each
 * node's pglist_data (the "NODE_DATA(N) allocated" lines).
 * @nr_nodes: nodes wanted (numa=fake=N wins when set); 1 fakes one node
 * @srat: the firmware NUMA description, or NULL; used unless numa=fake=N,
 *	numa=off or @nr_nodes > 1 ask for emulation
 * Context: boot, after e820__memblock_setup().
 * Return: the number of nodes set up (at least 1).
 */
int x86_numa_init(int nr_nodes, const struct numa_meminfo *srat);

/* numa_memblks.c: clean up and register a firmware description (@mi is
 * modified); Return: the node count (highest nid + 1), or -EINVAL when it
 * cannot be used (then boot fakes one node). */
int numa_memblks_init(struct numa_meminfo *mi);

#endif /* KMM_NUMA_MEMBLKS_H */
