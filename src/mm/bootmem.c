// SPDX-License-Identifier: MIT
/*
 * src/mm/bootmem.c - the boot-memory API of Linux 2.6 to 4.x, over memblock.
 *
 * 1. What it is. Before memblock, early boot allocated with alloc_bootmem()
 *    and friends. From 2.6.3x until 4.20 they were thin wrappers around
 *    memblock (mm/nobootmem.c); Linux 4.20 removed them. kmm keeps them so
 *    that code written against those kernels compiles and behaves as it
 *    did there.
 *
 * 2. Semantics, as in Linux 4.x's nobootmem.c:
 *    - memory is zeroed;
 *    - the "goal" is a preferred lowest address: BOOTMEM_LOW_LIMIT
 *      (__pa(MAX_DMA_ADDRESS), 16 MiB on x86) for the ordinary variants,
 *      0 for the _low ones; when nothing fits above it, the goal is
 *      dropped. memblock_alloc_try_nid() has the same fallback (min_addr),
 *      so the wrappers pass the goal as min_addr;
 *    - _low variants allocate below 4 GiB (ARCH_LOW_ADDRESS_LIMIT);
 *    - _node tries the node first, then any node;
 *    - failure is fatal: "bootmem alloc of %lu bytes failed!" at
 *      KERN_ALERT, then panic("Out of memory"). The _nopanic variants are
 *      not provided; use memblock_alloc*() for allocations that may fail.
 *    - free_bootmem() takes a physical address and un-reserves the range.
 *
 * 3. How kmm differs: alloc_bootmem_node() takes a node id rather than a
 *    pg_data_t (kmm has no pgdat this early).
 */
#include <kmm/memblock.h>
#include <kmm/page.h>
#include <kmm/printk.h>

/* x86's __pa(MAX_DMA_ADDRESS): the end of ZONE_DMA, where bootmem began. */
#define BOOTMEM_LOW_LIMIT	(16UL << 20)

/* Linux 4.x's ___alloc_bootmem(): never returns NULL. */
static void *bootmem_alloc_or_panic(unsigned long size, unsigned long align,
				    unsigned long goal, phys_addr_t limit,
				    int nid)
{
	void *ptr = memblock_alloc_try_nid(size, align, goal, limit, nid);

	if (ptr)
		return ptr;
	printk(KERN_ALERT "bootmem alloc of %lu bytes failed!\n", size);
	panic("Out of memory");
}

/**
 * alloc_bootmem - allocate zeroed, cache-aligned boot memory
 * @size: bytes to allocate
 *
 * Context: boot.
 * Return: the virtual address; panics if there is no memory.
 */
void *alloc_bootmem(unsigned long size)
{
	return bootmem_alloc_or_panic(size, SMP_CACHE_BYTES, BOOTMEM_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

/**
 * alloc_bootmem_align - allocate zeroed boot memory with an alignment
 * @size: bytes to allocate
 * @align: alignment of the start (a power of two)
 *
 * Context: boot.
 * Return: the virtual address; panics if there is no memory.
 */
void *alloc_bootmem_align(unsigned long size, unsigned long align)
{
	return bootmem_alloc_or_panic(size, align, BOOTMEM_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

/**
 * alloc_bootmem_pages - allocate zeroed, page-aligned boot memory
 * @size: bytes to allocate
 *
 * Context: boot.
 * Return: the virtual address; panics if there is no memory.
 */
void *alloc_bootmem_pages(unsigned long size)
{
	return bootmem_alloc_or_panic(size, PAGE_SIZE, BOOTMEM_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

/**
 * alloc_bootmem_node - allocate zeroed boot memory, preferably on a node
 * @nid: the preferred node (another is used if it has no room)
 * @size: bytes to allocate
 *
 * Context: boot.
 * Return: the virtual address; panics if there is no memory.
 */
void *alloc_bootmem_node(int nid, unsigned long size)
{
	return bootmem_alloc_or_panic(size, SMP_CACHE_BYTES, BOOTMEM_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

/**
 * alloc_bootmem_low - allocate zeroed boot memory below 4 GiB
 * @size: bytes to allocate
 *
 * Context: boot.
 * Return: the virtual address; panics if there is no memory.
 */
void *alloc_bootmem_low(unsigned long size)
{
	return bootmem_alloc_or_panic(size, SMP_CACHE_BYTES, 0,
				      ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

/**
 * alloc_bootmem_low_pages - allocate zeroed, page-aligned memory below 4 GiB
 * @size: bytes to allocate
 *
 * Context: boot.
 * Return: the virtual address; panics if there is no memory.
 */
void *alloc_bootmem_low_pages(unsigned long size)
{
	return bootmem_alloc_or_panic(size, PAGE_SIZE, 0,
				      ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

/**
 * free_bootmem - give back boot memory
 * @physaddr: physical start of the range
 * @size: its size in bytes
 *
 * The range is no longer reserved in memblock (memblock_phys_free()).
 *
 * Context: boot.
 */
void free_bootmem(unsigned long physaddr, unsigned long size)
{
	memblock_phys_free(physaddr, size);
}
