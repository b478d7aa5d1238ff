// SPDX-License-Identifier: MIT
/*
 * src/mm/numa.c - NUMA nodes at boot: which memory belongs to which node,
 * and each node's pglist_data (mm/numa.c and x86's arch/x86/mm/numa.c).
 *
 * 1. Sources. A kmm machine has no SRAT; its nodes come from numa=fake=N
 *    or from kmm_config.nr_nodes, both split memory as NUMA emulation does
 *    (numa_emulation.c). With one node, boot prints what x86 prints when
 *    firmware describes none: "No NUMA configuration found" and "Faking a
 *    node at [mem 0-max]". numa=off forces one node ("NUMA turned off").
 *
 * 2. Assignment. memblock_set_node() stamps each node's range on both
 *    memblock.memory and memblock.reserved, so every later allocation and
 *    every free range knows its node.
 *
 * 3. Node data. Each node's pg_data_t is allocated from memblock on that
 *    node (memblock_phys_alloc_try_nid) and reached through __va(), exactly
 *    as alloc_node_data() does; boot prints "NODE_DATA(N) allocated".
 */
#include <kmm/numa_memblks.h>
#include <kmm/memblock.h>
#include <kmm/mmzone.h>
#include <kmm/mm_init.h>
#include <kmm/init.h>
#include <kmm/cmdline.h>
#include <kmm/printk.h>
#include <kmm/errno.h>
#include "../lib/string.h"
#include "numa_emulation.h"

pg_data_t *node_data[MAX_NUMNODES];
int nr_online_nodes = 1;
int numa_fake_nodes;
bool numa_off;

/* numa=off | numa=fake=N (early_param "numa", arch/x86/mm/numa.c) */
static int numa_setup(char *opt)
{
	int n;

	if (!opt)
		return -EINVAL;
	if (!strncmp(opt, "off", 3)) {
		numa_off = true;
		return 0;
	}
	if (!strncmp(opt, "fake=", 5)) {
		char *p = opt + 5;

		if (get_option(&p, &n) != 1 || n < 1 || *p)
			return -EINVAL;	/* kmm knows only the node-count form */
		numa_fake_nodes = n;
		return 0;
	}
	return 0;	/* other numa= options (noacpi, ...) have no meaning here */
}
early_param("numa", numa_setup);

static void dummy_numa_init(void)
{
	pr_info("%s\n", numa_off ? "NUMA turned off" : "No NUMA configuration found");
	pr_info("Faking a node at [mem %#018Lx-%#018Lx]\n", 0ULL,
		(unsigned long long)PFN_PHYS(max_pfn) - 1);
}

static void alloc_node_data(int nid)
{
	const size_t nd_size = ALIGN_UP_CACHE(sizeof(pg_data_t));
	phys_addr_t nd_pa = memblock_phys_alloc_try_nid(nd_size, SMP_CACHE_BYTES, nid);
	int tnid;

	if (!nd_pa)
		panic("Cannot allocate %zu bytes for node %d data\n", nd_size, nid);
	pr_info("NODE_DATA(%d) allocated [mem %#010Lx-%#010Lx]\n", nid,
		(unsigned long long)nd_pa, (unsigned long long)(nd_pa + nd_size - 1));
	tnid = early_pfn_to_nid(PHYS_PFN(nd_pa));
	if (tnid != nid)
		pr_info("    NODE_DATA(%d) on node %d\n", nid, tnid);
	node_data[nid] = __va(nd_pa);
	memset(node_data[nid], 0, sizeof(pg_data_t));
	node_data[nid]->node_id = nid;
}

int early_pfn_to_nid(unsigned long pfn)
{
	unsigned long start, end;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid)
		if (pfn >= start && pfn < end)
			return nid;
	return 0;
}

/* x86's numa_init(x86_acpi_numa_init): the firmware's nodes. */
static int srat_numa_init(const struct numa_meminfo *srat)
{
	static struct numa_meminfo mi;

	mi = *srat;
	memblock_set_node(0, PHYS_ADDR_MAX, &memblock.memory, NUMA_NO_NODE);
	memblock_set_node(0, PHYS_ADDR_MAX, &memblock.reserved, NUMA_NO_NODE);
	return numa_memblks_init(&mi);
}

/* Node data for every node: with memory, allocated on it and reported;
 * memoryless, allocated anywhere without a word (alloc_offline_node_data). */
static void setup_node_data(void)
{
	int nid;

	for_each_online_node(nid) {
		unsigned long s, e;
		int i;
		bool has_memory = false;

		for_each_mem_pfn_range(i, nid, &s, &e, NULL)
			has_memory = true;
		if (has_memory) {
			alloc_node_data(nid);
			continue;
		}
		node_data[nid] = memblock_alloc(sizeof(pg_data_t), SMP_CACHE_BYTES);
		if (!node_data[nid])
			panic("Cannot allocate %zu bytes for node %d data\n", sizeof(pg_data_t), nid);
		node_data[nid]->node_id = nid;
	}
}

int x86_numa_init(int nr_nodes, const struct numa_meminfo *srat)
{
	int nodes = -EINVAL;

	if (numa_fake_nodes)
		nr_nodes = numa_fake_nodes;
	if (numa_off || nr_nodes < 1)
		nr_nodes = 1;
	if (srat && srat->nr_blks && !numa_off && nr_nodes == 1 && !numa_fake_nodes)
		nodes = srat_numa_init(srat);
	if (nodes < 0) {
		dummy_numa_init();
		memblock_set_node(0, PHYS_ADDR_MAX, &memblock.memory, 0);
		memblock_set_node(0, PHYS_ADDR_MAX, &memblock.reserved, 0);
		nodes = nr_nodes > 1 ? numa_emulation(PFN_PHYS(max_pfn), nr_nodes) : 1;
	}
	nr_online_nodes = nodes;
	nr_node_ids = nodes;
	setup_node_data();
	return nodes;
}

void numa_reset(void)
{
	memset(node_data, 0, sizeof(node_data));
	nr_online_nodes = 1;
	nr_node_ids = 1;
	numa_fake_nodes = 0;
	numa_off = false;
}
