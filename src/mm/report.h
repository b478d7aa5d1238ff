/* SPDX-License-Identifier: MIT */
/*
 * src/mm/report.h - the output buffer every /proc-style report of kmm
 * writes into (vmstat.c, slabinfo.c, vmalloc_info.c), with the contract of
 * the kmm_report_*() functions: snprintf's, i.e. the text is cut to fit
 * @size (NUL-terminated when @size > 0) and the length of the whole report
 * is returned, so that a caller may ask with (NULL, 0) first.
 */
#ifndef KMM_MM_REPORT_H
#define KMM_MM_REPORT_H

#include <kmm/types.h>
#include <kmm/compiler.h>

struct report {
	char *buf;
	size_t size;
	size_t len;	/* of the whole report so far, written or not */
};

/* Start an empty report into @buf of @size bytes (@buf may be NULL). */
void kmm_report_buf_init(struct report *r, char *buf, size_t size);

/* Append printf-style text; what does not fit is only counted. */
__printf(2, 3) void kmm_report_buf_printf(struct report *r, const char *fmt, ...);

/* The short names the report files use (the library exports the long ones). */
#define report_init	kmm_report_buf_init
#define rp		kmm_report_buf_printf

#endif /* KMM_MM_REPORT_H */
