// SPDX-License-Identifier: MIT
/*
 * src/mm/numa_emulation.c - numa=fake=N: one machine's memory cut into N
 * nodes, as mm/numa_emulation.c's split_nodes_interleave() cuts it.
 *
 * 1. Target. Each node should hold the same amount of present memory:
 *    size = present / N, in whole pages, then rounded down to
 *    FAKE_NODE_MIN_SIZE (32 MiB). The remainders add up to "big" nodes:
 *    the first `big` nodes get one more 32 MiB step.
 *
 * 2. Walking up. A node starts where the previous ended and grows in
 *    32 MiB steps until it holds `size` bytes of present memory (holes do
 *    not count). Two rules then stretch it: if less than 32 MiB of present
 *    memory would be left below 4 GiB (DMA32's end) for the next node, this
 *    one reaches 4 GiB; if less than `size` would be left in all, this one
 *    takes everything. Nodes are numbered round-robin, so leftovers (rare)
 *    go to node 0 again.
 *
 * 3. Messages, as Linux: "Faking node N at [mem A-B] (SIZEMB)", and
 *    "numa=fake=N too large, reducing to 64", "Not enough memory for each
 *    node.  NUMA emulation disabled.".
 *
 * How kmm differs: there is one physical node to interleave over (kmm has
 * no SRAT), and node distances are not emulated yet.
 */
#include <kmm/memblock.h>
#include <kmm/numa.h>
#include <kmm/printk.h>
#include <kmm/minmax.h>
#include "numa_emulation.h"

#define FAKE_NODE_MIN_SIZE	((u64)32 << 20)

/* Bytes in [start, end) that memblock.memory does not cover, page-wise. */
static u64 mem_hole_size(u64 start, u64 end)
{
	unsigned long spfn = PFN_UP(start), epfn = PFN_DOWN(end);
	unsigned long s, e, present = 0;
	int i;

	if (spfn >= epfn)
		return 0;
	for_each_mem_pfn_range(i, MAX_NUMNODES, &s, &e, NULL) {
		s = max(s, spfn);
		e = min(e, epfn);
		if (s < e)
			present += e - s;
	}
	return PFN_PHYS(epfn - spfn - present);
}

static u64 present_in(u64 start, u64 end)
{
	return end - start - mem_hole_size(start, end);
}

/* Where the node that starts at @start must end. */
static u64 node_end(u64 start, u64 limit, u64 size, bool big)
{
	const u64 dma32_end = min_t(u64, 1ULL << 32, limit);
	u64 end = start + size + (big ? FAKE_NODE_MIN_SIZE : 0);

	while (end < limit && present_in(start, end) < size)
		end += FAKE_NODE_MIN_SIZE;
	end = min(end, limit);
	if (end < dma32_end && present_in(end, dma32_end) < FAKE_NODE_MIN_SIZE)
		end = dma32_end;
	if (present_in(end, limit) < size)
		end = limit;
	return end;
}

static void fake_node(int nid, u64 start, u64 end)
{
	pr_info("Faking node %d at [mem %#018Lx-%#018Lx] (%LuMB)\n", nid,
		(unsigned long long)start, (unsigned long long)end - 1,
		(unsigned long long)(end - start) >> 20);
	memblock_set_node(start, end - start, &memblock.memory, nid);
	memblock_set_node(start, end - start, &memblock.reserved, nid);
}

int numa_emulation(u64 max_addr, int nr_nodes)
{
	u64 size, start = 0;
	int big, nid = 0;

	if (nr_nodes > MAX_NUMNODES) {
		pr_info("numa=fake=%d too large, reducing to %d\n", nr_nodes, MAX_NUMNODES);
		nr_nodes = MAX_NUMNODES;
	}
	size = PFN_PHYS(PHYS_PFN(present_in(0, max_addr)) / (unsigned)nr_nodes);
	big = (int)(((size & (FAKE_NODE_MIN_SIZE - 1)) * (unsigned)nr_nodes) / FAKE_NODE_MIN_SIZE);
	size &= ~(FAKE_NODE_MIN_SIZE - 1);
	if (!size) {
		pr_err("Not enough memory for each node.  NUMA emulation disabled.\n");
		return 1;
	}
	while (start < max_addr) {
		u64 end = node_end(start, max_addr, size, nid < big);

		fake_node(nid % nr_nodes, start, end);
		start = end;
		nid++;
	}
	return min(nid, nr_nodes);
}
