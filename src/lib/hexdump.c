// SPDX-License-Identifier: MIT
/*
 * src/lib/hexdump.c - hex_dump_to_buffer() and print_hex_dump(), in the
 * layout of the kernel's lib/hexdump.c (the SLUB reports print objects,
 * red zones and padding with them).
 *
 * 1. One line. hex_dump_to_buffer() renders at most one row (16 or 32
 *    bytes) as groups of 1, 2, 4 or 8 bytes in hex, separated by one
 *    space; a group of more than one byte is read as a little-endian
 *    number, as on x86. With @ascii the printable characters follow, at
 *    the fixed column rowsize * 2 + rowsize / groupsize + 1 (49 for the
 *    usual 16 bytes in groups of 1), unprintable ones as '.':
 *        bb bb bb bb bb bb bb bb 6b 6b 6b 6b 6b 6b 6b 6b  ........kkkkkkkk
 *    A short last row keeps the column; a length that is not a multiple
 *    of the group size falls back to groups of 1.
 *
 * 2. Many lines. print_hex_dump() prints one printk line per row, each
 *    "LEVEL PREFIX ADDRESS: DATA" (DUMP_PREFIX_ADDRESS: the row's address
 *    as %p prints it, 16 hex digits), "PREFIX OFFSET: DATA"
 *    (DUMP_PREFIX_OFFSET: %.8x) or "PREFIX DATA" (DUMP_PREFIX_NONE).
 *    A row size other than 16 or 32 means 16.
 *
 * Context: any; never sleeps, never allocates (the line lives on the stack).
 */
#include <kmm/printk.h>
#include "../lib/string.h"

/* A row of 32 bytes in groups of 1, with its text: 32 * 3 + 2 + 32 + 1. */
#define HEX_LINE_MAX	(32 * 3 + 2 + 32 + 1)

static const char hex_digits[] = "0123456789abcdef";

static bool hex_printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/* Group @g of @size bytes at @p as a little-endian number, in hex. */
static size_t put_group(char *out, const unsigned char *p, int size)
{
	size_t n = 0;

	for (int b = size - 1; b >= 0; b--) {
		out[n++] = hex_digits[p[b] >> 4];
		out[n++] = hex_digits[p[b] & 0xf];
	}
	return n;
}

/**
 * hex_dump_to_buffer - one row of a hex dump, as text (point 1).
 * @buf: the bytes
 * @len: how many of them (at most @rowsize are shown)
 * @rowsize: 16 or 32
 * @groupsize: 1, 2, 4 or 8
 * @linebuf: output
 * @linebuflen: its size; HEX_LINE_MAX is always enough
 * @ascii: append the printable characters
 *
 * Return: the length of the text (cut to fit @linebuf, NUL-terminated).
 */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize,
		       char *linebuf, size_t linebuflen, bool ascii)
{
	const unsigned char *p = buf;
	char line[HEX_LINE_MAX];
	size_t lx = 0, ascii_column;
	int ngroups;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (size_t)rowsize)
		len = (size_t)rowsize;
	if (groupsize != 1 && groupsize != 2 && groupsize != 4 && groupsize != 8)
		groupsize = 1;
	if (len % (size_t)groupsize)
		groupsize = 1;
	ngroups = (int)len / groupsize;
	for (int g = 0; g < ngroups; g++) {
		if (g)
			line[lx++] = ' ';
		lx += put_group(line + lx, p + g * groupsize, groupsize);
	}
	if (ascii && len) {
		ascii_column = (size_t)(rowsize * 2 + rowsize / groupsize + 1);
		while (lx < ascii_column)
			line[lx++] = ' ';
		for (size_t i = 0; i < len; i++)
			line[lx++] = hex_printable(p[i]) ? (char)p[i] : '.';
	}
	line[lx] = '\0';
	if (linebuflen)
		snprintf(linebuf, linebuflen, "%s", line);
	return (int)lx;
}

/**
 * print_hex_dump - print @len bytes at @buf, one printk line per row (point 2).
 * @level: a KERN_* level
 * @prefix_str: text before each line (e.g. "Object   ")
 * @prefix_type: DUMP_PREFIX_NONE, _ADDRESS or _OFFSET
 * @rowsize: 16 or 32 bytes per line
 * @groupsize: 1, 2, 4 or 8 bytes per group
 * @buf: the bytes
 * @len: how many
 * @ascii: show the printable characters too
 */
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type,
		    int rowsize, int groupsize, const void *buf, size_t len, bool ascii)
{
	const unsigned char *ptr = buf;
	char line[HEX_LINE_MAX];

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += (size_t)rowsize) {
		size_t linelen = len - i < (size_t)rowsize ? len - i : (size_t)rowsize;

		hex_dump_to_buffer(ptr + i, linelen, rowsize, groupsize, line, sizeof(line),
				   ascii);
		switch (prefix_type) {
		case DUMP_PREFIX_ADDRESS:
			printk("%s%s%p: %s\n", level, prefix_str, (const void *)(ptr + i), line);
			break;
		case DUMP_PREFIX_OFFSET:
			printk("%s%s%.8zx: %s\n", level, prefix_str, i, line);
			break;
		default:
			printk("%s%s%s\n", level, prefix_str, line);
			break;
		}
	}
}
