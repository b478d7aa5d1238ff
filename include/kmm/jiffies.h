/* SPDX-License-Identifier: MIT */
/*
 * kmm/jiffies.h - the tick count, as linux/jiffies.h.
 *
 * HZ is 250, Debian's CONFIG_HZ for x86-64: a jiffy is 4 ms. kmm has no
 * timer interrupt; jiffies is computed when read, from the host's
 * monotonic clock (ticks since the host booted), so it only moves forward
 * and agrees across threads.
 *
 * How kmm differs: Linux starts jiffies 5 minutes before wrap-around
 * (INITIAL_JIFFIES) to shake out wrap bugs; kmm's comes from the clock and
 * wraps in 2^64 ticks. Use time_after()/time_before() all the same.
 */
#ifndef KMM_JIFFIES_H
#define KMM_JIFFIES_H

#include <kmm/types.h>

#define HZ		250
#define NSEC_PER_SEC	1000000000UL
#define TICK_NSEC	(NSEC_PER_SEC / HZ)

/** kmm_jiffies - ticks of 1/HZ s on the host's monotonic clock. Context: any. */
unsigned long kmm_jiffies(void);
#define jiffies		kmm_jiffies()

/* Wrap-safe comparisons of two jiffies values. */
#define time_after(a, b)	((long)((a) - (b)) > 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

#endif /* KMM_JIFFIES_H */
