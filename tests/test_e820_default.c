// SPDX-License-Identifier: MIT
/*
 * tests/test_e820_default.c - e820__firmware_default(): the PC-like map of
 * kmm's default machine, for every interesting RAM size.
 *
 *   0      640K-1K 640K   960K  1M        low_end-128K  low_end  3G ... 4G        4G+ram-3G
 *   |usable|EBDA|  hole  |ROM|  |usable     |ACPI|NVS|   ...  |IOAPIC LAPIC ROM| usable |
 */
#include <kmm/errno.h>
#include "e820_test.h"

#define KiB	1024ULL
#define MiB	(1024ULL * KiB)
#define GiB	(1024ULL * MiB)
#define TiB	(1024ULL * GiB)

/* What the map loses whatever the size: 385 KiB to 1 MiB, 128 KiB of ACPI. */
#define LOST	(513 * KiB)

static struct e820_table t;

#define BASE_AND_ROM						\
	{ 0, 0x9fc00, E820_TYPE_RAM },				\
	{ 0x9fc00, 0x400, E820_TYPE_RESERVED },			\
	{ 0xf0000, 0x10000, E820_TYPE_RESERVED }
#define PCI_HOLE						\
	{ 0xfec00000, 0x1000, E820_TYPE_RESERVED },		\
	{ 0xfee00000, 0x1000, E820_TYPE_RESERVED },		\
	{ 0xfffc0000, 0x40000, E820_TYPE_RESERVED }
#define LOW_3G							\
	{ 0x100000, 0xbfee0000, E820_TYPE_RAM },		\
	{ 0xbffe0000, 0x10000, E820_TYPE_ACPI },		\
	{ 0xbfff0000, 0x10000, E820_TYPE_NVS }

static void check_totals(unsigned long long ram)
{
	cr_assert_eq(table_bytes(&t, E820_TYPE_RAM), ram - LOST,
		     "usable %#llx for ram %#llx", table_bytes(&t, E820_TYPE_RAM), ram);
	cr_assert_eq(table_bytes(&t, E820_TYPE_ACPI), 64 * KiB);
	cr_assert_eq(table_bytes(&t, E820_TYPE_NVS), 64 * KiB);
	cr_assert(table_is_sane(&t));
	assert_log("");		/* the firmware is silent; boot prints the map */
}

static void check_too_small(unsigned long long ram, const char *log)
{
	t.nr_entries = 7;
	cr_assert_eq(e820__firmware_default(&t, ram), -EINVAL);
	cr_assert_eq(t.nr_entries, 7, "the table is left alone");
	assert_log(log);
}

Test(e820_default, below_32m_is_invalid)
{
	check_too_small(16 * MiB,
		"e820: 16777216 bytes of RAM is too little for the default map (minimum 32 MiB)\n");
}

Test(e820_default, rounding_below_32m_is_invalid)
{
	check_too_small(32 * MiB - 1,
		"e820: 33554431 bytes of RAM is too little for the default map (minimum 32 MiB)\n");
}

Test(e820_default, zero_is_invalid)
{
	check_too_small(0,
		"e820: 0 bytes of RAM is too little for the default map (minimum 32 MiB)\n");
}

Test(e820_default, ram_32m)
{
	cr_assert_eq(e820__firmware_default(&t, 32 * MiB), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM,
		{ 0x100000, 0x1ee0000, E820_TYPE_RAM },
		{ 0x1fe0000, 0x10000, E820_TYPE_ACPI },
		{ 0x1ff0000, 0x10000, E820_TYPE_NVS },
		PCI_HOLE);
	check_totals(32 * MiB);
	assert_log("");
}

Test(e820_default, ram_1g)
{
	cr_assert_eq(e820__firmware_default(&t, 1 * GiB), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM,
		{ 0x100000, 0x3fee0000, E820_TYPE_RAM },
		{ 0x3ffe0000, 0x10000, E820_TYPE_ACPI },
		{ 0x3fff0000, 0x10000, E820_TYPE_NVS },
		PCI_HOLE);
	check_totals(1 * GiB);
}

Test(e820_default, ram_rounded_down_to_a_page)
{
	cr_assert_eq(e820__firmware_default(&t, 1 * GiB + 0xfff), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM,
		{ 0x100000, 0x3fee0000, E820_TYPE_RAM },
		{ 0x3ffe0000, 0x10000, E820_TYPE_ACPI },
		{ 0x3fff0000, 0x10000, E820_TYPE_NVS },
		PCI_HOLE);
}

Test(e820_default, ram_2g)
{
	cr_assert_eq(e820__firmware_default(&t, 2 * GiB), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM,
		{ 0x100000, 0x7fee0000, E820_TYPE_RAM },
		{ 0x7ffe0000, 0x10000, E820_TYPE_ACPI },
		{ 0x7fff0000, 0x10000, E820_TYPE_NVS },
		PCI_HOLE);
	check_totals(2 * GiB);
}

Test(e820_default, ram_3g_fills_low_memory)
{
	cr_assert_eq(e820__firmware_default(&t, 3 * GiB), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM, LOW_3G, PCI_HOLE);
	check_totals(3 * GiB);
}

Test(e820_default, ram_3g_plus_a_page_goes_above_4g)
{
	cr_assert_eq(e820__firmware_default(&t, 3 * GiB + 4 * KiB), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM, LOW_3G, PCI_HOLE,
		{ 0x100000000, 0x1000, E820_TYPE_RAM });
	check_totals(3 * GiB + 4 * KiB);
}

Test(e820_default, ram_4g)
{
	cr_assert_eq(e820__firmware_default(&t, 4 * GiB), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM, LOW_3G, PCI_HOLE,
		{ 0x100000000, 0x40000000, E820_TYPE_RAM });
	check_totals(4 * GiB);
}

Test(e820_default, ram_64g)
{
	cr_assert_eq(e820__firmware_default(&t, 64 * GiB), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM, LOW_3G, PCI_HOLE,
		{ 0x100000000, 0xf40000000, E820_TYPE_RAM });
	check_totals(64 * GiB);
}

Test(e820_default, ram_1t)
{
	cr_assert_eq(e820__firmware_default(&t, 1 * TiB), 0);
	ASSERT_TABLE(&t, BASE_AND_ROM, LOW_3G, PCI_HOLE,
		{ 0x100000000, 0xff40000000, E820_TYPE_RAM });
	check_totals(1 * TiB);
}

/* The largest map ends exactly at 2^46, the x86-64 physical limit. */
Test(e820_default, largest_fits_46_bits)
{
	unsigned long long max = MAXMEM - 1 * GiB;

	cr_assert_eq(e820__firmware_default(&t, max), 0);
	cr_assert_eq(t.entries[t.nr_entries - 1].addr + t.entries[t.nr_entries - 1].size,
		     MAXMEM);
	check_totals(max);
}

Test(e820_default, beyond_46_bits_is_invalid)
{
	t.nr_entries = 3;
	cr_assert_eq(e820__firmware_default(&t, MAXMEM - 1 * GiB + 4 * KiB), -EINVAL);
	cr_assert_eq(e820__firmware_default(&t, ULLONG_MAX), -EINVAL);
	cr_assert_eq(t.nr_entries, 3);
	assert_log(
		"e820: 70367670439936 bytes of RAM is too much for the 46-bit physical address space (maximum 70367670435840)\n"
		"e820: 18446744073709551615 bytes of RAM is too much for the 46-bit physical address space (maximum 70367670435840)\n");
}

/*
 * The generated map is already what the sanitiser makes of it, so boot
 * prints it unchanged; and its end of RAM is where the RAM ends.
 */
Test(e820_default, boots_unchanged)
{
	static const unsigned long long sizes[] = {
		32 * MiB, 1 * GiB, 3 * GiB, 3 * GiB + 4 * KiB, 64 * GiB, 1 * TiB,
	};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned long long end = sizes[i] > 3 * GiB ? sizes[i] + 1 * GiB
							    : sizes[i] - 64 * KiB;

		cr_assert_eq(e820__firmware_default(&t, sizes[i]), 0);
		e820__memory_setup(&t);
		assert_table(e820_table, t.entries, t.nr_entries);
		cr_assert_eq(e820__end_of_ram_pfn(), end >> 12);
	}
}
