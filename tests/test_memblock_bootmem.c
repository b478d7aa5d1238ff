// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_bootmem.c - the bootmem compatibility wrappers:
 * alloc_bootmem(), alloc_bootmem_align(), alloc_bootmem_pages(),
 * alloc_bootmem_node(), alloc_bootmem_low(), alloc_bootmem_low_pages()
 * and free_bootmem().
 *
 * Linux 6.12 has no bootmem; these follow the last kernels that had it
 * as wrappers over memblock (mm/nobootmem.c, up to 4.19):
 *  - memory is zeroed; alignment SMP_CACHE_BYTES, or PAGE_SIZE for the
 *    _pages variants;
 *  - the goal (lowest preferred address) is __pa(MAX_DMA_ADDRESS), 16 MiB
 *    on x86, for the ordinary variants, 0 for the _low ones; it is dropped
 *    when nothing fits above it;
 *  - _low allocates below ARCH_LOW_ADDRESS_LIMIT (4 GiB);
 *  - _node tries the node, then any node;
 *  - failure panics: pr_alert("bootmem alloc of %lu bytes failed!\n"),
 *    then panic("Out of memory");
 *  - free_bootmem() takes a physical address and un-reserves the range.
 *
 * Memory is MEM = 1 MiB of backing memory at mb_base(), filled with
 * MB_FILL_BYTE.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/mman.h>

#include "helpers/memblock_harness.h"

#define MEM		((phys_addr_t)SZ_1M)
/* x86's __pa(MAX_DMA_ADDRESS). */
#define BOOTMEM_GOAL	((phys_addr_t)SZ_16M)

static phys_addr_t lo(phys_addr_t off) { return mb_base() + off; }
static phys_addr_t hi(phys_addr_t off) { return mb_base() + MEM - off; }
static phys_addr_t pick(phys_addr_t bottom_up, phys_addr_t top_down)
{
	return mb_var.bottom_up ? bottom_up : top_down;
}

/*
 * alloc_bootmem() is a zeroed, cache-aligned memblock allocation:
 *
 *   |                    @@@@|   top-down
 *   |@@@@                    |   bottom-up
 */
MB_TEST(memblock_bootmem, alloc_bootmem, all)
{
	void *p;

	mb_setup(MEM);
	memblock_reserve(hi(SZ_4K), SZ_4K);
	memblock_reserve(lo(0), SZ_4K);

	p = alloc_bootmem(100);

	mb_assert(p != NULL, "NULL");
	mb_assert_eq(mb_pa(p), pick(lo(SZ_4K), hi(SZ_4K) - 128));
	mb_assert_eq(mb_pa(p) % SMP_CACHE_BYTES, 0);
	mb_assert(mb_bytes_are(p, 0, 100), "not zeroed");
	mb_assert(mb_bytes_are((char *)p + 100, MB_FILL_BYTE, 28), "zeroed too much");
	mb_assert(memblock_is_region_reserved(mb_pa(p), 100), "not reserved");
}

/*
 * alloc_bootmem_pages() is page aligned.
 *
 *   |#.@@                  @@.#|   bottom-up / top-down, on 4K boundaries
 */
MB_TEST(memblock_bootmem, alloc_bootmem_pages, all)
{
	void *p;

	mb_setup(MEM);
	memblock_reserve(hi(SZ_4K) - 100, SZ_4K + 100);
	memblock_reserve(lo(0), 100);

	p = alloc_bootmem_pages(SZ_8K);

	mb_assert_eq(mb_pa(p), pick(lo(SZ_4K), hi(SZ_8K + SZ_8K)));
	mb_assert(mb_bytes_are(p, 0, SZ_8K), "not zeroed");
}

/*
 * alloc_bootmem_align() takes the alignment given.
 *
 *   |#   @@               @@   #|   on 64K boundaries
 */
MB_TEST(memblock_bootmem, alloc_bootmem_align, all)
{
	void *p;

	mb_setup(MEM);
	memblock_reserve(hi(SZ_4K), SZ_4K);
	memblock_reserve(lo(0), SZ_4K);

	p = alloc_bootmem_align(SZ_4K, SZ_64K);

	mb_assert_eq(mb_pa(p), pick(lo(SZ_64K), hi(SZ_64K)));
	mb_assert(mb_bytes_are(p, 0, SZ_4K), "not zeroed");
}

/*
 * alloc_bootmem_node() prefers the node and falls back to any node:
 *
 *   | n0 | n1 |@n2 | ... |     node 2 has room
 *   | n0 | n1 |####| ... |@|   node 2 full: any node
 */
MB_TEST(memblock_bootmem, alloc_bootmem_node, nodes)
{
	void *p;

	mb_setup(MEM);

	p = alloc_bootmem_node(2, SZ_4K);
	mb_assert_eq(mb_pa(p), pick(mb_node_base(2), mb_node_end(2) - SZ_4K));
	mb_assert(mb_bytes_are(p, 0, SZ_4K), "not zeroed");

	memblock_reserve(mb_node_base(2), mb_node_size(2));
	p = alloc_bootmem_node(2, SZ_4K);
	mb_assert_eq(mb_pa(p), pick(lo(0), hi(SZ_4K)));
}

/*
 * alloc_bootmem_low() stays below 4 GiB even with memory above; the
 * _pages form is page aligned.
 *
 *   | [low memory @@] | 4G | [high memory] |
 */
MB_TEST(memblock_bootmem, alloc_bootmem_low, all)
{
	void *p, *q;

	if (!mb_base_is_low())
		cr_skip_test("backing memory is above 4 GiB here");
	mb_setup(MEM);
	mb_add(SZ_64G, SZ_1G);		/* never touched if bootmem is right */

	p = alloc_bootmem_low(SZ_4K);
	q = alloc_bootmem_low_pages(SZ_4K);

	mb_assert_eq(mb_pa(p), pick(lo(0), hi(SZ_4K)));
	mb_assert_eq(mb_pa(q), pick(lo(SZ_4K), hi(SZ_8K)));
	mb_assert(mb_bytes_are(p, 0, SZ_4K) && mb_bytes_are(q, 0, SZ_4K), "not zeroed");
}

/*
 * free_bootmem() un-reserves by physical address; the block is found
 * again.
 *
 *   |                    @@@@|  ->  free_bootmem  ->  |                        |
 */
MB_TEST(memblock_bootmem, free_bootmem, all)
{
	void *p;

	mb_setup(MEM);
	p = alloc_bootmem(SZ_8K);
	mb_assert_type(&memblock.reserved, 1, SZ_8K);

	free_bootmem(mb_pa(p), SZ_8K);

	mb_assert_type(&memblock.reserved, 0, 0);
	mb_assert(alloc_bootmem(SZ_8K) == p, "not the same block");
}

/*
 * free_bootmem() of part of a block, or of what was never allocated,
 * is memblock_phys_free(): it trims, or does nothing.
 *
 *   reserved  | [f###]  | -> |  [###]   |, then again / elsewhere: unchanged
 */
MB_TEST(memblock_bootmem, free_bootmem_partial_and_absent, policy)
{
	struct mb_snapshot s;
	void *p;

	mb_setup(MEM);
	p = alloc_bootmem_pages(SZ_16K);

	free_bootmem(mb_pa(p), SZ_4K);
	mb_assert_type(&memblock.reserved, 1, SZ_16K - SZ_4K);
	mb_assert_region(&memblock.reserved, 0, mb_pa(p) + SZ_4K, SZ_16K - SZ_4K);

	mb_snap(&s);
	free_bootmem(mb_pa(p), SZ_4K);			/* again */
	free_bootmem(lo(SZ_512K), SZ_4K);		/* never allocated */
	mb_assert_unchanged(&s);
}

/*
 * The goal: with memory both below and above 16 MiB, bottom-up takes the
 * lowest block at or above 16 MiB, not the lower memory; when nothing fits
 * above the goal it is dropped. Needs a little backing memory mapped below
 * 16 MiB.
 *
 *   | [dma 8M..9M]    16M goal    [memory at mb_base()] |
 *     bottom-up:                   @ first
 *     above full:  @ then
 */
MB_TEST(memblock_bootmem, goal_is_16m_then_dropped, policy)
{
	const phys_addr_t dma = 8 * SZ_1M;
	void *m, *p;

	m = mmap((void *)(uintptr_t)dma, SZ_1M, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (m != (void *)(uintptr_t)dma)
		cr_skip_test("cannot map memory at 8 MiB here");
	mb_setup(MEM);
	memblock_add(dma, SZ_1M);

	p = alloc_bootmem(SZ_4K);
	mb_assert(mb_pa(p) >= BOOTMEM_GOAL, "below the goal: %p", p);
	mb_assert_eq(mb_pa(p), pick(lo(0), hi(SZ_4K)));

	memblock_reserve(lo(0), MEM);
	p = alloc_bootmem(SZ_4K);
	mb_assert_eq(mb_pa(p), pick(dma, dma + SZ_1M - SZ_4K));
	mb_assert(mb_bytes_are(p, 0, SZ_4K), "not zeroed");
}

/*
 * Out of memory: bootmem never returns NULL. The kernel's words, at
 * KERN_ALERT, then the panic.
 *
 *   |#######################.|   request 64K  ->  panic
 */
Test(memblock_bootmem, out_of_memory_panics, .signal = SIGABRT)
{
	static const struct mb_variant v = { false, false };

	mb_start(&v);
	mb_setup(MEM);
	memblock_reserve(lo(0), MEM - SZ_4K);
	mb_expect_panic("bootmem alloc of 65536 bytes failed!\n");

	alloc_bootmem(SZ_64K);
	cr_assert_fail("alloc_bootmem returned");
}

/*
 * The panic's own line, with no memory at all.
 *
 *   memory  |                  |   (empty)  ->  panic("Out of memory")
 */
Test(memblock_bootmem, out_of_memory_panic_text, .signal = SIGABRT)
{
	static const struct mb_variant v = { true, false };

	mb_start(&v);
	mb_expect_panic("Kernel panic - not syncing: Out of memory\n");

	alloc_bootmem_pages(SZ_4K);		/* no memory at all */
	cr_assert_fail("alloc_bootmem_pages returned");
}

/*
 * _low with only high memory panics too (the limit is never dropped).
 *
 *   |     (nothing)     4G   [ high memory ]  |   ->  panic
 */
Test(memblock_bootmem, low_without_low_memory_panics, .signal = SIGABRT)
{
	static const struct mb_variant v = { false, false };

	mb_start(&v);
	memblock_add(SZ_64G, SZ_1G);
	mb_expect_panic("bootmem alloc of 4096 bytes failed!\n");

	alloc_bootmem_low(SZ_4K);
	cr_assert_fail("alloc_bootmem_low returned");
}

/*
 * _node with no memory anywhere panics.
 *
 *   |##n0##|##n1##|##...##|##n7##|   ->  panic
 */
Test(memblock_bootmem, node_without_memory_panics, .signal = SIGABRT)
{
	static const struct mb_variant v = { false, true };

	mb_start(&v);
	mb_setup_nodes(MEM);
	memblock_reserve(lo(0), MEM);
	mb_expect_panic("Kernel panic - not syncing: Out of memory");

	alloc_bootmem_node(1, SZ_4K);
	cr_assert_fail("alloc_bootmem_node returned");
}
