// SPDX-License-Identifier: MIT
/*
 * src/lib/vsprintf.c - the kernel's printf, freestanding.
 *
 * 1. Why our own. The core may not call the host's stdio, and the kernel's
 *    reports use formats no libc knows: %pa prints a phys_addr_t passed by
 *    reference as 0x followed by 16 hex digits; %pS prints a code address as
 *    symbol+offset; %pGg prints a gfp_t passed by reference as the names
 *    of its flags (see point 4).
 *
 * 2. What it does. Conversions d i u x X o c s p % n(ignored); flags
 *    - + space # 0; width and precision, also as *; length modifiers hh h l
 *    ll L (L means long long, as in the kernel) z t j. The output is always
 *    NUL-terminated when @size > 0; the return value is the length the whole
 *    output would have had, as C's vsnprintf.
 *
 * 3. How it differs from Linux. %pS names come from the host's dladdr() and
 *    have no "/size" part. %p without an extension prints the raw address
 *    (Linux hashes it); kmm has no secrets to hide from its own process.
 *    %pGp (page flags) and %pGv (VMA flags) print "(%pG?)" until kmm has
 *    page flags and VMAs.
 *
 * 4. Flag words (%pGg) as Linux's format_flags(): walk the name table
 *    (gfpflag_names[], src/mm/debug.c) in order; each entry whose bits are
 *    all still set is printed and its bits cleared, with '|' before the
 *    next item; bits no entry names follow as 0x-prefixed hex. A word of 0
 *    prints nothing. A NULL pointer prints "(null)"; one into the first
 *    page, or an -errno value cast to a pointer, prints "(efault)".
 */
#include <stdarg.h>

#include <kmm/printk.h>
#include <kmm/gfp.h>
#include <kmm/page.h>
#include "../host/host.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	int width;
	int prec;
	bool left, plus, space, alt, zero;
	char len;	/* 0, 'H' (hh), 'h', 'l', 'L' (ll), 'z' */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		put_pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		put_pad(o, ' ', sp->width - n);
}

/* Digits of @v in @base into @tmp, reversed; Return: how many. */
static int digits(char *tmp, unsigned long long v, int base, bool upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		tmp[n++] = dig[v % (unsigned)base];
		v /= (unsigned)base;
	} while (v);
	return n;
}

static void put_num(struct out *o, const struct spec *sp, unsigned long long v,
		    bool neg, int base, bool upper)
{
	char tmp[24], sign = 0;
	const char *prefix = "";
	int nd, prec, len;

	nd = (v == 0 && sp->prec == 0) ? 0 : digits(tmp, v, base, upper);
	if (neg)
		sign = '-';
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	if (sp->alt && base == 16)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && !(nd && tmp[nd - 1] == '0'))
		prefix = "0";
	prec = sp->prec > nd ? sp->prec : nd;
	len = prec + (sign != 0) + (int)__builtin_strlen(prefix);
	if (!sp->left && !(sp->zero && sp->prec < 0))
		put_pad(o, ' ', sp->width - len);
	if (sign)
		put(o, sign);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	if (!sp->left && sp->zero && sp->prec < 0)
		put_pad(o, '0', sp->width - len);
	put_pad(o, '0', prec - nd);
	while (nd)
		put(o, tmp[--nd]);
	if (sp->left)
		put_pad(o, ' ', sp->width - len);
}

/* Point 4: the names of @flags from @names, then what is left as hex. */
static void put_flags(struct out *o, unsigned long flags,
		      const struct trace_print_flags *names)
{
	static const struct spec name_spec = { .prec = -1 };
	static const struct spec hex_spec = { .prec = -1, .alt = true };

	for (; flags && names->name; names++) {
		if ((flags & names->mask) != names->mask)
			continue;
		put_str(o, &name_spec, names->name);
		flags &= ~names->mask;
		if (flags)
			put(o, '|');
	}
	if (flags)
		put_num(o, &hex_spec, flags, false, 16, false);
}

/* %pG<x>: a flags word by reference; Return: extra format characters consumed. */
static int put_flags_ptr(struct out *o, const struct spec *sp, const char *ext,
			 const void *ptr)
{
	int used = (ext[1] >= 'a' && ext[1] <= 'z') ? 2 : 1;

	if (!ptr)
		put_str(o, sp, "(null)");
	else if ((unsigned long)ptr < PAGE_SIZE || (unsigned long)ptr >= -4095UL)
		put_str(o, sp, "(efault)");
	else if (ext[1] == 'g')
		put_flags(o, *(const gfp_t *)ptr, gfpflag_names);
	else
		put_str(o, sp, "(%pG?)");
	return used;
}

/* %p and its kernel extensions; Return: extra format characters consumed. */
static int put_pointer(struct out *o, struct spec *sp, const char *ext, void *ptr)
{
	char sym[128];

	switch (ext[0]) {
	case 'a': {	/* %pa, %pap: phys_addr_t by reference */
		struct spec s = { .width = 18, .prec = -1, .alt = true, .zero = true };

		put_num(o, &s, ptr ? *(phys_addr_t *)ptr : 0, false, 16, false);
		return ext[1] == 'p' ? 2 : 1;
	}
	case 'S':	/* %pS, %pSR: symbol+offset */
	case 's':
		host_symbolize((unsigned long)ptr, sym, sizeof(sym));
		put_str(o, sp, sym);
		return ext[1] == 'R' ? 2 : 1;
	case 'G':	/* %pGg: GFP flags by reference */
		return put_flags_ptr(o, sp, ext, ptr);
	default: {
		struct spec s = *sp;

		s.alt = true;
		put_num(o, &s, (unsigned long)ptr, false, 16, false);
		return 0;
	}
	}
}

static const char *parse_flags(const char *f, struct spec *sp)
{
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else if (*f == '0')
			sp->zero = true;
		else
			return f;
	}
}

static const char *parse_int(const char *f, int *val, va_list *ap)
{
	if (*f == '*') {
		*val = va_arg(*ap, int);
		return f + 1;
	}
	*val = 0;
	while (*f >= '0' && *f <= '9')
		*val = *val * 10 + (*f++ - '0');
	return f;
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	f = parse_flags(f, sp);
	f = parse_int(f, &sp->width, ap);
	if (sp->width < 0) {
		sp->left = true;
		sp->width = -sp->width;
	}
	if (*f == '.') {
		f = parse_int(f + 1, &sp->prec, ap);
		if (sp->prec < 0)
			sp->prec = -1;
	}
	if (f[0] == 'h' && f[1] == 'h') {
		sp->len = 'H';
		return f + 2;
	}
	if (f[0] == 'l' && f[1] == 'l') {
		sp->len = 'L';
		return f + 2;
	}
	if (*f == 'h' || *f == 'l' || *f == 'z' || *f == 't' || *f == 'j')
		sp->len = *f == 't' ? 'z' : (*f == 'j' ? 'L' : *f), f++;
	else if (*f == 'L' || *f == 'q')
		sp->len = 'L', f++;
	return f;
}

static unsigned long long arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned int);
	case 'h': return (unsigned short)va_arg(*ap, unsigned int);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	default:  return va_arg(*ap, unsigned int);
	}
}

static long long arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return (long long)va_arg(*ap, long);
	default:  return va_arg(*ap, int);
	}
}

/* One conversion at @f (after the '%'); Return: the format after it. */
static const char *convert(struct out *o, const char *f, va_list *ap)
{
	struct spec sp;
	long long sv;
	char c[2] = { 0, 0 };

	f = parse_spec(f, &sp, ap);
	switch (*f) {
	case 'd':
	case 'i':
		sv = arg_signed(&sp, ap);
		put_num(o, &sp, sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv,
			sv < 0, 10, false);
		break;
	case 'u': put_num(o, &sp, arg_unsigned(&sp, ap), false, 10, false); break;
	case 'x': put_num(o, &sp, arg_unsigned(&sp, ap), false, 16, false); break;
	case 'X': put_num(o, &sp, arg_unsigned(&sp, ap), false, 16, true); break;
	case 'o': put_num(o, &sp, arg_unsigned(&sp, ap), false, 8, false); break;
	case 'c':
		c[0] = (char)va_arg(*ap, int);
		sp.prec = 1;
		put_str(o, &sp, c);
		break;
	case 's': put_str(o, &sp, va_arg(*ap, const char *)); break;
	case 'p': f += put_pointer(o, &sp, f + 1, va_arg(*ap, void *)); break;
	case '%': put(o, '%'); break;
	case '\0': return f;
	default: put(o, '%'); put(o, *f); break;
	}
	return f + 1;
}

int kmm_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		if (*fmt != '%')
			put(&o, *fmt++);
		else
			fmt = convert(&o, fmt + 1, &ap);
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int kmm_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kmm_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = kmm_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < (int)size ? n : (int)size - 1;
}
