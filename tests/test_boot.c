// SPDX-License-Identifier: MIT
/*
 * tests/test_boot.c - kmm_boot()/kmm_halt(): the lifecycle API, the boot
 * sequence's lines, the boot parameters of the foundation, and bad input.
 * Each Criterion test runs in its own process, so each boots its own machine.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/kmm.h>
#include "helpers/dmesg_lines.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

static void boot_ok(unsigned long long ram, const char *cmdline)
{
	struct kmm_config cfg = { .ram_bytes = ram };
	int err = kmm_boot(&cfg, cmdline);

	cr_assert_eq(err, 0, "kmm_boot failed (%d):\n%s", err, kmm_dmesg());
	cr_assert(memblock_is_valid());
}

Test(boot_api, default_machine_boots_and_halts)
{
	cr_assert_not(kmm_is_booted());
	cr_assert_eq(kmm_boot(NULL, NULL), 0, "%s", kmm_dmesg());
	cr_assert(kmm_is_booted());
	cr_assert(dmesg_has_line(kmm_dmesg(), "BIOS-provided physical RAM map:"));
	cr_assert(dmesg_has_line(kmm_dmesg(), "Zone ranges:"));
	cr_assert(dmesg_has(kmm_dmesg(), "Memory: "));
	/* 4 GiB default: 3 GiB below the hole, 1 GiB remapped above 4 GiB */
	cr_assert_eq(max_pfn, 0x140000UL);
	kmm_halt();
	cr_assert_not(kmm_is_booted());
	cr_assert_eq(PAGE_OFFSET, 0UL, "standalone identity mapping after halt");
}

Test(boot_api, second_boot_is_refused_and_first_intact)
{
	boot_ok(GiB, "");
	phys_addr_t before = memblock_phys_mem_size();

	cr_assert_eq(kmm_boot(NULL, ""), -EBUSY);
	cr_assert_eq(memblock_phys_mem_size(), before);
	cr_assert(kmm_is_booted());
	kmm_halt();
	kmm_halt();	/* a second halt is harmless */
}

Test(boot_api, boot_log_order_follows_linux)
{
	static const char *const order[] = {
		"Linux version", "Command line:", "BIOS-provided physical RAM map:",
		"e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
		"e820: remove [mem 0x000a0000-0x000fffff] usable", "last_pfn =",
		"No NUMA configuration found", "Faking a node at", "NODE_DATA(0) allocated",
		"Zone ranges:", "Movable zone start for each node", "Early memory node ranges",
		"Initmem setup node 0", "Kernel command line:", "Memory: ",
	};
	const char *pos;

	boot_ok(2 * GiB, "");
	pos = kmm_dmesg();
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const char *hit = strstr(pos, order[i]);

		cr_assert(hit, "'%s' missing or out of order in:\n%s", order[i], kmm_dmesg());
		pos = hit;
	}
}

Test(boot_api, zone_ranges_of_a_2g_machine)
{
	boot_ok(2 * GiB, "");
	cr_assert(dmesg_has_line(kmm_dmesg(), "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]"), "%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(), "  DMA32    [mem 0x0000000001000000-0x000000007ffeffff]"), "%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(), "  Normal   empty"));
	cr_assert(dmesg_has_line(kmm_dmesg(), "  node   0: [mem 0x0000000000001000-0x000000000009efff]"), "%s", kmm_dmesg());
}

Test(boot_api, zone_ranges_of_an_8g_machine)
{
	boot_ok(8 * GiB, "");
	cr_assert(dmesg_has_line(kmm_dmesg(), "  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]"), "%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(), "  Normal   [mem 0x0000000100000000-0x000000023fffffff]"), "%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(), "Initmem setup node 0 [mem 0x0000000000001000-0x000000023fffffff]"), "%s", kmm_dmesg());
}

/* y of "Memory: xK/yK" is the present pages of memblock.memory (whole pages). */
Test(boot_api, memory_line_counts_present_pages)
{
	unsigned long start, end, pages = 0, x, y;
	int i, nid;
	const char *m;

	boot_ok(3 * GiB, "");
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid)
		pages += end - start;
	m = strstr(kmm_dmesg(), "Memory: ");
	cr_assert(m);
	cr_assert_eq(sscanf(m, "Memory: %luK/%luK available", &x, &y), 2);
	cr_assert_eq(y, pages * 4);
	cr_assert_eq(pages, get_num_physpages());
	cr_assert_lt(x, y);
	cr_assert_gt(x, y - y / 8, "most memory is free after boot: %lu of %lu", x, y);
}

/* The seed scenario: 512 MiB contiguous on node 0 of a 2 GiB machine. */
Test(boot_seed, pf_buf_512m_is_reserved_and_writable)
{
	unsigned char *buf;
	char line[128];

	boot_ok(2 * GiB, "pf_buf_len=512M@0");
	cr_assert_eq(pf_buf_len, 512 * MiB);
	cr_assert_neq(pf_buf_addr, 0);
	snprintf(line, sizeof(line), "pf_buf_len: Allocated 536870912 bytes at %#llx on node 0",
		 (unsigned long long)pf_buf_addr);
	cr_assert(dmesg_has_line(kmm_dmesg(), line), "no '%s' in:\n%s", line, kmm_dmesg());
	cr_assert(memblock_is_region_reserved(pf_buf_addr, pf_buf_len));
	cr_assert(memblock_is_region_memory(pf_buf_addr, pf_buf_len));
	buf = __va(pf_buf_addr);
	memset(buf, 0xa5, pf_buf_len);
	for (unsigned long long off = 0; off < pf_buf_len; off += 4093)
		cr_assert_eq(buf[off], 0xa5);
	cr_assert_eq(buf[pf_buf_len - 1], 0xa5);
	/* nothing else may be allocated inside it */
	for (int i = 0; i < 64; i++) {
		phys_addr_t p = memblock_phys_alloc(4 * MiB, PAGE_SIZE);

		cr_assert(p + 4 * MiB <= pf_buf_addr || p >= pf_buf_addr + pf_buf_len);
	}
}

Test(boot_seed, pf_buf_too_large_fails_and_boot_completes)
{
	boot_ok(2 * GiB, "pf_buf_len=64G");
	cr_assert(dmesg_has_line(kmm_dmesg(), "pf_buf_len: Failed to allocate 68719476736 bytes"), "%s", kmm_dmesg());
	cr_assert_eq(pf_buf_len, 0);
	cr_assert_eq(pf_buf_addr, 0);
	cr_assert(dmesg_has(kmm_dmesg(), "Memory: "));
}

Test(boot_seed, pf_buf_on_missing_node_fails)
{
	boot_ok(2 * GiB, "pf_buf_len=16M@3");
	cr_assert(dmesg_has_line(kmm_dmesg(), "pf_buf_len: Failed to allocate 16777216 bytes"));
}

Test(boot_seed, pf_buf_malformed_is_reported)
{
	boot_ok(2 * GiB, "pf_buf_len=lots");
	cr_assert(dmesg_has_line(kmm_dmesg(), "Malformed early option 'pf_buf_len'"), "%s", kmm_dmesg());
	cr_assert_eq(pf_buf_len, 0);
}

Test(boot_seed, pf_buf_on_node_2_of_4)
{
	struct kmm_config cfg = { .ram_bytes = 8 * GiB, .nr_nodes = 4 };
	int i, nid;
	unsigned long s, e;
	bool inside = false;

	cr_assert_eq(kmm_boot(&cfg, "pf_buf_len=1G@2"), 0, "%s", kmm_dmesg());
	cr_assert_eq(pf_buf_len, GiB);
	for_each_mem_pfn_range(i, 2, &s, &e, &nid)
		inside |= PFN_PHYS(s) <= pf_buf_addr && pf_buf_addr + pf_buf_len <= PFN_PHYS(e);
	cr_assert(inside, "pf_buf at %#llx is not on node 2", (unsigned long long)pf_buf_addr);
}

/* memmap=64M$0x10000000: reserved in the map, so never memblock memory. */
Test(boot_params, memmap_reserves_range)
{
	boot_ok(2 * GiB, "memmap=64M$0x10000000");
	cr_assert(dmesg_has_line(kmm_dmesg(), "user-defined physical RAM map:"), "%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(), "user: [mem 0x0000000010000000-0x0000000013ffffff] reserved"), "%s", kmm_dmesg());
	cr_assert_not(memblock_overlaps_region(&memblock.memory, 0x10000000, 64 * MiB));
	cr_assert(e820__mapped_all(0x10000000, 0x14000000, E820_TYPE_RESERVED));
	for (int i = 0; i < 256; i++) {
		phys_addr_t p = memblock_phys_alloc_range(MiB, PAGE_SIZE, 0, 0x20000000);

		cr_assert(p == 0 || p + MiB <= 0x10000000 || p >= 0x14000000);
	}
}

Test(boot_params, mem_limits_ram)
{
	boot_ok(4 * GiB, "mem=1G");
	/* mem= removes RAM only; the ACPI data below 3 GiB still ends RAM for
	 * e820__end_of_ram_pfn(), as on Linux */
	cr_assert_eq(max_pfn, 0xbfff0UL, "max_pfn %#lx", max_pfn);
	/* [0x1000, 0x9f000) + [1 MiB, 1 GiB): page 0, the partial page and the
	 * legacy hole are gone */
	cr_assert_eq(memblock_phys_mem_size(), (0x9f000 - 0x1000) + (GiB - 0x100000),
		     "memory %#llx", (unsigned long long)memblock_phys_mem_size());
	cr_assert(dmesg_has_line(kmm_dmesg(), "user-defined physical RAM map:"));
	cr_assert_lt(memblock_end_of_DRAM(), GiB + 1);
}

Test(boot_params, malformed_mem_is_reported_and_ignored)
{
	boot_ok(2 * GiB, "mem=abc");
	cr_assert(dmesg_has_line(kmm_dmesg(), "Malformed early option 'mem'"), "%s", kmm_dmesg());
	cr_assert_eq(max_pfn, 0x7fff0UL, "max_pfn %#lx (ACPI data counts, as in Linux)", max_pfn);
}

Test(boot_params, unknown_parameters_are_listed)
{
	boot_ok(GiB, "foo bar=1 mem=1G BOOT_IMAGE=/vmlinuz mod.param=2");
	cr_assert(dmesg_has_line(kmm_dmesg(),
		"Unknown kernel command line parameters \"foo bar=1\", will be passed to user space."),
		"%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(),
		"Kernel command line: foo bar=1 mem=1G BOOT_IMAGE=/vmlinuz mod.param=2"));
}

Test(boot_params, numa_fake_splits_memory)
{
	unsigned long s, e, per_node[4] = { 0 };
	int i, nid;

	boot_ok(8 * GiB, "numa=fake=4");
	cr_assert_eq(nr_online_nodes, 4);
	for (int n = 0; n < 4; n++) {
		char want[32];

		snprintf(want, sizeof(want), "Faking node %d at", n);
		cr_assert(dmesg_has(kmm_dmesg(), want), "%s", kmm_dmesg());
		snprintf(want, sizeof(want), "NODE_DATA(%d) allocated", n);
		cr_assert(dmesg_has(kmm_dmesg(), want));
		cr_assert(NODE_DATA(n));
		cr_assert_eq(NODE_DATA(n)->node_id, n);
	}
	for_each_mem_pfn_range(i, MAX_NUMNODES, &s, &e, &nid) {
		cr_assert(nid >= 0 && nid < 4);
		per_node[nid] += e - s;
	}
	/* each node holds about a quarter of the memory (32 MiB granules) */
	for (int n = 0; n < 4; n++)
		cr_assert_gt(per_node[n], (2 * GiB - 64 * MiB) >> PAGE_SHIFT, "node %d: %lu pages", n, per_node[n]);
	cr_assert_eq(per_node[0] + per_node[1] + per_node[2] + per_node[3], get_num_physpages());
}

Test(boot_params, numa_fake_too_large_is_reduced)
{
	boot_ok(8 * GiB, "numa=fake=100");
	cr_assert(dmesg_has_line(kmm_dmesg(), "numa=fake=100 too large, reducing to 64"), "%s", kmm_dmesg());
	cr_assert_leq(nr_online_nodes, 64);
}

Test(boot_params, nr_cpus_limits_cpus)
{
	struct kmm_config cfg = { .ram_bytes = GiB, .nr_cpus = 4 };

	cr_assert_eq(kmm_boot(&cfg, "nr_cpus=3"), 0);
	cr_assert_eq(nr_cpu_ids, 3);
	cr_assert(dmesg_has(kmm_dmesg(), "nr_cpu_ids:3 "));
	cr_assert_lt(smp_processor_id(), 3);
}

Test(boot_params, memblock_debug_prints_calls_and_dump)
{
	boot_ok(GiB, "memblock=debug");
	cr_assert(dmesg_has(kmm_dmesg(), "memblock_reserve: [0x"), "%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(), "MEMBLOCK configuration:"));
	cr_assert(dmesg_has(kmm_dmesg(), " memory.cnt  = 0x"));
}

static char console_text[1 << 16];
static size_t console_len;

static void capture(const char *text, size_t len)
{
	if (console_len + len < sizeof(console_text)) {
		memcpy(console_text + console_len, text, len);
		console_len += len;
		console_text[console_len] = '\0';
	}
}

Test(boot_params, loglevel_8_replays_early_lines_on_console)
{
	kmm_set_console(capture);
	boot_ok(GiB, "loglevel=8");
	cr_assert(strstr(console_text, "BIOS-provided physical RAM map:"), "%s", console_text);
	cr_assert(strstr(console_text, "Zone ranges:"));
}

Test(boot_params, default_console_is_quiet)
{
	kmm_set_console(capture);
	boot_ok(GiB, "");
	cr_assert_eq(console_len, 0, "console got: %s", console_text);
}

Test(boot_errors, e820_text_without_map_is_rejected)
{
	struct kmm_config cfg = { .e820 = "hello\nworld\n", .e820_name = "junk.txt" };

	cr_assert_eq(kmm_boot(&cfg, ""), -EINVAL);
	cr_assert(dmesg_has(kmm_dmesg(), "junk.txt"), "%s", kmm_dmesg());
	cr_assert_not(kmm_is_booted());
	boot_ok(GiB, "");	/* nothing was left behind */
}

Test(boot_errors, too_little_ram_is_rejected)
{
	struct kmm_config cfg = { .ram_bytes = 16 * MiB };

	cr_assert_eq(kmm_boot(&cfg, ""), -EINVAL);
	cr_assert_not(kmm_is_booted());
}

Test(boot_errors, too_many_nodes_is_rejected)
{
	struct kmm_config cfg = { .ram_bytes = GiB, .nr_nodes = MAX_NUMNODES + 1 };

	cr_assert_eq(kmm_boot(&cfg, ""), -EINVAL);
	cr_assert(dmesg_has(kmm_dmesg(), "NUMA nodes requested"));
}

Test(boot_errors, overlong_command_line_is_rejected)
{
	char *line = malloc(COMMAND_LINE_SIZE + 10);

	memset(line, 'a', COMMAND_LINE_SIZE + 9);
	line[COMMAND_LINE_SIZE + 9] = '\0';
	cr_assert_eq(kmm_boot(NULL, line), -E2BIG);
	cr_assert(dmesg_has(kmm_dmesg(), "command line is"));
	free(line);
	boot_ok(GiB, "");
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static int count_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0, c;

	while (f && (c = fgetc(f)) != EOF)
		n += c == '\n';
	if (f)
		fclose(f);
	return n;
}

/* Many machines in one process: every halt gives everything back. */
Test(boot_lifecycle, hundred_boots_leave_nothing_behind)
{
	int fds, maps;

	boot_ok(GiB, "pf_buf_len=64M numa=fake=2");
	kmm_halt();
	fds = count_fds();
	maps = count_maps();
	for (int i = 0; i < 100; i++) {
		struct kmm_config cfg = { .ram_bytes = (i % 2 ? 64 : 1) * GiB, .nr_nodes = 1 + i % 3 };

		cr_assert_eq(kmm_boot(&cfg, i % 5 ? "pf_buf_len=64M" : "memblock=debug"), 0);
		cr_assert(memblock_is_valid());
		kmm_halt();
		cr_assert_eq(memblock.memory.cnt, 0);
		cr_assert_eq(memblock.reserved.cnt, 0);
	}
	cr_assert_eq(count_fds(), fds);
#ifndef __SANITIZE_ADDRESS__	/* ASan's own allocator maps memory as it grows */
	cr_assert_eq(count_maps(), maps);
#else
	(void)maps;
#endif
}

Test(boot_lifecycle, one_terabyte_machine_boots)
{
	boot_ok(1ULL << 40, "");
	cr_assert(dmesg_has(kmm_dmesg(), "Normal   [mem 0x0000000100000000-0x000001003fffffff]"), "%s", kmm_dmesg());
}
