// SPDX-License-Identifier: MIT
/*
 * tests/test_boot_realdmesg.c - boot the memory maps of real machines and
 * compare kmm's lines with what their kernels printed.
 *
 * Each tests/data/dmesg/NAME.dmesg holds a real boot log's BIOS-e820 map
 * (and SRAT lines when the machine had NUMA) with the lines Linux printed
 * from it. kmm boots that map, and the lines that depend only on the map
 * must match the real ones exactly: the zone ranges (DMA, DMA32, Normal),
 * every "node N: [mem ...]" of Early memory node ranges, every "Initmem
 * setup node N" line, every "On node N, zone X: K pages in unavailable
 * ranges" line, and y of "Memory: xK/yK" (present pages). x depends on the
 * kernel's own size and on what it reserved, so it is not compared.
 *
 * "Built N zonelists, ... Total pages: T" is compared only for kernels
 * that count T as 6.12 does (managed pages still equal to present pages
 * when the zonelists are built: 6.11 and later); older kernels printed the
 * pages above the high watermark after an estimate of the memmap.
 * The same comparison runs through the library and through `kmm boot
 * --e820 FILE`.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/kmm.h>
#include "helpers/dmesg_lines.h"

static const char *const compared[] = {
	"  DMA      ", "  DMA32    ", "  Normal   ", "  node ", "Initmem setup node",
	"On node ", NULL,
};

/* The same, and the zonelist line, for kernels that count as 6.12. */
static const char *const compared_modern[] = {
	"  DMA      ", "  DMA32    ", "  Normal   ", "  node ", "Initmem setup node",
	"On node ", "Built ", NULL,
};

/* Criterion passes parameters by copy to a new process: no pointers. */
struct machine {
	char name[64];
	bool modern;	/* 6.11 or later: "Built ... Total pages" as 6.12 */
};

static struct machine machines[] = {
	{ "kvm-24g-6.18", true }, { "lenovo-thinkpad-20rd-8g-6.2", false },
	{ "dell-r730-2node-32g-5.15", false },
	{ "asus-z10pe-d16-memoryless-node1-16g-5.19", false }, { "qemu-i440fx-2g-6.1", false },
};

static char *load(const char *name)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/dmesg/%s.dmesg", KMM_TEST_DATA, name);
	text = read_file(path);
	cr_assert(text, "cannot read %s", path);
	return text;
}

static unsigned long memory_y(const char *log)
{
	const char *m = strstr(log, "] Memory: ");
	unsigned long x, y;

	cr_assert(m, "no Memory: line");
	m += 2;
	cr_assert_eq(sscanf(m, "Memory: %luK/%luK", &x, &y), 2);
	return y;
}

static void compare(const struct machine *m, const char *real, const char *ours)
{
	static char want[16384], got[16384];
	const char *const *prefixes = m->modern ? compared_modern : compared;
	const char *name = m->name;
	int nwant = dmesg_collect(real, prefixes, want, sizeof(want));
	int ngot = dmesg_collect(ours, prefixes, got, sizeof(got));

	cr_assert_gt(nwant, 3, "%s: the real log has too few lines to compare", name);
	cr_assert_str_eq(got, want, "%s: kmm printed (%d lines):\n%s\nthe real kernel (%d lines):\n%s",
			 name, ngot, got, nwant, want);
	cr_assert_eq(memory_y(ours), memory_y(real), "%s: present pages differ", name);
}

ParameterizedTestParameters(realdmesg, library_matches_real_kernel)
{
	return cr_make_param_array(struct machine, machines, sizeof(machines) / sizeof(machines[0]));
}

ParameterizedTest(struct machine *m, realdmesg, library_matches_real_kernel)
{
	const char *name = m->name;
	char *text = load(name);
	struct kmm_config cfg = { .e820 = text, .e820_name = name };
	int err = kmm_boot(&cfg, "");

	cr_assert_eq(err, 0, "%s did not boot:\n%s", name, kmm_dmesg());
	compare(m, text, kmm_dmesg());
	cr_assert(memblock_is_valid());
	kmm_halt();
	free(text);
}

ParameterizedTestParameters(realdmesg, kmm_boot_command_matches_real_kernel)
{
	return cr_make_param_array(struct machine, machines, sizeof(machines) / sizeof(machines[0]));
}

ParameterizedTest(struct machine *m, realdmesg, kmm_boot_command_matches_real_kernel)
{
	const char *name = m->name;
	char *text = load(name);
	char cmd[1024];
	static char out[1 << 20];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s boot --e820 %s/dmesg/%s.dmesg", KMM_BIN, KMM_TEST_DATA, name);
	p = popen(cmd, "r");
	cr_assert(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	cr_assert_eq(pclose(p), 0, "%s failed:\n%s", cmd, out);
	compare(m, text, out);
	free(text);
}

/* The NUMA machines keep their firmware's nodes. */
Test(realdmesg, two_node_server_keeps_its_nodes)
{
	char *text = load("dell-r730-2node-32g-5.15");
	struct kmm_config cfg = { .e820 = text };

	cr_assert_eq(kmm_boot(&cfg, ""), 0, "%s", kmm_dmesg());
	cr_assert_eq(nr_online_nodes, 2);
	cr_assert(dmesg_has_line(kmm_dmesg(), "ACPI: SRAT: Node 1 PXM 1 [mem 0x480000000-0x87fffffff]"),
		  "%s", kmm_dmesg());
	cr_assert(dmesg_has(kmm_dmesg(), "NODE_DATA(1) allocated [mem 0x87"));
	free(text);
}

Test(realdmesg, memoryless_node_is_reported)
{
	char *text = load("asus-z10pe-d16-memoryless-node1-16g-5.19");
	struct kmm_config cfg = { .e820 = text };

	cr_assert_eq(kmm_boot(&cfg, ""), 0, "%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(), "Initmem setup node 1 as memoryless"), "%s", kmm_dmesg());
	cr_assert(dmesg_has_line(kmm_dmesg(),
		"NUMA: Node 0 [mem 0x00000000-0x7fffffff] + [mem 0x100000000-0x47fffffff] -> [mem 0x00000000-0x47fffffff]"),
		"%s", kmm_dmesg());
	free(text);
}

/* numa=fake overrides the firmware's description, as on Linux. */
Test(realdmesg, numa_fake_overrides_srat)
{
	char *text = load("dell-r730-2node-32g-5.15");
	struct kmm_config cfg = { .e820 = text };

	cr_assert_eq(kmm_boot(&cfg, "numa=fake=4"), 0, "%s", kmm_dmesg());
	cr_assert_eq(nr_online_nodes, 4);
	free(text);
}
