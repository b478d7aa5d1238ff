// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_debug.c - SLUB's debugging layer when nothing goes wrong:
 * slub_debug= parsing, the object layout and byte patterns of each flag,
 * owner tracking, tracing, and the hex dump the reports use.
 *
 * 1. slub_debug= (mm/slub.c setup_slub_debug/kmem_cache_flags, 6.12):
 *      slub_debug            FZPU everywhere      slub_debug=,c    FZPU for c
 *      slub_debug=FZ,c;P,d   FZ for c, P for d, nothing elsewhere
 *      slub_debug=FZ;P,d     P for d, FZ elsewhere (first matching block wins)
 *      slub_debug=U,kmalloc-*  a '*' ends a prefix
 *      slub_debug=FZ-P       '-' clears what came before: P
 *
 * 2. Layout of a 64-byte object (calculate_sizes(), align 8):
 *
 *      flags  [left rz][object 64][right rz][fp][tracks 64][pad] size
 *      none            [  fp at 32        ]                       64
 *      Z       8       [  fp at 32        ]  8            [8]    88
 *      P               [   0x6b...0xa5    ]      [8]              72
 *      U               [  fp at 32        ]          [64]        128
 *      FZPU    8       [   0x6b...0xa5    ]  8   [8] [64] [8]    160
 *
 *    Red zones hold 0xcc while the object is live, 0xbb while it is free;
 *    padding and never-used slab bytes 0x5a (kmm/poison.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/slab.h>
#include <kmm/poison.h>
#include "mm/internal.h"
#include "mm/slab.h"
#include "mm/slub_debug.h"
#include "lib/stackdepot.h"
#include "helpers/slab_harness.h"

#define OBJ 64

static void halt(void)
{
	kmm_halt();
}

TestSuite(slab_debug, .fini = halt);

static struct kmem_cache *dbg_cache(const char *name, unsigned int size, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(name, size, 0, flags | SLAB_NO_MERGE, NULL);

	cr_assert_not_null(s, "kmem_cache_create(%s) failed:\n%s", name, bh_log());
	return s;
}

static void assert_bytes(const u8 *p, size_t len, u8 byte, const char *what)
{
	for (size_t i = 0; i < len; i++)
		cr_assert_eq(p[i], byte, "%s: byte %zu is %#x, want %#x", what, i, p[i], byte);
}

/* ---- 1. slub_debug= ---- */

#define FZPU (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define FZ (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE)

static const struct parse_case {
	const char *cmdline;
	const char *cache;
	slab_flags_t want;
} parse_cases[] = {
	{ "", "kmalloc-64", 0 },
	{ "slub_debug", "dentry", FZPU },
	{ "slub_debug=", "dentry", FZPU },
	{ "slub_debug=F", "dentry", SLAB_CONSISTENCY_CHECKS },
	{ "slub_debug=Z", "dentry", SLAB_RED_ZONE },
	{ "slub_debug=P", "dentry", SLAB_POISON },
	{ "slub_debug=U", "dentry", SLAB_STORE_USER },
	{ "slub_debug=T", "dentry", SLAB_TRACE },
	{ "slub_debug=A", "dentry", SLAB_FAILSLAB },
	{ "slub_debug=fzpu", "dentry", FZPU },
	{ "slub_debug=-", "dentry", 0 },
	{ "slub_debug=FZ-P", "dentry", SLAB_POISON },
	{ "slub_debug=FZ,kmalloc-64;P,dentry", "kmalloc-64", FZ },
	{ "slub_debug=FZ,kmalloc-64;P,dentry", "dentry", SLAB_POISON },
	{ "slub_debug=FZ,kmalloc-64;P,dentry", "kmalloc-128", 0 },
	{ "slub_debug=FZ,kmalloc-64;P,dentry", "kmalloc-6", 0 },
	{ "slub_debug=FZ;P,dentry", "dentry", SLAB_POISON },
	{ "slub_debug=FZ;P,dentry", "inode", FZ },
	{ "slub_debug=P,dentry;FZ", "inode", FZ },
	{ "slub_debug=,kmalloc-64", "kmalloc-64", FZPU },
	{ "slub_debug=,kmalloc-64", "kmalloc-96", 0 },
	{ "slub_debug=U,kmalloc-*", "kmalloc-8k", SLAB_STORE_USER },
	{ "slub_debug=U,kmalloc-*", "dentry", 0 },
	{ "slub_debug=F,a,kmalloc-64,b", "kmalloc-64", SLAB_CONSISTENCY_CHECKS },
	{ "slub_debug=F,a,kmalloc-64,b", "b", SLAB_CONSISTENCY_CHECKS },
	{ "slub_debug=F,a,kmalloc-64,b", "c", 0 },
	{ "slub_debug=;;Z,dentry", "dentry", SLAB_RED_ZONE },
	/* 6.12 compares the last name with what follows it: ";;" spoils it. */
	{ "slub_debug=Z,dentry;;", "dentry", 0 },
	/*
	 * A list after an empty block: 6.12's search of the first block runs
	 * past its ';' into ",dentry" and matches there, with the first
	 * block's flags; and its last name is compared with the ';' after it.
	 */
	{ "slub_debug=FZ,kmalloc-64;,dentry", "dentry", FZ },
	{ "slub_debug=FZ,kmalloc-64;,dentry", "kmalloc-64", 0 },
	{ "slub_debug=FZ,kmalloc-64;,dentry", "inode", 0 },
	{ "slab_debug=P", "dentry", SLAB_POISON },
	{ "slab_debug=Z,kmalloc-64", "kmalloc-64", SLAB_RED_ZONE },
};

Test(slab_debug, slub_debug_parsing_matches_6_12)
{
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		slab_flags_t got;

		sh_boot(&bh_m256, c->cmdline);
		got = kmem_cache_flags(0, c->cache);
		cr_expect_eq(got, c->want, "\"%s\", cache %s: flags %#x, want %#x", c->cmdline,
			     c->cache, got, c->want);
		kmm_halt();
	}
}

Test(slab_debug, unknown_letters_are_reported_and_skipped)
{
	sh_boot(&bh_m256, "slub_debug=FxZ");
	cr_assert(bh_log_has("slab_debug option 'x' unknown. skipped"), "%s", bh_log());
	cr_assert_eq(kmem_cache_flags(0, "dentry"), FZ);
}

Test(slab_debug, boot_caches_and_noleaktrace)
{
	sh_boot(&bh_m256, "slub_debug=FZPU");
	/* A SLAB_NO_USER_FLAGS cache never debugs (6.12 itself sets it nowhere). */
	cr_assert_eq(kmem_cache_flags(SLAB_NO_USER_FLAGS, "x"), SLAB_NO_USER_FLAGS);
	/* 6.12's boot caches are debugged like any other. */
	cr_assert_eq(sh_flags(kmem_cache) & FZPU, FZPU);
	/* A kmemleak-like cache keeps everything but owner tracking. */
	cr_assert_eq(kmem_cache_flags(SLAB_NOLEAKTRACE, "x"),
		     SLAB_NOLEAKTRACE | (FZPU & ~SLAB_STORE_USER));
	/* The kmalloc caches are debugged. */
	cr_assert_eq(sh_flags(sh_find("kmalloc-64")) & FZPU, FZPU);
}

Test(slab_debug, per_cache_list_reaches_the_caches)
{
	struct kmem_cache *a, *b, *c;

	sh_boot(&bh_m256, "slub_debug=FZ,dbg-a;P,dbg-b");
	a = dbg_cache("dbg-a", OBJ, 0);
	b = dbg_cache("dbg-b", OBJ, 0);
	c = dbg_cache("dbg-c", OBJ, 0);
	cr_assert_eq(sh_flags(a) & SLAB_DEBUG_FLAGS, FZ);
	cr_assert_eq(sh_flags(b) & SLAB_DEBUG_FLAGS, SLAB_POISON);
	cr_assert_eq(sh_flags(c) & SLAB_DEBUG_FLAGS, 0);
	cr_assert_eq(sh_flags(sh_find("kmalloc-64")) & SLAB_DEBUG_FLAGS, 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(c);
}

/*
 * slub_debug=O: a cache whose order the metadata would raise keeps F and
 * T but loses Z, P and U (6.12's kmem_cache_open()): 4096-byte objects
 * stay one page each; 64-byte ones keep everything.
 */
Test(slab_debug, O_keeps_the_order_of_large_caches)
{
	struct kmem_cache *big, *small;

	sh_boot(&bh_m256, "slub_debug=FZPUO");
	big = dbg_cache("dbg-4k", 4096, 0);
	small = dbg_cache("dbg-64", OBJ, 0);
	cr_assert_eq(sh_flags(big) & SLAB_DEBUG_FLAGS, SLAB_CONSISTENCY_CHECKS);
	cr_assert_eq(big->size, 4096);
	cr_assert_eq(sh_flags(small) & SLAB_DEBUG_FLAGS, FZPU);
	cr_assert_eq(small->size, 160);
	kmem_cache_destroy(big);
	kmem_cache_destroy(small);
	kmm_halt();
	sh_boot(&bh_m256, "slub_debug=FZPU");
	big = dbg_cache("dbg-4k", 4096, 0);
	cr_assert_eq(sh_flags(big) & SLAB_DEBUG_FLAGS, FZPU, "without O");
	cr_assert_gt(big->size, 4096);
}

/*
 * A cache with Z, P, U or T never merges (SLAB_NEVER_MERGE), neither into
 * another nor another into it; F alone does not stop merging. (kmalloc caches are no merge targets
 * either: they have a usercopy region.)
 */
Test(slab_debug, a_debugged_cache_does_not_merge)
{
	struct kmem_cache *a, *b, *c, *d;

	sh_boot(&bh_m256, "slub_debug=Z,dbg-m");
	b = kmem_cache_create("plain-1", OBJ, 0, 0, NULL);
	a = kmem_cache_create("dbg-m", OBJ, 0, 0, NULL);
	c = kmem_cache_create("plain-2", OBJ, 0, 0, NULL);
	cr_assert_str_eq(sh_name(a), "dbg-m");
	cr_assert_eq(sh_flags(a) & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE);
	cr_assert_eq(sh_refcount(a), 1);
	cr_assert_neq(a, b);
	cr_assert_eq(c, b, "two plain caches of one size merge");
	cr_assert_eq(sh_refcount(b), 2);
	kmem_cache_destroy(a);
	/* Poisoning everywhere: nothing merges. */
	kmm_halt();
	sh_boot(&bh_m256, "slub_debug=P");
	b = kmem_cache_create("plain-1", OBJ, 0, 0, NULL);
	d = kmem_cache_create("plain-2", OBJ, 0, 0, NULL);
	cr_assert_neq(b, d);
	kmem_cache_destroy(d);
	kmem_cache_destroy(b);
	/* F alone is not in 6.12's SLAB_NEVER_MERGE: those caches merge. */
	kmm_halt();
	sh_boot(&bh_m256, "slub_debug=F");
	b = kmem_cache_create("plain-1", OBJ, 0, 0, NULL);
	d = kmem_cache_create("plain-2", OBJ, 0, 0, NULL);
	cr_assert_eq(b, d);
	cr_assert_eq(sh_flags(b) & SLAB_DEBUG_FLAGS, SLAB_CONSISTENCY_CHECKS);
	kmem_cache_destroy(d);
	kmem_cache_destroy(b);
}

Test(slab_debug, notice_printed_only_with_debugging)
{
	sh_boot(&bh_m256, "");
	cr_assert_not(bh_log_has("NOTICE NOTICE NOTICE"));
	kmm_halt();
	sh_boot(&bh_m256, "slub_debug=P,dentry");
	cr_assert(bh_log_has("** This system shows unhashed kernel memory addresses   **"),
		  "%s", bh_log());
	kmm_halt();
	/* The next boot forgets the last one's slub_debug=. */
	sh_boot(&bh_m256, "");
	cr_assert_eq(kmem_cache_flags(0, "dentry"), 0);
}

/*
 * 6.12 prints "mem auto-init: SLAB_POISON will take precedence over
 * init_on_alloc/init_on_free" only if init_on_* is already on when
 * slub_debug= is parsed; from the command line it never is (the static
 * keys are set later, in mm_core_init()), so a boot prints nothing.
 */
Test(slab_debug, poison_with_init_on_free_prints_nothing_at_boot)
{
	sh_boot(&bh_m256, "init_on_free=1 slub_debug=P");
	cr_assert_not(bh_log_has("SLAB_POISON will take precedence"), "%s", bh_log());
	cr_assert(init_on_free);
}

/* ---- 2. Layout and byte patterns ---- */

static const struct layout_case {
	slab_flags_t flags;
	unsigned int size, inuse, offset, red_left_pad;
} layout_cases[] = {
	{ 0, 64, 64, 32, 0 },
	{ SLAB_CONSISTENCY_CHECKS, 64, 64, 32, 0 },
	{ SLAB_RED_ZONE, 88, 72, 32, 8 },
	{ SLAB_POISON, 72, 64, 64, 0 },
	{ SLAB_STORE_USER, 128, 64, 32, 0 },
	{ SLAB_TRACE, 64, 64, 32, 0 },
	{ FZPU, 160, 72, 72, 8 },
};

Test(slab_debug, layout_of_each_flag)
{
	sh_boot(&bh_m256, "");
	for (size_t i = 0; i < sizeof(layout_cases) / sizeof(layout_cases[0]); i++) {
		const struct layout_case *c = &layout_cases[i];
		char name[32];
		struct kmem_cache *s;

		snprintf(name, sizeof(name), "dbg-%zu", i);
		s = dbg_cache(name, OBJ, c->flags);
		cr_expect_eq(s->size, c->size, "flags %#x: size %u, want %u", c->flags, s->size,
			     c->size);
		cr_expect_eq(s->inuse, c->inuse, "flags %#x: inuse %u", c->flags, s->inuse);
		cr_expect_eq(s->offset, c->offset, "flags %#x: offset %u", c->flags, s->offset);
		cr_expect_eq(s->red_left_pad, c->red_left_pad, "flags %#x", c->flags);
		kmem_cache_destroy(s);
	}
}

/*
 * kmalloc-64 is aligned to 64 (6.12 aligns power-of-two kmalloc caches
 * naturally), so its left red zone is 64 bytes:
 *   64 + 8 (right rz) = 72 inuse, + 8 fp = 80, + 64 tracks + 8 orig_size
 *   = 152, + 8 = 160, + 64 left rz = 224, aligned to 64: 256.
 */
Test(slab_debug, kmalloc_with_store_user_keeps_the_size_asked_for)
{
	struct kmem_cache *s;
	u8 *p;

	sh_boot(&bh_m256, "slub_debug=FZPU,kmalloc-64");
	s = sh_find("kmalloc-64");
	cr_assert_eq(s->size, 256);
	cr_assert_eq(s->red_left_pad, 64);
	cr_assert_eq(s->inuse, 72);
	p = kmalloc(40, GFP_KERNEL);
	cr_assert_eq(*(unsigned long *)(p + get_info_end(s) + 2 * sizeof(struct track)), 40);
	/* The bytes past the 40 asked for are red zone until the size class ends. */
	assert_bytes(p + 40, 24 + 8, SLUB_RED_ACTIVE, "kmalloc red zone");
	kfree(p);
}

Test(slab_debug, fzpu_byte_patterns_live_and_free)
{
	struct kmem_cache *s;
	u8 *p;

	sh_boot(&bh_m256, "");
	s = dbg_cache("dbg-fzpu", OBJ, FZPU);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_not_null(p);
	/* Live: red zones 0xcc on both sides, the object still poisoned, padding 0x5a. */
	assert_bytes(p - 8, 8, SLUB_RED_ACTIVE, "left red zone (live)");
	assert_bytes(p + OBJ, 8, SLUB_RED_ACTIVE, "right red zone (live)");
	assert_bytes(p, OBJ - 1, POISON_FREE, "object (live, not yet written)");
	cr_assert_eq(p[OBJ - 1], POISON_END);
	assert_bytes(p + 144, 8, POISON_INUSE, "padding");
	memset(p, 0x11, OBJ);
	kmem_cache_free(s, p);
	/* Free: red zones 0xbb, object 0x6b...0xa5 again. */
	assert_bytes(p - 8, 8, SLUB_RED_INACTIVE, "left red zone (free)");
	assert_bytes(p + OBJ, 8, SLUB_RED_INACTIVE, "right red zone (free)");
	assert_bytes(p, OBJ - 1, POISON_FREE, "object (free)");
	cr_assert_eq(p[OBJ - 1], POISON_END);
	cr_assert_eq(kmem_cache_validate(s), 0, "%s", bh_log());
	sh_check_cache(s);
	kmem_cache_destroy(s);
}

Test(slab_debug, a_new_poisoned_slab_is_patterned)
{
	struct kmem_cache *s;
	struct slab *slab;
	u8 *p, *base, *q;

	sh_boot(&bh_m256, "");
	/* 200-byte objects (with P and Z: 232 apart) leave a tail in the slab. */
	s = dbg_cache("dbg-pad", 200, SLAB_POISON | SLAB_RED_ZONE);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(p);
	base = slab_address(slab);
	/* Every object but the live one: 0xbb red zones, poison. */
	for (q = base + s->red_left_pad; q < base + slab->objects * s->size; q += s->size) {
		if (q == p)
			continue;
		assert_bytes(q - s->red_left_pad, s->red_left_pad, SLUB_RED_INACTIVE, "left rz");
		assert_bytes(q, 199, POISON_FREE, "free object");
		cr_assert_eq(q[199], POISON_END);
	}
	/* The tail no object uses: 0x5a. */
	assert_bytes(base + slab->objects * s->size,
		     slab_size(slab) - slab->objects * s->size, POISON_INUSE, "slab tail");
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

static noinline void *alloc_here(struct kmem_cache *s)
{
	return kmem_cache_alloc(s, GFP_KERNEL);
}

Test(slab_debug, store_user_records_owner_and_stack)
{
	struct kmem_cache *s;
	struct track *t;
	unsigned long *entries;
	u8 *p;

	sh_boot(&bh_m256, "");
	s = dbg_cache("dbg-u", OBJ, SLAB_STORE_USER);
	p = alloc_here(s);
	t = (struct track *)(p + get_info_end(s));
	cr_assert_neq(t[TRACK_ALLOC].addr, 0);
	cr_assert_eq(t[TRACK_ALLOC].pid, task_pid_nr_current());
	cr_assert_neq(t[TRACK_ALLOC].handle, 0);
	cr_assert_gt(stack_depot_fetch(t[TRACK_ALLOC].handle, &entries), 0);
	cr_assert_eq(t[TRACK_FREE].addr, 0, "no free yet");
	kmem_cache_free(s, p);
	cr_assert_neq(t[TRACK_FREE].addr, 0);
	cr_assert_neq(t[TRACK_FREE].handle, 0);
	kmem_cache_destroy(s);
}

Test(slab_debug, trace_prints_each_alloc_and_free)
{
	struct kmem_cache *s;
	char want[128];
	void *p;

	sh_boot(&bh_m256, "");
	s = dbg_cache("dbg-t", OBJ, SLAB_TRACE);
	kmm_dmesg_clear();
	p = kmem_cache_alloc(s, GFP_KERNEL);
	snprintf(want, sizeof(want), "TRACE dbg-t alloc 0x%016lx inuse=", (unsigned long)p);
	cr_assert(bh_log_has(want), "want \"%s\" in:\n%s", want, bh_log());
	kmem_cache_free(s, p);
	snprintf(want, sizeof(want), "TRACE dbg-t free 0x%016lx inuse=", (unsigned long)p);
	cr_assert(bh_log_has(want), "%s", bh_log());
	snprintf(want, sizeof(want), "Object %016lx: ", (unsigned long)p);
	cr_assert(bh_log_has(want), "the freed object's dump:\n%s", bh_log());
	kmem_cache_destroy(s);
}

/* ---- 3. print_hex_dump (lib/hexdump.c's layout) ---- */

Test(slab_debug, hex_dump_layout)
{
	u8 bytes[20];
	char want[160];
	const char *line;

	sh_boot(&bh_m256, "");
	for (int i = 0; i < 20; i++)
		bytes[i] = (u8)(i < 8 ? 0xbb : 'A' + i);
	kmm_dmesg_clear();
	print_hex_dump(KERN_ERR, "Redzone  ", DUMP_PREFIX_ADDRESS, 16, 1, bytes, 20, true);
	snprintf(want, sizeof(want),
		 "Redzone  %016lx: bb bb bb bb bb bb bb bb 49 4a 4b 4c 4d 4e 4f 50  "
		 "........IJKLMNOP", (unsigned long)bytes);
	line = bh_log_line("Redzone  ");
	cr_assert_str_eq(line, want);
	snprintf(want, sizeof(want), "Redzone  %016lx: 51 52 53 54%*sQRST",
		 (unsigned long)(bytes + 16), 49 - 11, "");
	cr_assert(bh_log_has(want), "want \"%s\" in:\n%s", want, bh_log());
	kmm_dmesg_clear();
	print_hex_dump(KERN_ERR, "x ", DUMP_PREFIX_OFFSET, 16, 4, bytes, 16, false);
	cr_assert_str_eq(bh_log_line("x "), "x 00000000: bbbbbbbb bbbbbbbb 4c4b4a49 504f4e4d");
}

/* %pGp (the Slab line's flags) prints a page's flags as dump_page() does. */
Test(slab_debug, pGp_prints_page_flags)
{
	struct kmem_cache *s;
	char got[256], want[256];
	struct slab *slab;
	void *p;

	sh_boot(&bh_m256, "");
	s = dbg_cache("dbg-pgp", 1024, SLAB_CONSISTENCY_CHECKS);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(p);
	kmm_snprintf(got, sizeof(got), "%pGp", &slab->__page_flags);
	format_page_flags(want, sizeof(want), slab->__page_flags);
	cr_assert_str_eq(got, want);
	cr_assert(bh_matches(got, "0x[0-9a-f]+\\(.*node=0\\|zone=[0-9]\\)"), "%s", got);
	if (slab_order(slab))
		cr_assert(strstr(got, "head|") != NULL, "%s", got);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/*
 * kzalloc() of a kmalloc cache with red zones zeroes what was asked for,
 * not the slack up to the size class: that slack is red zone, and zeroing
 * it would make the free report "Redzone overwritten" (6.12's
 * slab_post_alloc_hook() zeroes orig_size there).
 *
 *   kmalloc-96 object:  |<- 72 asked: zeroed ->|<- 24: red zone 0xcc ->|
 */
Test(slab_debug, kzalloc_zeroes_only_what_was_asked_under_red_zones)
{
	unsigned char *p;

	sh_boot(&bh_m256, "slub_debug=FZPU");
	kmm_dmesg_clear();
	p = kzalloc(72, GFP_KERNEL);
	cr_assert_not_null(p);
	for (int i = 0; i < 72; i++)
		cr_assert_eq(p[i], 0, "byte %d", i);
	cr_assert_eq(p[72], 0xcc, "the slack keeps its red zone");
	kfree(p);
	cr_assert_not(bh_log_has("Redzone"), "%s", bh_log());
	sh_check();
}
