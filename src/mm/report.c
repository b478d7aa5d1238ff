// SPDX-License-Identifier: MIT
/*
 * src/mm/report.c - the reports' output buffer (see report.h): text
 * appended with vsnprintf, cut at the buffer's end, the full length kept.
 */
#include <stdarg.h>

#include "../lib/string.h"
#include "report.h"

void kmm_report_buf_init(struct report *r, char *buf, size_t size)
{
	r->buf = buf;
	r->size = buf ? size : 0;
	r->len = 0;
	if (r->size)
		buf[0] = '\0';
}

void kmm_report_buf_printf(struct report *r, const char *fmt, ...)
{
	size_t room = r->len < r->size ? r->size - r->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? r->buf + r->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len += (size_t)n;
}
