// SPDX-License-Identifier: MIT
/*
 * src/arch/e820_default.c - the firmware map of kmm's default machine: what
 * a PC BIOS (SeaBIOS on QEMU's i440FX, for instance) reports for a given
 * amount of RAM.
 *
 * 1. The model. RAM fills physical addresses from 0, except what a PC
 *    loses: the legacy hole [640 KiB, 1 MiB) (VGA memory and option ROMs;
 *    that RAM is simply not there) and, when RAM exceeds 3 GiB, the 32-bit
 *    hole [3 GiB, 4 GiB) for PCI devices and firmware: the chipset remaps
 *    the RAM that would lie there to start at 4 GiB.
 *
 * 2. The map, for ram bytes (ram rounded down to a page), with
 *    low_end = min(ram, 3 GiB):
 *
 *      [0,                 0x9fc00)            usable
 *      [0x9fc00,           0xa0000)            reserved   EBDA, the top 1 KiB
 *                                                         of base memory
 *      [0xf0000,           0x100000)           reserved   BIOS ROM shadow
 *      [0x100000,          low_end - 128 KiB)  usable
 *      [low_end - 128 KiB, low_end - 64 KiB)   ACPI data  ACPI tables
 *      [low_end - 64 KiB,  low_end)            ACPI NVS   ACPI save area
 *      [0xfec00000,        0xfec01000)         reserved   IOAPIC
 *      [0xfee00000,        0xfee01000)         reserved   local APIC
 *      [0xfffc0000,        4 GiB)              reserved   BIOS ROM (256 KiB)
 *      [4 GiB,             4 GiB + ram - 3 GiB) usable    only if ram > 3 GiB
 *
 *    The ACPI ranges are carved from the top of low RAM, as firmware does,
 *    so usable RAM totals ram - 513 KiB: the 385 KiB from the EBDA up to
 *    1 MiB and the 128 KiB of ACPI are lost, whatever the size.
 *    The entries come out sorted and non-overlapping; the 32-bit hole's
 *    device ranges are reported whatever the RAM size, as on a real PC.
 *
 * 3. Limits. At least 32 MiB: the kernel image is placed at 16 MiB and
 *    boot allocations need room above it. At most what keeps the map
 *    inside the 2^46-byte physical address space of x86-64 (MAXMEM):
 *    4 GiB + ram - 3 GiB <= 2^46, so ram <= 64 TiB - 1 GiB. Both failures
 *    are -EINVAL with an error naming the size asked for.
 *
 * 4. How kmm differs: Linux has no such generator (its map comes from the
 *    firmware); this file is kmm's firmware. It fills the caller's table
 *    and logs nothing on success: the kernel prints the map later, in
 *    e820__memory_setup().
 */
#include <kmm/e820.h>
#include <kmm/errno.h>
#include <kmm/page.h>
#include <kmm/printk.h>
#include <kmm/sizes.h>
#include "e820_internal.h"

#define E820_DEFAULT_MIN_RAM	SZ_32M
/* RAM above 3 GiB moves up by the 1 GiB of the 32-bit hole (3). */
#define E820_DEFAULT_LOW_LIMIT	(3 * SZ_1G)
#define E820_DEFAULT_HIGH_BASE	SZ_4G
#define E820_DEFAULT_MAX_RAM	(MAXMEM - (E820_DEFAULT_HIGH_BASE - E820_DEFAULT_LOW_LIMIT))

/* Base memory ends where the EBDA begins, 1 KiB below 640 KiB. */
#define E820_BASE_MEM_END	0x9fc00
/* The ACPI tables and the ACPI NVS area, at the top of low RAM. */
#define E820_ACPI_DATA_SIZE	SZ_64K
#define E820_ACPI_NVS_SIZE	SZ_64K

/* Firmware ranges below 1 MiB, after base memory. */
static const struct e820_entry e820_pc_legacy[] = {
	{ E820_BASE_MEM_END, ISA_START_ADDRESS - E820_BASE_MEM_END, E820_TYPE_RESERVED },
	{ 0xf0000, ISA_END_ADDRESS - 0xf0000, E820_TYPE_RESERVED },
};

/* Device and firmware ranges in the 32-bit hole below 4 GiB. */
static const struct e820_entry e820_pc_hole[] = {
	{ 0xfec00000, SZ_4K, E820_TYPE_RESERVED },	/* IOAPIC */
	{ 0xfee00000, SZ_4K, E820_TYPE_RESERVED },	/* local APIC */
	{ 0xfffc0000, SZ_256K, E820_TYPE_RESERVED },	/* BIOS ROM */
};

static void e820_append_all(struct e820_table *t, const struct e820_entry *e,
			    size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		e820_table_append(t, e[i].addr, e[i].size, e[i].type);
}

static int e820_default_check(u64 ram_bytes, u64 ram)
{
	if (ram < E820_DEFAULT_MIN_RAM) {
		pr_err("e820: %llu bytes of RAM is too little for the default map (minimum 32 MiB)\n",
		       (unsigned long long)ram_bytes);
		return -EINVAL;
	}
	if (ram > E820_DEFAULT_MAX_RAM) {
		pr_err("e820: %llu bytes of RAM is too much for the 46-bit physical address space (maximum %llu)\n",
		       (unsigned long long)ram_bytes,
		       (unsigned long long)E820_DEFAULT_MAX_RAM);
		return -EINVAL;
	}
	return 0;
}

/* Low RAM from 1 MiB to @low_end, with the ACPI areas at its top. */
static void e820_default_low(struct e820_table *t, u64 low_end)
{
	u64 acpi = low_end - E820_ACPI_DATA_SIZE - E820_ACPI_NVS_SIZE;

	e820_table_append(t, HIGH_MEMORY, acpi - HIGH_MEMORY, E820_TYPE_RAM);
	e820_table_append(t, acpi, E820_ACPI_DATA_SIZE, E820_TYPE_ACPI);
	e820_table_append(t, acpi + E820_ACPI_DATA_SIZE, E820_ACPI_NVS_SIZE,
			  E820_TYPE_NVS);
}

int e820__firmware_default(struct e820_table *t, u64 ram_bytes)
{
	u64 ram = ram_bytes & ~(u64)(PAGE_SIZE - 1);
	u64 low_end = ram < E820_DEFAULT_LOW_LIMIT ? ram : E820_DEFAULT_LOW_LIMIT;
	int ret = e820_default_check(ram_bytes, ram);

	if (ret)
		return ret;
	t->nr_entries = 0;
	e820_table_append(t, 0, E820_BASE_MEM_END, E820_TYPE_RAM);
	e820_append_all(t, e820_pc_legacy, ARRAY_SIZE(e820_pc_legacy));
	e820_default_low(t, low_end);
	e820_append_all(t, e820_pc_hole, ARRAY_SIZE(e820_pc_hole));
	if (ram > E820_DEFAULT_LOW_LIMIT)
		e820_table_append(t, E820_DEFAULT_HIGH_BASE,
				  ram - E820_DEFAULT_LOW_LIMIT, E820_TYPE_RAM);
	return 0;
}
