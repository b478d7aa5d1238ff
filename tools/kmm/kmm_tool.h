/* SPDX-License-Identifier: MIT */
/*
 * tools/kmm/kmm_tool.h - the kmm program: shared option parsing and the
 * commands (boot, memblock, demo, stat).
 */
#ifndef KMM_TOOL_H
#define KMM_TOOL_H

#include <stdio.h>
#include <kmm/kmm.h>

/* Exit codes: 0 ok, 1 the machine failed to boot, 2 bad usage. */
#define KMM_EXIT_OK	0
#define KMM_EXIT_FAIL	1
#define KMM_EXIT_USAGE	2

struct machine_opts {
	struct kmm_config cfg;
	char cmdline[COMMAND_LINE_SIZE];
	char *e820_text;	/* owned; freed by machine_opts_free() */
	bool help;
};

/* Parse [--ram SIZE] [--e820 FILE|-] [--nodes N] [--cpus N] [--] [cmdline...].
 * Return: 0, or KMM_EXIT_USAGE after printing what is wrong. */
int machine_opts_parse(struct machine_opts *o, const char *cmd, int argc, char **argv);
void machine_opts_free(struct machine_opts *o);
void machine_usage(FILE *f, const char *cmd, const char *what);
/* Boot the machine @o describes; prints the log to stderr on failure. */
int machine_boot(struct machine_opts *o);

int cmd_boot(int argc, char **argv);
int cmd_memblock(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_stat(int argc, char **argv);

#endif /* KMM_TOOL_H */
