/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/dmesg_lines.h - reading kernel logs in tests: strip the
 * "[    0.000000] " prefix, find lines, collect the lines that start with a
 * given text, and read whole files.
 */
#ifndef KMM_TEST_DMESG_LINES_H
#define KMM_TEST_DMESG_LINES_H

#include <stdbool.h>
#include <stddef.h>

/* The text of a dmesg line after its timestamp (or the line itself). */
const char *dmesg_strip(const char *line);
/* Does @log hold a line whose text (after the timestamp) equals @text? */
bool dmesg_has_line(const char *log, const char *text);
/* Does @log hold a line whose text contains @needle? */
bool dmesg_has(const char *log, const char *needle);
/* Collect into @out (newline-separated, no timestamps) every line of @log
 * whose text starts with one of the NULL-terminated @prefixes, and is not
 * a line that starts with "# ". Return: number of lines. */
int dmesg_collect(const char *log, const char *const *prefixes, char *out, size_t size);
/* The whole file as a malloc'd NUL-terminated string, or NULL. */
char *read_file(const char *path);

#endif
