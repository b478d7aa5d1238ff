// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_free.c - memblock_phys_free() and memblock_free(),
 * Linux 6.12 semantics.
 *
 * Freeing takes a range out of reserved exactly as memblock_remove()
 * takes one out of memory: regions crossing its ends are split, the parts
 * inside dropped. Memory is untouched; the freed bytes are not touched
 * either. memblock_free() is the virtual-address form (it converts with
 * __pa(), and ignores NULL).
 *
 * Pictures: the line shows reserved; r1, r2 reservations, 'f' the freed
 * range.
 */
#include <string.h>

#include "helpers/memblock_harness.h"

#define A0	((phys_addr_t)SZ_1G + SZ_512M)

/*
 * Freeing a whole reservation leaves the other:
 *
 *   reserved  |  +----+        +----+     |
 *             |  | f  |        | r2 |     |   ->  { r2 }
 */
MB_TEST(memblock_free, whole_region, numa)
{
	mb_add(A0, SZ_64M);
	memblock_reserve(A0, SZ_1M);
	memblock_reserve(A0 + SZ_4M, SZ_1M);

	mb_assert_eq(memblock_phys_free(A0, SZ_1M), 0);

	mb_assert_type(&memblock.reserved, 1, SZ_1M);
	mb_assert_region_full(&memblock.reserved, 0, A0 + SZ_4M, SZ_1M, 0, MAX_NUMNODES);
	mb_assert_type(&memblock.memory, 1, SZ_64M);
}

/*
 * Misuse: freeing what was never reserved changes nothing, succeeds, and
 * reports nothing (the kernel has no check here).
 *
 *   reserved  |  +----+     +---+          |
 *             |  | r1 |     | f |          |   ->  { r1 }
 */
MB_TEST(memblock_free, never_reserved_is_noop, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_64M);
	memblock_reserve(A0, SZ_1M);
	mb_snap(&s);
	kmm_dmesg_clear();

	mb_assert_eq(memblock_phys_free(A0 + SZ_4M, SZ_1M), 0);
	mb_assert_eq(memblock_phys_free(A0 + SZ_1M, SZ_1M), 0);	/* touching */

	mb_assert_unchanged(&s);
	mb_assert_eq(strlen(mb_log()), 0);
	mb_assert_valid();
}

/*
 * Misuse: a double free. The first frees, the second finds nothing and
 * changes nothing.
 *
 *   reserved  |  +----+----+----+          |
 *             |  | r1 | f  | r1 |          |   ->  { r1 head, r1 tail }
 */
MB_TEST(memblock_free, double_free, numa)
{
	struct mb_snapshot s;

	mb_add(A0, SZ_64M);
	memblock_reserve(A0, SZ_4M);
	mb_assert_eq(memblock_phys_free(A0 + SZ_1M, SZ_1M), 0);
	mb_snap(&s);

	mb_assert_eq(memblock_phys_free(A0 + SZ_1M, SZ_1M), 0);

	mb_assert_unchanged(&s);
	mb_assert_type(&memblock.reserved, 2, SZ_4M - SZ_1M);
	mb_assert_valid();
}

/*
 * Freeing across the start of a reservation trims it:
 *
 *   reserved  |     +--------+      |
 *             |  +-----+            |
 *             |  |  f  |            |   ->  { [f.end, r1.end) }
 */
MB_TEST(memblock_free, overlap_top, numa)
{
	mb_add(A0, SZ_64M);
	memblock_reserve(A0 + SZ_1M, SZ_4M);

	memblock_phys_free(A0, SZ_2M);

	mb_assert_type(&memblock.reserved, 1, SZ_2M + SZ_1M);
	mb_assert_region(&memblock.reserved, 0, A0 + SZ_2M, SZ_2M + SZ_1M);
}

/*
 * Freeing across the end of a reservation trims it:
 *
 *   reserved  |  +--------+         |
 *             |       +------+      |
 *             |       |  f   |      |   ->  { [r1.base, f.base) }
 */
MB_TEST(memblock_free, overlap_bottom, numa)
{
	mb_add(A0, SZ_64M);
	memblock_reserve(A0, SZ_4M);

	memblock_phys_free(A0 + SZ_2M, SZ_4M);

	mb_assert_type(&memblock.reserved, 1, SZ_2M);
	mb_assert_region(&memblock.reserved, 0, A0, SZ_2M);
}

/*
 * Freeing the middle of a reservation splits it, both halves keeping the
 * reservation's flags:
 *
 *   reserved  |  +----+--+-----+     |
 *             |  | r1 |f | r1  |     |   ->  two regions, NOINIT both
 */
MB_TEST(memblock_free, within_splits, numa)
{
	mb_add(A0, SZ_64M);
	memblock_reserve(A0, SZ_8M);
	memblock_reserved_mark_noinit(A0, SZ_8M);

	memblock_phys_free(A0 + SZ_1M, SZ_1M);

	mb_assert_type(&memblock.reserved, 2, SZ_8M - SZ_1M);
	mb_assert_region_full(&memblock.reserved, 0, A0, SZ_1M,
			      MEMBLOCK_RSRV_NOINIT, MAX_NUMNODES);
	mb_assert_region_full(&memblock.reserved, 1, A0 + SZ_2M, SZ_8M - SZ_2M,
			      MEMBLOCK_RSRV_NOINIT, MAX_NUMNODES);
}

/*
 * Freeing the only reservation empties reserved (cnt 0, first entry
 * cleared to nid MAX_NUMNODES).
 *
 *   reserved  |   +-f-+           |   ->  {}
 */
MB_TEST(memblock_free, only_region_empties, numa)
{
	mb_add(A0, SZ_64M);
	memblock_reserve(A0 + SZ_1M, SZ_1M);

	memblock_phys_free(A0 + SZ_1M, SZ_1M);

	mb_assert_type(&memblock.reserved, 0, 0);
	mb_assert_eq(memblock.reserved.regions[0].size, 0);
	mb_assert_eq(memblock.reserved.regions[0].nid, MAX_NUMNODES);
}

/*
 * A free running past PHYS_ADDR_MAX is capped:
 *
 *   reserved  |  +--+          +--------+
 *             |             +-----------|...  ->  { r1, [r2.base, f.base) }
 */
MB_TEST(memblock_free, near_max_is_capped, numa)
{
	phys_addr_t r2 = PHYS_ADDR_MAX - SZ_1M + 1;

	memblock_reserve(A0, SZ_1M);
	memblock_reserve(r2, SZ_1M);		/* capped to SZ_1M - 1 */

	memblock_phys_free(r2 + SZ_256K, SZ_1M);

	mb_assert_type(&memblock.reserved, 2, SZ_1M + SZ_256K);
	mb_assert_region(&memblock.reserved, 1, r2, SZ_256K);
}

/*
 * Freeing across two reservations trims both:
 *
 *   reserved  |  +------+   +------+   |
 *             |      +--------+        |
 *             |      |   f    |        |   ->  { r1 head, r2 tail }
 */
MB_TEST(memblock_free, overlap_two, numa)
{
	mb_add(A0, SZ_64M);
	memblock_reserve(A0, SZ_4M);
	memblock_reserve(A0 + SZ_8M, SZ_4M);

	memblock_phys_free(A0 + SZ_2M, SZ_8M);

	mb_assert_type(&memblock.reserved, 2, SZ_4M);
	mb_assert_region(&memblock.reserved, 0, A0, SZ_2M);
	mb_assert_region(&memblock.reserved, 1, A0 + SZ_8M + SZ_2M, SZ_2M);
}

/*
 * Misuse: freeing 0 bytes splits nothing.
 *
 *   reserved  |  +-----r1-----+   |   ->  { r1 } unchanged
 *                    ^ f (size 0)
 */
MB_TEST(memblock_free, size_zero_is_noop, numa)
{
	struct mb_snapshot s;

	memblock_reserve(A0, SZ_4M);
	mb_snap(&s);

	mb_assert_eq(memblock_phys_free(A0 + SZ_1M, 0), 0);
	memblock_free(mb_va(A0 + SZ_1M), 0);

	mb_assert_unchanged(&s);
}

/*
 * memblock_free() takes a virtual address: in identity mode (PAGE_OFFSET
 * 0) it is the physical one. It gives back what memblock_alloc() took.
 *
 *   reserved  |  +---+  (alloc)   ->  free  ->  {}
 */
MB_TEST(memblock_free, virtual_form_undoes_alloc, all)
{
	void *p;

	mb_setup(SZ_1M);
	p = memblock_alloc(SZ_4K, SZ_4K);
	mb_assert(p != NULL, "memblock_alloc failed");
	mb_assert_type(&memblock.reserved, 1, SZ_4K);

	memblock_free(p, SZ_4K);

	mb_assert_type(&memblock.reserved, 0, 0);
	/* the memory itself is still there, and the same block comes back */
	mb_assert_type(&memblock.memory, mb_var.numa ? MB_NR_NODES : 1, SZ_1M);
	mb_assert(memblock_alloc(SZ_4K, SZ_4K) == p, "same block again");
}

/*
 * memblock_free(NULL, size) does nothing.
 *
 *   reserved  +r1+                |   ->  { r1 } unchanged (r1 at 0)
 */
MB_TEST(memblock_free, null_is_noop, one)
{
	struct mb_snapshot s;

	memblock_reserve(0, SZ_4K);
	mb_snap(&s);

	memblock_free(NULL, SZ_4K);

	mb_assert_unchanged(&s);
}

/*
 * memblock_phys_free() never changes memory, even if the range is not
 * memory at all.
 *
 *   memory    |  +----m-----+                 |   ->  unchanged
 *   reserved  |     +r+                       |   ->  {}
 *   free      |[==============================]
 */
MB_TEST(memblock_free, does_not_touch_memory, numa)
{
	mb_add(A0, SZ_4M);
	memblock_reserve(A0 + SZ_1M, SZ_1M);

	memblock_phys_free(A0, SZ_64M);

	mb_assert_type(&memblock.memory, 1, SZ_4M);
	mb_assert_type(&memblock.reserved, 0, 0);
}
