// SPDX-License-Identifier: MIT
/*
 * src/mm/memblock_debug.c - memblock's debugging: memblock=debug, the
 * dumps, the validator and the reset.
 *
 * 1. What it holds. memblock=debug on the command line sets
 *    memblock_debug; every operation then logs a line in the kernel's
 *    words (pr_info, with the caller as %pS) through memblock_dbg()
 *    (memblock_internal.h), and memblock_dump_all() prints the tables.
 *    __memblock_dump_all() prints them regardless (the kmm command uses
 *    it). memblock_is_valid() checks the invariants; memblock_reset()
 *    empties everything for the next boot or test. None of it is needed
 *    for memblock to work; all of it is needed to see that it does.
 *
 * 2. The dump. "MEMBLOCK configuration:", the total sizes, then one line
 *    per region of memory, reserved and physmem in the kernel's format
 *    (first and LAST byte, size, node when valid, flags). It only reads.
 *
 * 3. The validator. memblock_is_valid() checks invariants (a) to (d) of
 *    memblock.c's section 3 on each of the three types and prints
 *    (pr_err) the first problem found in each. Touching NOMAP neighbours
 *    are allowed, as section 3 explains. The test harness asserts it
 *    after each case.
 *
 * 4. The reset. Each file clears the state it owns: memblock_reset()
 *    calls memblock_regions_reset() (memblock.c: the arrays, bottom_up,
 *    current_limit, resizing, mirror) and reserve_mem_reset()
 *    (memblock_alloc.c: the reserve_mem= table), and clears memblock_debug
 *    and movable_node_enabled itself. kmm_boot() calls it before each
 *    machine, the test harness before each case.
 *
 * 5. How kmm differs from Linux 6.12.
 *    - memblock_reset() and memblock_is_valid() are kmm additions.
 *    - physmem exists on every machine in kmm (Linux: only with
 *      CONFIG_HAVE_MEMBLOCK_PHYS_MAP, which x86 lacks), so the dump
 *      prints it only when it has regions and an x86-like boot log
 *      matches the kernel's.
 */
#include <kmm/init.h>
#include "../lib/string.h"
#include "memblock_internal.h"

/* Set by memblock=debug (early_memblock() below); read by memblock_dbg(). */
int memblock_debug;

/* ---- dumping ---------------------------------------------------------------- */

static void memblock_dump(struct memblock_type *type)
{
	phys_addr_t base, end, size;
	char nid_buf[32];
	unsigned long idx;

	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);

	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		int nid = memblock_get_region_node(rgn);

		base = rgn->base;
		size = rgn->size;
		end = base + size - 1;
		nid_buf[0] = '\0';
		if (numa_valid_node(nid))
			snprintf(nid_buf, sizeof(nid_buf), " on node %d", nid);
		pr_info(" %s[%#x]\t[%pa-%pa], %pa bytes%s flags: %#x\n",
			type->name, (unsigned int)idx, &base, &end, &size,
			nid_buf, rgn->flags);
	}
}

/**
 * __memblock_dump_all - print memblock's tables to the log
 *
 * Prints "MEMBLOCK configuration:", the sizes, then every region of
 * memory, reserved and (when it has any) physmem, in the kernel's format.
 *
 * Context: boot.
 */
void __memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = %pa reserved size = %pa\n",
		&memblock.memory.total_size, &memblock.reserved.total_size);

	memblock_dump(&memblock.memory);
	memblock_dump(&memblock.reserved);
	if (physmem.cnt)
		memblock_dump(&physmem);
}

/**
 * memblock_dump_all - print memblock's tables if memblock=debug is set
 *
 * Context: boot.
 */
void memblock_dump_all(void)
{
	if (memblock_debug)
		__memblock_dump_all();
}

/* memblock=debug: log every memblock operation. */
static int early_memblock(char *p)
{
	if (p && strstr(p, "debug"))
		memblock_debug = 1;
	return 0;
}
early_param("memblock", early_memblock);

/* ---- kmm additions ------------------------------------------------------------ */

/**
 * memblock_reset - return memblock to its initial, empty state
 *
 * Empties memory, reserved and physmem and points them back at their
 * static arrays (doubled arrays are simply forgotten: they lived in
 * memblock memory), and clears bottom_up, current_limit, memblock_debug,
 * resizing, mirror state, movable_node and the reserve_mem= table.
 *
 * Context: boot; no memblock call may be in progress.
 */
void memblock_reset(void)
{
	memblock_regions_reset();
	memblock_debug = 0;
	movable_node_enabled = false;
	reserve_mem_reset();
}

/* Check region @i of @type alone and against its predecessor. */
static bool memblock_region_is_valid(struct memblock_type *type,
				     unsigned long i)
{
	struct memblock_region *r = &type->regions[i], *prev = r - 1;

	if (!r->size) {
		pr_err("memblock: %s[%#lx] is empty\n", type->name, i);
		return false;
	}
	if (r->size > PHYS_ADDR_MAX - r->base) {
		pr_err("memblock: %s[%#lx] [%pa+%pa] wraps around\n",
		       type->name, i, &r->base, &r->size);
		return false;
	}
	if (!i)
		return true;
	if (memblock_region_end(prev) > r->base) {
		pr_err("memblock: %s[%#lx] at %pa overlaps or precedes %s[%#lx]\n",
		       type->name, i, &r->base, type->name, i - 1);
		return false;
	}
	/* memblock.c, section 3: NOMAP pieces may stay unmerged. */
	if (memblock_regions_mergeable(prev, r) && !memblock_is_nomap(r)) {
		pr_err("memblock: %s[%#lx] and %s[%#lx] should have been merged\n",
		       type->name, i - 1, type->name, i);
		return false;
	}
	return true;
}

static bool memblock_type_is_valid(struct memblock_type *type)
{
	phys_addr_t sum = 0;
	unsigned long i;

	if (type->cnt > type->max) {
		pr_err("memblock: %s.cnt %lu exceeds max %lu\n",
		       type->name, type->cnt, type->max);
		return false;
	}
	for (i = 0; i < type->cnt; i++) {
		if (!memblock_region_is_valid(type, i))
			return false;
		sum += type->regions[i].size;
	}
	if (sum != type->total_size) {
		pr_err("memblock: %s.total_size %pa but regions add up to %pa\n",
		       type->name, &type->total_size, &sum);
		return false;
	}
	return true;
}

/**
 * memblock_is_valid - check memblock's invariants
 *
 * Checks memory, reserved and physmem: regions sorted and disjoint, none
 * empty or wrapping, no mergeable neighbours left apart (NOMAP ones
 * excepted, see section 3 of memblock.c's design notes), cnt within max,
 * total_size equal to the sum of the sizes. Prints (pr_err) the first
 * problem found in each type.
 *
 * Context: boot.
 * Return: true if every invariant holds.
 */
bool memblock_is_valid(void)
{
	bool ok = true;

	ok &= memblock_type_is_valid(&memblock.memory);
	ok &= memblock_type_is_valid(&memblock.reserved);
	ok &= memblock_type_is_valid(&physmem);
	return ok;
}
