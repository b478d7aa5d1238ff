// SPDX-License-Identifier: MIT
/*
 * src/arch/e820_parse.c - a firmware map read from a real machine's boot
 * log: the "BIOS-e820:" lines Linux prints under "BIOS-provided physical
 * RAM map:".
 *
 * 1. What is read. Every line that contains "BIOS-e820:" anywhere, so that
 *    the output of dmesg ("[    0.000000] BIOS-e820: ..."), of syslog or
 *    journalctl ("Jan 01 12:00:00 host kernel: BIOS-e820: ..."), raw kmsg
 *    ("<6>[...] ...") and bare lines all work. Two forms are understood:
 *
 *      BIOS-e820: [mem 0x0000000000100000-0x00000000bfffffff] usable
 *      BIOS-e820: 0000000000100000 - 00000000c0000000 (usable)
 *
 *    The first is Linux's since 3.x: the range is inclusive, the type is a
 *    name from e820_type_name() or "type N". The second is 2.6's: the end
 *    is exclusive and the name is in parentheses (unknown types print as
 *    "type N", without them). Every other line is ignored, including the
 *    kernel's later copies of the map ("reserve setup_data:", "user:",
 *    "modified:"), which are not what the firmware said.
 *
 * 2. Errors. A BIOS-e820 line that is not one of the two forms (bad hex, a
 *    number beyond 64 bits, end below start, a range of all 2^64 bytes, no
 *    type or an unknown one, anything after the type) is reported as
 *    "e820: NAME:LINE: what is wrong: 'the line'" and skipped. The quoted
 *    line is trimmed of white space and cut to E820_QUOTE_MAX bytes. The
 *    table holds E820_MAX_ENTRIES entries; the first entry beyond is
 *    reported and parsing stops there.
 *
 * 3. Robustness. The input is untrusted (it is fuzzed): every read is
 *    bounded by the end of the current line, found before the line is
 *    parsed; numbers are checked for overflow; lines may end in "\n",
 *    "\r\n" or the end of the text. Cost is linear in the text's length.
 *
 * 4. How kmm differs: Linux has no such parser; this file is kmm's
 *    firmware. The entries are stored as the lines list them, unsorted and
 *    unsanitised: e820__memory_setup() then treats them as Linux treats
 *    the firmware's table.
 */
#include <kmm/e820.h>
#include <kmm/errno.h>
#include <kmm/printk.h>
#include "../lib/string.h"
#include "../lib/ctype.h"
#include "e820_internal.h"

#define E820_MARKER	"BIOS-e820:"
/* Longest piece of a bad line quoted in its error message. */
#define E820_QUOTE_MAX	200

/* A position in one line; end is one past its last non-blank byte. */
struct e820_cursor {
	const char *p;
	const char *end;
};

struct e820_parser {
	struct e820_table *t;
	const char *name;
	int line_no;
};

static bool cur_done(const struct e820_cursor *c)
{
	return c->p >= c->end;
}

static void cur_blanks(struct e820_cursor *c)
{
	while (!cur_done(c) && isspace((unsigned char)*c->p))
		c->p++;
}

/* Step over the literal @s if the line continues with it. */
static bool cur_eat(struct e820_cursor *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
		return false;
	c->p += n;
	return true;
}

static unsigned int hex_value(char ch)
{
	if (isdigit((unsigned char)ch))
		return (unsigned int)(ch - '0');
	return (unsigned int)(tolower((unsigned char)ch) - 'a' + 10);
}

/* A hex number of at least one digit that fits in 64 bits. */
static bool cur_hex(struct e820_cursor *c, u64 *v)
{
	const char *start = c->p;

	*v = 0;
	for (; !cur_done(c) && isxdigit((unsigned char)*c->p); c->p++) {
		if (*v >> 60)
			return false;
		*v = (*v << 4) | hex_value(*c->p);
	}
	return c->p > start;
}

/*
 * The type that ends the line: a name, "(name)" when @parens allows it,
 * or "type N". Return: NULL, or what is wrong.
 */
static const char *e820_parse_type(struct e820_cursor *c, bool parens,
				   enum e820_type *type)
{
	bool open = false;
	size_t n;

	cur_blanks(c);
	if (cur_done(c))
		return "missing type";
	if (parens)
		open = cur_eat(c, "(");
	n = e820_type_prefix(c->p, (size_t)(c->end - c->p), type);
	if (!n)
		return "unknown type";
	c->p += n;
	if (open && !cur_eat(c, ")"))
		return "unknown type";
	return cur_done(c) ? NULL : "trailing garbage";
}

/* "[mem 0xSTART-0xEND] type", END inclusive. */
static const char *e820_parse_mem_form(struct e820_cursor *c, struct e820_entry *e)
{
	u64 start, end;
	enum e820_type type;
	const char *err;

	if (!cur_eat(c, "[mem "))
		return "malformed range";
	if (!cur_eat(c, "0x") || !cur_hex(c, &start))
		return "bad start address";
	if (!cur_eat(c, "-"))
		return "malformed range";
	if (!cur_eat(c, "0x") || !cur_hex(c, &end))
		return "bad end address";
	if (!cur_eat(c, "]"))
		return "malformed range";
	if (end < start)
		return "end below start";
	if (start == 0 && end == U64_MAX)
		return "range of 2^64 bytes";
	err = e820_parse_type(c, false, &type);
	if (err)
		return err;
	e->addr = start;
	e->size = end - start + 1;
	e->type = type;
	return NULL;
}

/* Linux 2.6's "START - END (type)", END exclusive. */
static const char *e820_parse_old_form(struct e820_cursor *c, struct e820_entry *e)
{
	u64 start, end;
	enum e820_type type;
	const char *err;

	if (!cur_hex(c, &start))
		return "bad start address";
	cur_blanks(c);
	if (!cur_eat(c, "-"))
		return "malformed range";
	cur_blanks(c);
	if (!cur_hex(c, &end))
		return "bad end address";
	if (end < start)
		return "end below start";
	err = e820_parse_type(c, true, &type);
	if (err)
		return err;
	e->addr = start;
	e->size = end - start;
	e->type = type;
	return NULL;
}

/* The marker in [p, end), or NULL. */
static const char *e820_find_marker(const char *p, const char *end)
{
	size_t n = sizeof(E820_MARKER) - 1;

	for (; (size_t)(end - p) >= n; p++)
		if (memcmp(p, E820_MARKER, n) == 0)
			return p;
	return NULL;
}

static void e820_report(const struct e820_parser *ps, const char *line,
			const char *end, const char *what)
{
	size_t len;

	while (line < end && isspace((unsigned char)*line))
		line++;
	len = (size_t)(end - line);
	pr_err("e820: %s:%d: %s: '%.*s%s'\n", ps->name, ps->line_no, what,
	       (int)(len > E820_QUOTE_MAX ? E820_QUOTE_MAX : len), line,
	       len > E820_QUOTE_MAX ? "..." : "");
}

/*
 * One line [line, eol), eol at its '\n' or NUL. Return: false when the
 * table is full and parsing must stop.
 */
static bool e820_parse_line(struct e820_parser *ps, const char *line,
			    const char *eol)
{
	struct e820_cursor c = { line, eol };
	struct e820_entry e;
	const char *marker, *err;

	while (c.end > line && isspace((unsigned char)c.end[-1]))
		c.end--;
	marker = e820_find_marker(line, c.end);
	if (!marker)
		return true;
	c.p = marker + sizeof(E820_MARKER) - 1;
	cur_blanks(&c);

	if (!cur_done(&c) && *c.p == '[')
		err = e820_parse_mem_form(&c, &e);
	else if (!cur_done(&c) && isxdigit((unsigned char)*c.p))
		err = e820_parse_old_form(&c, &e);
	else
		err = "malformed range";
	if (err) {
		e820_report(ps, line, c.end, err);
		return true;
	}
	if (!e820_table_append(ps->t, e.addr, e.size, e.type)) {
		pr_err("e820: %s:%d: more than %d entries; ignoring the rest\n",
		       ps->name, ps->line_no, E820_MAX_ENTRIES);
		return false;
	}
	return true;
}

int e820__firmware_parse(struct e820_table *t, const char *text, const char *name)
{
	struct e820_parser ps = { t, name ? name : "e820", 0 };
	const char *line = text ? text : "";

	t->nr_entries = 0;
	while (*line) {
		const char *eol = line;

		while (*eol && *eol != '\n')
			eol++;
		ps.line_no++;
		if (!e820_parse_line(&ps, line, eol))
			break;
		line = *eol ? eol + 1 : eol;
	}
	if (!t->nr_entries) {
		pr_err("e820: %s: no BIOS-e820 lines found\n", ps.name);
		return -EINVAL;
	}
	return (int)t->nr_entries;
}
