// SPDX-License-Identifier: MIT
/*
 * src/host/debug.c - stack traces and symbol names for the kernel-style
 * reports (%pS, dump_stack), and the end of a panic.
 *
 * Symbols come from dladdr(): exported functions of the program and its
 * libraries. Static functions show as the nearest exported symbol or as a
 * raw address; build with -rdynamic for better names.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>

#include "host.h"

int host_backtrace(unsigned long *addrs, int max, int skip)
{
	void *buf[64];
	int n, i, out = 0;

	if (max <= 0)
		return 0;
	n = backtrace(buf, 64);
	for (i = skip + 1; i < n && out < max; i++)
		addrs[out++] = (unsigned long)buf[i];
	return out;
}

int host_symbolize(unsigned long addr, char *buf, size_t size)
{
	Dl_info info;
	int n;

	if (dladdr((void *)addr, &info) && info.dli_sname && info.dli_saddr) {
		unsigned long off = addr - (unsigned long)info.dli_saddr;

		n = snprintf(buf, size, "%s+0x%lx", info.dli_sname, off);
	} else {
		n = snprintf(buf, size, "0x%lx", addr);
	}
	return n < 0 ? 0 : (n >= (int)size ? (int)size - 1 : n);
}

void host_abort(void)
{
	abort();
}
