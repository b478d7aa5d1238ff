// SPDX-License-Identifier: MIT
/*
 * fuzz/fuzz_e820.c - libFuzzer target for the e820 parser and sanitiser.
 *
 * Each input is a boot log: arbitrary bytes, cut at the first NUL and
 * copied to a buffer of exactly that size (so ASan sees any over-read).
 * It is parsed with e820__firmware_parse(), booted with
 * e820__memory_setup(), edited as setup_arch() edits it, and sanitised
 * again. After every sanitisation that succeeds, the table must be sorted,
 * non-overlapping, free of empty entries, merged where mergeable, and
 * give every address the highest type of the entries that covered it.
 *
 * Seeds: fuzz/corpus/e820 (real maps from tests/data/dmesg, the old
 * format, malformed lines).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/e820.h>
#include <kmm/errno.h>
#include <kmm/printk.h>

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct e820_table parsed, before;

static bool e820_nomerge(enum e820_type type)
{
	return type == E820_TYPE_PRAM || type == E820_TYPE_SOFT_RESERVED;
}

/* The highest type among @t's non-empty entries covering @addr; 0: none. */
static enum e820_type covering_type(const struct e820_table *t, uint64_t addr)
{
	enum e820_type type = 0;

	for (uint32_t i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->size && addr >= e->addr && addr - e->addr < e->size &&
		    e->type > type)
			type = e->type;
	}
	return type;
}

static void check_sane(const struct e820_table *t)
{
	CHECK(t->nr_entries <= E820_MAX_ENTRIES);
	for (uint32_t i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i], *prev = e - 1;

		CHECK(e->size != 0 && e->type != 0);
		CHECK(e->addr + e->size > e->addr);
		if (!i)
			continue;
		CHECK(prev->addr + prev->size <= e->addr);
		/* Touching neighbours of one type are merged, but for PRAM/SR. */
		CHECK(prev->addr + prev->size != e->addr || prev->type != e->type ||
		      e820_nomerge(e->type));
	}
}

/* Every boundary of the input has the type the priority rule gives it. */
static void check_against(const struct e820_table *out, const struct e820_table *in)
{
	if (out->nr_entries == E820_MAX_ENTRIES)
		return;	/* the result may have been cut short */
	for (uint32_t i = 0; i < in->nr_entries; i++) {
		const struct e820_entry *e = &in->entries[i];

		if (!e->size)
			continue;
		CHECK(covering_type(out, e->addr) == covering_type(in, e->addr));
		CHECK(covering_type(out, e->addr + e->size - 1) ==
		      covering_type(in, e->addr + e->size - 1));
	}
}

/* Sanitise e820_table; if that succeeds, check it against its input. */
static void sanitise_and_check(void)
{
	memcpy(&before, e820_table, sizeof(before));
	if (e820__update_table(e820_table) != 0)
		return;
	check_sane(e820_table);
	check_against(e820_table, &before);
	/* Sanitising a sane table changes nothing. */
	memcpy(&before, e820_table, sizeof(before));
	CHECK(e820__update_table(e820_table) != 0 ||
	      memcmp(&before, e820_table, sizeof(before)) == 0);
}

/* What setup_arch() and mem= do to a map, on the fuzzed one. */
static void edit_like_boot(void)
{
	struct e820_entry last;

	e820__range_update(0, 0x1000, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__range_remove(BIOS_BEGIN, BIOS_END - BIOS_BEGIN, E820_TYPE_RAM, true);
	sanitise_and_check();
	if (!e820_table->nr_entries)
		return;
	last = e820_table->entries[e820_table->nr_entries - 1];
	e820__range_remove(last.addr + last.size / 2, ULLONG_MAX, E820_TYPE_RAM, true);
	e820__range_update(last.addr, last.size / 3, last.type,
			   last.type == E820_TYPE_ACPI ? E820_TYPE_NVS : E820_TYPE_ACPI);
	sanitise_and_check();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = strnlen((const char *)data, size);
	char *text = malloc(len + 1);
	int n;

	console_loglevel = 0;	/* keep the host console quiet */
	kmm_dmesg_clear();
	memcpy(text, data, len);
	text[len] = '\0';

	n = e820__firmware_parse(&parsed, text, "fuzz");
	CHECK(n == -EINVAL || (n > 0 && (uint32_t)n == parsed.nr_entries &&
			   n <= E820_MAX_ENTRIES));
	if (n > 0) {
		e820__memory_setup(&parsed);
		memcpy(e820_table, &parsed, sizeof(parsed));
		sanitise_and_check();
		e820__end_of_ram_pfn();
		e820__end_of_low_ram_pfn();
		e820__mapped_all(0, 0x100000, E820_TYPE_RAM);
		edit_like_boot();
		e820__print_table("fuzz");
	}
	e820__reset();
	free(text);
	return 0;
}
