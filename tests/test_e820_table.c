// SPDX-License-Identifier: MIT
/*
 * tests/test_e820_table.c - e820_table: type names, printing, range
 * add/update/remove, the sanitiser, queries, end of RAM, memory setup.
 *
 * Pictures: one character per page, a digit is the entry's type.
 */
#include <signal.h>

#include <kmm/errno.h>
#include "e820_test.h"

#define P(n)	((unsigned long long)(n) * E820_UNIT)	/* n pages */

static struct e820_table scratch;

/* ---- Type names ---- */

Test(e820_names, every_known_type_and_unknown_ones)
{
	static const struct { enum e820_type type; const char *name; } cases[] = {
		{ E820_TYPE_RAM, "usable" },
		{ E820_TYPE_RESERVED_KERN, "usable" },
		{ E820_TYPE_RESERVED, "reserved" },
		{ E820_TYPE_SOFT_RESERVED, "soft reserved" },
		{ E820_TYPE_ACPI, "ACPI data" },
		{ E820_TYPE_NVS, "ACPI NVS" },
		{ E820_TYPE_UNUSABLE, "unusable" },
		{ E820_TYPE_PMEM, "persistent (type 7)" },
		{ E820_TYPE_PRAM, "persistent (type 12)" },
		{ 0, "type 0" },
		{ 6, "type 6" },
		{ 20, "type 20" },
		{ 0xffffffff, "type 4294967295" },
	};
	char buf[E820_TYPE_NAME_LEN];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_str_eq(e820_type_name(cases[i].type, buf, sizeof(buf)),
				 cases[i].name);
}

/* ---- Printing ---- */

Test(e820_print, kernel_format_for_every_type)
{
	ASSERT_TABLE(e820_table);	/* starts empty */
	table_set(e820_table, (const struct e820_entry[]){
		{ 0, 0x9fc00, E820_TYPE_RAM },
		{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
		{ 0xbffe0000, 0x10000, E820_TYPE_ACPI },
		{ 0xbfff0000, 0x10000, E820_TYPE_NVS },
		{ 0xc0000000, 0x1000, E820_TYPE_UNUSABLE },
		{ 0xc0001000, 0x1000, 6 },
		{ 0x100000000, 0x40000000, E820_TYPE_PMEM },
		{ 0x140000000, 0x40000000, E820_TYPE_PRAM },
		{ 0x180000000, 0x40000000, E820_TYPE_SOFT_RESERVED },
		{ 0x1c0000000, 0x1000, E820_TYPE_RESERVED_KERN },
	}, 10);
	e820__print_table("BIOS-e820");
	assert_log(
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		"BIOS-e820: [mem 0x00000000bffe0000-0x00000000bffeffff] ACPI data\n"
		"BIOS-e820: [mem 0x00000000bfff0000-0x00000000bfffffff] ACPI NVS\n"
		"BIOS-e820: [mem 0x00000000c0000000-0x00000000c0000fff] unusable\n"
		"BIOS-e820: [mem 0x00000000c0001000-0x00000000c0001fff] type 6\n"
		"BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] persistent (type 7)\n"
		"BIOS-e820: [mem 0x0000000140000000-0x000000017fffffff] persistent (type 12)\n"
		"BIOS-e820: [mem 0x0000000180000000-0x00000001bfffffff] soft reserved\n"
		"BIOS-e820: [mem 0x00000001c0000000-0x00000001c0000fff] usable\n");
}

/* ---- e820__range_add ---- */

Test(e820_add, appends_unsorted_and_silent)
{
	e820__range_add(P(8), P(2), E820_TYPE_RAM);
	e820__range_add(P(0), P(4), E820_TYPE_RESERVED);
	e820__range_add(P(2), P(8), E820_TYPE_RAM);
	ASSERT_TABLE(e820_table,
		{ P(8), P(2), E820_TYPE_RAM },
		{ P(0), P(4), E820_TYPE_RESERVED },
		{ P(2), P(8), E820_TYPE_RAM });
	assert_log("");
}

Test(e820_add, full_table_drops_with_error)
{
	for (unsigned int i = 0; i < E820_MAX_ENTRIES; i++)
		e820__range_add(P(2 * i), P(1), E820_TYPE_RAM);
	e820__range_add(P(1), P(1), E820_TYPE_RESERVED);
	cr_assert_eq(e820_table->nr_entries, E820_MAX_ENTRIES);
	cr_assert_eq(e820_table->entries[E820_MAX_ENTRIES - 1].addr,
		     P(2 * (E820_MAX_ENTRIES - 1)));
	assert_log("too many entries; ignoring [mem 0x00001000-0x00001fff]\n");
}

/* ---- e820__range_update ---- */

/*
 * 1111  ->  2222       a whole entry is retyped in place
 */
Test(e820_update, whole_entry)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM } }, 1);
	cr_assert_eq(e820__range_update(P(0), P(4), E820_TYPE_RAM,
					E820_TYPE_RESERVED), P(4));
	ASSERT_TABLE(e820_table, { P(0), P(4), E820_TYPE_RESERVED });
	assert_log("e820: update [mem 0x00000000-0x00003fff] usable ==> reserved\n");
}

/*
 * 11111111  ->  11______ + __22____ + ____1111 (both appended)
 */
Test(e820_update, middle_splits_entry)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(8), E820_TYPE_RAM } }, 1);
	cr_assert_eq(e820__range_update(P(2), P(2), E820_TYPE_RAM,
					E820_TYPE_RESERVED), P(2));
	ASSERT_TABLE(e820_table,
		{ P(0), P(2), E820_TYPE_RAM },
		{ P(2), P(2), E820_TYPE_RESERVED },
		{ P(4), P(4), E820_TYPE_RAM });
}

/*
 * __111111, update [0, 4)  ->  ____1111 + __22 (appended)
 */
Test(e820_update, head)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(2), P(6), E820_TYPE_RAM } }, 1);
	cr_assert_eq(e820__range_update(P(0), P(4), E820_TYPE_RAM,
					E820_TYPE_ACPI), P(2));
	ASSERT_TABLE(e820_table,
		{ P(4), P(4), E820_TYPE_RAM },
		{ P(2), P(2), E820_TYPE_ACPI });
}

/*
 * 111111, update [4, 8)  ->  1111 + ____33 (appended)
 */
Test(e820_update, tail)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(6), E820_TYPE_RAM } }, 1);
	cr_assert_eq(e820__range_update(P(4), P(4), E820_TYPE_RAM,
					E820_TYPE_ACPI), P(2));
	ASSERT_TABLE(e820_table,
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(4), P(2), E820_TYPE_ACPI });
}

/*
 * 1111331111, update [2, 8) usable ==> unusable
 *   -> 11__33__11 + __55 + ______55; sanitised: 1155335511
 * The ACPI entry is not of the old type and stays.
 */
Test(e820_update, across_entries_only_old_type)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(4), P(2), E820_TYPE_ACPI },
		{ P(6), P(4), E820_TYPE_RAM } }, 3);
	cr_assert_eq(e820__range_update(P(2), P(6), E820_TYPE_RAM,
					E820_TYPE_UNUSABLE), P(4));
	ASSERT_TABLE(e820_table,
		{ P(0), P(2), E820_TYPE_RAM },
		{ P(4), P(2), E820_TYPE_ACPI },
		{ P(8), P(2), E820_TYPE_RAM },
		{ P(2), P(2), E820_TYPE_UNUSABLE },
		{ P(6), P(2), E820_TYPE_UNUSABLE });
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table,
		{ P(0), P(2), E820_TYPE_RAM },
		{ P(2), P(2), E820_TYPE_UNUSABLE },
		{ P(4), P(2), E820_TYPE_ACPI },
		{ P(6), P(2), E820_TYPE_UNUSABLE },
		{ P(8), P(2), E820_TYPE_RAM });
}

Test(e820_update, size_capped_at_end_of_address_space)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM } }, 1);
	cr_assert_eq(e820__range_update(P(1), ULLONG_MAX, E820_TYPE_RAM,
					E820_TYPE_RESERVED), P(3));
	assert_log("e820: update [mem 0x00001000-0xfffffffffffffffe] usable ==> reserved\n");
}

Test(e820_update, other_table_and_unknown_type_names)
{
	table_set(&scratch, (const struct e820_entry[]){
		{ P(0), P(4), 6 } }, 1);
	cr_assert_eq(e820__range_update_table(&scratch, P(0), P(1), 6,
					      E820_TYPE_PRAM), P(1));
	ASSERT_TABLE(&scratch,
		{ P(1), P(3), 6 },
		{ P(0), P(1), E820_TYPE_PRAM });
	ASSERT_TABLE(e820_table);
	assert_log("e820: update [mem 0x00000000-0x00000fff] type 6 ==> persistent (type 12)\n");
}

Test(e820_update, same_type_is_a_bug, .signal = SIGABRT)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM } }, 1);
	e820__range_update(P(0), P(4), E820_TYPE_RAM, E820_TYPE_RAM);
}

/* ---- e820__range_remove ---- */

/*
 * 11112, remove [0, 4) usable  ->  an empty type-0 entry stays, then 2
 */
Test(e820_remove, whole_entry_leaves_empty_slot)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(4), P(1), E820_TYPE_RESERVED } }, 2);
	cr_assert_eq(e820__range_remove(P(0), P(4), E820_TYPE_RAM, true), P(4));
	ASSERT_TABLE(e820_table,
		{ 0, 0, 0 },
		{ P(4), P(1), E820_TYPE_RESERVED });
	assert_log("e820: remove [mem 0x00000000-0x00003fff] usable\n");
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table, { P(4), P(1), E820_TYPE_RESERVED });
}

/*
 * 11111111, remove [2, 4)  ->  11 + ____1111 (appended)
 */
Test(e820_remove, middle_splits_entry)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(8), E820_TYPE_RAM } }, 1);
	cr_assert_eq(e820__range_remove(P(2), P(2), E820_TYPE_RAM, true), P(2));
	ASSERT_TABLE(e820_table,
		{ P(0), P(2), E820_TYPE_RAM },
		{ P(4), P(4), E820_TYPE_RAM });
}

/*
 * 11112222, remove [2, 6) of any type  ->  11____22
 * Without a type the log line ends in a blank, as Linux's does.
 */
Test(e820_remove, any_type)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(4), P(4), E820_TYPE_RESERVED } }, 2);
	cr_assert_eq(e820__range_remove(P(2), P(4), 0, false), P(4));
	ASSERT_TABLE(e820_table,
		{ P(0), P(2), E820_TYPE_RAM },
		{ P(6), P(2), E820_TYPE_RESERVED });
	assert_log("e820: remove [mem 0x00002000-0x00005fff] \n");
}

/*
 * 11112222, remove [2, 6) reserved only  ->  1111__22
 */
Test(e820_remove, only_given_type)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(4), P(4), E820_TYPE_RESERVED } }, 2);
	cr_assert_eq(e820__range_remove(P(2), P(4), E820_TYPE_RESERVED, true), P(2));
	ASSERT_TABLE(e820_table,
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(6), P(2), E820_TYPE_RESERVED });
	assert_log("e820: remove [mem 0x00002000-0x00005fff] reserved\n");
}

/*
 * What setup_arch() does to a SeaBIOS map (trim_bios_range) logs exactly
 * the lines of the real boot log in tests/data/dmesg.
 */
Test(e820_remove, lines_match_a_real_boot_log)
{
	static const char *const lines[] = {
		"e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n",
		"e820: remove [mem 0x000a0000-0x000fffff] usable\n",
	};
	char real[8192];
	FILE *f = fopen(KMM_TEST_DATA "/dmesg/qemu-i440fx-2g-6.1.dmesg", "r");
	size_t n;

	cr_assert(f);
	n = fread(real, 1, sizeof(real) - 1, f);
	real[n] = '\0';
	fclose(f);

	e820__firmware_default(&scratch, 2ULL << 30);
	e820__memory_setup(&scratch);
	kmm_dmesg_clear();
	e820__range_update(0, 0x1000, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__range_remove(BIOS_BEGIN, BIOS_END - BIOS_BEGIN, E820_TYPE_RAM, true);
	cr_assert_eq(e820__update_table(e820_table), 0);
	assert_log("e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
		   "e820: remove [mem 0x000a0000-0x000fffff] usable\n");
	for (int i = 0; i < 2; i++)
		cr_assert(strstr(real, lines[i]), "not in the real log: %s", lines[i]);
	cr_assert_eq(e820_table->entries[0].type, E820_TYPE_RESERVED);
	cr_assert_eq(e820_table->entries[1].addr, 0x1000);
}

/* ---- The sanitiser ---- */

/*
 * Thirteen overlapping entries (types 1-4) resolve, the higher type
 * winning, into fifteen sorted, disjoint ones; gaps stay gaps.
 */
Test(e820_sanitize, many_overlaps)
{
	static const char *const in[] = {
		"____22__________________",
		"______________________4_",
		"____1111________________",
		"_44_____________________",
		"11111111________________",
		"____________________33__",
		"___________44___________",
		"__________33333_________",
		"______________22________",
		"___________________2222_",
		"_________111111111______",
		"_____________________11_",
		"_________________4______",
	};
	static const char *const out[] = {
		"1_______________________",
		"_44_____________________",
		"___1____________________",
		"____22__________________",
		"______11________________",
		"_________1______________",
		"__________3_____________",
		"___________44___________",
		"_____________33_________",
		"_______________2________",
		"________________1_______",
		"_________________4______",
		"___________________2____",
		"____________________33__",
		"______________________4_",
	};

	picture_table(e820_table, in, 13);
	picture_table(&scratch, out, 15);
	cr_assert_eq(e820__update_table(e820_table), 0);
	assert_table(e820_table, scratch.entries, scratch.nr_entries);
	assert_log("");
}

Test(e820_sanitize, fewer_than_two_entries_untouched)
{
	cr_assert_eq(e820__update_table(e820_table), -1);
	table_set(e820_table, (const struct e820_entry[]){
		{ P(4), 0, E820_TYPE_RAM } }, 1);
	cr_assert_eq(e820__update_table(e820_table), -1);
	ASSERT_TABLE(e820_table, { P(4), 0, E820_TYPE_RAM });
	assert_log("");
}

Test(e820_sanitize, wrapping_entry_untouched)
{
	const struct e820_entry in[] = {
		{ P(4), P(4), E820_TYPE_RAM },
		{ 0xfffffffffffff000ULL, 0x1000, E820_TYPE_RESERVED },	/* ends at 2^64 */
		{ P(0), P(4), E820_TYPE_RAM },
	};

	table_set(e820_table, in, 3);
	cr_assert_eq(e820__update_table(e820_table), -1);
	assert_table(e820_table, in, 3);
	assert_log("");
}

/*
 * 2_____33__11  (listed backwards)  ->  sorted
 */
Test(e820_sanitize, unsorted_input_sorted)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(10), P(2), E820_TYPE_RAM },
		{ P(6), P(2), E820_TYPE_ACPI },
		{ P(0), P(1), E820_TYPE_RESERVED } }, 3);
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table,
		{ P(0), P(1), E820_TYPE_RESERVED },
		{ P(6), P(2), E820_TYPE_ACPI },
		{ P(10), P(2), E820_TYPE_RAM });
	assert_log("");
}

/*
 * 11 + __11 + ____22 + ______22 + ________11 (after a gap: kept apart)
 *   ->  1111 2222 _ 11
 */
Test(e820_sanitize, adjacent_same_type_merged)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(2), E820_TYPE_RAM },
		{ P(2), P(2), E820_TYPE_RAM },
		{ P(4), P(2), E820_TYPE_RESERVED },
		{ P(6), P(2), E820_TYPE_RESERVED },
		{ P(9), P(2), E820_TYPE_RAM } }, 5);
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table,
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(4), P(4), E820_TYPE_RESERVED },
		{ P(9), P(2), E820_TYPE_RAM });
	assert_log("");
}

/*
 * 11111111 + __22____  ->  11 22 1111   (a reserved range nested in RAM)
 */
Test(e820_sanitize, nested_higher_type_splits)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(8), E820_TYPE_RAM },
		{ P(2), P(2), E820_TYPE_RESERVED } }, 2);
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table,
		{ P(0), P(2), E820_TYPE_RAM },
		{ P(2), P(2), E820_TYPE_RESERVED },
		{ P(4), P(4), E820_TYPE_RAM });
	assert_log("");
}

/*
 * __11__ inside 222222: RAM under a reserved range disappears.
 */
Test(e820_sanitize, nested_lower_type_vanishes)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(2), P(2), E820_TYPE_RAM },
		{ P(0), P(6), E820_TYPE_RESERVED } }, 2);
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table, { P(0), P(6), E820_TYPE_RESERVED });
	assert_log("");
}

/*
 * The rule is the type number, nothing else: ACPI data (3) loses to ACPI
 * NVS (4), NVS to an unknown type 6, reserved (2) to RESERVED_KERN (128),
 * and SOFT_RESERVED (0xefffffff) beats everything.
 */
Test(e820_sanitize, priority_is_the_type_number)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_ACPI },
		{ P(2), P(4), E820_TYPE_NVS },
		{ P(5), P(2), 6 },
		{ P(10), P(4), E820_TYPE_RESERVED },
		{ P(12), P(4), E820_TYPE_RESERVED_KERN },
		{ P(20), P(4), E820_TYPE_PRAM },
		{ P(20), P(2), E820_TYPE_SOFT_RESERVED } }, 7);
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table,
		{ P(0), P(2), E820_TYPE_ACPI },
		{ P(2), P(3), E820_TYPE_NVS },
		{ P(5), P(2), 6 },
		{ P(10), P(2), E820_TYPE_RESERVED },
		{ P(12), P(4), E820_TYPE_RESERVED_KERN },
		{ P(20), P(2), E820_TYPE_SOFT_RESERVED },
		{ P(22), P(2), E820_TYPE_PRAM });
	assert_log("");
}

Test(e820_sanitize, zero_size_and_type_zero_entries_dropped)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(2), 0, E820_TYPE_RESERVED },
		{ 0, 0, 0 },
		{ P(3), P(4), 0 },
		{ P(9), 0, E820_TYPE_ACPI } }, 5);
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table, { P(0), P(4), E820_TYPE_RAM });
	assert_log("");
}

Test(e820_sanitize, duplicates_collapse)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_NVS },
		{ P(0), P(4), E820_TYPE_NVS },
		{ P(0), P(4), E820_TYPE_NVS } }, 3);
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table, { P(0), P(4), E820_TYPE_NVS });
	assert_log("");
}

/*
 * PRAM and soft-reserved ranges are never merged: they split at every
 * change point, even one made by an entry they hide.
 *   cc cc          ->  cc cc            (adjacent PRAM, 'c' = 12)
 *   cccc + __1111  ->  cc cc 11         (RAM's start splits the PRAM)
 */
Test(e820_sanitize, nomerge_types_keep_boundaries)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(0), P(2), E820_TYPE_PRAM },
		{ P(2), P(2), E820_TYPE_PRAM },
		{ P(10), P(4), E820_TYPE_PRAM },
		{ P(12), P(4), E820_TYPE_RAM },
		{ P(20), P(2), E820_TYPE_SOFT_RESERVED },
		{ P(22), P(2), E820_TYPE_SOFT_RESERVED },
		{ P(30), P(2), E820_TYPE_PMEM },
		{ P(32), P(2), E820_TYPE_PMEM } }, 8);
	cr_assert_eq(e820__update_table(e820_table), 0);
	ASSERT_TABLE(e820_table,
		{ P(0), P(2), E820_TYPE_PRAM },
		{ P(2), P(2), E820_TYPE_PRAM },
		{ P(10), P(2), E820_TYPE_PRAM },
		{ P(12), P(2), E820_TYPE_PRAM },
		{ P(14), P(2), E820_TYPE_RAM },
		{ P(20), P(2), E820_TYPE_SOFT_RESERVED },
		{ P(22), P(2), E820_TYPE_SOFT_RESERVED },
		{ P(30), P(4), E820_TYPE_PMEM });	/* type 7 merges */
	assert_log("");
}

/*
 * RAM with 200 one-page holes would need 401 entries: the result stops at
 * E820_MAX_ENTRIES, sorted, as Linux's does.
 */
Test(e820_sanitize, result_capped_at_table_size)
{
	e820_table->nr_entries = 0;
	e820__range_add(0, P(1000), E820_TYPE_RAM);
	for (unsigned int i = 0; i < 200; i++)
		e820__range_add(P(2 * i + 1), P(1), E820_TYPE_RESERVED);
	cr_assert_eq(e820__update_table(e820_table), 0);
	cr_assert_eq(e820_table->nr_entries, E820_MAX_ENTRIES);
	cr_assert(table_is_sane(e820_table));
	for (unsigned int i = 0; i < E820_MAX_ENTRIES; i++) {
		cr_assert_eq(e820_table->entries[i].addr, P(i));
		cr_assert_eq(e820_table->entries[i].size, P(1));
		cr_assert_eq(e820_table->entries[i].type,
			     i % 2 ? E820_TYPE_RESERVED : E820_TYPE_RAM);
	}
	assert_log("");
}

Test(e820_sanitize, idempotent_on_a_real_map)
{
	e820__firmware_default(e820_table, 6ULL << 30);
	memcpy(&scratch, e820_table, sizeof(scratch));
	cr_assert_eq(e820__update_table(e820_table), 0);
	assert_table(e820_table, scratch.entries, scratch.nr_entries);
}

/* ---- Printing after edits ---- */

Test(e820_print, update_table_print)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ P(4), P(4), E820_TYPE_RAM },
		{ P(0), P(4), E820_TYPE_RAM } }, 2);
	e820__update_table_print();
	assert_log("modified physical RAM map:\n"
		   "modified: [mem 0x0000000000000000-0x0000000000007fff] usable\n");
	kmm_dmesg_clear();
	e820__update_table_print();	/* one entry: nothing to do, silent */
	assert_log("");
}

/* ---- Queries ---- */

static void set_query_table(void)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ 0, 0x9fc00, E820_TYPE_RAM },
		{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
		{ 0x100000, 0x100000, E820_TYPE_RAM },
		{ 0x200000, 0x100000, E820_TYPE_RAM },	/* not merged */
		{ 0x300000, 0x1000, E820_TYPE_ACPI } }, 5);
}

Test(e820_query, mapped_any)
{
	set_query_table();
	cr_assert(e820__mapped_any(0x9f000, 0xa0000, E820_TYPE_RAM));
	cr_assert_not(e820__mapped_any(0x9fc00, 0xa0000, E820_TYPE_RAM));
	cr_assert(e820__mapped_any(0x9fc00, 0xa0000, 0));
	cr_assert_not(e820__mapped_any(0xa0000, 0x100000, 0));
	cr_assert(e820__mapped_any(0x2fffff, 0x300001, E820_TYPE_ACPI));
	cr_assert_not(e820__mapped_any(0x301000, ULLONG_MAX, 0));
	assert_log("");
}

Test(e820_query, mapped_all)
{
	set_query_table();
	cr_assert(e820__mapped_all(0, 0x9fc00, E820_TYPE_RAM));
	cr_assert_not(e820__mapped_all(0, 0xa0000, E820_TYPE_RAM));
	cr_assert(e820__mapped_all(0, 0xa0000, 0));
	cr_assert(e820__mapped_all(0x180000, 0x280000, E820_TYPE_RAM));
	cr_assert_not(e820__mapped_all(0x9fc00, 0x100001, 0));
	cr_assert(e820__mapped_all(0x100000, 0x301000, 0));
	assert_log("");
}

Test(e820_query, get_entry_type)
{
	set_query_table();
	cr_assert_eq(e820__get_entry_type(0x1000, 0x2000), E820_TYPE_RAM);
	cr_assert_eq(e820__get_entry_type(0x9fc00, 0xa0000), E820_TYPE_RESERVED);
	cr_assert_eq(e820__get_entry_type(0x300000, 0x301000), E820_TYPE_ACPI);
	/* The type of the entry that completes the coverage. */
	cr_assert_eq(e820__get_entry_type(0x2ff000, 0x301000), E820_TYPE_ACPI);
	cr_assert_eq(e820__get_entry_type(0xa0000, 0xb0000), -EINVAL);
	assert_log("");
}

Test(e820_query, raw_any_reads_the_firmware_table)
{
	e820__firmware_default(&scratch, 64ULL << 20);
	e820__memory_setup(&scratch);
	e820__range_remove(0x100000, 0x100000, E820_TYPE_RAM, true);
	cr_assert_not(e820__mapped_any(0x100000, 0x200000, E820_TYPE_RAM));
	cr_assert(e820__mapped_raw_any(0x100000, 0x200000, E820_TYPE_RAM));
	cr_assert_not(e820__mapped_raw_any(0xa0000, 0xf0000, 0));
}

/* ---- End of RAM ---- */

Test(e820_pfn, end_of_ram_and_low_ram)
{
	e820__firmware_default(&scratch, 6ULL << 30);
	e820__memory_setup(&scratch);
	kmm_dmesg_clear();
	cr_assert_eq(e820__end_of_ram_pfn(), 0x1c0000);
	/* ACPI data counts: low RAM ends after it, before the NVS. */
	cr_assert_eq(e820__end_of_low_ram_pfn(), 0xbfff0);
	assert_log("last_pfn = 0x1c0000 max_arch_pfn = 0x400000000\n"
		   "last_pfn = 0xbfff0 max_arch_pfn = 0x400000000\n");
}

Test(e820_pfn, limits)
{
	table_set(e820_table, (const struct e820_entry[]){
		{ 3ULL << 30, 2ULL << 30, E820_TYPE_RAM },	/* across 4 GiB */
		{ MAXMEM - (1ULL << 30), 2ULL << 30, E820_TYPE_RAM },
		{ 1ULL << 50, 1ULL << 30, E820_TYPE_RAM } }, 3);
	cr_assert_eq(e820__end_of_low_ram_pfn(), 0x100000);
	cr_assert_eq(e820__end_of_ram_pfn(), MAX_ARCH_PFN);
	cr_assert_eq(MAX_ARCH_PFN, 0x400000000UL);
	table_set(e820_table, (const struct e820_entry[]){
		{ 0x1000, 0x1800, E820_TYPE_RAM },		/* ends mid-page */
		{ 0x10000, 0x1000, E820_TYPE_NVS } }, 2);
	cr_assert_eq(e820__end_of_ram_pfn(), 2);
}

/* ---- e820__memory_setup ---- */

Test(e820_setup, prints_the_bios_map)
{
	e820__firmware_default(&scratch, 2ULL << 30);
	e820__memory_setup(&scratch);
	assert_log(
		"BIOS-provided physical RAM map:\n"
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
		"BIOS-e820: [mem 0x0000000000100000-0x000000007ffdffff] usable\n"
		"BIOS-e820: [mem 0x000000007ffe0000-0x000000007ffeffff] ACPI data\n"
		"BIOS-e820: [mem 0x000000007fff0000-0x000000007fffffff] ACPI NVS\n"
		"BIOS-e820: [mem 0x00000000fec00000-0x00000000fec00fff] reserved\n"
		"BIOS-e820: [mem 0x00000000fee00000-0x00000000fee00fff] reserved\n"
		"BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n");
	assert_table(e820_table, scratch.entries, scratch.nr_entries);
	assert_table(e820_table_firmware, scratch.entries, scratch.nr_entries);
}

/*
 * The firmware's table is sanitised on the way in; @firmware itself and
 * e820_table_firmware are not touched by later edits of e820_table.
 */
Test(e820_setup, sanitises_and_keeps_firmware_copy)
{
	table_set(&scratch, (const struct e820_entry[]){
		{ P(8), P(8), E820_TYPE_RAM },
		{ P(0), P(10), E820_TYPE_RAM },
		{ P(9), P(1), E820_TYPE_RESERVED } }, 3);
	e820__memory_setup(&scratch);
	cr_assert_eq(scratch.nr_entries, 3);
	ASSERT_TABLE(e820_table,
		{ P(0), P(9), E820_TYPE_RAM },
		{ P(9), P(1), E820_TYPE_RESERVED },
		{ P(10), P(6), E820_TYPE_RAM });
	e820__range_remove(P(0), P(1), E820_TYPE_RAM, true);
	cr_assert_eq(e820_table_firmware->entries[0].addr, 0);
	cr_assert_eq(e820_table_firmware->nr_entries, 3);
}

Test(e820_setup, wrapping_firmware_entry_dropped)
{
	table_set(&scratch, (const struct e820_entry[]){
		{ P(0), P(4), E820_TYPE_RAM },
		{ 0xffffffff00000000ULL, 0x200000000ULL, E820_TYPE_RESERVED },
		{ P(4), P(4), E820_TYPE_ACPI } }, 3);
	e820__memory_setup(&scratch);
	ASSERT_TABLE(e820_table,
		{ P(0), P(4), E820_TYPE_RAM },
		{ P(4), P(4), E820_TYPE_ACPI });
	assert_log_has("e820: ignoring firmware entry at 0xffffffff00000000: size 0x200000000 wraps past the end of memory\n");
}

Test(e820_setup, one_entry_or_none)
{
	table_set(&scratch, (const struct e820_entry[]){
		{ P(0), 64ULL << 20, E820_TYPE_RAM } }, 1);
	e820__memory_setup(&scratch);
	ASSERT_TABLE(e820_table, { P(0), 64ULL << 20, E820_TYPE_RAM });
	kmm_dmesg_clear();
	e820__memory_setup(NULL);
	ASSERT_TABLE(e820_table);
	assert_log("BIOS-provided physical RAM map:\n");
}

Test(e820_setup, reset_forgets_everything)
{
	e820__firmware_default(&scratch, 1ULL << 30);
	e820__memory_setup(&scratch);
	e820__reset();
	ASSERT_TABLE(e820_table);
	ASSERT_TABLE(e820_table_firmware);
	kmm_dmesg_clear();
	e820__finish_early_params();	/* no parameter since the reset */
	assert_log("");
}
