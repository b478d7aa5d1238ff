// SPDX-License-Identifier: MIT
/*
 * src/arch/setup.c - the memory half of x86-64's setup_arch(), for a
 * simulated machine (arch/x86/kernel/setup.c, arch/x86/mm/init.c).
 *
 * 1. Order. As Linux 6.12: reserve the kernel image and the first 64 KiB
 *    and the BIOS area (early_reserve_memory) -> take and print the
 *    firmware map -> parse early parameters -> apply mem=/memmap= ->
 *    trim the BIOS range (page 0 becomes reserved, 640K-1M is removed) ->
 *    max_pfn and max_low_pfn -> memblock from e820 -> reserve the first
 *    1 MiB (reserve_real_mode) -> NUMA nodes and their NODE_DATA ->
 *    pf_buf_len -> paging_init(): the memmap (sparse_init) and the zones
 *    (zone_sizes_init -> free_area_init).
 *
 * 2. Physical memory. Once max_pfn is known the host backs [0, max_pfn)
 *    with one memfd mapping: the direct map. PAGE_OFFSET becomes its
 *    address, so __va() works for every later memblock allocation.
 *
 * 3. The kernel image is kmm's own ELF image (code, data, bss), placed at
 *    16 MiB as CONFIG_PHYSICAL_START places Linux's. If the firmware map has
 *    no RAM there, boot warns as Linux does and adds it.
 *
 * How kmm differs: there is no real-mode trampoline, page tables or
 * initrd; only the memory they would reserve is reserved.
 */
#include <kmm/setup.h>
#include <kmm/e820.h>
#include <kmm/memblock.h>
#include <kmm/mm_init.h>
#include <kmm/numa_memblks.h>
#include <kmm/init.h>
#include <kmm/printk.h>
#include <kmm/page.h>
#include <kmm/sizes.h>
#include <kmm/minmax.h>
#include <kmm/errno.h>
#include "../mm/pf_buf.h"
#include "../mm/internal.h"
#include "../host/host.h"

/* The direct map's base: 0 (identity) until a machine's memory is mapped. */
unsigned long kmm_page_offset;
static struct host_physmem physmem_map = { .fd = -1 };

static u64 kernel_image_size(void)
{
	struct host_image img;

	if (host_image_sizes(&img) < 0)
		return SZ_4M;
	return PAGE_ALIGN(img.code_bytes + img.rodata_bytes + img.rwdata_bytes +
			  img.bss_bytes);
}

static void early_reserve_memory(void)
{
	memblock_reserve(KMM_KERNEL_START, kernel_image_size());
	memblock_reserve(0, SZ_64K);
	/* reserve_bios_regions(): the EBDA and everything up to 1 MiB */
	memblock_reserve(0x9fc00, BIOS_END - 0x9fc00);
}

/* Linux's e820_add_kernel_range(): the image must sit in RAM. */
static void e820_add_kernel_range(void)
{
	u64 start = KMM_KERNEL_START, size = kernel_image_size();

	if (e820__mapped_all(start, start + size, E820_TYPE_RAM))
		return;
	pr_warn(".text .data .bss are not marked as E820_TYPE_RAM!\n");
	e820__range_remove(start, size, E820_TYPE_RAM, 0);
	e820__range_add(start, size, E820_TYPE_RAM);
}

static void trim_bios_range(void)
{
	e820__range_update(0, PAGE_SIZE, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__range_remove(BIOS_BEGIN, BIOS_END - BIOS_BEGIN, E820_TYPE_RAM, 1);
	e820__update_table(e820_table);
}

static int physmem_init(void)
{
	u64 size = PFN_PHYS(max_pfn);
	int err = host_physmem_map(&physmem_map, size);

	if (err) {
		pr_err("kmm: cannot back %llu MiB of physical memory: error %d\n",
		       (unsigned long long)(size >> 20), -err);
		return err;
	}
	kmm_page_offset = (unsigned long)physmem_map.base;
	return 0;
}

static void find_max_pfn(void)
{
	max_pfn = e820__end_of_ram_pfn();
	max_possible_pfn = max_pfn;
	if (max_pfn > (1UL << (32 - PAGE_SHIFT)))
		max_low_pfn = e820__end_of_low_ram_pfn();
	else
		max_low_pfn = max_pfn;
}

static void zone_sizes_init(void)
{
	unsigned long max_zone_pfns[MAX_NR_ZONES] = { 0 };

	max_zone_pfns[ZONE_DMA] = min_t(unsigned long, MAX_DMA_PFN, max_low_pfn);
	max_zone_pfns[ZONE_DMA32] = min_t(unsigned long, MAX_DMA32_PFN, max_low_pfn);
	max_zone_pfns[ZONE_NORMAL] = max_low_pfn;
	free_area_init(max_zone_pfns);
}

int setup_arch(const struct e820_table *firmware, const struct numa_meminfo *srat,
	       int nr_nodes)
{
	int err;

	pr_info("Command line: %s\n", boot_command_line);
	early_reserve_memory();
	e820__memory_setup(firmware);
	parse_early_param();
	console_init();
	e820__finish_early_params();
	e820_add_kernel_range();
	trim_bios_range();
	find_max_pfn();
	if (!max_pfn) {
		pr_err("kmm: the memory map has no usable RAM\n");
		return -EINVAL;
	}
	err = physmem_init();
	if (err)
		return err;
	memblock_set_current_limit(ISA_END_ADDRESS);
	e820__memblock_setup();
	memblock_reserve(0, SZ_1M);	/* reserve_real_mode() */
	max_low_pfn = max_pfn;		/* init_mem_mapping() on x86-64 */
	memblock_set_current_limit(PFN_PHYS(max_pfn));
	x86_numa_init(nr_nodes, srat);
	pf_buf_reserve();
	sparse_init();		/* paging_init() */
	zone_sizes_init();
	return 0;
}

void kmm_physmem_release(void)
{
	host_physmem_unmap(&physmem_map);
	kmm_page_offset = 0;
}

u64 kmm_physmem_size(void)
{
	return physmem_map.size;
}

int kmm_physmem_fd(void)
{
	return physmem_map.fd;
}

int kmm_physmem_alias(void *va, phys_addr_t pa, u64 len)
{
	return host_physmem_alias(&physmem_map, va, pa, len);
}

int kmm_physmem_alias_populate(void *va, phys_addr_t pa, u64 len)
{
	return host_physmem_alias_populate(&physmem_map, va, pa, len);
}

int kmm_physmem_discard(phys_addr_t pa, u64 len)
{
	return host_physmem_discard(&physmem_map, pa, len);
}
