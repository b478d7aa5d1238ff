// SPDX-License-Identifier: MIT
/*
 * fuzz/fuzz_cmdline.c - arbitrary bytes as a kernel command line.
 *
 * The input, cut at its first NUL and at COMMAND_LINE_SIZE - 1 bytes, goes
 * through everything that reads a command line:
 *
 *   1. parse_early_options() on a copy (every early_param handler linked
 *      in: debug, quiet, loglevel=, and those of later layers);
 *   2. parse_args() with a handler that checks each word lies inside the
 *      buffer (param before val, both NUL-terminated inside it), and feeds
 *      every value to memparse(), get_option(), get_options() (also in
 *      validate mode), the kstrto*() family and kstrtobool(), checking
 *      that every end pointer stays inside its string;
 *   3. parse_early_param() and parse_late_params() on boot_command_line
 *      (the __setup handlers and the "Unknown kernel command line
 *      parameters" report).
 *
 * After each input the log must still be well-formed: every line starts
 * with a stamp. Anything wrong calls abort(), which libFuzzer reports.
 * No machine is booted; the log is cleared for each input, and the
 * console goes nowhere (loglevel=8 would otherwise flood stderr).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/init.h>
#include <kmm/printk.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* The buffer parse_args() is cutting up, for the bounds checks. */
struct bounds {
	const char *start;
	const char *end;	/* the terminating NUL of the original line */
};

static bool inside(const struct bounds *b, const char *p)
{
	return p >= b->start && p <= b->end;
}

/* @end must lie in [s, s + strlen(s)]. */
static void check_end(const char *s, const char *end)
{
	CHECK(end >= s && end <= s + strlen(s));
}

static void fuzz_numbers(const char *val)
{
	char *end, *p = (char *)val;
	int ints[8], v, rc;
	unsigned long long ull;
	long long ll;
	unsigned int ui;
	bool b;

	memparse(val, &end);
	check_end(val, end);
	for (int guard = 0; guard < 64 && (rc = get_option(&p, &v)) != 0; guard++) {
		CHECK(rc >= 1 && rc <= 3);
		check_end(val, p);
		if (rc != 2)
			break;
	}
	end = get_options(val, 8, ints);
	check_end(val, end);
	CHECK(ints[0] >= 0);
	end = get_options(val, 0, ints);
	check_end(val, end);
	CHECK(ints[0] >= 0);
	simple_strtoull(val, &end, 0);
	check_end(val, end);
	simple_strtoll(val, &end, 16);
	check_end(val, end);
	rc = kstrtoull(val, 0, &ull);
	CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	rc = kstrtoll(val, 10, &ll);
	CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	rc = kstrtoint(val, 0, &v);
	CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	rc = kstrtouint(val, 8, &ui);
	CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	rc = kstrtobool(val, &b);
	CHECK(rc == 0 || rc == -EINVAL);
}

static int check_word(char *param, char *val, const char *doing, void *arg)
{
	const struct bounds *b = arg;
	size_t plen = strlen(param);

	CHECK(inside(b, param) && inside(b, param + plen));
	if (val) {
		CHECK(val > param + plen && inside(b, val + strlen(val)));
		fuzz_numbers(val);
	}
	fuzz_numbers(param);
	(void)parameq(param, "mem");
	return 0;
}

/* Every line of the log starts with "[" and ends with a newline. */
static void check_log(void)
{
	const char *log = kmm_dmesg();

	for (const char *p = log; *p; ) {
		const char *nl = strchr(p, '\n');

		CHECK(p[0] == '[');
		if (!nl)
			break;	/* an open line at the very end */
		p = nl + 1;
	}
}

static void discard(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kmm_set_console(discard);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[COMMAND_LINE_SIZE], copy[COMMAND_LINE_SIZE];
	size_t n = size < COMMAND_LINE_SIZE - 1 ? size : COMMAND_LINE_SIZE - 1;
	struct bounds b = { copy, NULL };
	char *rest;
	int rc;

	memcpy(line, data, n);
	line[n] = '\0';
	kmm_dmesg_clear();
	console_loglevel = CONSOLE_LOGLEVEL_QUIET;

	strcpy(copy, line);
	parse_early_options(copy);

	strcpy(copy, line);
	b.end = copy + strlen(copy);
	rest = parse_args("fuzz", copy, &b, check_word);
	CHECK(!rest || inside(&b, rest));

	strcpy(boot_command_line, line);
	parse_early_param();
	rc = parse_late_params();
	CHECK(rc == 0 || rc == -E2BIG);
	CHECK(strcmp(boot_command_line, line) == 0);
	check_log();
	return 0;
}
