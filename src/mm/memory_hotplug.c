// SPDX-License-Identifier: MIT
/*
 * src/mm/memory_hotplug.c - the part of Linux's memory hotplug that boot
 * needs: the movable_node switch.
 *
 * movable_node on the command line says that hotpluggable memory (regions
 * marked MEMBLOCK_HOTPLUG, from firmware's SRAT in Linux) should stay
 * movable so that it can be unplugged later: memblock then never
 * allocates from it, and the page allocator will put it in ZONE_MOVABLE.
 * Linux 6.12 only sets the flag here, with no message; so does kmm.
 *
 * How kmm differs: hotplugging itself (add_memory, online/offline) is not
 * simulated; memblock_reset() clears the flag for the next machine.
 */
#include <kmm/init.h>
#include <kmm/memblock.h>

bool movable_node_enabled;

/* movable_node: keep hotpluggable memory free of boot allocations. */
static int cmdline_parse_movable_node(char *p)
{
	movable_node_enabled = true;
	return 0;
}
early_param("movable_node", cmdline_parse_movable_node);
