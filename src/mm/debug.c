// SPDX-License-Identifier: MIT
/*
 * src/mm/debug.c - names for the memory manager's flag words, for reports
 * (mm/debug.c).
 *
 * 1. One table per flag word. gfpflag_names[] names GFP masks; %pGg
 *    (src/lib/vsprintf.c), gfp_flags_str() and the tests all read it, so a
 *    name exists in exactly one place. Page flags (%pGp) come with
 *    struct page.
 *
 * 2. Order is meaning. The printer takes the first entry whose bits are
 *    all present, prints it, removes those bits and goes on; so composites
 *    come first, those with more bits before those they contain
 *    (GFP_TRANSHUGE before GFP_TRANSHUGE_LIGHT, GFP_KERNEL_ACCOUNT before
 *    GFP_KERNEL), then single flags. The order is Linux 6.12's
 *    (include/trace/events/mmflags.h), so kmm prints what Linux prints.
 *
 * 3. What has no name. Linux's table has no entry for __GFP_NO_OBJ_EXT
 *    (nor for __GFP_NOLOCKDEP, which is 0 here): those bits print as hex,
 *    as on Linux. __GFP_SKIP_ZERO and __GFP_SKIP_KASAN are named only with
 *    CONFIG_KASAN_HW_TAGS, which x86-64 lacks; they are 0 here and must
 *    not be in the table (a mask of 0 would match every word).
 */
#include <kmm/gfp.h>
#include "../lib/string.h"

#define GFP_NAME(flag)	{ (unsigned long)(flag), #flag }

const struct trace_print_flags gfpflag_names[] = {
	GFP_NAME(GFP_TRANSHUGE),
	GFP_NAME(GFP_TRANSHUGE_LIGHT),
	GFP_NAME(GFP_HIGHUSER_MOVABLE),
	GFP_NAME(GFP_HIGHUSER),
	GFP_NAME(GFP_USER),
	GFP_NAME(GFP_KERNEL_ACCOUNT),
	GFP_NAME(GFP_KERNEL),
	GFP_NAME(GFP_NOFS),
	GFP_NAME(GFP_ATOMIC),
	GFP_NAME(GFP_NOIO),
	GFP_NAME(GFP_NOWAIT),
	GFP_NAME(GFP_DMA),
	GFP_NAME(__GFP_HIGHMEM),
	GFP_NAME(GFP_DMA32),
	GFP_NAME(__GFP_HIGH),
	GFP_NAME(__GFP_IO),
	GFP_NAME(__GFP_FS),
	GFP_NAME(__GFP_NOWARN),
	GFP_NAME(__GFP_RETRY_MAYFAIL),
	GFP_NAME(__GFP_NOFAIL),
	GFP_NAME(__GFP_NORETRY),
	GFP_NAME(__GFP_COMP),
	GFP_NAME(__GFP_ZERO),
	GFP_NAME(__GFP_NOMEMALLOC),
	GFP_NAME(__GFP_MEMALLOC),
	GFP_NAME(__GFP_HARDWALL),
	GFP_NAME(__GFP_THISNODE),
	GFP_NAME(__GFP_RECLAIMABLE),
	GFP_NAME(__GFP_MOVABLE),
	GFP_NAME(__GFP_ACCOUNT),
	GFP_NAME(__GFP_WRITE),
	GFP_NAME(__GFP_RECLAIM),
	GFP_NAME(__GFP_DIRECT_RECLAIM),
	GFP_NAME(__GFP_KSWAPD_RECLAIM),
	GFP_NAME(__GFP_ZEROTAGS),
	{ 0, NULL }
};

const char *gfp_flags_str(gfp_t gfp, char *buf, size_t size)
{
	snprintf(buf, size, "%pGg", &gfp);
	return buf;
}
