/* SPDX-License-Identifier: MIT */
/*
 * src/lib/stackdepot.h - a store of stack traces, deduplicated, named by a
 * 32-bit handle (linux/stackdepot.h), and the stack trace helpers of
 * linux/stacktrace.h. SLUB's owner tracking (slub_debug=U) keeps a handle
 * per allocation and free instead of the whole trace.
 */
#ifndef KMM_LIB_STACKDEPOT_H
#define KMM_LIB_STACKDEPOT_H

#include <kmm/types.h>
#include <kmm/gfp_types.h>

typedef u32 depot_stack_handle_t;

/* Frames kept per trace (SLUB's TRACK_ADDRS_COUNT). */
#define STACK_DEPOT_MAX_FRAMES	16

/*
 * stack_trace_save - the caller's return addresses, innermost first,
 * leaving out @skipnr frames above the caller. Return: how many stored.
 */
unsigned int stack_trace_save(unsigned long *store, unsigned int size, unsigned int skipnr);
/* Print @nr_entries addresses, one " symbol+0xoff" line each (@spaces more indent). */
void stack_trace_print(const unsigned long *entries, unsigned int nr_entries, int spaces);

/*
 * stack_depot_save - store a trace once. Return: its handle, or 0 when
 * @nr_entries is 0 or the depot is full (the trace is then lost).
 */
depot_stack_handle_t stack_depot_save(unsigned long *entries, unsigned int nr_entries,
				      gfp_t alloc_flags);
/* The trace behind @handle: *@entries points into the depot. Return: its length. */
unsigned int stack_depot_fetch(depot_stack_handle_t handle, unsigned long **entries);
/* stack_trace_print() of the trace behind @handle (nothing for 0). */
void stack_depot_print(depot_stack_handle_t handle);

#endif /* KMM_LIB_STACKDEPOT_H */
