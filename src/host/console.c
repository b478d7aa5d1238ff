// SPDX-License-Identifier: MIT
/*
 * src/host/console.c - the console: the host's standard error.
 *
 * The program's own buffered standard output is flushed first, so that a
 * kernel message shows up after what the program printed before it, in a
 * terminal as in a file that captures both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "host.h"

void host_console_write(const char *text, size_t len)
{
	fflush(stdout);
	while (len) {
		ssize_t n = write(STDERR_FILENO, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		text += n;
		len -= (size_t)n;
	}
}
