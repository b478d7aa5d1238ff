// SPDX-License-Identifier: MIT
/*
 * src/lib/kstrtox.c - string to integer, as lib/kstrtox.c and the
 * simple_strto*() of lib/vsprintf.c.
 *
 * simple_strtoull() is lenient (stops at the first non-digit, saturates
 * nothing, base 0 means auto: 0x hex, 0 octal, else decimal). kstrto*() are
 * strict: the whole string (one trailing newline allowed) must be a number
 * that fits, else -EINVAL or -ERANGE.
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
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 99;
}

/* Parse digits; Return: count parsed, -ERANGE on overflow. */
static int parse_digits(const char **s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	int n = 0;
	int d;

	while ((d = digit_value(**s)) < (int)base) {
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
	if (*cp == '-')
		return -(long long)simple_strtoull(cp + 1, endp, base);
	return (long long)simple_strtoull(cp, endp, base);
}

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	return (long)simple_strtoll(cp, endp, base);
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v;
	int n;

	if (*s == '+')
		s++;
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
	unsigned long long v;
	bool neg = *s == '-';
	int rc = kstrtoull(neg ? s + 1 : s, base, &v);

	if (rc)
		return rc;
	if (neg ? v > (unsigned long long)INT_MAX + 1 : v > INT_MAX)
		return -ERANGE;
	*res = neg ? (int)(0 - v) : (int)v;
	return 0;
}

/* As Linux: y/Y/1/on and n/N/0/off. */
int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (tolower(s[1]) == 'n') {
			*res = true;
			return 0;
		}
		if (tolower(s[1]) == 'f' && tolower(s[2]) == 'f') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}
