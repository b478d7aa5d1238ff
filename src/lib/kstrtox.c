// SPDX-License-Identifier: MIT
/*
 * src/lib/kstrtox.c - string to integer, as lib/kstrtox.c and the
 * simple_strto*() of lib/vsprintf.c.
 *
 * 1. Radix. Base 0 means: "0x" followed by a hex digit is hex, another
 *    leading 0 is octal, anything else decimal. Base 16 skips a "0x".
 *    Digits are 0-9 and a-f in either case, so no base above 16 works.
 *
 * 2. simple_strto*() are lenient: they stop at the first non-digit and
 *    wrap silently on overflow (the value is taken modulo 2^64).
 *
 * 3. kstrto*() are strict: one optional sign ('+' for unsigned, '+' or '-'
 *    for signed, never both), then digits filling the whole string, one
 *    trailing newline allowed. Overflow is -ERANGE (checked first, as the
 *    kernel does), anything else wrong -EINVAL; *res is written only on
 *    success.
 *
 * 4. kstrtobool() reads only the first one or two characters: y Y t T 1
 *    are true, n N f F 0 false, "on" true and "of..." false.
 */
#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include "ctype.h"

static unsigned int guess_base(const char **s, unsigned int base)
{
	const char *p = *s;

	if (base == 0) {
		if (p[0] == '0' && tolower(p[1]) == 'x' && isxdigit(p[2]))
			base = 16;
		else if (p[0] == '0')
			base = 8;
		else
			base = 10;
	}
	if (base == 16 && p[0] == '0' && tolower(p[1]) == 'x')
		*s = p + 2;
	return base;
}

static int digit_value(char c)
{
	if (isdigit(c))
		return c - '0';
	c = (char)tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;	/* not a digit: ends the number in any base */
}

/* Parse digits; Return: count parsed, -ERANGE on overflow. */
static int parse_digits(const char **s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	int n = 0;
	int d;

	while ((d = digit_value(**s)) >= 0 && (unsigned int)d < base) {
		if (v > (~0ULL - (unsigned)d) / base)
			overflow = true;
		v = v * base + (unsigned)d;
		(*s)++;
		n++;
	}
	*res = v;
	return overflow ? -ERANGE : n;
}

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long v;

	base = guess_base(&cp, base);
	parse_digits(&cp, base, &v);
	if (endp)
		*endp = (char *)cp;
	return v;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return (unsigned long)simple_strtoull(cp, endp, base);
}

long long simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	/* Negate unsigned: "-9223372036854775808" must not overflow. */
	if (*cp == '-')
		return (long long)(0ULL - simple_strtoull(cp + 1, endp, base));
	return (long long)simple_strtoull(cp, endp, base);
}

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	return (long)simple_strtoll(cp, endp, base);
}

/* The strict core of kstrtoull(), without the optional '+'. */
static int __kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v;
	int n;

	base = guess_base(&s, base);
	n = parse_digits(&s, base, &v);
	if (n < 0)
		return n;
	if (n == 0)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (*s == '+')
		s++;
	return __kstrtoull(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int rc;

	if (*s == '-') {
		rc = __kstrtoull(s + 1, base, &v);
		if (rc)
			return rc;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = (long long)(0ULL - v);
		return 0;
	}
	rc = kstrtoull(s, base, &v);
	if (rc)
		return rc;
	if (v > LLONG_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int rc = kstrtoull(s, base, &v);

	if (rc)
		return rc;
	if (v != (unsigned long)v)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int rc = kstrtoll(s, base, &v);

	if (rc)
		return rc;
	if (v != (long)v)
		return -ERANGE;
	*res = (long)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int rc = kstrtoull(s, base, &v);

	if (rc)
		return rc;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int rc = kstrtoll(s, base, &v);

	if (rc)
		return rc;
	if (v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (tolower(s[1]) == 'n') {
			*res = true;
			return 0;
		}
		if (tolower(s[1]) == 'f') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}
