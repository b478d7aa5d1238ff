// SPDX-License-Identifier: MIT
/*
 * src/lib/cmdline.c - splitting and reading kernel command lines, as
 * lib/cmdline.c and the parse_args() of kernel/params.c.
 *
 * 1. Words. A command line is words separated by white space; a word is
 *    "param" or "param=value"; double quotes protect spaces ("a=\"x y\"")
 *    and are removed. "--" ends the kernel's part: the rest is init's.
 * 2. Sizes. memparse() reads a number (0x hex, 0 octal, decimal) and one
 *    optional suffix K M G T P E, each a factor of 1024, either case.
 * 3. Names. In parameter names '-' and '_' are the same character.
 * 4. Lists. get_options() reads "1,2,5-8" into an int array; a range
 *    "lo-hi" stands for lo, lo+1, ..., hi.
 *
 * How kmm differs: the kernel builds with -fno-strict-overflow and lets
 * int arithmetic wrap; here every sum that could overflow is done in
 * unsigned or 64-bit arithmetic, with the same result wherever the
 * kernel's is defined. A count too big for an int saturates at INT_MAX
 * (the kernel would wrap and could index outside the array).
 */
#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/printk.h>
#include "string.h"
#include "ctype.h"

unsigned long long memparse(const char *ptr, char **retptr)
{
	char *endptr;
	unsigned long long ret = simple_strtoull(ptr, &endptr, 0);
	unsigned int shift = 0;

	switch (*endptr) {
	case 'E': case 'e': shift = 60; break;
	case 'P': case 'p': shift = 50; break;
	case 'T': case 't': shift = 40; break;
	case 'G': case 'g': shift = 30; break;
	case 'M': case 'm': shift = 20; break;
	case 'K': case 'k': shift = 10; break;
	}
	if (shift) {
		ret <<= shift;
		endptr++;
	}
	if (retptr)
		*retptr = endptr;
	return ret;
}

int get_option(char **str, int *pint)
{
	char *cur = *str;
	int value;

	if (!cur || !(*cur))
		return 0;
	/* Negate in unsigned arithmetic: "-2147483648" must not overflow. */
	if (*cur == '-')
		value = (int)(0ULL - simple_strtoull(++cur, str, 0));
	else
		value = (int)simple_strtoull(cur, str, 0);
	if (pint)
		*pint = value;
	if (cur == *str)
		return 0;
	if (**str == ',') {
		(*str)++;
		return 2;
	}
	if (**str == '-')
		return 3;
	return 1;
}

/*
 * A range "lo-hi": @str points at the '-'. Store lo, lo+1, ..., hi-1 into
 * @out (at most @room of them); hi itself is left for the next
 * get_option(), which finds it at *@str. Return: hi - lo, wrapped to an
 * int as the kernel computes it (negative: not a range).
 */
static int get_range(char **str, int lo, int *out, long long room)
{
	int hi;

	(*str)++;
	hi = (int)simple_strtol(*str, NULL, 0);
	for (int x = lo; room > 0 && x < hi; x++, room--)
		*out++ = x;
	return (int)((unsigned int)hi - (unsigned int)lo);
}

/*
 * get_options - parse "1,2,5-8" into @ints[1..]; @ints[0] gets the count.
 * With @nints == 0 nothing is stored but the count: the string is only
 * validated. A count includes every number of a range, even those that
 * did not fit (as the kernel's). @ints may be NULL when validating.
 */
char *get_options(const char *str, int nints, int *ints)
{
	bool validate = nints == 0;
	char *p = (char *)str;
	long long i = 1;

	while (i < nints || validate) {
		int *pint = validate ? NULL : ints + i;
		int value, res = get_option(&p, &value);

		if (res == 0)
			break;
		if (pint)
			*pint = value;
		if (res == 3) {
			long long room = validate ? 0 : nints - i;
			int n = get_range(&p, value, pint, room);

			if (n < 0)
				break;
			/* hi is counted by the next round. */
			i += n - 1;
		}
		i++;
		if (res == 1)
			break;
	}
	if (ints)
		ints[0] = i - 1 > INT_MAX ? INT_MAX : (int)(i - 1);
	return p;
}

char *skip_spaces(const char *str)
{
	while (isspace(*str))
		++str;
	return (char *)str;
}

bool parameqn(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ca = a[i] == '-' ? '_' : a[i];
		char cb = b[i] == '-' ? '_' : b[i];

		if (ca != cb)
			return false;
	}
	return true;
}

bool parameq(const char *a, const char *b)
{
	return parameqn(a, b, strlen(a) + 1);
}

char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (isspace(args[i]) && !in_quote)
			break;
		if (!equals && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {	/* value in quotes: drop them */
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

char *parse_args(const char *doing, char *args, void *arg,
		 int (*unknown)(char *param, char *val, const char *doing, void *arg))
{
	char *param, *val;
	int err;

	args = skip_spaces(args);
	while (*args) {
		args = next_arg(args, &param, &val);
		if (!val && strcmp(param, "--") == 0)
			return args;
		err = unknown ? unknown(param, val, doing, arg) : -ENOENT;
		if (err == -ENOENT)
			pr_err("%s: Unknown parameter `%s'\n", doing, param);
		else if (err == -ENOSPC)
			pr_err("%s: `%s' too large for parameter `%s'\n", doing,
			       val ? val : "", param);
		else if (err)
			pr_err("%s: `%s' invalid for parameter `%s'\n", doing,
			       val ? val : "", param);
	}
	return NULL;
}
