// SPDX-License-Identifier: MIT
/*
 * src/mm/fail_page_alloc.c - the fail_page_alloc fault-injection instance
 * (mm/fail_page_alloc.c of Linux 6.12).
 *
 * 1. Eligible allocations: order >= min-order (default 1, so order-0
 *    pages never fail unless asked), never __GFP_NOFAIL, not __GFP_HIGHMEM
 *    while ignore-gfp-highmem (default on), not direct-reclaim ones while
 *    ignore-gfp-wait (default on); __GFP_NOWARN makes the failure silent.
 *    Then should_fail_ex() decides with the pages asked for as the size.
 * 2. Configuration: "fail_page_alloc=<interval>,<probability>,<space>,<times>"
 *    at boot; fault_attr_write("fail_page_alloc", FILE, VALUE) at run time
 *    with Linux's debugfs file names, including this instance's own
 *    ignore-gfp-wait, ignore-gfp-highmem and min-order.
 * 3. Cost: __alloc_pages() asks only on its general path; the order-0
 *    fast path (page_alloc_pcp.c) goes there whenever fail_page_alloc_armed()
 *    says an injection could happen (a probability set or a thread's
 *    fail-nth in use).
 */
#include <kmm/fault-inject.h>
#include <kmm/gfp.h>
#include <kmm/init.h>
#include "internal.h"

struct fail_page_alloc_attr fail_page_alloc = {
	.attr = FAULT_ATTR_INITIALIZER("fail_page_alloc"),
	.ignore_gfp_reclaim = true,
	.ignore_gfp_highmem = true,
	.min_order = 1,
};

static const struct fault_attr_file fail_page_alloc_files[] = {
	{ "ignore-gfp-wait", &fail_page_alloc.ignore_gfp_reclaim, true },
	{ "ignore-gfp-highmem", &fail_page_alloc.ignore_gfp_highmem, true },
	{ "min-order", &fail_page_alloc.min_order, false },
	{ NULL, NULL, false },
};

__attribute__((constructor)) static void fail_page_alloc_register(void)
{
	fault_attr_register(&fail_page_alloc.attr);
	fault_attr_register_files(&fail_page_alloc.attr, fail_page_alloc_files);
}

static int __init setup_fail_page_alloc(char *str)
{
	return setup_fault_attr(&fail_page_alloc.attr, str);
}
__setup("fail_page_alloc=", setup_fail_page_alloc);

/**
 * should_fail_alloc_page - point 1: must this allocation fail?
 * @gfp_mask: the request's flags
 * @order: its order
 *
 * Context: any; never sleeps. Return: true to fail it.
 */
bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order)
{
	int flags = 0;

	if (order < fail_page_alloc.min_order)
		return false;
	if (gfp_mask & __GFP_NOFAIL)
		return false;
	if (fail_page_alloc.ignore_gfp_highmem && (gfp_mask & __GFP_HIGHMEM))
		return false;
	if (fail_page_alloc.ignore_gfp_reclaim && (gfp_mask & __GFP_DIRECT_RECLAIM))
		return false;
	if (gfp_mask & __GFP_NOWARN)
		flags |= FAULT_NOWARN;
	return should_fail_ex(&fail_page_alloc.attr, 1L << order, flags);
}
