// SPDX-License-Identifier: MIT
/*
 * tests/test_gfp.c - GFP flags: values, composites, zones, migratetypes,
 * and %pGg, against Linux 6.12 (x86-64, Debian's configuration).
 *
 * The numbers below are written out by hand from Linux 6.12's
 * include/linux/gfp_types.h with CONFIG_KASAN_HW_TAGS=n, CONFIG_LOCKDEP=n,
 * CONFIG_SLAB_OBJ_EXT=y, not computed from kmm's headers, so a changed bit
 * in kmm fails here. The expected %pGg strings were derived from Linux's
 * name order (include/trace/events/mmflags.h) and its format_flags()
 * algorithm (lib/vsprintf.c): first matching name wins, its bits go, '|'
 * between items, leftover bits in 0x hex, nothing for 0.
 *
 * The zone modifiers, as gfp_zone() reads them (x86-64: no HIGHMEM zone):
 *
 *     MOVABLE DMA32 HIGHMEM DMA     zone
 *        .      .      .     .      Normal
 *        .      .      .     x      DMA
 *        .      .      x     .      Normal
 *        .      x      .     .      DMA32
 *        x      .      .     .      Normal
 *        x      .      .     x      DMA
 *        x      .      x     .      Movable
 *        x      x      .     .      DMA32
 *     two or more of DMA, DMA32, HIGHMEM: kernel BUG (debug build)
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <kmm/gfp.h>
#include <kmm/printk.h>

#include "helpers/child_stderr.h"
#include "helpers/dmesg_lines.h"

/* Reports that a test provokes stay in the log, off the terminal. */
static void quiet(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

/* ---- every flag's value ---- */

Test(gfp_values, bit_numbers)
{
	cr_assert_eq(___GFP_DMA_BIT, 0);
	cr_assert_eq(___GFP_HIGHMEM_BIT, 1);
	cr_assert_eq(___GFP_DMA32_BIT, 2);
	cr_assert_eq(___GFP_MOVABLE_BIT, 3);
	cr_assert_eq(___GFP_RECLAIMABLE_BIT, 4);
	cr_assert_eq(___GFP_HIGH_BIT, 5);
	cr_assert_eq(___GFP_IO_BIT, 6);
	cr_assert_eq(___GFP_FS_BIT, 7);
	cr_assert_eq(___GFP_ZERO_BIT, 8);
	cr_assert_eq(___GFP_UNUSED_BIT, 9);
	cr_assert_eq(___GFP_DIRECT_RECLAIM_BIT, 10);
	cr_assert_eq(___GFP_KSWAPD_RECLAIM_BIT, 11);
	cr_assert_eq(___GFP_WRITE_BIT, 12);
	cr_assert_eq(___GFP_NOWARN_BIT, 13);
	cr_assert_eq(___GFP_RETRY_MAYFAIL_BIT, 14);
	cr_assert_eq(___GFP_NOFAIL_BIT, 15);
	cr_assert_eq(___GFP_NORETRY_BIT, 16);
	cr_assert_eq(___GFP_MEMALLOC_BIT, 17);
	cr_assert_eq(___GFP_COMP_BIT, 18);
	cr_assert_eq(___GFP_NOMEMALLOC_BIT, 19);
	cr_assert_eq(___GFP_HARDWALL_BIT, 20);
	cr_assert_eq(___GFP_THISNODE_BIT, 21);
	cr_assert_eq(___GFP_ACCOUNT_BIT, 22);
	cr_assert_eq(___GFP_ZEROTAGS_BIT, 23);
	cr_assert_eq(___GFP_NO_OBJ_EXT_BIT, 24);
	cr_assert_eq(___GFP_LAST_BIT, 25);
	cr_assert_eq(__GFP_BITS_SHIFT, 25);
	cr_assert_eq(__GFP_BITS_MASK, 0x1ffffffu);
}

Test(gfp_values, single_flags)
{
	cr_assert_eq(__GFP_DMA, 0x1u);
	cr_assert_eq(__GFP_HIGHMEM, 0x2u);
	cr_assert_eq(__GFP_DMA32, 0x4u);
	cr_assert_eq(__GFP_MOVABLE, 0x8u);
	cr_assert_eq(__GFP_RECLAIMABLE, 0x10u);
	cr_assert_eq(__GFP_HIGH, 0x20u);
	cr_assert_eq(__GFP_IO, 0x40u);
	cr_assert_eq(__GFP_FS, 0x80u);
	cr_assert_eq(__GFP_ZERO, 0x100u);
	cr_assert_eq(__GFP_DIRECT_RECLAIM, 0x400u);
	cr_assert_eq(__GFP_KSWAPD_RECLAIM, 0x800u);
	cr_assert_eq(__GFP_WRITE, 0x1000u);
	cr_assert_eq(__GFP_NOWARN, 0x2000u);
	cr_assert_eq(__GFP_RETRY_MAYFAIL, 0x4000u);
	cr_assert_eq(__GFP_NOFAIL, 0x8000u);
	cr_assert_eq(__GFP_NORETRY, 0x10000u);
	cr_assert_eq(__GFP_MEMALLOC, 0x20000u);
	cr_assert_eq(__GFP_COMP, 0x40000u);
	cr_assert_eq(__GFP_NOMEMALLOC, 0x80000u);
	cr_assert_eq(__GFP_HARDWALL, 0x100000u);
	cr_assert_eq(__GFP_THISNODE, 0x200000u);
	cr_assert_eq(__GFP_ACCOUNT, 0x400000u);
	cr_assert_eq(__GFP_ZEROTAGS, 0x800000u);
	cr_assert_eq(__GFP_NO_OBJ_EXT, 0x1000000u);
}

/* The flags whose bit the configuration leaves out are 0. */
Test(gfp_values, configured_out_flags_are_zero)
{
	cr_assert_eq(__GFP_SKIP_ZERO, 0u);
	cr_assert_eq(__GFP_SKIP_KASAN, 0u);
	cr_assert_eq(__GFP_NOLOCKDEP, 0u);
}

Test(gfp_values, type_is_32_bits_unsigned)
{
	gfp_t all = (gfp_t)~0u;

	cr_assert_eq(sizeof(gfp_t), 4);
	cr_assert_gt(all, 0u);
}

Test(gfp_values, zonemask)
{
	cr_assert_eq(GFP_ZONEMASK, 0xfu);
}

Test(gfp_values, composites)
{
	cr_assert_eq(__GFP_RECLAIM, 0xc00u);
	cr_assert_eq(GFP_ATOMIC, 0x820u);
	cr_assert_eq(GFP_KERNEL, 0xcc0u);
	cr_assert_eq(GFP_KERNEL_ACCOUNT, 0x400cc0u);
	cr_assert_eq(GFP_NOWAIT, 0x2800u);
	cr_assert_eq(GFP_NOIO, 0xc00u);
	cr_assert_eq(GFP_NOFS, 0xc40u);
	cr_assert_eq(GFP_USER, 0x100cc0u);
	cr_assert_eq(GFP_DMA, 0x1u);
	cr_assert_eq(GFP_DMA32, 0x4u);
	cr_assert_eq(GFP_HIGHUSER, 0x100cc2u);
	cr_assert_eq(GFP_HIGHUSER_MOVABLE, 0x100ccau);
	cr_assert_eq(GFP_TRANSHUGE_LIGHT, 0x1c20cau);
	cr_assert_eq(GFP_TRANSHUGE, 0x1c24cau);
}

/* 6.12's GFP_NOWAIT carries __GFP_NOWARN; GFP_TRANSHUGE* never wake kswapd. */
Test(gfp_values, composite_semantics)
{
	cr_assert(GFP_NOWAIT & __GFP_NOWARN);
	cr_assert_not(GFP_NOWAIT & __GFP_DIRECT_RECLAIM);
	cr_assert_not(GFP_ATOMIC & __GFP_DIRECT_RECLAIM);
	cr_assert_not(GFP_TRANSHUGE & __GFP_KSWAPD_RECLAIM);
	cr_assert_not(GFP_TRANSHUGE_LIGHT & __GFP_RECLAIM);
	cr_assert_eq(GFP_TRANSHUGE & ~GFP_TRANSHUGE_LIGHT, __GFP_DIRECT_RECLAIM);
}

Test(gfp_values, seed_era_aliases)
{
	cr_assert_eq(__GFP_WAIT, 0xc00u);
	cr_assert_eq(__GFP_WAIT, __GFP_RECLAIM);
	cr_assert_eq(__GFP_REPEAT, 0x4000u);
	cr_assert_eq(__GFP_REPEAT, __GFP_RETRY_MAYFAIL);
	cr_assert_eq(__GFP_COLD, 0u);
	cr_assert_eq(GFP_KERNEL | __GFP_COLD, GFP_KERNEL);
}

/* ---- gfp_zone ---- */

Test(gfp_zone, table_constants)
{
	cr_assert_eq(GFP_ZONES_SHIFT, 2);
	cr_assert_eq((unsigned int)GFP_ZONE_TABLE, 0x1320122u);
	cr_assert_eq((unsigned int)GFP_ZONE_BAD, 0xe8e8u);
}

Test(gfp_zone, every_valid_modifier_combination)
{
	static const struct { gfp_t flags; enum zone_type zone; } t[] = {
		{ 0,					ZONE_NORMAL },
		{ __GFP_DMA,				ZONE_DMA },
		{ __GFP_HIGHMEM,			ZONE_NORMAL },
		{ __GFP_DMA32,				ZONE_DMA32 },
		{ __GFP_MOVABLE,			ZONE_NORMAL },
		{ __GFP_MOVABLE | __GFP_DMA,		ZONE_DMA },
		{ __GFP_MOVABLE | __GFP_HIGHMEM,	ZONE_MOVABLE },
		{ __GFP_MOVABLE | __GFP_DMA32,		ZONE_DMA32 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		cr_assert_eq(gfp_zone(t[i].flags), t[i].zone, "modifiers %#x", t[i].flags);
}

Test(gfp_zone, composites_and_other_bits)
{
	cr_assert_eq(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	cr_assert_eq(gfp_zone(GFP_ATOMIC), ZONE_NORMAL);
	cr_assert_eq(gfp_zone(GFP_USER), ZONE_NORMAL);
	cr_assert_eq(gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
	cr_assert_eq(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	cr_assert_eq(gfp_zone(GFP_TRANSHUGE), ZONE_MOVABLE);
	cr_assert_eq(gfp_zone(GFP_KERNEL | GFP_DMA), ZONE_DMA);
	cr_assert_eq(gfp_zone(GFP_KERNEL | GFP_DMA32), ZONE_DMA32);
	cr_assert_eq(gfp_zone(GFP_ATOMIC | __GFP_DMA), ZONE_DMA);
	cr_assert_eq(gfp_zone(__GFP_RECLAIMABLE | __GFP_ZERO), ZONE_NORMAL);
	cr_assert_eq(gfp_zone((gfp_t)~GFP_ZONEMASK), ZONE_NORMAL);
}

/* A build without CONFIG_DEBUG_VM returns the table's empty entry: DMA. */
Test(gfp_zone, invalid_entries_of_the_table_are_zero)
{
	for (unsigned int bits = 0; bits < 16; bits++) {
		unsigned int entry = (GFP_ZONE_TABLE >> (bits * GFP_ZONES_SHIFT)) & 3;

		if ((GFP_ZONE_BAD >> bits) & 1)
			cr_assert_eq(entry, (unsigned int)ZONE_DMA, "bits %#x", bits);
	}
}

#ifdef CONFIG_DEBUG_VM
/* Debug builds (kmm's default): VM_BUG_ON, the report, abort. */
#define BAD_ZONE_TEST(name, flags)					\
Test(gfp_zone_bad, name, .signal = SIGABRT)				\
{									\
	kmm_set_console(quiet);						\
	(void)gfp_zone(flags);						\
}
#else
/* Without CONFIG_DEBUG_VM: no check, the table's empty entry, ZONE_DMA. */
#define BAD_ZONE_TEST(name, flags)					\
Test(gfp_zone_bad, name)						\
{									\
	cr_assert_eq(gfp_zone(flags), ZONE_DMA);			\
}
#endif

BAD_ZONE_TEST(dma_highmem, __GFP_DMA | __GFP_HIGHMEM)
BAD_ZONE_TEST(dma_dma32, __GFP_DMA | __GFP_DMA32)
BAD_ZONE_TEST(highmem_dma32, __GFP_HIGHMEM | __GFP_DMA32)
BAD_ZONE_TEST(dma_highmem_dma32, __GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32)
BAD_ZONE_TEST(movable_highmem_dma, __GFP_MOVABLE | __GFP_HIGHMEM | __GFP_DMA)
BAD_ZONE_TEST(movable_dma32_dma, __GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA)
BAD_ZONE_TEST(movable_dma32_highmem, __GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM)
BAD_ZONE_TEST(all_four, GFP_ZONEMASK)
BAD_ZONE_TEST(kernel_dma_dma32, GFP_KERNEL | GFP_DMA | GFP_DMA32)

#ifdef CONFIG_DEBUG_VM
static void zone_dma_and_dma32(void)
{
	(void)gfp_zone(__GFP_DMA | __GFP_DMA32);
}

/* The report is VM_BUG_ON's, naming gfp.h (read from a child's stderr). */
Test(gfp_zone_bad, report_text)
{
	static char out[16384];
	int status = run_child_stderr(zone_dma_and_dma32, out, sizeof(out));

	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "%s", out);
	cr_assert(strstr(out, "kernel BUG at "), "%s", out);
	cr_assert(strstr(out, "include/kmm/gfp.h:"), "%s", out);
	cr_assert(strstr(out, "BUG_ON(bad_zone_modifiers)\n"), "%s", out);
}
#endif

/* ---- migratetypes ---- */

Test(gfp_migratetype, enum_values_with_cma_off)
{
	cr_assert_eq(MIGRATE_UNMOVABLE, 0);
	cr_assert_eq(MIGRATE_MOVABLE, 1);
	cr_assert_eq(MIGRATE_RECLAIMABLE, 2);
	cr_assert_eq(MIGRATE_PCPTYPES, 3);
	cr_assert_eq(MIGRATE_HIGHATOMIC, 3);
	cr_assert_eq(MIGRATE_ISOLATE, 4);
	cr_assert_eq(MIGRATE_TYPES, 5);
}

Test(gfp_migratetype, by_mobility_flags)
{
	cr_assert_eq(gfp_migratetype(0), MIGRATE_UNMOVABLE);
	cr_assert_eq(gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	cr_assert_eq(gfp_migratetype(GFP_ATOMIC | __GFP_ZERO), MIGRATE_UNMOVABLE);
	cr_assert_eq(gfp_migratetype(__GFP_MOVABLE), MIGRATE_MOVABLE);
	cr_assert_eq(gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	cr_assert_eq(gfp_migratetype(GFP_TRANSHUGE), MIGRATE_MOVABLE);
	cr_assert_eq(gfp_migratetype(__GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	cr_assert_eq(gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	cr_assert_str_eq(kmm_dmesg(), "");
}

Test(gfp_migratetype, grouping_disabled_means_unmovable)
{
	page_group_by_mobility_disabled = 1;
	cr_assert_eq(gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_UNMOVABLE);
	cr_assert_eq(gfp_migratetype(__GFP_RECLAIMABLE), MIGRATE_UNMOVABLE);
	page_group_by_mobility_disabled = 0;
	cr_assert_eq(gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
}

/* Both mobility bits: a WARNING (debug builds), and the shift reads HIGHATOMIC. */
Test(gfp_migratetype, movable_and_reclaimable_warns)
{
	kmm_set_console(quiet);
	kmm_dmesg_clear();
	cr_assert_eq(gfp_migratetype(__GFP_MOVABLE | __GFP_RECLAIMABLE), MIGRATE_HIGHATOMIC);
#ifdef CONFIG_DEBUG_VM
	cr_assert(dmesg_has(kmm_dmesg(), "WARNING: CPU: "), "%s", kmm_dmesg());
	cr_assert(dmesg_has(kmm_dmesg(), "include/kmm/gfp.h:"), "%s", kmm_dmesg());
#else
	cr_assert_str_eq(kmm_dmesg(), "");
#endif
}

/* ---- predicates ---- */

Test(gfp_predicates, allow_blocking)
{
	cr_assert(gfpflags_allow_blocking(GFP_KERNEL));
	cr_assert(gfpflags_allow_blocking(GFP_NOIO));
	cr_assert(gfpflags_allow_blocking(GFP_NOFS));
	cr_assert(gfpflags_allow_blocking(GFP_USER));
	cr_assert(gfpflags_allow_blocking(GFP_TRANSHUGE));
	cr_assert(gfpflags_allow_blocking(__GFP_WAIT));
	cr_assert_not(gfpflags_allow_blocking(GFP_ATOMIC));
	cr_assert_not(gfpflags_allow_blocking(GFP_NOWAIT));
	cr_assert_not(gfpflags_allow_blocking(GFP_TRANSHUGE_LIGHT));
	cr_assert_not(gfpflags_allow_blocking(__GFP_KSWAPD_RECLAIM));
	cr_assert_not(gfpflags_allow_blocking(0));
}

Test(gfp_predicates, io_fs_and_compaction)
{
	cr_assert(gfp_has_io_fs(GFP_KERNEL));
	cr_assert(gfp_has_io_fs(GFP_USER));
	cr_assert_not(gfp_has_io_fs(GFP_NOFS));
	cr_assert_not(gfp_has_io_fs(GFP_NOIO));
	cr_assert_not(gfp_has_io_fs(__GFP_FS));
	cr_assert(gfp_compaction_allowed(GFP_KERNEL));
	cr_assert(gfp_compaction_allowed(GFP_NOFS));
	cr_assert_not(gfp_compaction_allowed(GFP_NOIO));
	cr_assert_not(gfp_compaction_allowed(GFP_ATOMIC));
	cr_assert_not(gfp_compaction_allowed(GFP_NOWAIT));
}

Test(gfp_predicates, nested_mask)
{
	/* 0xcc0 kept, DMA and ZERO dropped, NORETRY|NOMEMALLOC|NOWARN added. */
	cr_assert_eq(gfp_nested_mask(GFP_KERNEL | __GFP_DMA | __GFP_ZERO), 0x92cc0u);
	cr_assert_eq(gfp_nested_mask(GFP_ATOMIC | __GFP_MOVABLE), 0x92820u);
	cr_assert_eq(gfp_nested_mask(0), 0x92000u);
}

/* ---- %pGg ---- */

static const char *pgg(gfp_t gfp)
{
	static char buf[GFP_FLAGS_STR_MAX];

	snprintf(buf, sizeof(buf), "%s", "garbage");
	return gfp_flags_str(gfp, buf, sizeof(buf));
}

Test(gfp_print, kernel_strings)
{
	static const struct { gfp_t gfp; const char *text; } t[] = {
		{ GFP_KERNEL,			"GFP_KERNEL" },
		{ GFP_KERNEL | __GFP_ZERO,	"GFP_KERNEL|__GFP_ZERO" },
		{ GFP_ATOMIC,			"GFP_ATOMIC" },
		{ GFP_ATOMIC | __GFP_NOWARN,	"GFP_ATOMIC|__GFP_NOWARN" },
		/* GFP_NOWAIT already holds __GFP_NOWARN in 6.12. */
		{ GFP_NOWAIT | __GFP_NOWARN,	"GFP_NOWAIT" },
		{ GFP_HIGHUSER_MOVABLE,		"GFP_HIGHUSER_MOVABLE" },
		{ GFP_TRANSHUGE,		"GFP_TRANSHUGE" },
		{ GFP_TRANSHUGE_LIGHT,		"GFP_TRANSHUGE_LIGHT" },
		{ GFP_DMA | __GFP_NOWARN,	"GFP_DMA|__GFP_NOWARN" },
		{ __GFP_NOFAIL,			"__GFP_NOFAIL" },
		{ 0,				"" },
		{ 0x2000000,			"0x2000000" },
		{ GFP_KERNEL | 0x80000000u,	"GFP_KERNEL|0x80000000" },
		{ GFP_KERNEL_ACCOUNT,		"GFP_KERNEL_ACCOUNT" },
		{ GFP_USER,			"GFP_USER" },
		{ GFP_HIGHUSER,			"GFP_HIGHUSER" },
		{ GFP_NOFS,			"GFP_NOFS" },
		{ GFP_NOIO,			"GFP_NOIO" },
		{ GFP_KERNEL | GFP_DMA32,	"GFP_KERNEL|GFP_DMA32" },
		{ GFP_TRANSHUGE | __GFP_ZERO,	"GFP_TRANSHUGE|__GFP_ZERO" },
		{ GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY | __GFP_COMP,
		  "GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP" },
		{ GFP_NOWAIT | __GFP_ZERO | __GFP_COMP, "GFP_NOWAIT|__GFP_COMP|__GFP_ZERO" },
		{ GFP_HIGHUSER_MOVABLE | __GFP_ZERO | __GFP_ACCOUNT | __GFP_WRITE,
		  "GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_ACCOUNT|__GFP_WRITE" },
		{ __GFP_DIRECT_RECLAIM,		"__GFP_DIRECT_RECLAIM" },
		{ __GFP_KSWAPD_RECLAIM,		"__GFP_KSWAPD_RECLAIM" },
		{ __GFP_IO | __GFP_FS,		"__GFP_IO|__GFP_FS" },
		{ __GFP_HIGHMEM,		"__GFP_HIGHMEM" },
		{ __GFP_RECLAIMABLE | __GFP_THISNODE, "__GFP_THISNODE|__GFP_RECLAIMABLE" },
		/* Unnamed bits: the unused 0x200 and NO_OBJ_EXT (not in Linux's table). */
		{ GFP_KERNEL | 0x200,		"GFP_KERNEL|0x200" },
		{ GFP_KERNEL_ACCOUNT | __GFP_NO_OBJ_EXT, "GFP_KERNEL_ACCOUNT|0x1000000" },
		{ __GFP_NO_OBJ_EXT,		"0x1000000" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		cr_assert_str_eq(pgg(t[i].gfp), t[i].text, "%#x: got \"%s\", want \"%s\"",
				 t[i].gfp, pgg(t[i].gfp), t[i].text);
}

/* __GFP_RECLAIM is the same mask as GFP_NOIO, which comes first. */
Test(gfp_print, aliases_print_as_todays_names)
{
	cr_assert_str_eq(pgg(__GFP_RECLAIM), "GFP_NOIO");
	cr_assert_str_eq(pgg(__GFP_WAIT), "GFP_NOIO");
	cr_assert_str_eq(pgg(__GFP_REPEAT), "__GFP_RETRY_MAYFAIL");
	cr_assert_str_eq(pgg(GFP_KERNEL | __GFP_COLD), "GFP_KERNEL");
}

Test(gfp_print, every_flag_bit)
{
	cr_assert_str_eq(pgg((gfp_t)__GFP_BITS_MASK),
			 "GFP_TRANSHUGE|GFP_ATOMIC|GFP_DMA|GFP_DMA32|__GFP_RETRY_MAYFAIL|"
			 "__GFP_NOFAIL|__GFP_NORETRY|__GFP_ZERO|__GFP_MEMALLOC|"
			 "__GFP_THISNODE|__GFP_RECLAIMABLE|__GFP_ACCOUNT|__GFP_WRITE|"
			 "__GFP_ZEROTAGS|0x1000200");
}

/* The longest text any word prints fits GFP_FLAGS_STR_MAX exactly. */
Test(gfp_print, longest_text)
{
	const char *want =
		"GFP_DMA|__GFP_HIGHMEM|GFP_DMA32|__GFP_HIGH|__GFP_IO|__GFP_NOWARN|"
		"__GFP_RETRY_MAYFAIL|__GFP_NOFAIL|__GFP_NORETRY|__GFP_COMP|__GFP_ZERO|"
		"__GFP_NOMEMALLOC|__GFP_MEMALLOC|__GFP_HARDWALL|__GFP_THISNODE|"
		"__GFP_RECLAIMABLE|__GFP_MOVABLE|__GFP_ACCOUNT|__GFP_WRITE|"
		"__GFP_DIRECT_RECLAIM|__GFP_ZEROTAGS|0xfe000000";

	cr_assert_eq(strlen(want), 300);
	cr_assert_str_eq(pgg(0xfefff57fu), want);
}

/*
 * With the one name table (src/mm/debug.c): each entry's mask prints as
 * the first entry with that mask, every named single flag has exactly one
 * bit, and the bits without an entry are 9 (unused) and 24 (NO_OBJ_EXT).
 */
Test(gfp_print, name_table_round_trip)
{
	int n = 0;

	for (const struct trace_print_flags *e = gfpflag_names; e->name; e++, n++) {
		const struct trace_print_flags *first = gfpflag_names;

		cr_assert_neq(e->mask, 0ul, "%s", e->name);
		while (first->mask != e->mask)
			first++;
		cr_assert_str_eq(pgg((gfp_t)e->mask), first->name, "%s", e->name);
	}
	cr_assert_eq(n, 35);
}

Test(gfp_print, single_bits_and_their_names)
{
	for (int bit = 0; bit < 32; bit++) {
		const struct trace_print_flags *e = gfpflag_names;
		char hex[16];

		while (e->name && e->mask != (1ul << bit))
			e++;
		snprintf(hex, sizeof(hex), "%#x", 1u << bit);
		if (bit == 9 || bit >= 24) {
			cr_assert_null(e->name, "bit %d is named %s", bit, e->name);
			cr_assert_str_eq(pgg(1u << bit), hex);
		} else {
			cr_assert_not_null(e->name, "bit %d has no name", bit);
			cr_assert_str_eq(pgg(1u << bit), e->name);
		}
	}
}

Test(gfp_print, inside_a_format)
{
	gfp_t gfp = GFP_KERNEL | __GFP_COMP;
	char buf[128];

	kmm_snprintf(buf, sizeof(buf), "gfp_mask=%#x(%pGg), order=%d", gfp, &gfp, 3);
	cr_assert_str_eq(buf, "gfp_mask=0x40cc0(GFP_KERNEL|__GFP_COMP), order=3");
	gfp = 0;
	kmm_snprintf(buf, sizeof(buf), "mode:(%pGg)", &gfp);
	cr_assert_str_eq(buf, "mode:()");
}

Test(gfp_print, bad_pointers_and_other_kinds)
{
	char buf[64];

	kmm_snprintf(buf, sizeof(buf), "[%pGg]", (void *)NULL);
	cr_assert_str_eq(buf, "[(null)]");
	kmm_snprintf(buf, sizeof(buf), "[%pGg]", (void *)16);
	cr_assert_str_eq(buf, "[(efault)]");
	kmm_snprintf(buf, sizeof(buf), "[%pGg]", (void *)-22L);
	cr_assert_str_eq(buf, "[(efault)]");
	kmm_snprintf(buf, sizeof(buf), "[%pGv]", (void *)buf);
	cr_assert_str_eq(buf, "[(%pG?)]");
}

Test(gfp_print, truncation_keeps_a_terminated_prefix)
{
	char buf[8];

	cr_assert_eq(gfp_flags_str(GFP_KERNEL | __GFP_ZERO, buf, sizeof(buf)), buf);
	cr_assert_str_eq(buf, "GFP_KER");
}

Test(gfp_print, through_printk)
{
	gfp_t gfp = GFP_ATOMIC | __GFP_NOWARN;

	kmm_dmesg_clear();
	pr_warn("page allocation failure: order:0, mode:%#x(%pGg)\n", gfp, &gfp);
	cr_assert(dmesg_has_line(kmm_dmesg(),
		  "page allocation failure: order:0, mode:0x2820(GFP_ATOMIC|__GFP_NOWARN)"),
		  "%s", kmm_dmesg());
}
