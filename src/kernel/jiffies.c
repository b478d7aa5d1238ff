// SPDX-License-Identifier: MIT
/*
 * src/kernel/jiffies.c - jiffies from the host clock (see kmm/jiffies.h).
 * One division per read; no state, so any thread may read it.
 */
#include <kmm/jiffies.h>
#include "../host/host.h"

unsigned long kmm_jiffies(void)
{
	return (unsigned long)(host_clock_ns() / TICK_NSEC);
}
