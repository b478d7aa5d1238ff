// SPDX-License-Identifier: MIT
/*
 * tools/kmm/cmd_stat.c - `kmm stat REPORT [--json] [machine options]`:
 * boot a machine and print one of the page allocator's /proc reports.
 *
 * 1. Reports. buddyinfo, pagetypeinfo, zoneinfo, meminfo, vmallocinfo
 *    (which a freshly booted machine has no area in yet) and slabinfo,
 *    each in the text of Linux 6.12's /proc file or, with --json, in the
 *    schema that kmm/vmstat.h (kmm/slabinfo.h) documents. `kmm stat slab
 *    NAME` prints what /sys/kernel/slab/NAME holds (no JSON). Every number comes from the freshly booted
 *    machine (src/mm/vmstat.c says where each one is read, and which
 *    fields are always 0 because kmm has nothing they could count).
 *
 * 2. Options. The report's name comes first; --json may stand anywhere
 *    before "--"; the rest are the machine options every booting command
 *    takes (options.c: --ram, --e820, --nodes, --cpus, kernel command
 *    line words). --help prints the usage and exits 0.
 *
 * 3. Exit codes: 0 printed, 1 the machine did not boot (its log goes to
 *    stderr), 2 bad usage (a message and a hint go to stderr).
 *
 * 4. Buffers. Each report is asked for its length with an empty buffer,
 *    then written into one of that size: nothing runs between the calls,
 *    so the machine cannot change in between.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmm_tool.h"

/* The reports by name: one table for the parser, the usage and the printer. */
static const struct stat_report {
	const char *name;
	size_t (*text)(char *buf, size_t size);
	size_t (*json)(char *buf, size_t size);
	const char *what;
} stat_reports[] = {
	{ "buddyinfo", kmm_report_buddyinfo, kmm_report_buddyinfo_json,
	  "free blocks per order, per zone (/proc/buddyinfo)" },
	{ "pagetypeinfo", kmm_report_pagetypeinfo, kmm_report_pagetypeinfo_json,
	  "free blocks per order and migratetype, pageblocks per type (/proc/pagetypeinfo)" },
	{ "zoneinfo", kmm_report_zoneinfo, kmm_report_zoneinfo_json,
	  "watermarks, counters and per-CPU lists of every zone (/proc/zoneinfo)" },
	{ "meminfo", kmm_report_meminfo, kmm_report_meminfo_json,
	  "the machine's memory in kB (/proc/meminfo)" },
	{ "vmallocinfo", kmm_report_vmallocinfo, kmm_report_vmallocinfo_json,
	  "the areas of the vmalloc space (/proc/vmallocinfo; empty after boot)" },
	{ "slabinfo", kmm_report_slabinfo, kmm_report_slabinfo_json,
	  "slab caches: objects, sizes, slabs (/proc/slabinfo)" },
	{ "slab", NULL, NULL,
	  "NAME: one slab cache's details (/sys/kernel/slab/NAME)" },
};

/* The cache `kmm stat slab NAME` shows. */
static const char *slab_name;

static size_t slab_sysfs_report(char *buf, size_t size)
{
	return kmm_report_slab_sysfs(slab_name, buf, size);
}

static void stat_usage(FILE *f)
{
	fprintf(f, "usage: kmm stat REPORT [--json] [--ram SIZE] [--e820 FILE|-] [--nodes N] "
		   "[--cpus N] [--] [kernel command line...]\n\n"
		   "Boot a simulated machine and print one of its /proc reports.\n\nreports:\n");
	for (size_t i = 0; i < sizeof(stat_reports) / sizeof(stat_reports[0]); i++)
		fprintf(f, "  %-13s %s\n", stat_reports[i].name, stat_reports[i].what);
	fprintf(f, "\n  --json         print the report as JSON (schemas in include/kmm/vmstat.h, vmalloc.h)\n\n"
		   "Machine options:\n"
		   "  --ram SIZE     RAM of the default PC-like machine (default 4G; suffixes K M G T)\n"
		   "  --e820 FILE    boot with the BIOS-e820 map found in FILE (a dmesg); '-' reads stdin\n"
		   "  --nodes N      NUMA nodes (1..%d), as numa=fake=N\n"
		   "  --cpus N       virtual CPUs (1..%d; default: the host's)\n"
		   "  -h, --help     this help\n\n"
		   "Example: kmm stat buddyinfo --ram 2G --nodes 2 pf_buf_len=512M@0\n",
		MAX_NUMNODES, NR_CPUS);
}

static int stat_usage_error(const char *fmt, const char *arg)
{
	fputs("kmm stat: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'kmm stat --help'.\n", stderr);
	return KMM_EXIT_USAGE;
}

static const struct stat_report *find_report(const char *name)
{
	for (size_t i = 0; i < sizeof(stat_reports) / sizeof(stat_reports[0]); i++)
		if (!strcmp(name, stat_reports[i].name))
			return &stat_reports[i];
	return NULL;
}

static bool is_help(const char *a)
{
	return !strcmp(a, "--help") || !strcmp(a, "-h");
}

/*
 * Take --json out of @argv (before any "--") into @json; @argv[0] stays.
 * Return: the new argc; @argv keeps its order.
 */
static int take_json_flag(int argc, char **argv, bool *json)
{
	int n = 1;
	bool words = false;

	for (int i = 1; i < argc; i++) {
		if (!words && !strcmp(argv[i], "--"))
			words = true;
		if (!words && !strcmp(argv[i], "--json")) {
			*json = true;
			continue;
		}
		argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

/* Render @rep of the booted machine to stdout. Return: an exit code. */
static int print_report(const struct stat_report *rep, bool json)
{
	size_t (*fn)(char *, size_t) = json ? rep->json : rep->text;
	size_t len, missing;
	char *text;

	if (!fn)
		fn = slab_sysfs_report;
	len = fn(NULL, 0);
	missing = !len && !rep->text;
	text = malloc(len + 1);
	if (missing) {
		free(text);
		fprintf(stderr, "kmm stat: no slab cache named '%s'\n", slab_name);
		return KMM_EXIT_FAIL;
	}

	if (!text) {
		fprintf(stderr, "kmm stat: out of memory for a %zu-byte report\n", len);
		return KMM_EXIT_FAIL;
	}
	fn(text, len + 1);
	fwrite(text, 1, len, stdout);
	free(text);
	return KMM_EXIT_OK;
}

static int stat_run(const struct stat_report *rep, bool json, struct machine_opts *o)
{
	int rc;

	if (machine_boot(o))
		return KMM_EXIT_FAIL;
	rc = print_report(rep, json);
	kmm_halt();
	return rc;
}

int cmd_stat(int argc, char **argv)
{
	const struct stat_report *rep;
	struct machine_opts o;
	bool json = false;
	int rc;

	if (argc < 2)
		return stat_usage_error("which report? (%s)",
					"buddyinfo|pagetypeinfo|zoneinfo|meminfo|vmallocinfo|slabinfo|slab NAME");
	if (is_help(argv[1])) {
		stat_usage(stdout);
		return KMM_EXIT_OK;
	}
	rep = find_report(argv[1]);
	if (!rep)
		return stat_usage_error("unknown report '%s' (buddyinfo, pagetypeinfo, zoneinfo, "
					"meminfo, vmallocinfo, slabinfo, slab NAME)", argv[1]);
	if (!rep->text) {
		if (argc < 3 || argv[2][0] == '-')
			return stat_usage_error("which cache? (%s)", "kmm stat slab NAME");
		slab_name = argv[2];
		argc--;
		argv++;
	}
	argc = take_json_flag(argc - 1, argv + 1, &json);
	if (json && !rep->text)
		return stat_usage_error("%s has no JSON form", "kmm stat slab");
	rc = machine_opts_parse(&o, "stat", argc, argv + 1);
	if (rc)
		return rc;
	if (o.help) {
		stat_usage(stdout);
		rc = KMM_EXIT_OK;
	} else {
		rc = stat_run(rep, json, &o);
	}
	machine_opts_free(&o);
	return rc;
}
