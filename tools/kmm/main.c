// SPDX-License-Identifier: MIT
/*
 * tools/kmm/main.c - `kmm COMMAND [options]`: boot simulated machines and
 * show what the kernel's memory manager does on them.
 */
#include <stdio.h>
#include <string.h>

#include "kmm_tool.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "boot", cmd_boot, "print the boot log of a machine, as dmesg prints it" },
	{ "memblock", cmd_memblock, "print memblock's regions after boot (memblock_dump_all)" },
	{ "stat", cmd_stat, "print a /proc report: buddyinfo, pagetypeinfo, zoneinfo, meminfo" },
	{ "demo", cmd_demo, "boot a default machine and show the stack at work (the default)" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: kmm [COMMAND] [options] [--] [kernel command line...]\n\n"
		   "The Linux kernel's memory manager, in a process.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'kmm COMMAND --help' describes each command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cmd_demo(argc, argv);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return KMM_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "kmm: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return KMM_EXIT_USAGE;
}
