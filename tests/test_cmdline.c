// SPDX-License-Identifier: MIT
/*
 * tests/test_cmdline.c - lib/cmdline.c and lib/kstrtox.c, case by case.
 *
 * Every expectation here is what the kernel's own functions return for the
 * same input (lib/cmdline.c, lib/kstrtox.c, kernel/params.c of 6.12),
 * including their quirks: memparse() wraps on overflow, a lone suffix
 * letter is consumed, get_options() counts numbers of a range that did not
 * fit, next_arg() cannot escape a quote.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/printk.h>

/* ---- memparse --------------------------------------------------------- */

struct memparse_case {
	const char *in;
	unsigned long long val;
	size_t used;		/* characters consumed */
};

static const struct memparse_case memparse_cases[] = {
	{ "0", 0, 1 },
	{ "4096", 4096, 4 },
	{ "1k", 1ULL << 10, 2 },	{ "1K", 1ULL << 10, 2 },
	{ "1m", 1ULL << 20, 2 },	{ "1M", 1ULL << 20, 2 },
	{ "1g", 1ULL << 30, 2 },	{ "1G", 1ULL << 30, 2 },
	{ "1t", 1ULL << 40, 2 },	{ "1T", 1ULL << 40, 2 },
	{ "1p", 1ULL << 50, 2 },	{ "1P", 1ULL << 50, 2 },
	{ "1e", 1ULL << 60, 2 },	{ "1E", 1ULL << 60, 2 },
	{ "3G", 3ULL << 30, 2 },
	{ "512M@0", 512ULL << 20, 4 },	/* stops at the '@' */
	{ "64MB", 64ULL << 20, 3 },	/* one suffix only */
	{ "0x1000", 0x1000, 6 },
	{ "0X1000", 0x1000, 6 },
	{ "0x10M", 16ULL << 20, 5 },
	{ "0x1e", 0x1e, 4 },		/* 'e' is a hex digit, not exa */
	{ "0x1eE", 0x1ee, 5 },		/* so is E */
	{ "0x1eP", 0x1eULL << 50, 5 },
	{ "010", 8, 3 },		/* octal */
	{ "010k", 8ULL << 10, 4 },
	{ "08", 0, 1 },			/* octal stops at 8 */
	{ "0x", 0, 1 },			/* "0" in octal, 'x' left over */
	{ "0xg", 0, 1 },
	{ "12abc", 12, 2 },
	{ "", 0, 0 },			/* no number: nothing consumed */
	{ "abc", 0, 0 },
	{ "-1", 0, 0 },			/* no sign accepted */
	{ " 1", 0, 0 },			/* no leading space skipped */
	{ "K", 0, 1 },			/* kernel quirk: the suffix alone is eaten */
	/* Overflow wraps modulo 2^64, as the kernel's shifts and multiply. */
	{ "16E", 0, 3 },
	{ "17E", 1ULL << 60, 3 },
	{ "0xffffffffffffffffk", 0xfffffffffffffc00ULL, 19 },
	{ "18446744073709551615", ~0ULL, 20 },
	{ "18446744073709551616", 0, 20 },
	{ "99999999999999999999", 7766279631452241919ULL, 20 },
};

Test(memparse, table)
{
	for (size_t i = 0; i < ARRAY_SIZE(memparse_cases); i++) {
		const struct memparse_case *c = &memparse_cases[i];
		char *end = NULL;
		unsigned long long v = memparse(c->in, &end);

		cr_expect_eq(v, c->val, "memparse(\"%s\") = %llu, want %llu",
			     c->in, v, c->val);
		cr_expect_eq((size_t)(end - c->in), c->used,
			     "memparse(\"%s\") used %zu, want %zu", c->in,
			     (size_t)(end - c->in), c->used);
	}
}

Test(memparse, null_retptr)
{
	cr_assert_eq(memparse("2M", NULL), 2ULL << 20);
}

Test(memparse, no_number_leaves_retptr)
{
	const char *s = "foo";
	char *end;

	cr_assert_eq(memparse(s, &end), 0);
	cr_assert_eq(end, s);
}

/* ---- get_option / get_options ----------------------------------------- */

static int opt(const char *in, int *val, const char **rest)
{
	static char buf[64];
	char *p = buf;
	int rc;

	strcpy(buf, in);
	*val = 12345;
	rc = get_option(&p, val);
	*rest = in + (p - buf);
	return rc;
}

Test(get_option, return_codes)
{
	const char *rest;
	int v;

	cr_expect_eq(opt("", &v, &rest), 0);
	cr_expect_eq(v, 12345, "nothing parsed, nothing stored");
	cr_expect_eq(opt("42", &v, &rest), 1);
	cr_expect_eq(v, 42);
	cr_expect_str_eq(rest, "");
	cr_expect_eq(opt("42,43", &v, &rest), 2);
	cr_expect_eq(v, 42);
	cr_expect_str_eq(rest, "43", "the comma is consumed");
	cr_expect_eq(opt("4-7", &v, &rest), 3);
	cr_expect_eq(v, 4);
	cr_expect_str_eq(rest, "-7", "the hyphen is left for get_options");
	cr_expect_eq(opt("7x", &v, &rest), 1);
	cr_expect_str_eq(rest, "x");
}

Test(get_option, no_integer)
{
	const char *rest;
	int v;

	cr_expect_eq(opt("abc", &v, &rest), 0);
	cr_expect_eq(v, 0, "the kernel stores the (zero) value anyway");
	cr_expect_str_eq(rest, "abc");
	cr_expect_eq(opt(",1", &v, &rest), 0);
	/* A leading hyphen without digits is consumed. */
	cr_expect_eq(opt("-", &v, &rest), 0);
	cr_expect_str_eq(rest, "");
	cr_expect_eq(opt("-x", &v, &rest), 0);
	cr_expect_str_eq(rest, "x");
}

Test(get_option, values)
{
	const char *rest;
	int v;

	cr_expect_eq(opt("-5", &v, &rest), 1);
	cr_expect_eq(v, -5);
	cr_expect_eq(opt("0x10,", &v, &rest), 2);
	cr_expect_eq(v, 16);
	cr_expect_eq(opt("010", &v, &rest), 1);
	cr_expect_eq(v, 8);
	cr_expect_eq(opt("2147483647", &v, &rest), 1);
	cr_expect_eq(v, INT_MAX);
	cr_expect_eq(opt("-2147483648", &v, &rest), 1);
	cr_expect_eq(v, INT_MIN);
	/* Truncated to int, as the kernel's assignment does. */
	cr_expect_eq(opt("4294967297", &v, &rest), 1);
	cr_expect_eq(v, 1);
	cr_expect_eq(opt("--1", &v, &rest), 0, "a second hyphen is no digit");
}

Test(get_option, null_pint_validates)
{
	char buf[] = "3,4";
	char *p = buf;

	cr_assert_eq(get_option(&p, NULL), 2);
	cr_assert_eq(get_option(&p, NULL), 1);
	cr_assert_eq(get_option(&p, NULL), 0);
}

static void expect_ints(const int *ints, const int *want, int n)
{
	cr_assert_eq(ints[0], n, "count %d, want %d", ints[0], n);
	for (int i = 0; i < n; i++)
		cr_expect_eq(ints[i + 1], want[i], "ints[%d] = %d, want %d",
			     i + 1, ints[i + 1], want[i]);
}

Test(get_options, list)
{
	int ints[10];
	char *end = get_options("1,2,3", 10, ints);

	expect_ints(ints, (int[]){ 1, 2, 3 }, 3);
	cr_expect_str_eq(end, "");
}

Test(get_options, array_full)
{
	int ints[3];	/* the count and two numbers */
	char *end = get_options("1,2,3,4,5", 3, ints);

	expect_ints(ints, (int[]){ 1, 2 }, 2);
	cr_expect_str_eq(end, "3,4,5");
}

Test(get_options, stops_at_garbage)
{
	int ints[10];

	cr_expect_str_eq(get_options("1,abc", 10, ints), "abc");
	expect_ints(ints, (int[]){ 1 }, 1);
	cr_expect_str_eq(get_options("1,", 10, ints), "");
	expect_ints(ints, (int[]){ 1 }, 1);
	cr_expect_str_eq(get_options("", 10, ints), "");
	cr_expect_eq(ints[0], 0);
	cr_expect_str_eq(get_options("7 8", 10, ints), " 8");
	expect_ints(ints, (int[]){ 7 }, 1);
}

Test(get_options, ranges)
{
	int ints[16];

	get_options("1-4,7", 16, ints);
	expect_ints(ints, (int[]){ 1, 2, 3, 4, 7 }, 5);
	get_options("0,5-5,9", 16, ints);
	expect_ints(ints, (int[]){ 0, 5, 9 }, 3);
	get_options("-2-1", 16, ints);
	expect_ints(ints, (int[]){ -2, -1, 0, 1 }, 4);
}

Test(get_options, range_backwards_ends_list)
{
	int ints[16];

	get_options("3,9-4,1", 16, ints);
	cr_expect_eq(ints[0], 1, "a backwards range stops the list");
	cr_expect_eq(ints[1], 3);
}

/* The kernel counts the whole range even when the array holds less. */
Test(get_options, range_beyond_array)
{
	int ints[3] = { -1, -1, -1 };
	char *end = get_options("1-100", 3, ints);

	cr_expect_eq(ints[0], 99, "the loop ends before the upper bound is read");
	cr_expect_eq(ints[1], 1);
	cr_expect_eq(ints[2], 2);
	cr_expect_str_eq(end, "100", "the upper bound is not consumed");
}

Test(get_options, validate_only)
{
	int ints[1] = { -1 };

	get_options("1,2,5-8", 0, ints);
	cr_expect_eq(ints[0], 6);
	get_options("1,2,5-8", 0, NULL);	/* kmm: NULL allowed */
	/* A huge range saturates the count instead of wrapping. */
	get_options("0-2147483647,0-2147483647", 0, ints);
	cr_expect_eq(ints[0], INT_MAX);
	get_options("-2147483648-2147483647", 0, ints);
	cr_expect_eq(ints[0], 0, "span wraps negative in int: not a range");
}

/* ---- next_arg, parameq ------------------------------------------------ */

struct word {
	const char *param;
	const char *val;	/* NULL: no '=' */
};

/* Split @line with next_arg() and compare with @want (NULL-terminated). */
static void expect_words(const char *line, const struct word *want)
{
	char buf[256];
	char *args = skip_spaces(strcpy(buf, line));
	int n = 0;

	while (*args) {
		char *param, *val;

		args = next_arg(args, &param, &val);
		cr_assert(want[n].param, "\"%s\": extra word \"%s\"", line, param);
		cr_expect_str_eq(param, want[n].param, "\"%s\" word %d", line, n);
		if (want[n].val)
			cr_expect(val && strcmp(val, want[n].val) == 0,
				  "\"%s\": %s = \"%s\", want \"%s\"", line,
				  param, val ? val : "(NULL)", want[n].val);
		else
			cr_expect_null(val, "\"%s\": %s has a value", line, param);
		n++;
	}
	cr_expect_null(want[n].param, "\"%s\": only %d words", line, n);
}

Test(next_arg, plain_words)
{
	expect_words("foo bar=1", (struct word[]){
		{ "foo", NULL }, { "bar", "1" }, { NULL, NULL } });
	expect_words("  a=b=c \t\n d  ", (struct word[]){
		{ "a", "b=c" }, { "d", NULL }, { NULL, NULL } });
	expect_words("x\ty\nz\rw\fv\vu", (struct word[]){
		{ "x", NULL }, { "y", NULL }, { "z", NULL }, { "w", NULL },
		{ "v", NULL }, { "u", NULL }, { NULL, NULL } });
}

Test(next_arg, empty_value_and_dashes)
{
	expect_words("a= b", (struct word[]){
		{ "a", "" }, { "b", NULL }, { NULL, NULL } });
	expect_words("-- init args", (struct word[]){
		{ "--", NULL }, { "init", NULL }, { "args", NULL }, { NULL, NULL } });
	/* An '=' in the first position does not count as the separator. */
	expect_words("=x =a=b", (struct word[]){
		{ "=x", NULL }, { "=a", "b" }, { NULL, NULL } });
}

Test(next_arg, quoted_value)
{
	expect_words("param=\"a b\" next", (struct word[]){
		{ "param", "a b" }, { "next", NULL }, { NULL, NULL } });
	expect_words("a=\"\" b", (struct word[]){
		{ "a", "" }, { "b", NULL }, { NULL, NULL } });
}

Test(next_arg, fully_quoted_word)
{
	expect_words("\"param=a b\" next", (struct word[]){
		{ "param", "a b" }, { "next", NULL }, { NULL, NULL } });
	expect_words("\"a b\"", (struct word[]){
		{ "a b", NULL }, { NULL, NULL } });
}

Test(next_arg, odd_quotes)
{
	/* Quotes inside a word only toggle; no escapes exist. */
	expect_words("a=\"b\"c d", (struct word[]){
		{ "a", "b\"c" }, { "d", NULL }, { NULL, NULL } });
	/* An unterminated quote runs to the end of the line. */
	expect_words("a=\"b c", (struct word[]){
		{ "a", "b c" }, { NULL, NULL } });
	expect_words("x=1\"2 3\"4 y", (struct word[]){
		{ "x", "1\"2 3\"4" }, { "y", NULL }, { NULL, NULL } });
}

Test(parameq, dash_equals_underscore)
{
	cr_expect(parameq("foo-bar", "foo_bar"));
	cr_expect(parameq("foo_bar", "foo-bar"));
	cr_expect(parameq("a-b_c", "a_b-c"));
	cr_expect_not(parameq("foo", "foobar"));
	cr_expect_not(parameq("foobar", "foo"));
	cr_expect_not(parameq("Foo", "foo"), "case matters");
	cr_expect(parameqn("foo-x", "foo_y", 4));
	cr_expect_not(parameqn("foo-x", "foo_y", 5));
	cr_expect(parameqn("abc", "xyz", 0));
}

Test(skip_spaces, all_kinds)
{
	cr_expect_str_eq(skip_spaces(" \t\n\r\f\vx "), "x ");
	cr_expect_str_eq(skip_spaces(""), "");
}

/* ---- parse_args ------------------------------------------------------- */

struct seen {
	char text[512];
	int ret;	/* what the handler returns */
};

static int record(char *param, char *val, const char *doing, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof(s->text) - len, "[%s|%s|%s]", doing,
		 param, val ? val : "NULL");
	return s->ret;
}

Test(parse_args, calls_handler_and_stops_at_dashes)
{
	char line[] = "  a=1 b \"c=x y\" -- init=1 two";
	struct seen s = { "", 0 };
	char *rest = parse_args("test", line, &s, record);

	cr_expect_str_eq(s.text, "[test|a|1][test|b|NULL][test|c|x y]");
	cr_assert_not_null(rest);
	cr_expect_str_eq(rest, "init=1 two");
}

Test(parse_args, no_dashes_returns_null)
{
	char line[] = "a --=1 b";	/* "--=1" has a value: not the end */
	struct seen s = { "", 0 };

	cr_expect_null(parse_args("test", line, &s, record));
	cr_expect_str_eq(s.text, "[test|a|NULL][test|--|1][test|b|NULL]");
}

Test(parse_args, trailing_dashes)
{
	char line[] = "a --";
	struct seen s = { "", 0 };
	char *rest = parse_args("test", line, &s, record);

	cr_assert_not_null(rest);
	cr_expect_str_eq(rest, "");
}

Test(parse_args, error_messages)
{
	char l1[] = "x=1", l2[] = "y=2", l3[] = "z", l4[] = "w=3";
	struct seen s = { "", -ENOENT };

	kmm_dmesg_clear();
	parse_args("Booting kernel", l1, &s, record);
	s.ret = -EINVAL;
	parse_args("Booting kernel", l2, &s, record);
	parse_args("Booting kernel", l3, &s, record);
	s.ret = -ENOSPC;
	parse_args("Booting kernel", l4, &s, record);
	cr_expect(strstr(kmm_dmesg(), "] Booting kernel: Unknown parameter `x'\n"));
	cr_expect(strstr(kmm_dmesg(), "] Booting kernel: `2' invalid for parameter `y'\n"));
	cr_expect(strstr(kmm_dmesg(), "] Booting kernel: `' invalid for parameter `z'\n"));
	cr_expect(strstr(kmm_dmesg(), "] Booting kernel: `3' too large for parameter `w'\n"));
}

Test(parse_args, null_handler_is_unknown)
{
	char line[] = "q";

	kmm_dmesg_clear();
	parse_args("early", line, NULL, NULL);
	cr_expect(strstr(kmm_dmesg(), "early: Unknown parameter `q'\n"));
}

/* ---- simple_strto* ---------------------------------------------------- */

Test(simple_strto, lenient)
{
	char *end;

	cr_expect_eq(simple_strtoul("123abc", &end, 10), 123);
	cr_expect_str_eq(end, "abc");
	cr_expect_eq(simple_strtoul("ff", &end, 16), 255);
	cr_expect_eq(simple_strtoul("0xff", &end, 16), 255);
	cr_expect_eq(simple_strtoul("0xg", &end, 16), 0);
	cr_expect_str_eq(end, "g", "base 16 skips \"0x\" even without digits");
	cr_expect_eq(simple_strtoul("0xg", &end, 0), 0);
	cr_expect_str_eq(end, "xg", "base 0: \"0x\" without a hex digit is octal 0");
	cr_expect_eq(simple_strtoul("777", NULL, 8), 0777);
	cr_expect_eq(simple_strtol("-42z", &end, 0), -42);
	cr_expect_str_eq(end, "z");
	cr_expect_eq(simple_strtoll("-9223372036854775808", NULL, 10), LLONG_MIN);
	cr_expect_eq(simple_strtoull("18446744073709551617", NULL, 10), 1,
		     "wraps modulo 2^64");
	cr_expect_eq(simple_strtoull("zz", &end, 36), 0, "no digit above f");
	cr_expect_str_eq(end, "zz");
}

/* ---- kstrto* ---------------------------------------------------------- */

struct kstrto_case {
	const char *in;
	unsigned int base;
	int rc;
	long long val;
};

static const struct kstrto_case kstrtoull_cases[] = {
	{ "0", 0, 0, 0 },
	{ "123", 10, 0, 123 },
	{ "123\n", 10, 0, 123 },	/* one newline allowed */
	{ "123\n\n", 10, -EINVAL, 0 },
	{ "123 ", 10, -EINVAL, 0 },
	{ " 123", 10, -EINVAL, 0 },
	{ "12a", 10, -EINVAL, 0 },
	{ "", 10, -EINVAL, 0 },
	{ "\n", 10, -EINVAL, 0 },
	{ "+5", 10, 0, 5 },
	{ "++5", 10, -EINVAL, 0 },
	{ "-5", 10, -EINVAL, 0 },
	{ "0x1f", 0, 0, 0x1f },
	{ "0X1F", 16, 0, 0x1f },
	{ "1f", 16, 0, 0x1f },
	{ "0x", 16, -EINVAL, 0 },
	{ "0x", 0, -EINVAL, 0 },
	{ "017", 0, 0, 017 },
	{ "08", 0, -EINVAL, 0 },
	{ "08", 10, 0, 8 },
	{ "777", 8, 0, 0777 },
	{ "101", 2, 0, 5 },
	{ "102", 2, -EINVAL, 0 },
	{ "18446744073709551615", 10, 0, -1 },	/* ULLONG_MAX */
	{ "18446744073709551616", 10, -ERANGE, 0 },
	{ "18446744073709551616x", 10, -ERANGE, 0 },	/* overflow wins */
	{ "0xffffffffffffffff", 0, 0, -1 },
	{ "0x10000000000000000", 0, -ERANGE, 0 },
};

Test(kstrtoull, table)
{
	for (size_t i = 0; i < ARRAY_SIZE(kstrtoull_cases); i++) {
		const struct kstrto_case *c = &kstrtoull_cases[i];
		unsigned long long v = 42;
		int rc = kstrtoull(c->in, c->base, &v);

		cr_expect_eq(rc, c->rc, "kstrtoull(\"%s\", %u) = %d, want %d",
			     c->in, c->base, rc, c->rc);
		cr_expect_eq(v, rc ? 42 : (unsigned long long)c->val,
			     "kstrtoull(\"%s\", %u) value %llu", c->in, c->base, v);
	}
}

static const struct kstrto_case kstrtoint_cases[] = {
	{ "2147483647", 10, 0, INT_MAX },
	{ "2147483648", 10, -ERANGE, 0 },
	{ "-2147483648", 10, 0, INT_MIN },
	{ "-2147483649", 10, -ERANGE, 0 },
	{ "+12", 10, 0, 12 },
	{ "-12\n", 10, 0, -12 },
	{ "-0", 10, 0, 0 },
	{ "-+5", 10, -EINVAL, 0 },
	{ "+-5", 10, -EINVAL, 0 },
	{ "--1", 10, -EINVAL, 0 },
	{ "-", 10, -EINVAL, 0 },
	{ "-0x10", 0, 0, -16 },
	{ "0x7fffffff", 0, 0, INT_MAX },
	{ "0x80000000", 0, -ERANGE, 0 },
	{ "99999999999999999999", 10, -ERANGE, 0 },
	{ "1.5", 10, -EINVAL, 0 },
};

Test(kstrtoint, limits)
{
	for (size_t i = 0; i < ARRAY_SIZE(kstrtoint_cases); i++) {
		const struct kstrto_case *c = &kstrtoint_cases[i];
		int v = 42;
		int rc = kstrtoint(c->in, c->base, &v);

		cr_expect_eq(rc, c->rc, "kstrtoint(\"%s\") = %d, want %d",
			     c->in, rc, c->rc);
		cr_expect_eq(v, rc ? 42 : (int)c->val, "kstrtoint(\"%s\") value %d",
			     c->in, v);
	}
}

Test(kstrtouint, limits)
{
	unsigned int v = 42;

	cr_expect_eq(kstrtouint("4294967295", 10, &v), 0);
	cr_expect_eq(v, UINT_MAX);
	v = 42;
	cr_expect_eq(kstrtouint("4294967296", 10, &v), -ERANGE);
	cr_expect_eq(kstrtouint("-1", 10, &v), -EINVAL);
	cr_expect_eq(v, 42);
}

Test(kstrtoll, limits)
{
	long long v = 42;
	long lv = 42;
	unsigned long ulv = 42;

	cr_expect_eq(kstrtoll("-9223372036854775808", 10, &v), 0);
	cr_expect_eq(v, LLONG_MIN);
	cr_expect_eq(kstrtoll("9223372036854775807", 10, &v), 0);
	cr_expect_eq(v, LLONG_MAX);
	cr_expect_eq(kstrtoll("9223372036854775808", 10, &v), -ERANGE);
	cr_expect_eq(kstrtoll("-9223372036854775809", 10, &v), -ERANGE);
	cr_expect_eq(kstrtol("-17", 0, &lv), 0);
	cr_expect_eq(lv, -17);
	cr_expect_eq(kstrtoul("0x10\n", 0, &ulv), 0);
	cr_expect_eq(ulv, 16);
	cr_expect_eq(kstrtoul("x", 0, &ulv), -EINVAL);
}

Test(kstrtobool, words)
{
	static const char *const yes[] = { "y", "Y", "yes", "1", "10", "t",
		"true", "T", "on", "ON", "oN", "y\n" };
	static const char *const no[] = { "n", "N", "no", "0", "f", "false",
		"F", "off", "OFF", "of", "oFx" };
	static const char *const bad[] = { "", "o", "ox", "x", "2", "-1",
		" y", "enable", "\n" };
	bool b;

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		b = false;
		cr_expect_eq(kstrtobool(yes[i], &b), 0, "\"%s\"", yes[i]);
		cr_expect(b, "\"%s\" is true", yes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
		b = true;
		cr_expect_eq(kstrtobool(no[i], &b), 0, "\"%s\"", no[i]);
		cr_expect_not(b, "\"%s\" is false", no[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		b = true;
		cr_expect_eq(kstrtobool(bad[i], &b), -EINVAL, "\"%s\"", bad[i]);
		cr_expect(b, "\"%s\" left *res alone", bad[i]);
	}
	cr_expect_eq(kstrtobool(NULL, &b), -EINVAL);
}
