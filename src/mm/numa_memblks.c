// SPDX-License-Identifier: MIT
/*
 * src/mm/numa_memblks.c - turning a firmware NUMA description into node
 * ids on memblock (mm/numa_memblks.c, x86's SRAT path).
 *
 * 1. Print what the firmware said, as ACPI's SRAT parser prints it
 *    ("ACPI: SRAT: Node N PXM P [mem A-B]", " hotplug" when so).
 * 2. Clean up, as numa_cleanup_meminfo(): ranges are clipped to
 *    [0, max_pfn); ranges with no RAM are dropped; two ranges of one node
 *    merge into one when no other node's range lies between them ("NUMA:
 *    Node N [mem ..] + [mem ..] -> [mem ..]"); ranges of different nodes
 *    that overlap make the description unusable ("node N [mem ..] overlaps
 *    with node M [mem ..]"), and boot falls back to one node.
 * 3. Register: memblock_set_node() stamps each range's node on memblock
 *    memory and reserved; hotplug ranges are marked MEMBLOCK_HOTPLUG.
 *
 * Nodes named only by processor lines exist without memory: they count in
 * nr_online_nodes and boot prints "Initmem setup node N as memoryless".
 */
#include <kmm/numa_memblks.h>
#include <kmm/memblock.h>
#include <kmm/mm_init.h>
#include <kmm/mmzone.h>
#include <kmm/printk.h>
#include <kmm/minmax.h>
#include <kmm/errno.h>
#include "../lib/string.h"

static void remove_blk(struct numa_meminfo *mi, int i)
{
	mi->nr_blks--;
	memmove(&mi->blk[i], &mi->blk[i + 1], (size_t)(mi->nr_blks - i) * sizeof(mi->blk[0]));
}

static void print_srat(const struct numa_meminfo *mi)
{
	int cnt = 0;

	for (int i = 0; i < mi->nr_blks; i++) {
		const struct numa_memblk *b = &mi->blk[i];

		pr_info("ACPI: SRAT: Node %u PXM %u [mem %#010Lx-%#010Lx]%s\n", b->nid, b->pxm,
			(unsigned long long)b->start, (unsigned long long)b->end - 1,
			b->hotplug ? " hotplug" : "");
		cnt = max(cnt, b->nid + 1);
	}
	for (int n = 0; n < MAX_NUMNODES; n++)
		if (mi->cpu_node[n])
			cnt = max(cnt, n + 1);
	pr_debug("NUMA: Initialized distance table, cnt=%d\n", cnt);
}

static void clip_blks(struct numa_meminfo *mi, u64 high)
{
	for (int i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *b = &mi->blk[i];

		b->end = min(b->end, high);
		if (b->start >= b->end ||
		    !memblock_overlaps_region(&memblock.memory, b->start, b->end - b->start))
			remove_blk(mi, i--);
	}
}

/* May blocks @i and @j of one node merge (nothing of another node between)? */
static bool can_merge(const struct numa_meminfo *mi, u64 start, u64 end, int nid)
{
	for (int k = 0; k < mi->nr_blks; k++)
		if (mi->blk[k].nid != nid && start < mi->blk[k].end && end > mi->blk[k].start)
			return false;
	return true;
}

static int check_pair(struct numa_meminfo *mi, int i, int j)
{
	struct numa_memblk *bi = &mi->blk[i], *bj = &mi->blk[j];
	u64 start = min(bi->start, bj->start), end = max(bi->end, bj->end);

	if (bi->end > bj->start && bi->start < bj->end && bi->nid != bj->nid) {
		pr_err("node %d [mem %#010Lx-%#010Lx] overlaps with node %d [mem %#010Lx-%#010Lx]\n",
		       bi->nid, (unsigned long long)bi->start, (unsigned long long)bi->end - 1,
		       bj->nid, (unsigned long long)bj->start, (unsigned long long)bj->end - 1);
		return -EINVAL;
	}
	if (bi->nid != bj->nid || !can_merge(mi, start, end, bi->nid))
		return 0;
	pr_info("NUMA: Node %d [mem %#010Lx-%#010Lx] + [mem %#010Lx-%#010Lx] -> [mem %#010Lx-%#010Lx]\n",
		bi->nid, (unsigned long long)bi->start, (unsigned long long)bi->end - 1,
		(unsigned long long)bj->start, (unsigned long long)bj->end - 1,
		(unsigned long long)start, (unsigned long long)end - 1);
	bi->start = start;
	bi->end = end;
	remove_blk(mi, j);
	return 1;
}

static int merge_blks(struct numa_meminfo *mi)
{
	for (int i = 0; i < mi->nr_blks; i++) {
		for (int j = i + 1; j < mi->nr_blks; j++) {
			int r = check_pair(mi, i, j);

			if (r < 0)
				return r;
			j -= r;
		}
	}
	return 0;
}

int numa_memblks_init(struct numa_meminfo *mi)
{
	int nodes = 0;

	print_srat(mi);
	clip_blks(mi, PFN_PHYS(max_pfn));
	if (!mi->nr_blks || merge_blks(mi))
		return -EINVAL;
	for (int i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *b = &mi->blk[i];

		memblock_set_node(b->start, b->end - b->start, &memblock.memory, b->nid);
		memblock_set_node(b->start, b->end - b->start, &memblock.reserved, b->nid);
		if (b->hotplug)
			memblock_mark_hotplug(b->start, b->end - b->start);
		nodes = max(nodes, b->nid + 1);
	}
	for (int n = 0; n < MAX_NUMNODES; n++)
		if (mi->cpu_node[n])
			nodes = max(nodes, n + 1);
	return nodes;
}
