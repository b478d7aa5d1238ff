// SPDX-License-Identifier: MIT
/* src/host/clock.c - the monotonic clock printk stamps messages with. */
#define _GNU_SOURCE
#include <time.h>

#include "host.h"

u64 host_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}
