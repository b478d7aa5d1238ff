// SPDX-License-Identifier: MIT
/* src/host/console.c - the console: the host's standard error. */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>

#include "host.h"

void host_console_write(const char *text, size_t len)
{
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
