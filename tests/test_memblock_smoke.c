// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_smoke.c - a quick check of memblock's main paths,
 * written with the implementation (the full suites are test_memblock_*.c).
 *
 * Identity mode, as the kernel's tools/testing/memblock: no machine is
 * booted, PAGE_OFFSET is 0, and "physical memory" is a block from
 * aligned_alloc(), so every allocation can be written.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/kmm.h>

#define MEM_SIZE	SZ_16M

static void *mem_block;
static phys_addr_t mem_base;

static void smoke_setup(void)
{
	memblock_reset();
	mem_block = aligned_alloc(SZ_1M, MEM_SIZE);
	cr_assert_not_null(mem_block);
	mem_base = (phys_addr_t)(unsigned long)mem_block;
}

static void smoke_teardown(void)
{
	memblock_reset();
	free(mem_block);
}

TestSuite(memblock_smoke, .init = smoke_setup, .fini = smoke_teardown);

/*
 * Two adjacent adds become one region; so do two adjacent reservations.
 *
 *   |  r1  |  r2  |      ->   |    r1 + r2    |
 */
Test(memblock_smoke, add_and_reserve_merge)
{
	cr_assert_eq(memblock_add(mem_base, SZ_1M), 0);
	cr_assert_eq(memblock_add(mem_base + SZ_1M, SZ_1M), 0);
	cr_assert_eq(memblock.memory.cnt, 1);
	cr_assert_eq(memblock.memory.regions[0].base, mem_base);
	cr_assert_eq(memblock.memory.regions[0].size, SZ_2M);
	cr_assert_eq(memblock.memory.total_size, SZ_2M);
	cr_assert_eq(memblock.memory.regions[0].nid, MAX_NUMNODES);

	cr_assert_eq(memblock_reserve(mem_base + SZ_64K, SZ_4K), 0);
	cr_assert_eq(memblock_reserve(mem_base + SZ_64K + SZ_4K, SZ_4K), 0);
	cr_assert_eq(memblock.reserved.cnt, 1);
	cr_assert_eq(memblock.reserved.regions[0].size, SZ_8K);
	cr_assert(memblock_is_reserved(mem_base + SZ_64K));
	cr_assert_not(memblock_is_reserved(mem_base));
	cr_assert(memblock_is_valid());
}

/*
 * A range overlapping two regions fills only the gap between them.
 *
 *   | r1 |    | r2 |   + |    new     |   ->  |      one region      |
 */
Test(memblock_smoke, overlapping_add_fills_gaps)
{
	memblock_add(mem_base, SZ_1M);
	memblock_add(mem_base + SZ_2M, SZ_1M);
	cr_assert_eq(memblock.memory.cnt, 2);
	memblock_add(mem_base + SZ_512K, SZ_2M);
	cr_assert_eq(memblock.memory.cnt, 1);
	cr_assert_eq(memblock.memory.total_size, SZ_2M + SZ_1M);
	cr_assert(memblock_is_valid());
}

/* Removing the middle of a region splits it. */
Test(memblock_smoke, remove_splits)
{
	memblock_add(mem_base, SZ_4M);
	cr_assert_eq(memblock_remove(mem_base + SZ_1M, SZ_1M), 0);
	cr_assert_eq(memblock.memory.cnt, 2);
	cr_assert_eq(memblock.memory.regions[1].base, mem_base + SZ_2M);
	cr_assert_eq(memblock.memory.total_size, SZ_4M - SZ_1M);
	cr_assert(memblock_is_valid());
}

/* Top-down (the default): the highest aligned fit, zeroed and reserved. */
Test(memblock_smoke, alloc_top_down)
{
	char *p;

	memblock_add(mem_base, MEM_SIZE);
	memset(mem_block, 0xaa, MEM_SIZE);
	p = memblock_alloc(SZ_4K, SZ_4K);
	cr_assert_not_null(p);
	cr_assert_eq(__pa(p), mem_base + MEM_SIZE - SZ_4K);
	cr_assert_eq(p[0], 0);
	cr_assert_eq(p[SZ_4K - 1], 0);
	cr_assert_eq(memblock.reserved.cnt, 1);
	cr_assert_eq(memblock_reserved_size(), SZ_4K);

	memblock_free(p, SZ_4K);
	cr_assert_eq(memblock.reserved.cnt, 0);
	cr_assert(memblock_is_valid());
}

/* Bottom-up: the lowest aligned fit above what is reserved. */
Test(memblock_smoke, alloc_bottom_up)
{
	phys_addr_t pa;

	memblock_set_bottom_up(true);
	memblock_add(mem_base, MEM_SIZE);
	memblock_reserve(mem_base, SZ_64K);
	pa = memblock_phys_alloc(SZ_4K, SZ_8K);
	cr_assert_eq(pa, mem_base + SZ_64K);
	pa = memblock_phys_alloc(100, SMP_CACHE_BYTES);
	cr_assert_eq(pa, mem_base + SZ_64K + SZ_4K);
	cr_assert_eq(memblock.reserved.cnt, 1);
	cr_assert_eq(memblock.reserved.regions[0].size, SZ_64K + SZ_4K + 100);
	cr_assert(memblock_is_valid());
}

/* Allocations stay within [start, end) and below current_limit. */
Test(memblock_smoke, alloc_range_and_limit)
{
	phys_addr_t pa;

	memblock_add(mem_base, MEM_SIZE);
	pa = memblock_phys_alloc_range(SZ_4K, SZ_4K, mem_base, mem_base + SZ_1M);
	cr_assert_eq(pa, mem_base + SZ_1M - SZ_4K);

	memblock_set_current_limit(mem_base + SZ_2M);
	pa = memblock_phys_alloc(SZ_4K, SZ_4K);
	cr_assert_eq(pa, mem_base + SZ_2M - SZ_4K);

	/* Too big for anything below the limit. */
	cr_assert_eq(memblock_phys_alloc(SZ_4M, SZ_4K), 0);
	cr_assert(memblock_is_valid());
}

/* min_addr is a preference: dropped when nothing fits above it. */
Test(memblock_smoke, alloc_min_addr_fallback)
{
	void *p;

	memblock_add(mem_base, SZ_1M);
	p = memblock_alloc_from(SZ_4K, SZ_4K, mem_base + SZ_2M);
	cr_assert_not_null(p);
	cr_assert_eq(__pa(p), mem_base + SZ_1M - SZ_4K);
}

/* Nodes: exact_nid never strays, try_nid falls back to any node. */
Test(memblock_smoke, alloc_nodes)
{
	void *p;

	memblock_add_node(mem_base, SZ_1M, 0, MEMBLOCK_NONE);
	memblock_add_node(mem_base + SZ_1M, SZ_1M, 1, MEMBLOCK_NONE);
	cr_assert_eq(memblock.memory.cnt, 2);

	p = memblock_alloc_node(SZ_4K, SZ_4K, 0);
	cr_assert_eq(__pa(p), mem_base + SZ_1M - SZ_4K);

	cr_assert_null(memblock_alloc_exact_nid_raw(SZ_2M, SZ_4K, 0,
						    MEMBLOCK_ALLOC_ACCESSIBLE, 1));
	p = memblock_alloc_try_nid(SZ_512K + SZ_256K, SZ_4K, 0,
				   MEMBLOCK_ALLOC_ACCESSIBLE, 1);
	cr_assert_not_null(p);
	cr_assert(memblock_is_valid());
}

/* Free ranges are memory minus reserved, in both directions. */
Test(memblock_smoke, free_range_iterators)
{
	phys_addr_t start, end, starts[4];
	int n = 0;
	u64 i;

	memblock_add(mem_base, SZ_4M);
	memblock_reserve(mem_base + SZ_1M, SZ_1M);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		cr_assert_lt(n, 4);
		starts[n++] = start;
	}
	cr_assert_eq(n, 2);
	cr_assert_eq(starts[0], mem_base);
	cr_assert_eq(starts[1], mem_base + SZ_2M);

	n = 0;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE,
					&start, &end, NULL)
		starts[n++] = start;
	cr_assert_eq(n, 2);
	cr_assert_eq(starts[0], mem_base + SZ_2M);
}

/*
 * Past 128 regions the array doubles once resizing is allowed; the new
 * array is itself reserved and the invariants hold.
 */
Test(memblock_smoke, double_array)
{
	int i;

	memblock_add(mem_base, MEM_SIZE);
	memblock_allow_resize();
	for (i = 0; i < INIT_MEMBLOCK_REGIONS + 1; i++)
		cr_assert_eq(memblock_reserve(mem_base + (phys_addr_t)i * SZ_16K,
					      SZ_4K), 0);
	cr_assert_eq(memblock.reserved.max, 2 * INIT_MEMBLOCK_REGIONS);
	/* 129 reservations plus the new array itself. */
	cr_assert_eq(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS + 2);
	cr_assert(memblock_is_reserved(__pa(memblock.reserved.regions)));
	cr_assert(memblock_is_valid());
}

/* Without memblock_allow_resize() a full array is a panic. */
Test(memblock_smoke, no_resize_panics, .signal = SIGABRT)
{
	int i;

	memblock_add(mem_base, MEM_SIZE);
	for (i = 0; i < INIT_MEMBLOCK_REGIONS + 1; i++)
		memblock_reserve(mem_base + (phys_addr_t)i * SZ_16K, SZ_4K);
}

/* memblock=debug turns on the kernel's trace lines. */
Test(memblock_smoke, debug_lines)
{
	char buf[128], want[128];
	phys_addr_t last = mem_base + SZ_4K - 1;
	char *cmdline = strdup("memblock=debug");

	parse_early_options(cmdline);
	free(cmdline);
	cr_assert_eq(memblock_debug, 1);
	kmm_dmesg_clear();
	memblock_reserve(mem_base, SZ_4K);
	kmm_snprintf(want, sizeof(want), "memblock_reserve: [%pa-%pa] ",
		     &mem_base, &last);
	cr_assert_not_null(strstr(kmm_dmesg(), want), "log: %s", kmm_dmesg());

	memblock_dump_all();
	cr_assert_not_null(strstr(kmm_dmesg(), "MEMBLOCK configuration:"));
	kmm_snprintf(buf, sizeof(buf), " reserved[0x0]\t[%pa-%pa], 0x%016llx bytes flags: 0x0",
		     &mem_base, &last, (unsigned long long)SZ_4K);
	cr_assert_not_null(strstr(kmm_dmesg(), buf), "log: %s", kmm_dmesg());
}

/* The bootmem names: zeroed memory, panic when there is none. */
Test(memblock_smoke, bootmem_wrappers)
{
	char *p;

	memblock_add(mem_base, MEM_SIZE);
	memset(mem_block, 0x55, MEM_SIZE);
	p = alloc_bootmem_pages(100);
	cr_assert(PAGE_ALIGNED(p));
	cr_assert_eq(p[99], 0);
	free_bootmem(__pa(p), 100);
	cr_assert_eq(memblock_reserved_size(), 0);
}

Test(memblock_smoke, bootmem_panics, .signal = SIGABRT)
{
	memblock_add(mem_base, SZ_1M);
	alloc_bootmem(SZ_2M);
}
