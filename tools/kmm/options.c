// SPDX-License-Identifier: MIT
/*
 * tools/kmm/options.c - the options every machine-booting command takes:
 *   --ram SIZE      RAM of the default PC-like map (K M G T suffixes)
 *   --e820 FILE|-   a real machine's dmesg (its BIOS-e820 lines), or stdin
 *   --nodes N       NUMA nodes (as numa=fake=N)
 *   --cpus N        virtual CPUs
 *   [--] words      the kernel command line
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kmm_tool.h"

void machine_usage(FILE *f, const char *cmd, const char *what)
{
	fprintf(f, "usage: kmm %s [--ram SIZE] [--e820 FILE|-] [--nodes N] [--cpus N] [--] [kernel command line...]\n\n"
		   "%s\n\n"
		   "  --ram SIZE     RAM of the default PC-like machine (default 4G; suffixes K M G T)\n"
		   "  --e820 FILE    boot with the BIOS-e820 map found in FILE (a dmesg); '-' reads stdin\n"
		   "  --nodes N      NUMA nodes (1..%d), as numa=fake=N\n"
		   "  --cpus N       virtual CPUs (1..%d; default: the host's)\n"
		   "  -h, --help     this help\n\n"
		   "Example: kmm %s --ram 2G pf_buf_len=512M@0 memblock=debug\n",
		cmd, what, MAX_NUMNODES, NR_CPUS, cmd);
}

static char *read_stream(FILE *f)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap);

	while (buf) {
		size_t n = fread(buf + len, 1, cap - len - 1, f);

		len += n;
		if (n == 0)
			break;
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

static int read_e820(struct machine_opts *o, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;

	if (!f) {
		fprintf(stderr, "kmm: cannot open '%s': %s\n", path, strerror(errno));
		return KMM_EXIT_USAGE;
	}
	free(o->e820_text);
	o->e820_text = read_stream(f);
	if (f != stdin)
		fclose(f);
	if (!o->e820_text) {
		fprintf(stderr, "kmm: cannot read '%s'\n", path);
		return KMM_EXIT_USAGE;
	}
	o->cfg.e820 = o->e820_text;
	o->cfg.e820_name = strcmp(path, "-") ? path : "<stdin>";
	return 0;
}

static int parse_size(const char *cmd, const char *arg, unsigned long long *out)
{
	char *end;
	unsigned long long v = memparse(arg, &end);

	if (end == arg || *end || v == 0) {
		fprintf(stderr, "kmm %s: --ram '%s' is not a size (examples: 512M, 4G, 1T)\n",
			cmd, arg);
		return KMM_EXIT_USAGE;
	}
	*out = v;
	return 0;
}

static int parse_count(const char *cmd, const char *opt, const char *arg, int max, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end || v < 1 || v > max) {
		fprintf(stderr, "kmm %s: %s '%s' must be a number from 1 to %d\n", cmd, opt,
			arg, max);
		return KMM_EXIT_USAGE;
	}
	*out = (int)v;
	return 0;
}

static int append_word(struct machine_opts *o, const char *cmd, const char *w)
{
	size_t len = strlen(o->cmdline), n = strlen(w);

	if (len + n + 2 > sizeof(o->cmdline)) {
		fprintf(stderr, "kmm %s: the kernel command line is longer than %d bytes\n",
			cmd, COMMAND_LINE_SIZE - 1);
		return KMM_EXIT_USAGE;
	}
	if (len)
		o->cmdline[len++] = ' ';
	memcpy(o->cmdline + len, w, n + 1);
	return 0;
}

/* One option at argv[*i]; Return: 0, or KMM_EXIT_USAGE. */
static int parse_one(struct machine_opts *o, const char *cmd, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;

	if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
		o->help = true;
		return 0;
	}
	if (strcmp(a, "--ram") && strcmp(a, "--e820") && strcmp(a, "--nodes") &&
	    strcmp(a, "--cpus")) {
		fprintf(stderr, "kmm %s: unknown option '%s'\n", cmd, a);
		return KMM_EXIT_USAGE;
	}
	if (!v) {
		fprintf(stderr, "kmm %s: %s needs a value\n", cmd, a);
		return KMM_EXIT_USAGE;
	}
	(*i)++;
	if (!strcmp(a, "--ram"))
		return parse_size(cmd, v, &o->cfg.ram_bytes);
	if (!strcmp(a, "--e820"))
		return read_e820(o, v);
	if (!strcmp(a, "--nodes"))
		return parse_count(cmd, a, v, MAX_NUMNODES, &o->cfg.nr_nodes);
	return parse_count(cmd, a, v, NR_CPUS, &o->cfg.nr_cpus);
}

int machine_opts_parse(struct machine_opts *o, const char *cmd, int argc, char **argv)
{
	bool words = false;
	int err = 0;

	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc && !err; i++) {
		if (!words && !strcmp(argv[i], "--"))
			words = true;
		else if (!words && argv[i][0] == '-' && argv[i][1])
			err = parse_one(o, cmd, argc, argv, &i);
		else
			err = append_word(o, cmd, argv[i]);
	}
	if (err) {
		fprintf(stderr, "Try 'kmm %s --help'.\n", cmd);
		machine_opts_free(o);
	}
	return err;
}

void machine_opts_free(struct machine_opts *o)
{
	free(o->e820_text);
	o->e820_text = NULL;
	o->cfg.e820 = NULL;
}

int machine_boot(struct machine_opts *o)
{
	int err = kmm_boot(&o->cfg, o->cmdline);

	if (err) {
		fputs(kmm_dmesg(), stderr);
		fprintf(stderr, "kmm: the machine did not boot: %s\n", strerror(-err));
	}
	return err;
}
