// SPDX-License-Identifier: MIT
/*
 * tests/test_e820_parse.c - e820__firmware_parse(): BIOS-e820 lines of
 * real boot logs in every dress, every type, malformed lines, limits, and
 * every real log in tests/data/dmesg.
 */
#include <dirent.h>

#include <kmm/errno.h>
#include "e820_test.h"

static struct e820_table t;

Test(e820_parse, dmesg_with_timestamps)
{
	const char *text =
		"[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1\n"
		"[    0.000000] BIOS-provided physical RAM map:\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"[    0.000000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000007ffdffff] usable\n"
		"[    0.012983] e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n";

	cr_assert_eq(e820__firmware_parse(&t, text, "vm.dmesg"), 3);
	ASSERT_TABLE(&t,
		{ 0, 0x9fc00, E820_TYPE_RAM },
		{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
		{ 0x100000, 0x7fee0000, E820_TYPE_RAM });
	assert_log("");
}

Test(e820_parse, syslog_journal_kmsg_and_bare_lines)
{
	const char *text =
		"Jan 01 12:00:00 host kernel: BIOS-e820: [mem 0x0000000000000000-0x0000000000000fff] reserved\n"
		"Jan  1 12:00:00 host kernel: [    0.000000] BIOS-e820: [mem 0x0000000000001000-0x000000000009ffff] usable\n"
		"<6>[    0.000000] BIOS-e820: [mem 0x00000000000e0000-0x00000000000fffff] reserved\n"
		"BIOS-e820: [mem 0x0000000000100000-0x00000000bfffffff] usable\n"
		"\t  BIOS-e820:   [mem 0x100000000-0x13fffffff]   usable   \n";

	cr_assert_eq(e820__firmware_parse(&t, text, "syslog"), 5);
	ASSERT_TABLE(&t,
		{ 0, 0x1000, E820_TYPE_RESERVED },
		{ 0x1000, 0x9f000, E820_TYPE_RAM },
		{ 0xe0000, 0x20000, E820_TYPE_RESERVED },
		{ 0x100000, 0xbff00000, E820_TYPE_RAM },
		{ 0x100000000, 0x40000000, E820_TYPE_RAM });
}

Test(e820_parse, every_type)
{
	const char *text =
		"BIOS-e820: [mem 0x0000-0x0fff] usable\n"
		"BIOS-e820: [mem 0x1000-0x1fff] reserved\n"
		"BIOS-e820: [mem 0x2000-0x2fff] ACPI data\n"
		"BIOS-e820: [mem 0x3000-0x3fff] ACPI NVS\n"
		"BIOS-e820: [mem 0x4000-0x4fff] unusable\n"
		"BIOS-e820: [mem 0x5000-0x5fff] persistent (type 7)\n"
		"BIOS-e820: [mem 0x6000-0x6fff] persistent (type 12)\n"
		"BIOS-e820: [mem 0x7000-0x7fff] soft reserved\n"
		"BIOS-e820: [mem 0x8000-0x8fff] type 6\n"
		"BIOS-e820: [mem 0x9000-0x9fff] type 4294967295\n"
		"BIOS-e820: [mem 0xA000-0xaFFf] type 0\n";

	cr_assert_eq(e820__firmware_parse(&t, text, "types"), 11);
	ASSERT_TABLE(&t,
		{ 0x0000, 0x1000, E820_TYPE_RAM },
		{ 0x1000, 0x1000, E820_TYPE_RESERVED },
		{ 0x2000, 0x1000, E820_TYPE_ACPI },
		{ 0x3000, 0x1000, E820_TYPE_NVS },
		{ 0x4000, 0x1000, E820_TYPE_UNUSABLE },
		{ 0x5000, 0x1000, E820_TYPE_PMEM },
		{ 0x6000, 0x1000, E820_TYPE_PRAM },
		{ 0x7000, 0x1000, E820_TYPE_SOFT_RESERVED },
		{ 0x8000, 0x1000, 6 },
		{ 0x9000, 0x1000, 0xffffffff },
		{ 0xa000, 0x1000, 0 });
	assert_log("");
}

/* Every name the printer uses reads back as its type (one table). */
Test(e820_parse, printer_names_read_back)
{
	static const enum e820_type types[] = {
		E820_TYPE_RAM, E820_TYPE_RESERVED, E820_TYPE_ACPI, E820_TYPE_NVS,
		E820_TYPE_UNUSABLE, E820_TYPE_PMEM, E820_TYPE_PRAM,
		E820_TYPE_SOFT_RESERVED, 6, 13, 1000,
	};
	char text[4096] = "", buf[E820_TYPE_NAME_LEN];
	size_t n = sizeof(types) / sizeof(types[0]);

	for (size_t i = 0; i < n; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "BIOS-e820: [mem 0x%016zx-0x%016zx] %s\n", i << 12,
			 ((i + 1) << 12) - 1, e820_type_name(types[i], buf, sizeof(buf)));
	cr_assert_eq(e820__firmware_parse(&t, text, "names"), (int)n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(t.entries[i].type, types[i]);
}

Test(e820_parse, crlf_and_no_final_newline)
{
	const char *text =
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\r\n"
		"\r\n"
		"[    0.000000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\r\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x0000000001ffffff] ACPI NVS";

	cr_assert_eq(e820__firmware_parse(&t, text, "crlf"), 3);
	ASSERT_TABLE(&t,
		{ 0, 0x9fc00, E820_TYPE_RAM },
		{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
		{ 0x100000, 0x1f00000, E820_TYPE_NVS });
	assert_log("");
}

/* The kernel's later copies of the map are not the firmware's. */
Test(e820_parse, other_maps_ignored)
{
	const char *text =
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		"[    0.000000] e820: update [mem 0x738a7018-0x738b7057] usable ==> usable\n"
		"[    0.000000] extended physical RAM map:\n"
		"[    0.000000] reserve setup_data: [mem 0x0000000000000000-0x0000000000000fff] reserved\n"
		"[    0.000000] user-defined physical RAM map:\n"
		"[    0.000000] user: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		"[    0.000000] modified: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		"[    0.000000] BIOS-e820 [mem 0x0000000000100000-0x000000000010ffff] usable\n";

	cr_assert_eq(e820__firmware_parse(&t, text, "copies"), 1);
	ASSERT_TABLE(&t, { 0, 0xa0000, E820_TYPE_RAM });
	assert_log("");
}

/* Linux 2.6 printed "START - END (type)" with END exclusive. */
Test(e820_parse, old_format)
{
	const char *text =
		"[    0.000000] BIOS-provided physical RAM map:\n"
		"[    0.000000]  BIOS-e820: 0000000000000000 - 000000000009fc00 (usable)\n"
		"[    0.000000]  BIOS-e820: 000000000009fc00 - 00000000000a0000 (reserved)\n"
		"[    0.000000]  BIOS-e820: 00000000000f0000 - 0000000000100000 (reserved)\n"
		"[    0.000000]  BIOS-e820: 0000000000100000 - 000000007fff0000 (usable)\n"
		"[    0.000000]  BIOS-e820: 000000007fff0000 - 000000007fff3000 (ACPI NVS)\n"
		"[    0.000000]  BIOS-e820: 000000007fff3000 - 0000000080000000 (ACPI data)\n"
		"[    0.000000]  BIOS-e820: 00000000fec00000 - 00000000fec01000 type 6\n"
		"[    0.000000]  BIOS-e820: 00000000fee00000 - 00000000fee01000 (unusable)\n";

	cr_assert_eq(e820__firmware_parse(&t, text, "old"), 8);
	ASSERT_TABLE(&t,
		{ 0, 0x9fc00, E820_TYPE_RAM },
		{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
		{ 0xf0000, 0x10000, E820_TYPE_RESERVED },
		{ 0x100000, 0x7fef0000, E820_TYPE_RAM },
		{ 0x7fff0000, 0x3000, E820_TYPE_NVS },
		{ 0x7fff3000, 0xd000, E820_TYPE_ACPI },
		{ 0xfec00000, 0x1000, 6 },
		{ 0xfee00000, 0x1000, E820_TYPE_UNUSABLE });
	assert_log("");
}

Test(e820_parse, malformed_lines_reported_and_skipped)
{
	const char *text =
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"[    0.000000] BIOS-e820: [mem 0xZZ-0x10] usable\n"
		"[    0.000000] BIOS-e820: [mem 0x0-0x10000000000000000] usable\n"
		"[    0.000000] BIOS-e820: [mem 0x2000-0x1fff] usable\n"
		"[    0.000000] BIOS-e820: [mem 0x0-0xfff] RAM\n"
		"[    0.000000] BIOS-e820: [mem 0x0-0xfff] usable junk\n"
		"[    0.000000] BIOS-e820: [mem 0x0-0xfff]\r\n"
		"   [    0.000000] BIOS-e820: [mem 0x0 0xfff] usable   \n"
		"BIOS-e820: hello\n"
		"BIOS-e820:\n"
		"BIOS-e820: [mem 0x0000000000000000-0xffffffffffffffff] reserved\n"
		"BIOS-e820: [mem 0x0-0xfff] type 4294967296\n"
		"BIOS-e820: [mem 0x0-0xfff] type\n"
		"BIOS-e820: [mem 0x0-0xfff] persistent (type 12\n"
		"BIOS-e820: [mem 0x0-0xfff] usablex\n"
		"BIOS-e820: [mem 0-0xfff] usable\n"
		"BIOS-e820: 0000 - 1000 (usable\n"
		"BIOS-e820: 0000 - 1000 (usable) x\n"
		"BIOS-e820: 2000 - 1000 (usable)\n"
		"BIOS-e820: 0000 - (usable)\n"
		"[    0.000000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n";

	cr_assert_eq(e820__firmware_parse(&t, text, "bad.dmesg"), 2);
	ASSERT_TABLE(&t,
		{ 0, 0x9fc00, E820_TYPE_RAM },
		{ 0x9fc00, 0x400, E820_TYPE_RESERVED });
	assert_log(
		"e820: bad.dmesg:2: bad start address: '[    0.000000] BIOS-e820: [mem 0xZZ-0x10] usable'\n"
		"e820: bad.dmesg:3: bad end address: '[    0.000000] BIOS-e820: [mem 0x0-0x10000000000000000] usable'\n"
		"e820: bad.dmesg:4: end below start: '[    0.000000] BIOS-e820: [mem 0x2000-0x1fff] usable'\n"
		"e820: bad.dmesg:5: unknown type: '[    0.000000] BIOS-e820: [mem 0x0-0xfff] RAM'\n"
		"e820: bad.dmesg:6: trailing garbage: '[    0.000000] BIOS-e820: [mem 0x0-0xfff] usable junk'\n"
		"e820: bad.dmesg:7: missing type: '[    0.000000] BIOS-e820: [mem 0x0-0xfff]'\n"
		"e820: bad.dmesg:8: malformed range: '[    0.000000] BIOS-e820: [mem 0x0 0xfff] usable'\n"
		"e820: bad.dmesg:9: malformed range: 'BIOS-e820: hello'\n"
		"e820: bad.dmesg:10: malformed range: 'BIOS-e820:'\n"
		"e820: bad.dmesg:11: range of 2^64 bytes: 'BIOS-e820: [mem 0x0000000000000000-0xffffffffffffffff] reserved'\n"
		"e820: bad.dmesg:12: unknown type: 'BIOS-e820: [mem 0x0-0xfff] type 4294967296'\n"
		"e820: bad.dmesg:13: unknown type: 'BIOS-e820: [mem 0x0-0xfff] type'\n"
		"e820: bad.dmesg:14: unknown type: 'BIOS-e820: [mem 0x0-0xfff] persistent (type 12'\n"
		"e820: bad.dmesg:15: trailing garbage: 'BIOS-e820: [mem 0x0-0xfff] usablex'\n"
		"e820: bad.dmesg:16: bad start address: 'BIOS-e820: [mem 0-0xfff] usable'\n"
		"e820: bad.dmesg:17: unknown type: 'BIOS-e820: 0000 - 1000 (usable'\n"
		"e820: bad.dmesg:18: trailing garbage: 'BIOS-e820: 0000 - 1000 (usable) x'\n"
		"e820: bad.dmesg:19: end below start: 'BIOS-e820: 2000 - 1000 (usable)'\n"
		"e820: bad.dmesg:20: bad end address: 'BIOS-e820: 0000 - (usable)'\n");
}

Test(e820_parse, long_bad_line_quoted_in_part)
{
	char text[1024];

	snprintf(text, sizeof(text), "BIOS-e820: [mem 0x0-0xfff] usable %0600d\n", 7);
	cr_assert_eq(e820__firmware_parse(&t, text, "long"), -EINVAL);
	char expected[512];
	snprintf(expected, sizeof(expected),
		 "e820: long:1: trailing garbage: 'BIOS-e820: [mem 0x0-0xfff] usable %0166d...'\n"
		 "e820: long: no BIOS-e820 lines found\n", 0);
	assert_log(expected);
}

Test(e820_parse, no_lines_at_all)
{
	cr_assert_eq(e820__firmware_parse(&t, "Linux version 6.12\nhello\n", "empty.log"),
		     -EINVAL);
	cr_assert_eq(t.nr_entries, 0);
	cr_assert_eq(e820__firmware_parse(&t, "", NULL), -EINVAL);
	cr_assert_eq(e820__firmware_parse(&t, NULL, "null"), -EINVAL);
	assert_log("e820: empty.log: no BIOS-e820 lines found\n"
		   "e820: e820: no BIOS-e820 lines found\n"
		   "e820: null: no BIOS-e820 lines found\n");
}

Test(e820_parse, only_malformed_lines)
{
	cr_assert_eq(e820__firmware_parse(&t, "BIOS-e820: [mem 0x1-0x0] usable", "x"),
		     -EINVAL);
	assert_log("e820: x:1: end below start: 'BIOS-e820: [mem 0x1-0x0] usable'\n"
		   "e820: x: no BIOS-e820 lines found\n");
}

Test(e820_parse, too_many_entries)
{
	size_t cap = 64 * (E820_MAX_ENTRIES + 10), len = 0;
	char *text = malloc(cap);

	for (unsigned int i = 0; i < E820_MAX_ENTRIES + 10; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"BIOS-e820: [mem 0x%x-0x%x] usable\n",
					i << 12, (i << 12) + 0xfff);
	cr_assert_eq(e820__firmware_parse(&t, text, "many"), E820_MAX_ENTRIES);
	cr_assert_eq(t.entries[E820_MAX_ENTRIES - 1].addr,
		     (unsigned long long)(E820_MAX_ENTRIES - 1) << 12);
	assert_log("e820: many:321: more than 320 entries; ignoring the rest\n");
	free(text);
}

/* ---- Real boot logs ---- */

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The "BIOS-e820: ..." lines of @text, stamps removed, one per line. */
static char *bios_lines(const char *text)
{
	char *out = calloc(1, strlen(text) + 1), *o = out;

	for (const char *l = text; *l; ) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) + 1 : strlen(l);
		const char *m = strstr(l, "BIOS-e820:");

		if (m && m < l + n) {
			memcpy(o, m, n - (size_t)(m - l));
			o += n - (size_t)(m - l);
		}
		l += n;
	}
	return out;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Every real log: as many entries as BIOS-e820 lines; and, as those maps
 * are already sane, e820__memory_setup() prints them back line for line.
 */
Test(e820_parse, real_boot_logs)
{
	DIR *dir = opendir(KMM_TEST_DATA "/dmesg");
	struct dirent *de;
	int files = 0;

	cr_assert(dir);
	while ((de = readdir(dir))) {
		size_t len = strlen(de->d_name);
		char path[512];
		char *text, *want;

		if (len < 6 || strcmp(de->d_name + len - 6, ".dmesg"))
			continue;
		snprintf(path, sizeof(path), "%s/dmesg/%s", KMM_TEST_DATA, de->d_name);
		text = read_file(path);
		want = bios_lines(text);
		kmm_dmesg_clear();
		cr_assert_eq(e820__firmware_parse(&t, text, de->d_name), count_lines(want),
			     "%s", de->d_name);
		cr_assert_eq(t.nr_entries, (unsigned int)count_lines(want));
		assert_log("");
		e820__memory_setup(&t);
		cr_assert_eq(e820_table->nr_entries, t.nr_entries, "%s", de->d_name);
		cr_assert_str_eq(bios_lines(log_text()), want, "%s", de->d_name);
		free(text);
		files++;
	}
	closedir(dir);
	cr_assert_geq(files, 5);
}

/* What kmm prints, kmm reads back. */
Test(e820_parse, reads_its_own_printout)
{
	static struct e820_table fw;

	cr_assert_eq(e820__firmware_default(&fw, 6ULL << 30), 0);
	e820__memory_setup(&fw);
	cr_assert_eq(e820__firmware_parse(&t, kmm_dmesg(), "self"), (int)fw.nr_entries);
	assert_table(&t, fw.entries, fw.nr_entries);
}
