// SPDX-License-Identifier: MIT
/*
 * src/mm/mmzone.c - walking zones and zonelists (mm/mmzone.c).
 *
 * for_each_zone() visits the zones of the online nodes in node order,
 * each node's from DMA up; zonelist iterators skip the zones above an
 * allocation's highest zone and, with a nodemask, those of other nodes.
 * Both read structures that boot builds and nothing changes later, so
 * they take no lock.
 */
#include <kmm/mm.h>
#include <kmm/mmzone.h>

/* The zones of all online nodes, in node then zone order. */
struct zone *first_online_zone(void)
{
	return nr_online_nodes && NODE_DATA(0) ? NODE_DATA(0)->node_zones : NULL;
}

struct zone *next_zone(struct zone *zone)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (zone < pgdat->node_zones + MAX_NR_ZONES - 1)
		return zone + 1;
	if (pgdat->node_id + 1 < nr_online_nodes)
		return NODE_DATA(pgdat->node_id + 1)->node_zones;
	return NULL;
}

/**
 * __next_zones_zonelist - the first zoneref at or after @z whose zone is
 * at or below @highest_zoneidx and on a node of @nodes (if given).
 * @z: where to start
 * @highest_zoneidx: highest usable zone index
 * @nodes: allowed nodes, or NULL
 *
 * Return: that zoneref, or the terminating one (zone NULL).
 */
struct zoneref *__next_zones_zonelist(struct zoneref *z, int highest_zoneidx,
				      const nodemask_t *nodes)
{
	if (!nodes) {
		while (zonelist_zone_idx(z) > highest_zoneidx)
			z++;
	} else {
		while (zonelist_zone_idx(z) > highest_zoneidx ||
		       (z->zone && !node_isset(zonelist_node_idx(z), nodes)))
			z++;
	}
	return z;
}
