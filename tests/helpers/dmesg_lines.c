// SPDX-License-Identifier: MIT
/* tests/helpers/dmesg_lines.c - see dmesg_lines.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmesg_lines.h"

const char *dmesg_strip(const char *line)
{
	const char *p = line;

	if (*p == '[') {
		const char *e = strchr(p, ']');
		const char *nl = strchr(p, '\n');

		if (e && (!nl || e < nl)) {
			p = e + 1;
			if (*p == ' ')
				p++;
		}
	}
	return p;
}

static size_t line_len(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? (size_t)(nl - p) : strlen(p);
}

#define for_each_line(p, log) \
	for (p = log; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)

bool dmesg_has_line(const char *log, const char *text)
{
	const char *p;

	for_each_line(p, log) {
		const char *t = dmesg_strip(p);
		size_t n = line_len(t);

		if (n == strlen(text) && !memcmp(t, text, n))
			return true;
	}
	return false;
}

bool dmesg_has(const char *log, const char *needle)
{
	return strstr(log, needle) != NULL;
}

int dmesg_collect(const char *log, const char *const *prefixes, char *out, size_t size)
{
	const char *p;
	size_t len = 0;
	int count = 0;

	out[0] = '\0';
	for_each_line(p, log) {
		const char *t = dmesg_strip(p);
		size_t n = line_len(t);

		if (p[0] == '#')
			continue;
		for (int i = 0; prefixes[i]; i++) {
			if (strncmp(t, prefixes[i], strlen(prefixes[i])))
				continue;
			if (len + n + 2 < size) {
				memcpy(out + len, t, n);
				len += n;
				out[len++] = '\n';
				out[len] = '\0';
			}
			count++;
			break;
		}
	}
	return count;
}

char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}
