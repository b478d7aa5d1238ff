// SPDX-License-Identifier: MIT
/*
 * src/arch/e820_memblock.c - hand the e820 map's RAM to memblock, as
 * e820__memblock_setup() in arch/x86/kernel/e820.c.
 *
 * 1. What goes where. Usable RAM (E820_TYPE_RAM, and E820_TYPE_RESERVED_KERN,
 *    which is RAM the kernel itself holds) becomes memblock.memory. Soft
 *    reserved ranges (EFI "specific purpose" memory) are not RAM memblock
 *    may hand out, but are recorded in memblock.reserved so that nothing
 *    else claims them. Every other type stays out of memblock.
 * 2. Order. memblock may grow its region arrays from here on (the map can
 *    have more entries than INIT_MEMBLOCK_REGIONS), partial pages are
 *    trimmed after all RAM is added, and the result is dumped (visible
 *    with memblock=debug).
 * 3. Why its own file: it is the only e820 code that needs memblock, so a
 *    program that uses the rest of e820 links without it.
 * 4. How kmm differs: Linux skips an entry whose end does not fit in
 *    resource_size_t, which only happens on 32-bit kernels; kmm's
 *    resource_size_t is 64 bits, so it skips an entry whose end wraps past
 *    2^64 instead (a sanitised table has none).
 */
#include <kmm/e820.h>
#include <kmm/memblock.h>
#include <kmm/page.h>

static bool e820_entry_is_ram(const struct e820_entry *e)
{
	return e->type == E820_TYPE_RAM || e->type == E820_TYPE_RESERVED_KERN;
}

/**
 * e820__memblock_setup - add e820_table's RAM to memblock.memory and its
 * soft-reserved ranges to memblock.reserved, then trim partial pages.
 * Context: boot, after e820__finish_early_params() and the kernel's own
 * memblock reservations.
 */
void e820__memblock_setup(void)
{
	memblock_allow_resize();

	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if (e->addr + e->size < e->addr)
			continue;
		if (e->type == E820_TYPE_SOFT_RESERVED)
			memblock_reserve(e->addr, e->size);
		if (e820_entry_is_ram(e))
			memblock_add(e->addr, e->size);
	}

	memblock_trim_memory(PAGE_SIZE);
	memblock_dump_all();
}
