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
 * 2. What it does. Conversions d i u x X o c s p %; flags - + space # 0;
 *    width and precision, also as *; length modifiers hh h l ll L q (both
 *    long long, as in the kernel) z t, and j (C's; the kernel lacks it).
 *    The output is always NUL-terminated when @size > 0; the return value
 *    is the length the whole output would have had, as C's vsnprintf.
 *
 * 3. Numbers are the kernel's number(), which departs from C99 in a few
 *    corners that kernel messages rely on ("%#018Lx" of 0 must print
 *    0x0000000000000000 in the e820 map):
 *      - "%#x" always has its "0x", also for 0; "%#o" adds a '0' to any
 *        non-zero value, even when the precision already gave one;
 *      - at least one digit is printed: "%.0d" of 0 is "0" (C: "");
 *      - the 0 flag pads with zeros even when a precision is given;
 *      - a '.' without digits means no precision (C: precision 0).
 *    Everywhere else the output is C's: tests/test_vsprintf.c compares it
 *    with glibc's on 10^5 random conversions outside these corners.
 *
 * 4. Pointers. After %p every letter and digit belongs to the extension,
 *    as in the kernel ("%pSR", "%pap"): %pa/%pap/%pad a phys_addr_t (or
 *    dma_addr_t) by reference, "(null)" for NULL; %pS/%pSR/%pB
 *    symbol+offset, %ps the symbol alone; %p and %px the address as 16
 *    hex digits, zero-padded unless a width is given, without "0x".
 *
 * 5. Errors. A conversion we do not know (%n included, on purpose) ends
 *    the output there, as the kernel's vsnprintf does: the arguments
 *    after it can no longer be matched to the format. A width above
 *    2^23 - 1 or a precision above 2^15 - 1 is cut to that (the kernel's
 *    FIELD_WIDTH_MAX and PRECISION_MAX).
 *
 * 6. Flag words (%pGg) as Linux's format_flags(): walk the name table
 *    (gfpflag_names[], src/mm/debug.c) in order; each entry whose bits are
 *    all still set is printed and its bits cleared, with '|' before the
 *    next item; bits no entry names follow as 0x-prefixed hex. A word of 0
 *    prints nothing. A NULL pointer prints "(null)"; one into the first
 *    page, or an -errno value cast to a pointer, prints "(efault)".
 *
 * 7. How it differs from Linux. %pS names come from the host's dladdr()
 *    and have no "/size" part. %p prints the raw address (Linux hashes
 *    it); kmm has no secrets to hide from its own process. %pGp (page
 *    flags, by reference) prints what format_page_flags() does
 *    (src/mm/debug_page.c: "0x...(name|...|node=N|zone=Z)"); %pGv (VMA
 *    flags) prints "(%pG?)" until kmm has VMAs.
 */
#include <stdarg.h>

#include <kmm/printk.h>
#include <kmm/gfp.h>
#include <kmm/page.h>
#include "../host/host.h"
#include "../mm/internal.h"	/* format_page_flags(), for %pGp */

/* The kernel's bounds for a width and a precision. */
#define FIELD_WIDTH_MAX	((1 << 23) - 1)
#define PRECISION_MAX	((1 << 15) - 1)

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	int width;	/* -1: none given */
	int prec;	/* -1: none given */
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

/* @n bytes of @s, padded to the width. */
static void put_field(struct out *o, const struct spec *sp, const char *s, int n)
{
	if (!sp->left)
		put_pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		put_pad(o, ' ', sp->width - n);
}

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	put_field(o, sp, s, n);
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

/* The kernel's prefix: "0x"/"0X" for any %#x, "0" for a non-zero %#o. */
static const char *num_prefix(const struct spec *sp, unsigned long long v,
			      int base, bool upper)
{
	if (!sp->alt)
		return "";
	if (base == 16)
		return upper ? "0X" : "0x";
	if (base == 8 && v != 0)
		return "0";
	return "";
}

/*
 * [spaces][sign][prefix][zeros][digits][spaces], as the kernel's number():
 * the 0 flag turns the spaces before into zeros after the prefix, unless
 * '-' is given; the precision is a minimum number of digits, never zero.
 */
static void put_num(struct out *o, const struct spec *sp, unsigned long long v,
		    bool neg, int base, bool upper)
{
	char tmp[24], sign = 0;
	const char *prefix = num_prefix(sp, v, base, upper);
	int nd = digits(tmp, v, base, upper);
	int prec = sp->prec > nd ? sp->prec : nd;
	bool zero_pad = sp->zero && !sp->left;
	int len;

	if (neg)
		sign = '-';
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	len = prec + (sign != 0) + (int)__builtin_strlen(prefix);
	if (!sp->left && !zero_pad)
		put_pad(o, ' ', sp->width - len);
	if (sign)
		put(o, sign);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	if (zero_pad)
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

/* %pGp: a page's flags word, as src/mm/debug_page.c's format_page_flags(). */
static void put_page_flags(struct out *o, const struct spec *sp, unsigned long flags)
{
	char buf[256];

	format_page_flags(buf, sizeof(buf), flags);
	put_str(o, sp, buf);
}

/* %pG<x>: a flags word by reference (the caller skips the extension). */
static void put_flags_ptr(struct out *o, const struct spec *sp, const char *ext,
			  const void *ptr)
{
	if (!ptr)
		put_str(o, sp, "(null)");
	else if ((unsigned long)ptr < PAGE_SIZE || (unsigned long)ptr >= -4095UL)
		put_str(o, sp, "(efault)");
	else if (ext[1] == 'g')
		put_flags(o, *(const gfp_t *)ptr, gfpflag_names);
	else if (ext[1] == 'p')
		put_page_flags(o, sp, *(const unsigned long *)ptr);
	else
		put_str(o, sp, "(%pG?)");
}

/* A raw address: 16 hex digits unless the format gave a width. */
static void put_address(struct out *o, const struct spec *sp, unsigned long addr)
{
	struct spec s = *sp;

	s.plus = s.space = s.alt = false;
	if (s.width < 0) {
		s.width = 2 * sizeof(addr);
		s.zero = true;
	}
	put_num(o, &s, addr, false, 16, false);
}

/* %pa: the phys_addr_t at @ptr as 0x and 16 hex digits. */
static void put_phys_addr(struct out *o, struct spec *sp, const void *ptr)
{
	struct spec s = { .width = 2 + 2 * sizeof(phys_addr_t), .prec = -1,
			  .alt = true, .zero = true };

	if (!ptr) {
		put_str(o, sp, "(null)");
		return;
	}
	put_num(o, &s, *(const phys_addr_t *)ptr, false, 16, false);
}

/* %pS and friends: "name+0xoff", or "name" alone when @offset is false. */
static void put_symbol(struct out *o, struct spec *sp, void *ptr, bool offset)
{
	char sym[128];
	int n = host_symbolize((unsigned long)ptr, sym, sizeof(sym));

	if (!offset && sym[0] != '0') {	/* a name, not a raw "0x..." */
		for (n = 0; sym[n] && sym[n] != '+'; n++)
			;
	}
	put_field(o, sp, sym, n);
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* %p and its kernel extensions at @ext; Return: characters of @ext used. */
static int put_pointer(struct out *o, struct spec *sp, const char *ext, void *ptr)
{
	int used = 0;

	switch (ext[0]) {
	case 'a':
		put_phys_addr(o, sp, ptr);
		break;
	case 'S':
	case 'B':
		put_symbol(o, sp, ptr, true);
		break;
	case 's':
		put_symbol(o, sp, ptr, false);
		break;
	case 'G':	/* %pGg: GFP flags by reference */
		put_flags_ptr(o, sp, ext, ptr);
		break;
	default:	/* %p, %px and extensions kmm does not know */
		put_address(o, sp, (unsigned long)ptr);
		break;
	}
	while (is_alnum(ext[used]))
		used++;
	return used;
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

/* Decimal digits at @f into @val, saturating at @max. */
static const char *parse_decimal(const char *f, int *val, int max)
{
	long long v = 0;

	for (; *f >= '0' && *f <= '9'; f++)
		v = v > max ? v : v * 10 + (*f - '0');
	*val = v > max ? max : (int)v;
	return f;
}

/* Width: digits, or '*' whose negative value means '-' and its magnitude. */
static const char *parse_width(const char *f, struct spec *sp, va_list *ap)
{
	long long w;

	if (*f >= '0' && *f <= '9')
		return parse_decimal(f, &sp->width, FIELD_WIDTH_MAX);
	if (*f != '*')
		return f;
	w = va_arg(*ap, int);
	if (w < 0) {
		sp->left = true;
		w = -w;
	}
	sp->width = w > FIELD_WIDTH_MAX ? FIELD_WIDTH_MAX : (int)w;
	return f + 1;
}

/* Precision after '.': digits, or '*' (negative: none); neither: none. */
static const char *parse_precision(const char *f, struct spec *sp, va_list *ap)
{
	int p;

	if (*f >= '0' && *f <= '9')
		return parse_decimal(f, &sp->prec, PRECISION_MAX);
	if (*f != '*')
		return f;
	p = va_arg(*ap, int);
	sp->prec = p < 0 ? -1 : (p > PRECISION_MAX ? PRECISION_MAX : p);
	return f + 1;
}

static const char *parse_length(const char *f, struct spec *sp)
{
	if ((f[0] == 'h' || f[0] == 'l') && f[1] == f[0]) {
		sp->len = f[0] == 'h' ? 'H' : 'L';
		return f + 2;
	}
	switch (*f) {
	case 'h': case 'l': case 'z':
		sp->len = *f;
		return f + 1;
	case 't':
		sp->len = 'z';	/* ptrdiff_t: as wide as size_t */
		return f + 1;
	case 'j': case 'L': case 'q':
		sp->len = 'L';	/* intmax_t: as wide as long long */
		return f + 1;
	}
	return f;
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .width = -1, .prec = -1 };
	f = parse_flags(f, sp);
	f = parse_width(f, sp, ap);
	if (*f == '.')
		f = parse_precision(f + 1, sp, ap);
	return parse_length(f, sp);
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

static void put_signed(struct out *o, const struct spec *sp, va_list *ap)
{
	long long v = arg_signed(sp, ap);
	unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	put_num(o, sp, mag, v < 0, 10, false);
}

/* u x X o: the sign flags apply to signed conversions only. */
static void put_unsigned(struct out *o, struct spec *sp, va_list *ap, int base, bool upper)
{
	sp->plus = sp->space = false;
	put_num(o, sp, arg_unsigned(sp, ap), false, base, upper);
}

static void put_char(struct out *o, const struct spec *sp, char c)
{
	if (!sp->left)
		put_pad(o, ' ', sp->width - 1);
	put(o, c);
	if (sp->left)
		put_pad(o, ' ', sp->width - 1);
}

/*
 * One conversion at @f (after the '%').
 * Return: the format after it, or NULL to stop (an unknown conversion).
 */
static const char *convert(struct out *o, const char *f, va_list *ap)
{
	struct spec sp;

	f = parse_spec(f, &sp, ap);
	switch (*f) {
	case 'd': case 'i': put_signed(o, &sp, ap); break;
	case 'u': put_unsigned(o, &sp, ap, 10, false); break;
	case 'x': put_unsigned(o, &sp, ap, 16, false); break;
	case 'X': put_unsigned(o, &sp, ap, 16, true); break;
	case 'o': put_unsigned(o, &sp, ap, 8, false); break;
	case 'c': put_char(o, &sp, (char)va_arg(*ap, int)); break;
	case 's': put_str(o, &sp, va_arg(*ap, const char *)); break;
	case 'p': f += put_pointer(o, &sp, f + 1, va_arg(*ap, void *)); break;
	case '%': put(o, '%'); break;
	default: return NULL;
	}
	return f + 1;
}

int kmm_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list ap;

	va_copy(ap, args);
	while (fmt && *fmt) {
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
