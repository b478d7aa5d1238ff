// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_resize.c - growing the region arrays
 * (memblock_double_array), Linux 6.12 semantics.
 *
 * The facts checked (mm/memblock.c):
 *  - memory and reserved start with INIT_MEMBLOCK_REGIONS (128) entries;
 *  - before memblock_allow_resize() a full array is
 *    panic("memblock: cannot resize %s array\n");
 *  - memblock_isolate_range() (remove, flags, set_node) wants room for two
 *    more regions before it looks at the range at all, so it resizes (or
 *    panics) at 127 regions even when nothing would be split;
 *  - after memblock_allow_resize() the array doubles: the new array,
 *    PAGE_ALIGN(2 * max * sizeof(region)) bytes, page aligned, is found in
 *    memblock memory below current_limit, the regions are copied, the old
 *    array is freed back if it was not a static one, and the new array
 *    is reserved;
 *  - for reserved, the new array avoids the range being reserved: it is
 *    searched above that range first, then below it;
 *  - if no room is found: pr_err("memblock: Failed to double %s array
 *    from %ld to %ld entries !\n") and -ENOMEM, nothing changed.
 *
 * The arrays are written, so everything lives in the backing memory.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <kmm/errno.h>

#include "helpers/memblock_harness.h"

/* 256 regions of 24 bytes (6 KiB) rounded up to pages. */
#define NEW_ARRAY_BYTES	PAGE_ALIGN(2 * INIT_MEMBLOCK_REGIONS * sizeof(struct memblock_region))
/* Small regions, 64 bytes with 64-byte gaps so that none merge, start
 * here in the backing memory. */
#define SMALL		64

static phys_addr_t small(int i)
{
	return mb_base() + SZ_1M + (phys_addr_t)i * 2 * SMALL;
}

static void start_flat(void)
{
	static const struct mb_variant v = { .bottom_up = false, .numa = false };

	mb_start(&v);
}

/* ---- without memblock_allow_resize(): the kernel's panic ---- */

/*
 * The 129th memory region does not fit the static array:
 *
 *   memory  | r0 r1 r2 ... r127 | + r128  ->  panic
 */
Test(memblock_resize, memory_full_panics, .signal = SIGABRT)
{
	start_flat();
	mb_expect_panic("Kernel panic - not syncing: memblock: cannot resize memory array");

	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		cr_assert_eq(memblock_add(small(i), SMALL), 0);
	cr_assert_eq(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);

	memblock_add(small(INIT_MEMBLOCK_REGIONS), SMALL);
	cr_assert_fail("no panic; memory.max is %lu", memblock.memory.max);
}

/*
 * The same for reserved.
 *
 *   reserved  | r0 r1 r2 ... r127 | + r128  ->  panic
 */
Test(memblock_resize, reserved_full_panics, .signal = SIGABRT)
{
	start_flat();
	mb_expect_panic("Kernel panic - not syncing: memblock: cannot resize reserved array");

	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		cr_assert_eq(memblock_reserve(small(i), SMALL), 0);

	memblock_reserve(small(INIT_MEMBLOCK_REGIONS), SMALL);
	cr_assert_fail("no panic; reserved.max is %lu", memblock.reserved.max);
}

/*
 * Kernel behaviour: at 127 regions memblock_isolate_range() insists on
 * room for two more before looking at the range, so even removing a range
 * that touches no region panics.
 *
 *   memory  | [rm]   r0 r1 ... r126 |   ->  panic
 */
Test(memblock_resize, isolate_at_127_panics, .signal = SIGABRT)
{
	start_flat();
	mb_expect_panic("Kernel panic - not syncing: memblock: cannot resize memory array");

	for (int i = 0; i < INIT_MEMBLOCK_REGIONS - 1; i++)
		memblock_add(small(i), SMALL);

	memblock_remove(mb_base(), SMALL);	/* below every region */
	cr_assert_fail("no panic");
}

/*
 * Kernel behaviour: memblock_add_range() makes room for every gap before
 * it inserts and merges. One range over 70 scattered regions fills 70
 * gaps: 71 + 70 entries do not fit 128, so without allow_resize it
 * panics although the result would be a single region.
 *
 *   memory  | r1 r2 r3 ... r70 |  +  [========= one range =========]
 */
Test(memblock_resize, add_over_many_gaps_panics, .signal = SIGABRT)
{
	start_flat();
	mb_expect_panic("Kernel panic - not syncing: memblock: cannot resize memory array");

	memblock_add(mb_base(), SZ_64K);
	for (int i = 0; i < 70; i++)
		memblock_add(small(i), SMALL);

	memblock_add(small(0), 70 * 2 * SMALL);
	cr_assert_fail("no panic");
}

/* ---- with memblock_allow_resize() ---- */

/*
 * The same with allow_resize: the array doubles first, then the gaps are
 * filled and everything merges into one region; the doubled array stays.
 *
 *   memory    | [room]  r1 r2 ... r70 |  ->  | [room] [one region] |
 *   reserved  | [arr]                 |
 */
MB_TEST(memblock_resize, add_over_many_gaps_doubles_then_merges, policy)
{
	memblock_allow_resize();
	memblock_add(mb_base(), SZ_64K);
	for (int i = 0; i < 70; i++)
		memblock_add(small(i), SMALL);

	mb_assert_eq(memblock_add(small(0), 70 * 2 * SMALL), 0);

	mb_assert_eq(memblock.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	mb_assert_type(&memblock.memory, 2, SZ_64K + 70 * 2 * SMALL);
	mb_assert_region(&memblock.memory, 1, small(0), 70 * 2 * SMALL);
	mb_assert_type(&memblock.reserved, 1, NEW_ARRAY_BYTES);
}

/*
 * The memory array doubles into the only memory with room for it, which
 * is then reserved; the 129 regions are intact and adding goes on.
 *
 *   memory    | [ 8K: room ]   r1 r2 ... r128 |
 *   reserved  | [new array ]                  |
 */
MB_TEST(memblock_resize, memory_doubles, all)
{
	phys_addr_t room = mb_base();
	struct memblock_region *old;

	memblock_allow_resize();
	mb_add(room, NEW_ARRAY_BYTES);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS - 1; i++)
		mb_add(small(i), SMALL);
	old = memblock.memory.regions;
	mb_assert_eq(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
	mb_assert_eq(memblock.memory.max, INIT_MEMBLOCK_REGIONS);

	mb_assert_eq(mb_add(small(INIT_MEMBLOCK_REGIONS - 1), SMALL), 0);

	mb_assert_eq(memblock.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	mb_assert_eq(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS + 1);
	mb_assert(memblock.memory.regions != old, "array did not move");
	mb_assert_eq(mb_pa(memblock.memory.regions), room);
	mb_assert_type(&memblock.reserved, 1, NEW_ARRAY_BYTES);
	mb_assert_region(&memblock.reserved, 0, room, NEW_ARRAY_BYTES);
	mb_assert_type(&memblock.memory, INIT_MEMBLOCK_REGIONS + 1,
		       NEW_ARRAY_BYTES + INIT_MEMBLOCK_REGIONS * SMALL);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		mb_assert_region_full(&memblock.memory, i + 1, small(i), SMALL, 0, mb_nid());
	mb_assert_valid();

	/* it keeps working, at the front too */
	mb_add(room - SZ_1M, SMALL);
	mb_assert_region(&memblock.memory, 0, room - SZ_1M, SMALL);
	mb_assert_eq(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS + 2);
}

/*
 * The new array takes the policy's end of the free memory (it is found
 * like any allocation, page aligned):
 *
 *   memory    | [ 64K room                 ]  r... |
 *   reserved  | [arr]                ... bottom-up |
 *   reserved  |                 [arr]  ... top-down |
 */
MB_TEST(memblock_resize, memory_array_follows_policy, policy)
{
	phys_addr_t room = mb_base();

	memblock_allow_resize();
	memblock_add(room, SZ_64K);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(small(i), SMALL);

	mb_assert_eq(memblock.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	mb_assert_eq(mb_pa(memblock.memory.regions),
		     mb_var.bottom_up ? room : room + SZ_64K - NEW_ARRAY_BYTES);
	mb_assert_region(&memblock.reserved, 0, mb_pa(memblock.memory.regions),
			 NEW_ARRAY_BYTES);
}

/*
 * The new array stays below current_limit.
 *
 *   memory    | [ room 64K    |limit      ]  r...  |
 *   reserved  | [arr]  or  [arr]|                   bottom-up / top-down
 */
MB_TEST(memblock_resize, array_below_current_limit, policy)
{
	phys_addr_t room = mb_base();

	memblock_allow_resize();
	memblock_add(room, SZ_64K);
	memblock_set_current_limit(room + SZ_32K);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(small(i), SMALL);

	mb_assert_eq(mb_pa(memblock.memory.regions),
		     mb_var.bottom_up ? room : room + SZ_32K - NEW_ARRAY_BYTES);
}

/*
 * The reserved array doubles on the 129th reservation, wherever that one
 * lies among the others: the new array never overlaps the range being
 * reserved (it is searched above that range first, then below). Memory
 * is region 0 (room for the array) and the range that is reserved last.
 *
 *   memory    | [room]     ...      [skip]  ...            |
 *   reserved  |         [1] [2] ... (skip)  ... [129]      |
 *             ->  reserved: 128 + skip + the new array in room
 */
MB_TEST(memblock_resize, reserved_doubles_avoiding_new_range, policy)
{
	const phys_addr_t unit = SZ_32K;
	phys_addr_t base = mb_base();

	for (int skip = 1; skip <= INIT_MEMBLOCK_REGIONS + 1; skip++) {
		phys_addr_t arr;

		mb_reset();
		memblock_allow_resize();
		memblock_add(base, unit);
		memblock_add(base + skip * 2 * unit, unit);
		for (int i = 1; i <= INIT_MEMBLOCK_REGIONS + 1; i++)
			if (i != skip)
				memblock_reserve(base + i * 2 * unit, unit);
		mb_assert_eq(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS);

		mb_assert_eq(memblock_reserve(base + skip * 2 * unit, unit), 0);

		arr = mb_pa(memblock.reserved.regions);
		mb_assert(arr + NEW_ARRAY_BYTES <= base + unit,
			  "skip %d: array at %#llx is not in the room", skip,
			  (unsigned long long)arr);
		mb_assert_eq(arr, mb_var.bottom_up ? base : base + unit - NEW_ARRAY_BYTES);
		mb_assert_eq(memblock.reserved.max, 2 * INIT_MEMBLOCK_REGIONS);
		mb_assert_type(&memblock.reserved, INIT_MEMBLOCK_REGIONS + 2,
			       (INIT_MEMBLOCK_REGIONS + 1) * unit + NEW_ARRAY_BYTES);
		mb_assert_region(&memblock.reserved, 0, arr, NEW_ARRAY_BYTES);
		for (int i = 1; i <= INIT_MEMBLOCK_REGIONS + 1; i++)
			mb_assert_region(&memblock.reserved, i, base + i * 2 * unit, unit);
		mb_assert_valid();
	}
}

/*
 * When the range being reserved is the only room above, the array goes
 * below it; when there is room above, above it is preferred even
 * bottom-up (the first search starts at the range's end).
 *
 *   memory    | [low room]   [new range]   [high room] |
 *   reserved  |                            [arr]       |
 */
MB_TEST(memblock_resize, reserved_array_prefers_above_new_range, policy)
{
	const phys_addr_t unit = SZ_32K;
	phys_addr_t base = mb_base();
	phys_addr_t range = base + SZ_1M, high = base + SZ_2M;

	memblock_allow_resize();
	memblock_add(base, unit);
	memblock_add(range, unit);
	memblock_add(high, unit);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_reserve(base + SZ_4M + i * 2 * SMALL, SMALL);

	memblock_reserve(range, unit);

	mb_assert_eq(mb_pa(memblock.reserved.regions),
		     mb_var.bottom_up ? high : high + unit - NEW_ARRAY_BYTES);
}

/*
 * The content of a doubled array is intact: every region, with its
 * flags and nid, is where it was; the new half is zeroed.
 *
 *   old array  | r0 r1 ... r127 |
 *   new array  | r0 r1 ... r127 r128 | 0 0 ... 0 |
 */
MB_TEST(memblock_resize, content_intact, policy)
{
	struct memblock_region before[INIT_MEMBLOCK_REGIONS];

	memblock_allow_resize();
	memblock_add(mb_base(), SZ_64K);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS - 1; i++)
		memblock_add_node(small(i), SMALL, i % MB_NR_NODES,
				  (i % 3) ? MEMBLOCK_NONE : MEMBLOCK_HOTPLUG);
	memcpy(before, memblock.memory.regions, sizeof(before));

	memblock_add(small(INIT_MEMBLOCK_REGIONS), SMALL);

	mb_assert_eq(memblock.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	mb_assert(memcmp(before, memblock.memory.regions, sizeof(before)) == 0,
		  "regions changed by the move");
	/* the unused half of the new array is zeroed */
	for (unsigned long i = memblock.memory.cnt; i < memblock.memory.max; i++)
		mb_assert(memblock.memory.regions[i].base == 0 &&
			  memblock.memory.regions[i].size == 0, "slot %lu not clear", i);
}

/*
 * A second doubling (256 -> 512) frees the first, non-static, array:
 * its reservation goes, the new one (12 KiB) is reserved.
 *
 *   memory    | [ room 64K                ]  r...   |
 *   reserved  | [arr1 8K] -> [arr2 12K], arr1 freed |
 */
MB_TEST(memblock_resize, second_doubling_frees_first_array, policy)
{
	const phys_addr_t arr2_bytes =
		PAGE_ALIGN(4 * INIT_MEMBLOCK_REGIONS * sizeof(struct memblock_region));
	phys_addr_t first;
	int i;

	memblock_allow_resize();
	memblock_add(mb_base(), SZ_64K);
	for (i = 0; memblock.memory.max == INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(small(i), SMALL);
	first = mb_pa(memblock.memory.regions);
	mb_assert(memblock_is_reserved(first), "first array reserved");

	for (; memblock.memory.max == 2 * INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(small(i), SMALL);

	mb_assert_eq(memblock.memory.max, 4 * INIT_MEMBLOCK_REGIONS);
	mb_assert_eq(memblock.memory.cnt, (unsigned long)i + 1);
	mb_assert_type(&memblock.reserved, 1, arr2_bytes);
	mb_assert_region(&memblock.reserved, 0, mb_pa(memblock.memory.regions), arr2_bytes);
	mb_assert(!memblock_is_reserved(first) ||
		  mb_pa(memblock.memory.regions) == first, "first array still reserved");
}

/*
 * memblock_isolate_range() also doubles (with allow_resize): marking at
 * 127 regions grows the array even though one split suffices.
 *
 *   memory  | [room] r0 r1 ... r125 |  mark r0 HOT  ->  max 256
 */
MB_TEST(memblock_resize, isolate_doubles, policy)
{
	memblock_allow_resize();
	memblock_add(mb_base(), SZ_64K);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS - 2; i++)
		memblock_add(small(i), SMALL);
	mb_assert_eq(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS - 1);

	mb_assert_eq(memblock_mark_hotplug(small(0), SMALL), 0);

	mb_assert_eq(memblock.memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	mb_assert_region_full(&memblock.memory, 1, small(0), SMALL, MEMBLOCK_HOTPLUG,
			      MAX_NUMNODES);
}

/*
 * Misuse: the array must grow but memblock has no free memory for it.
 * The kernel's error, -ENOMEM, and nothing changed.
 *
 *   memory    |                                 |   (none)
 *   reserved  | r0 r1 ... r127 | + r128  ->  -ENOMEM
 */
MB_TEST(memblock_resize, no_room_fails_with_message, policy)
{
	struct mb_snapshot s;

	memblock_allow_resize();
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_reserve(small(i), SMALL);
	mb_snap(&s);
	kmm_dmesg_clear();

	mb_assert_eq(memblock_reserve(small(INIT_MEMBLOCK_REGIONS), SMALL), -ENOMEM);

	mb_assert_log("memblock: Failed to double reserved array from 128 to 256 entries !\n");
	mb_assert_eq(memblock.reserved.max, INIT_MEMBLOCK_REGIONS);
	mb_assert_unchanged(&s);
	mb_assert_valid();
}

/*
 * With memblock=debug the doubling is logged, without a newline at the
 * end as in the kernel ("... at [%pa-%pa]"): the next message opens a new
 * line anyway.
 *
 *   memory    | [room] r0 ... r127 | + r128  ->  "memory is doubled to 256"
 */
MB_TEST(memblock_resize, doubling_is_logged, one)
{
	char want[128];
	phys_addr_t arr, end;

	memblock_allow_resize();
	memblock_add(mb_base(), SZ_64K);
	for (int i = 0; i < INIT_MEMBLOCK_REGIONS - 1; i++)
		memblock_add(small(i), SMALL);
	memblock_debug = 1;
	kmm_dmesg_clear();

	memblock_add(small(INIT_MEMBLOCK_REGIONS), SMALL);

	arr = mb_pa(memblock.memory.regions);
	end = arr + 2 * INIT_MEMBLOCK_REGIONS * sizeof(struct memblock_region) - 1;
	snprintf(want, sizeof(want), "memblock: memory is doubled to 256 at [0x%016llx-0x%016llx]",
		 (unsigned long long)arr, (unsigned long long)end);
	mb_assert_log(want);
}
