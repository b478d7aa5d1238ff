// SPDX-License-Identifier: MIT
/*
 * src/mm/page_alloc_zonelist.c - zonelists: the order in which an
 * allocation tries zones and nodes (the zonelist half of mm/page_alloc.c).
 *
 * 1. Order. A node's fallback zonelist lists its own populated zones from
 *    the highest down (Movable, Normal, DMA32, DMA), then the zones of
 *    every other node with memory, nodes ordered by find_next_best_node():
 *    nearest first (kmm's distance: 10 to itself, 20 to any other node,
 *    as fake NUMA nodes have), then the next higher node id, then nodes
 *    without CPUs, then the least loaded, exactly as 6.12 scores them.
 *    A memoryless node starts with the nearest node that has memory. The
 *    no-fallback list (__GFP_THISNODE) holds the node's own zones only.
 *    An allocation walks from the first zone at or below its highest
 *    allowed zone (gfp_zone()), so GFP_DMA32 never reaches Normal.
 *
 * 2. Boot lines (6.12): "Fallback order for Node N: a b c " per node,
 *    "Built N zonelists, mobility grouping on.  Total pages: T" where T is
 *    what nr_free_zone_pages(ZONE_MOVABLE) counts at that point (managed
 *    pages still equal present pages and watermarks are 0, so: the present
 *    pages of the machine), and "Policy zone: Z", the highest populated
 *    zone below Movable. Grouping by mobility is turned off when that
 *    total is below pageblock_nr_pages * MIGRATE_TYPES.
 *
 * 3. Zonelists are built once at boot; nothing changes them after (no
 *    memory hotplug), so readers need no lock or sequence count.
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/percpu.h>
#include <kmm/printk.h>
#include "../lib/string.h"
#include "internal.h"

/* The highest zone a memory policy applies to (mm/mempolicy.c). */
enum zone_type policy_zone;
static int node_load[MAX_NUMNODES];

#define LOCAL_DISTANCE		10
#define REMOTE_DISTANCE		20
#define PENALTY_FOR_NODE_WITH_CPUS 1

/** node_distance - kmm's SLIT: 10 to the node itself, 20 to any other. */
int node_distance(int a, int b)
{
	return a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

static bool node_has_cpus(int nid)
{
	int cpu;

	for_each_online_cpu(cpu)
		if (cpu_to_node(cpu) == nid)
			return true;
	return false;
}

/* Append @pgdat's populated zones, highest first. */
static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zonerefs)
{
	int nr_zones = 0;

	for (int zone_type = MAX_NR_ZONES - 1; zone_type >= 0; zone_type--) {
		struct zone *zone = &pgdat->node_zones[zone_type];

		if (!populated_zone(zone))
			continue;
		zonerefs[nr_zones].zone = zone;
		zonerefs[nr_zones].zone_idx = zone_type;
		nr_zones++;
		if (zone_type > (int)policy_zone && zone_type != ZONE_MOVABLE)
			policy_zone = (enum zone_type)zone_type;
	}
	return nr_zones;
}

/**
 * find_next_best_node - the next node for @node's fallback list.
 * @node: whose list is being built
 * @used_node_mask: nodes already in it (updated)
 *
 * Return: a node id, or NUMA_NO_NODE when all nodes with memory are used.
 */
int find_next_best_node(int node, nodemask_t *used_node_mask)
{
	int n, min_val = INT_MAX, best_node = NUMA_NO_NODE;

	if (!node_isset(node, used_node_mask) && node_state(node, N_MEMORY)) {
		node_set(node, used_node_mask);
		return node;
	}
	for_each_node_state(n, N_MEMORY) {
		int val;

		if (node_isset(n, used_node_mask))
			continue;
		val = node_distance(node, n);
		val += n < node;
		if (node_has_cpus(n))
			val += PENALTY_FOR_NODE_WITH_CPUS;
		val *= MAX_NUMNODES;
		val += node_load[n];
		if (val < min_val) {
			min_val = val;
			best_node = n;
		}
	}
	if (best_node >= 0)
		node_set(best_node, used_node_mask);
	return best_node;
}

static void build_zonelists(pg_data_t *pgdat)
{
	int node_order[MAX_NUMNODES], nr_nodes = 0, node;
	int local_node = pgdat->node_id, prev_node = local_node;
	nodemask_t used_mask = NODE_MASK_NONE;
	struct zoneref *zonerefs;

	while ((node = find_next_best_node(local_node, &used_mask)) >= 0) {
		if (node_distance(local_node, node) != node_distance(local_node, prev_node))
			node_load[node] += 1;
		node_order[nr_nodes++] = node;
		prev_node = node;
	}
	zonerefs = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	for (int i = 0; i < nr_nodes; i++)
		zonerefs += build_zonerefs_node(NODE_DATA(node_order[i]), zonerefs);
	zonerefs->zone = NULL;
	zonerefs->zone_idx = 0;

	zonerefs = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	zonerefs += build_zonerefs_node(pgdat, zonerefs);
	zonerefs->zone = NULL;
	zonerefs->zone_idx = 0;

	pr_info("Fallback order for Node %d: ", local_node);
	for (int i = 0; i < nr_nodes; i++)
		pr_cont("%d ", node_order[i]);
	pr_cont("\n");
}

/**
 * nr_free_zone_pages - pages above the high watermark in the zones at or
 * below @offset of this CPU's node's zonelist.
 * @offset: highest zone index counted
 *
 * Return: the sum over those zones of managed - high, where positive.
 */
unsigned long nr_free_zone_pages(int offset)
{
	struct zonelist *zonelist = &NODE_DATA(numa_node_id())->node_zonelists[ZONELIST_FALLBACK];
	unsigned long sum = 0;
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, zonelist, offset) {
		unsigned long size = zone_managed_pages(zone), high = high_wmark_pages(zone);

		if (size > high)
			sum += size - high;
	}
	return sum;
}

/** nr_free_buffer_pages - nr_free_zone_pages() of GFP_USER's zones. */
unsigned long nr_free_buffer_pages(void)
{
	return nr_free_zone_pages(gfp_zone(GFP_USER));
}

/**
 * build_all_zonelists - build every node's zonelists and print the lines
 * of 2 above.
 * @pgdat: unused (memory hotplug passes a new node on Linux); NULL
 *
 * Context: boot.
 */
void build_all_zonelists(pg_data_t *pgdat)
{
	unsigned long vm_total_pages;
	int nid;

	(void)pgdat;
	memset(node_load, 0, sizeof(node_load));
	policy_zone = 0;
	for_each_online_node(nid)
		build_zonelists(NODE_DATA(nid));
	vm_total_pages = nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE));
	page_group_by_mobility_disabled =
		vm_total_pages < pageblock_nr_pages * MIGRATE_TYPES;
	for_each_online_node(nid)
		pcp_fast_build(NODE_DATA(nid));
	pr_info("Built %u zonelists, mobility grouping %s.  Total pages: %ld\n",
		nr_online_nodes, page_group_by_mobility_disabled ? "off" : "on",
		(long)vm_total_pages);
	pr_info("Policy zone: %s\n", zone_names[policy_zone]);
}
