// SPDX-License-Identifier: MIT
/*
 * tests/test_vsprintf.c - kmm_snprintf() against the host's snprintf().
 *
 * The standard conversions must agree with glibc byte for byte, return
 * value included: a table of hand-picked formats, then 10^5 random
 * conversion specifications (flags, widths, precisions, '*', length
 * modifiers) restricted to what C defines for each conversion and to
 * where the kernel's number() agrees with C. The corners where it does
 * not (src/lib/vsprintf.c, section 3), the kernel's own formats (%pa,
 * %pS, %p) and kmm's choices where C leaves things undefined are checked
 * against the kernel's output, written out by hand.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include <kmm/printk.h>

typedef int (*snprintf_fn)(char *buf, size_t size, const char *fmt, ...);

/* Format with both, compare bytes and return values. */
#define SAME(size, fmt, ...) do {						\
	char want[512], got[512];						\
	int rw, rg;								\
										\
	memset(want, 0x5a, sizeof(want));					\
	memset(got, 0x5a, sizeof(got));						\
	rw = snprintf(want, (size), fmt, ##__VA_ARGS__);			\
	rg = kmm_snprintf(got, (size), fmt, ##__VA_ARGS__);			\
	cr_expect_eq(rg, rw, "\"%s\": returned %d, glibc %d", fmt, rg, rw);	\
	cr_expect(memcmp(got, want, sizeof(got)) == 0,				\
		  "\"%s\" (size %zu): \"%s\", glibc \"%s\"", fmt,		\
		  (size_t)(size), got, want);					\
} while (0)

static const int int_values[] = {
	0, 1, -1, 7, -7, 8, 42, -42, 255, 256, 4095, 65535, 65536, 100000,
	-100000, INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1,
};

/* Formats where the kernel and C agree for every value. */
static const char *const int_formats[] = {
	"%d", "%i", "%5d", "%-5d", "%05d", "%+d", "% d", "%+5d", "% 5d",
	"%-+5d", "%+05d", "% 05d", "%.3d", "%8.3d", "%-8.3d", "%.12d",
	"%-012d", "%0-12d", "%+ d", "%u", "%5u", "%.1u", "%x", "%X", "%08x",
	"%o", "%#o", "%#08o", "%#-8o", "%.5o", "%hhd", "%hhu", "%hhx", "%hd",
	"%hu", "%hx", "%#hho", "%+u", "% x", "%c", "%5c", "%-5c",
	"[%d]", "a%db", "%d%%", "%%%d",
};

/* ... and these for every value but 0. */
static const char *const alt_hex_formats[] = {
	"%#x", "%#X", "%#8x", "%#-8x", "%#08x", "%#.0x", "%#.8x",
};

Test(vsprintf, int_table)
{
	for (size_t f = 0; f < sizeof(int_formats) / sizeof(int_formats[0]); f++)
		for (size_t v = 0; v < sizeof(int_values) / sizeof(int_values[0]); v++)
			SAME(sizeof(want), int_formats[f], int_values[v]);
	for (size_t f = 0; f < sizeof(alt_hex_formats) / sizeof(alt_hex_formats[0]); f++)
		for (size_t v = 1; v < sizeof(int_values) / sizeof(int_values[0]); v++)
			SAME(sizeof(want), alt_hex_formats[f], int_values[v]);
}

/* Where the kernel's number() is not C's, kmm prints what the kernel does. */
struct kernel_case {
	const char *fmt;
	long long v;
	const char *want;
	const char *c99;	/* what C would print, for the record */
};

static const struct kernel_case kernel_cases[] = {
	{ "%#x", 0, "0x0", "0" },
	{ "%#X", 0, "0X0", "0" },
	{ "%#8x", 0, "     0x0", "       0" },
	{ "%#.0x", 0, "0x0", "" },
	{ "%#018llx", 0, "0x0000000000000000", "000000000000000000" },
	{ "%#018llx", 0x9fbff, "0x000000000009fbff", "0x000000000009fbff" },
	{ "%.0d", 0, "0", "" },
	{ "%5.0d", 0, "    0", "     " },
	{ "%+.0d", 0, "+0", "+" },
	{ "%.0x", 0, "0", "" },
	{ "%.d", 0, "0", "" },
	{ "%.d", 12, "12", "12" },
	{ "%08.3d", 5, "00000005", "     005" },
	{ "%08.3d", -5, "-0000005", "    -005" },
	{ "%06.2x", 0xab, "0000ab", "    ab" },
	{ "%#.3o", 8, "0010", "010" },
	{ "%#5.3o", 8, " 0010", "  010" },
	{ "%#.0o", 0, "0", "0" },
};

Test(vsprintf, kernel_number_corners)
{
	char buf[64];

	for (size_t i = 0; i < sizeof(kernel_cases) / sizeof(kernel_cases[0]); i++) {
		const struct kernel_case *c = &kernel_cases[i];
		int n = strstr(c->fmt, "ll") ? kmm_snprintf(buf, sizeof(buf), c->fmt, c->v)
					     : kmm_snprintf(buf, sizeof(buf), c->fmt, (int)c->v);

		cr_expect_str_eq(buf, c->want, "\"%s\" (C: \"%s\")", c->fmt, c->c99);
		cr_expect_eq(n, (int)strlen(c->want), "\"%s\"", c->fmt);
	}
}

Test(vsprintf, wide_integers)
{
	static const long long ll[] = { 0, 1, -1, LLONG_MAX, LLONG_MIN,
		(long long)INT_MAX + 1, 1234567890123LL, -987654321098LL };
	static const char *const fmts[] = { "%lld", "%lli", "%llu", "%llx",
		"%llX", "%llo", "%#llo", "%+lld", "%25lld", "%-25.20lld",
		"%Ld", "%qd", "%Lu", "%jd", "%ju", "%jx" };

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		for (size_t i = 0; i < sizeof(ll) / sizeof(ll[0]); i++)
			SAME(sizeof(want), fmts[f], ll[i]);
	for (size_t i = 1; i < sizeof(ll) / sizeof(ll[0]); i++)	/* not 0 */
		SAME(sizeof(want), "%#llx|%#25llX", ll[i], ll[i]);
	for (size_t i = 0; i < sizeof(ll) / sizeof(ll[0]); i++) {
		SAME(sizeof(want), "%ld %lu %lx", (long)ll[i], (unsigned long)ll[i],
		     (unsigned long)ll[i]);
		SAME(sizeof(want), "%zd %zu %zx", (ssize_t)ll[i], (size_t)ll[i],
		     (size_t)ll[i]);
		SAME(sizeof(want), "%td %tu", (ptrdiff_t)ll[i], (size_t)ll[i]);
	}
}

Test(vsprintf, strings_and_chars)
{
	static const char *const strs[] = { "", "a", "hello", "hello, world" };
	static const char *const fmts[] = { "%s", "%10s", "%-10s", "%.3s",
		"%10.3s", "%-10.3s", "%.0s", "%.20s", "<%s>" };
	char buf[16];

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
			SAME(sizeof(want), fmts[f], strs[i]);
	/* A '.' alone is no precision in the kernel (C: precision 0). */
	kmm_snprintf(buf, sizeof(buf), "%.s|", "abc");
	cr_expect_str_eq(buf, "abc|");
	SAME(sizeof(want), "%c%c%c", 'a', 0, 'b');	/* a NUL counts */
	SAME(sizeof(want), "%%");
	SAME(sizeof(want), "no conversions");
	SAME(sizeof(want), strs[0]);	/* "" as the format */
}

Test(vsprintf, stars)
{
	for (int w = -12; w <= 12; w += 3)
		for (int p = -2; p <= 6; p += 2) {
			SAME(sizeof(want), "%*d", w, 42);
			SAME(sizeof(want), "%.*d", p, -42);
			SAME(sizeof(want), "%*.*x", w, p, 0xbeef);
			SAME(sizeof(want), "%-*.*s", w, p, "string");
			SAME(sizeof(want), "%0*d", w, 7);
		}
}

Test(vsprintf, truncation_and_return_value)
{
	for (size_t size = 0; size <= 24; size++) {
		SAME(size, "%s=%d", "counter", -123456);
		SAME(size, "%#018llx", 0x1234ULL);
		SAME(size, "%-+8.5d|", 42);
		SAME(size, "%-20s|", "left");
	}
	cr_expect_eq(kmm_snprintf(NULL, 0, "%d", 12345), 5, "size 0 may be NULL");
}

Test(vsprintf, scnprintf)
{
	char buf[8];

	cr_expect_eq(scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	cr_expect_str_eq(buf, "0123456");
	cr_expect_eq(scnprintf(buf, sizeof(buf), "%d", 42), 2);
	cr_expect_eq(scnprintf(buf, 0, "%d", 42), 0);
}

/* ---- what C leaves undefined, and the kernel's formats ------------------ */

Test(vsprintf, null_string)
{
	const char *volatile nul = NULL;	/* hidden from format checks */
	char buf[64];

	kmm_snprintf(buf, sizeof(buf), "%s", nul);
	cr_expect_str_eq(buf, "(null)");
	kmm_snprintf(buf, sizeof(buf), "[%8s]", nul);
	cr_expect_str_eq(buf, "[  (null)]");
	/* As the kernel: the precision cuts "(null)" (glibc prints ""). */
	kmm_snprintf(buf, sizeof(buf), "%.3s", nul);
	cr_expect_str_eq(buf, "(nu");
}

Test(vsprintf, phys_addr)
{
	phys_addr_t a = 0x1234, big = 0xfedcba9876543210ULL, zero = 0;
	char buf[64];
	int n;

	n = kmm_snprintf(buf, sizeof(buf), "%pa", &a);
	cr_expect_str_eq(buf, "0x0000000000001234");
	cr_expect_eq(n, 18);
	kmm_snprintf(buf, sizeof(buf), "[mem %pa-%pap]", &a, &big);
	cr_expect_str_eq(buf, "[mem 0x0000000000001234-0xfedcba9876543210]");
	kmm_snprintf(buf, sizeof(buf), "%pad,%pa.", &a, &big);
	cr_expect_str_eq(buf, "0x0000000000001234,0xfedcba9876543210.");
	kmm_snprintf(buf, sizeof(buf), "%pa", &zero);
	cr_expect_str_eq(buf, "0x0000000000000000");
	kmm_snprintf(buf, sizeof(buf), "%pa", (void *)NULL);
	cr_expect_str_eq(buf, "(null)");
	/* Every letter and digit after %p is the extension's (kernel rule). */
	kmm_snprintf(buf, sizeof(buf), "%pabc9 x", &a);
	cr_expect_str_eq(buf, "0x0000000000001234 x");
}

/*
 * Exported (the test binary links with ENABLE_EXPORTS): dladdr names it.
 * Its body is a few dozen bytes, so that fn + 3 still lies inside it.
 */
void kmm_test_exported_fn(void);
volatile int kmm_test_sink;

noinline void kmm_test_exported_fn(void)
{
	for (int i = 0; i < 16; i++)
		kmm_test_sink += i * kmm_test_sink;
}

Test(vsprintf, symbol)
{
	char *fn = (char *)(uintptr_t)kmm_test_exported_fn;
	char buf[256];
	int local;

	kmm_snprintf(buf, sizeof(buf), "%pS", fn);
	cr_expect_str_eq(buf, "kmm_test_exported_fn+0x0");
	kmm_snprintf(buf, sizeof(buf), "<%pSR>", fn + 3);
	cr_expect_str_eq(buf, "<kmm_test_exported_fn+0x3>");
	kmm_snprintf(buf, sizeof(buf), "%pB", fn + 1);
	cr_expect_str_eq(buf, "kmm_test_exported_fn+0x1");
	kmm_snprintf(buf, sizeof(buf), "%ps", fn + 2);
	cr_expect_str_eq(buf, "kmm_test_exported_fn", "%%ps has no offset");
	kmm_snprintf(buf, sizeof(buf), "%30ps|", fn);
	cr_expect_str_eq(buf, "          kmm_test_exported_fn|");
	/* A library function has a name too. */
	kmm_snprintf(buf, sizeof(buf), "%ps", (void *)(uintptr_t)kmm_snprintf);
	cr_expect_str_eq(buf, "kmm_snprintf");
	/* No symbol: the raw address. */
	kmm_snprintf(buf, sizeof(buf), "%pS", (void *)&local);
	cr_expect(strncmp(buf, "0x", 2) == 0, "%s", buf);
	kmm_snprintf(buf, sizeof(buf), "%ps", (void *)&local);
	cr_expect(strncmp(buf, "0x", 2) == 0, "%s", buf);
}

Test(vsprintf, plain_pointer)
{
	char buf[64];

	kmm_snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	cr_expect_str_eq(buf, "0000000000001234");
	kmm_snprintf(buf, sizeof(buf), "%px.", (void *)0xffff888012345678UL);
	cr_expect_str_eq(buf, "ffff888012345678.");
	kmm_snprintf(buf, sizeof(buf), "%p", NULL);
	cr_expect_str_eq(buf, "0000000000000000");
	kmm_snprintf(buf, sizeof(buf), "[%8p]", (void *)0x1234);
	cr_expect_str_eq(buf, "[    1234]");
	kmm_snprintf(buf, sizeof(buf), "[%-8p]", (void *)0x1234);
	cr_expect_str_eq(buf, "[1234    ]");
}

/* These formats are wrong on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"

Test(vsprintf, unknown_conversion_stops)
{
	char buf[64];
	int n;

	n = kmm_snprintf(buf, sizeof(buf), "ab%ycd%s", "never read");
	cr_expect_str_eq(buf, "ab");
	cr_expect_eq(n, 2);
	n = kmm_snprintf(buf, sizeof(buf), "x%ny", (int *)NULL);
	cr_expect_str_eq(buf, "x", "%%n is refused");
	n = kmm_snprintf(buf, sizeof(buf), "tail%");
	cr_expect_str_eq(buf, "tail");
	cr_expect_eq(n, 4);
	n = kmm_snprintf(buf, sizeof(buf), "%-08.3");
	cr_expect_eq(n, 0);
}

Test(vsprintf, huge_width_is_bounded)
{
	char buf[16];

	/* The kernel caps widths at 2^23 - 1 and precisions at 2^15 - 1. */
	cr_expect_eq(kmm_snprintf(buf, sizeof(buf), "%*d", INT_MIN, 1), (1 << 23) - 1);
	cr_expect_str_eq(buf, "1              ");
	cr_expect_eq(kmm_snprintf(buf, sizeof(buf), "%99999999999d", 1), (1 << 23) - 1);
	cr_expect_eq(kmm_snprintf(buf, sizeof(buf), "%.99999999999d", 1), (1 << 15) - 1);
	cr_expect_eq(kmm_snprintf(buf, sizeof(buf), "%.*d", INT_MAX, 1), (1 << 15) - 1);
}

#pragma GCC diagnostic pop

/* ---- the randomised differential test ----------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int rng_below(int n)
{
	return (int)(rng() % (uint64_t)n);
}

/* A value biased toward the edges. */
static long long rng_value(void)
{
	static const long long edges[] = { 0, 1, -1, 127, -128, 255, 32767,
		-32768, 65535, INT_MAX, INT_MIN, UINT_MAX, LLONG_MAX, LLONG_MIN };

	switch (rng_below(4)) {
	case 0: return edges[rng_below(sizeof(edges) / sizeof(edges[0]))];
	case 1: return (long long)(rng() % 1000) - 500;
	default: return (long long)rng();
	}
}

struct conv {
	char fmt[64];
	char conv;	/* d i u x X o c s */
	char len[3];	/* "", hh h l ll z t j */
	int stars;	/* bit 0: width '*', bit 1: precision '*' */
	int width, prec;
	bool has_prec;	/* a precision applies */
	bool alt_hex;	/* "%#x": the kernel prints "0x0" for 0 */
};

static void drop_flag(char *flags, char f)
{
	char *p;

	while ((p = strchr(flags, f)))
		memmove(p, p + 1, strlen(p));
}

/* The value @c's length modifier makes of @v, as an unsigned number. */
static unsigned long long converted(const struct conv *c, long long v)
{
	if (!strcmp(c->len, "hh"))
		return (unsigned char)v;
	if (!strcmp(c->len, "h"))
		return (unsigned short)v;
	if (!c->len[0])
		return (unsigned int)v;
	return (unsigned long long)v;
}

/* Zero is where the kernel and C part ways: with a precision, and "%#x". */
static long long avoid_kernel_corners(const struct conv *c, long long v)
{
	if (strchr("diuxXo", c->conv) && (c->has_prec || c->alt_hex) &&
	    converted(c, v) == 0)
		return v + 1;
	return v;
}

/* Flags that C defines for @conv, in random order and number. */
static void random_flags(char *p, char conv)
{
	const char *allowed = strchr("diu", conv) ? "-+ 0" :
			      strchr("xXo", conv) ? "-+ 0#" : "-";

	for (int n = rng_below(4); n > 0; n--)
		*p++ = allowed[rng_below((int)strlen(allowed))];
	*p = '\0';
}

static void random_conv(struct conv *c)
{
	static const char convs[] = "diuxXocs";
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
	char flags[8], width[16] = "", prec[16] = "";

	c->conv = convs[rng_below(sizeof(convs) - 1)];
	strcpy(c->len, strchr("cs", c->conv) ? "" : lens[rng_below(8)]);
	random_flags(flags, c->conv);
	c->stars = 0;
	switch (rng_below(3)) {
	case 1: snprintf(width, sizeof(width), "%d", rng_below(25)); break;
	case 2: strcpy(width, "*"); c->stars |= 1; c->width = rng_below(41) - 20; break;
	}
	if (c->conv != 'c') {
		switch (rng_below(3)) {	/* never '.' alone: see the kernel table */
		case 1: snprintf(prec, sizeof(prec), ".%d", rng_below(25)); break;
		case 2: strcpy(prec, ".*"); c->stars |= 2; c->prec = rng_below(31) - 5; break;
		}
	}
	c->has_prec = prec[0] && !(c->stars & 2 && c->prec < 0);
	if (c->has_prec && strchr("diuxXo", c->conv))
		drop_flag(flags, '0');	/* the kernel zero-pads anyway */
	if (c->has_prec && c->conv == 'o')
		drop_flag(flags, '#');	/* the kernel adds its '0' anyway */
	c->alt_hex = strchr(flags, '#') && strchr("xX", c->conv);
	snprintf(c->fmt, sizeof(c->fmt), "<%%%s%s%s%s%c>", flags, width, prec,
		 c->len, c->conv);
}

/* Call @fn with the argument types @c's format asks for. */
static int call(snprintf_fn fn, char *buf, size_t size, const struct conv *c,
		long long v, const char *s)
{
	int w = c->width, p = c->prec;

#define CALL(arg) (c->stars == 3 ? fn(buf, size, c->fmt, w, p, arg) :	\
		   c->stars == 2 ? fn(buf, size, c->fmt, p, arg) :		\
		   c->stars == 1 ? fn(buf, size, c->fmt, w, arg) :		\
		   fn(buf, size, c->fmt, arg))
	if (c->conv == 's')
		return CALL(s);
	if (c->conv == 'c')
		return CALL((int)(v & 0xff));
	if (!strcmp(c->len, "l"))
		return CALL((long)v);
	if (!strcmp(c->len, "ll"))
		return CALL(v);
	if (!strcmp(c->len, "z"))
		return CALL((size_t)v);
	if (!strcmp(c->len, "t"))
		return CALL((ptrdiff_t)v);
	if (!strcmp(c->len, "j"))
		return CALL((intmax_t)v);
	return CALL((int)v);
#undef CALL
}

Test(vsprintf, random_differential)
{
	static const char *const strs[] = { "", "x", "kmm", "memblock_reserve",
		"with space", "0123456789abcdef0123456789" };

	for (int i = 0; i < 100000; i++) {
		char want[256], got[256];
		struct conv c;
		long long v = rng_value();
		const char *s = strs[rng_below(6)];
		size_t size = rng_below(8) ? sizeof(want) : (size_t)rng_below(40);
		int rw, rg;

		random_conv(&c);
		v = avoid_kernel_corners(&c, v);
		memset(want, 0x5a, sizeof(want));
		memset(got, 0x5a, sizeof(got));
		rw = call((snprintf_fn)snprintf, want, size, &c, v, s);
		rg = call(kmm_snprintf, got, size, &c, v, s);
		cr_assert_eq(rg, rw, "#%d \"%s\" (w %d p %d v %lld s \"%s\"): "
			     "returned %d, glibc %d", i, c.fmt, c.width, c.prec,
			     v, s, rg, rw);
		cr_assert(memcmp(got, want, sizeof(got)) == 0,
			  "#%d \"%s\" (size %zu w %d p %d v %lld): \"%s\", glibc \"%s\"",
			  i, c.fmt, size, c.width, c.prec, v, got, want);
	}
}
