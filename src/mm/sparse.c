// SPDX-License-Identifier: MIT
/*
 * src/mm/sparse.c - memory sections and the virtually mapped memmap
 * (mm/sparse.c and mm/sparse-vmemmap.c, SPARSEMEM_VMEMMAP).
 *
 * 1. Sections. Physical memory is cut into sections of 128 MiB
 *    (SECTION_SIZE_BITS 27). mem_section[] has one entry per section up to
 *    max_pfn, allocated from memblock. A section is *present* when
 *    memblock.memory has some memory in it (memblocks_present()); the node
 *    of its first memory is noted in the entry until the memmap exists.
 *
 * 2. The memmap. Every present section gets the struct pages of all its
 *    32768 pages (2 MiB) - holes inside the section included, which is why
 *    pfn_valid() is true for them. As sparse_init_nid() does, the memmap
 *    of a run of present sections of one node is one memblock allocation
 *    on that node (exact nid, 2 MiB aligned, above 16 MiB), so its cost
 *    shows in memblock.reserved and in the "reserved" of the Memory: line.
 *    Each section also gets a usage map (its pageblock flags), allocated
 *    per run from memblock on the node.
 *
 * 3. The vmemmap. `vmemmap` is a host virtual range, reserved at once for
 *    every section up to max_pfn (inaccessible: PROT_NONE). The memmap of
 *    each present section - physical memory from memblock - is mapped at
 *    the section's place in it with host_physmem_alias(), a second shared
 *    mapping of the memfd; one mapping call per run of sections. So
 *    pfn_to_page(pfn) is vmemmap + pfn, as on Linux, and the struct pages
 *    are ordinary physical memory that the direct map sees too.
 *
 * 4. Zero means untouched. The memmap memory is discarded on the host
 *    (MADV_REMOVE) before use, so it reads as zero and costs nothing until
 *    written. Deferred struct page initialisation (mm_init.c) relies on
 *    this: a 1 TiB machine's 16 GiB memmap stays mostly untouched.
 *
 * 5. Invariants: a section has SECTION_HAS_MEM_MAP iff it is present and
 *    its memmap is mapped; pfn_valid(pfn) iff its section has a memmap;
 *    mem_section and vmemmap exist only while a machine is booted.
 *
 * How kmm differs from Linux: no SPARSEMEM_EXTREME roots (the table is
 * one array sized for max_pfn), no subsection map (sections are never
 * hot-added, so every early section is valid in full), and the vmemmap
 * is mapped with host mmap() calls instead of PMD page-table entries.
 * Failure to allocate a node's memmap is reported as Linux reports it and
 * leaves the node's sections without memory.
 */
#include <kmm/mm.h>
#include <kmm/memblock.h>
#include <kmm/mm_init.h>
#include <kmm/printk.h>
#include <kmm/setup.h>
#include <kmm/e820.h>
#include <kmm/sizes.h>
#include <kmm/minmax.h>
#include "../host/host.h"
#include "internal.h"

struct mem_section *mem_section;
unsigned long nr_mem_sections;
struct page *vmemmap;
/* Pages of memmap allocated at boot (memmap_boot_pages in Linux). */
unsigned long memmap_boot_pages;
static size_t vmemmap_bytes;

/* Bytes of struct page per section, rounded to the 2 MiB a PMD maps. */
static unsigned long section_map_size(void)
{
	return ALIGN(sizeof(struct page) * PAGES_PER_SECTION, SZ_2M);
}

static int sparse_early_nid(const struct mem_section *ms)
{
	return (int)(ms->section_mem_map >> SECTION_NID_SHIFT);
}

/* Mark the sections of [start_pfn, end_pfn) present, on node @nid. */
static void memory_present(int nid, unsigned long start_pfn, unsigned long end_pfn)
{
	for (unsigned long pfn = start_pfn & PAGE_SECTION_MASK; pfn < end_pfn;
	     pfn += PAGES_PER_SECTION) {
		struct mem_section *ms = __pfn_to_section(pfn);

		if (!ms || present_section(ms))
			continue;
		ms->section_mem_map = ((unsigned long)nid << SECTION_NID_SHIFT) |
				      SECTION_MARKED_PRESENT;
	}
}

static void memblocks_present(void)
{
	unsigned long start, end;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid)
		memory_present(nid, start, end);
}

static unsigned long next_present_section_nr(unsigned long nr)
{
	while (++nr < nr_mem_sections)
		if (present_section(__nr_to_section(nr)))
			return nr;
	return nr_mem_sections;
}

#define for_each_present_section_nr(start, nr)				\
	for (nr = next_present_section_nr((start) - 1); nr < nr_mem_sections; \
	     nr = next_present_section_nr(nr))

/* Map @nr sections of memmap from @pa at the place of section @pnum. */
static int vmemmap_map_run(unsigned long pnum, phys_addr_t pa, unsigned long nr)
{
	struct page *start = pfn_to_page(section_nr_to_pfn(pnum));

	return kmm_physmem_alias(start, pa, nr * section_map_size());
}

/* Give the sections of [pnum_begin, pnum_end) that are present a memmap. */
static void sparse_init_nid(int nid, unsigned long pnum_begin, unsigned long pnum_end,
			    unsigned long map_count)
{
	struct mem_section_usage *usage;
	unsigned long pnum, run_start = 0, run_len = 0;
	phys_addr_t buf, run_pa = 0;
	void *map;

	usage = memblock_alloc_try_nid(sizeof(*usage) * map_count, SMP_CACHE_BYTES,
				       MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE, nid);
	if (!usage) {
		pr_err("%s: node[%d] usemap allocation failed", __func__, nid);
		goto failed;
	}
	map = memblock_alloc_exact_nid_raw(map_count * section_map_size(), section_map_size(),
					   MAX_DMA_PFN << PAGE_SHIFT,
					   MEMBLOCK_ALLOC_ACCESSIBLE, nid);
	if (!map) {
		pr_err("%s: node[%d] memory map backing failed. Some memory will not be available.",
		       __func__, nid);
		goto failed;
	}
	buf = __pa(map);
	kmm_physmem_discard(buf, map_count * section_map_size());
	for_each_present_section_nr(pnum_begin, pnum) {
		struct mem_section *ms = __nr_to_section(pnum);

		if (pnum >= pnum_end)
			break;
		if (run_len && pnum != run_start + run_len) {
			vmemmap_map_run(run_start, run_pa, run_len);
			run_len = 0;
		}
		if (!run_len) {
			run_start = pnum;
			run_pa = buf;
		}
		run_len++;
		buf += section_map_size();
		ms->usage = usage++;
		ms->section_mem_map = ((unsigned long)nid << SECTION_NID_SHIFT) |
			SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP |
			SECTION_IS_ONLINE | SECTION_IS_EARLY;
		memmap_boot_pages += section_map_size() >> PAGE_SHIFT;
	}
	if (run_len)
		vmemmap_map_run(run_start, run_pa, run_len);
	return;
failed:
	for_each_present_section_nr(pnum_begin, pnum) {
		if (pnum >= pnum_end)
			break;
		__nr_to_section(pnum)->section_mem_map = 0;
	}
}

/**
 * sparse_init - build the section table and the memmap of every present
 * section (x86's paging_init() calls it before zone_sizes_init()).
 *
 * Context: boot, after NUMA nodes are known; panics if the section table
 * or the vmemmap's address range cannot be had.
 */
void sparse_init(void)
{
	unsigned long pnum_begin, pnum_end, map_count = 1;
	int nid_begin;

	nr_mem_sections = DIV_ROUND_UP(max_pfn, PAGES_PER_SECTION);
	mem_section = memblock_alloc(nr_mem_sections * sizeof(struct mem_section),
				     1 << L1_CACHE_SHIFT);
	if (!mem_section)
		panic("%s: Failed to allocate %lu bytes\n", __func__,
		      nr_mem_sections * (unsigned long)sizeof(struct mem_section));
	vmemmap_bytes = nr_mem_sections * PAGES_PER_SECTION * sizeof(struct page);
	vmemmap = host_va_reserve(vmemmap_bytes);
	if (!vmemmap)
		panic("%s: cannot reserve %zu bytes of address space for the vmemmap\n",
		      __func__, vmemmap_bytes);
	memblocks_present();

	pnum_begin = next_present_section_nr(-1UL);
	if (pnum_begin >= nr_mem_sections)
		return;
	nid_begin = sparse_early_nid(__nr_to_section(pnum_begin));
	for_each_present_section_nr(pnum_begin + 1, pnum_end) {
		int nid = sparse_early_nid(__nr_to_section(pnum_end));

		if (nid == nid_begin) {
			map_count++;
			continue;
		}
		sparse_init_nid(nid_begin, pnum_begin, pnum_end, map_count);
		nid_begin = nid;
		pnum_begin = pnum_end;
		map_count = 1;
	}
	sparse_init_nid(nid_begin, pnum_begin, nr_mem_sections, map_count);
}

/* kmm_halt: unmap the vmemmap (the memmap itself goes with the memfd). */
void sparse_reset(void)
{
	host_va_release(vmemmap, vmemmap_bytes);
	vmemmap = NULL;
	vmemmap_bytes = 0;
	mem_section = NULL;
	nr_mem_sections = 0;
	memmap_boot_pages = 0;
}
