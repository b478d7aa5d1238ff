// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_misuse.c - what SLUB's debugging catches: each error
 * class prints 6.12's report, the damage is repaired, the run goes on, and
 * kmem_cache_validate()/kmem_cache_is_valid() pass afterwards.
 *
 * The report (mm/slub.c check_bytes_and_report, object_err, print_trailer,
 * slab_fix; Linux 6.12):
 *
 *   [Right Redzone overwritten] 0xA-0xB @offset=N. First byte 0x0 instead of 0xcc
 *   =============================================================================
 *   BUG dbg-64 (Not tainted): Object corrupt
 *   -----------------------------------------------------------------------------
 *   (blank)
 *   Allocated in CALLER+0x.. age=N cpu=N pid=N     (U)
 *    FRAME+0x..                                     stack depot lines
 *   Slab 0x... objects=N used=N fp=0x... flags=0x...(...)
 *   Object 0x... @offset=N fp=0x...
 *   (blank)
 *   Redzone  ADDR: cc cc cc cc cc cc cc cc                          ........
 *   Object   ADDR: 6b 6b ...                                        kkkk...
 *   Redzone  ADDR: 00 cc cc cc cc cc cc cc                          ........
 *   Padding  ADDR: 5a 5a 5a 5a 5a 5a 5a 5a                          ZZZZZZZZ
 *   ------------[ cut here ]------------            WARN_ON(1) in object_err
 *   WARNING: CPU: N PID: N at ...
 *   ...
 *   FIX dbg-64: Restoring Right Redzone 0xA-0xB=0xcc
 *   FIX dbg-64: Object at 0x... not freed           (found at kmem_cache_free)
 *
 * The cache is "dbg-64", 64-byte objects with slub_debug=FZPU (layout in
 * test_slab_debug.c: left red zone 8, right red zone 8, free pointer at 72,
 * tracks at 80, padding at 144, 160 bytes apart).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/slab.h>
#include <kmm/poison.h>
#include "mm/slab.h"
#include "mm/slub_debug.h"
#include "helpers/slab_harness.h"

#define OBJ 64
#define LINES 512

static char lines[LINES][256];
static struct kmem_cache *s;

static void boot(void)
{
	sh_boot(&bh_m256, "slub_debug=FZPU,dbg-64");
	s = kmem_cache_create("dbg-64", OBJ, 0, 0, NULL);
	cr_assert_not_null(s);
	kmm_dmesg_clear();
}

static void finish(void)
{
	kmm_halt();
}

TestSuite(slab_misuse, .init = boot, .fini = finish);

/* After a report: nothing more to find, every validator passes, and the
 * cache still hands out and takes back objects. */
static void assert_recovered(struct kmem_cache *c)
{
	void *p[40];

	cr_assert_eq(kmem_cache_validate(c), 0, "validation still finds errors:\n%s", bh_log());
	cr_assert(kmem_cache_is_valid(c), "%s", bh_log());
	for (int i = 0; i < 40; i++)
		cr_assert_not_null(p[i] = kmem_cache_alloc(c, GFP_KERNEL));
	for (int i = 0; i < 40; i++)
		kmem_cache_free(c, p[i]);
	cr_assert_eq(kmem_cache_validate(c), 0, "%s", bh_log());
	sh_check();
}

static int log_lines(void)
{
	return bh_log_lines(lines, LINES);
}

static int find(int n, int from, const char *prefix)
{
	int i = bh_line_find(lines, n, from, prefix);

	cr_assert_geq(i, 0, "no line starting \"%s\" after line %d; log:\n%s", prefix, from,
		      bh_log());
	return i;
}

static void expect_match(int i, const char *re)
{
	cr_assert(bh_matches(lines[i], re), "line %d \"%s\" does not match \"%s\"; log:\n%s", i,
		  lines[i], re, bh_log());
}

#define HEX16 "[0-9a-f]{16}"

/*
 * The BUG block starting at line @i: separator, "BUG @cache (@taint): @reason",
 * separator, blank. Return: the index after it.
 */
static int expect_bug_header(int i, const char *cache, const char *taint, const char *reason)
{
	char want[256];

	cr_assert_str_eq(lines[i], "============================================================"
				   "=================");
	snprintf(want, sizeof(want), "BUG %s (%s): %s", cache, taint, reason);
	cr_assert_str_eq(lines[i + 1], want);
	cr_assert_str_eq(lines[i + 2], "------------------------------------------------------------"
				       "-----------------");
	cr_assert_str_eq(lines[i + 3], "");
	return i + 4;
}

/* The trailer of object @p: tracks, Slab, Object and the four dumps. */
static int expect_trailer(int n, int i, const void *p, bool freed_track)
{
	char want[160];
	u8 *obj = (u8 *)p;

	i = find(n, i, "Allocated in ");
	expect_match(i, "Allocated in .+ age=[0-9]+ cpu=[0-9]+ pid=[0-9]+");
	cr_assert(lines[i + 1][0] == ' ', "a stack line follows: \"%s\"", lines[i + 1]);
	if (freed_track) {
		i = find(n, i, "Freed in ");
		expect_match(i, "Freed in .+ age=[0-9]+ cpu=[0-9]+ pid=[0-9]+");
	}
	i = find(n, i, "Slab 0x");
	expect_match(i, "Slab 0x" HEX16 " objects=[0-9]+ used=[0-9]+ fp=0x" HEX16
			" flags=0x[0-9a-f]+\\(.*node=0\\|zone=[0-9]\\)");
	snprintf(want, sizeof(want), "Object 0x%016lx @offset=", (unsigned long)obj);
	cr_assert(!strncmp(lines[i + 1], want, strlen(want)), "\"%s\"", lines[i + 1]);
	cr_assert_str_eq(lines[i + 2], "");
	snprintf(want, sizeof(want), "Redzone  %016lx: ", (unsigned long)(obj - 8));
	cr_assert(!strncmp(lines[i + 3], want, strlen(want)), "\"%s\"", lines[i + 3]);
	snprintf(want, sizeof(want), "Object   %016lx: ", (unsigned long)obj);
	cr_assert(!strncmp(lines[i + 4], want, strlen(want)), "\"%s\"", lines[i + 4]);
	snprintf(want, sizeof(want), "Object   %016lx: ", (unsigned long)(obj + 48));
	cr_assert(!strncmp(lines[i + 7], want, strlen(want)), "\"%s\"", lines[i + 7]);
	snprintf(want, sizeof(want), "Redzone  %016lx: ", (unsigned long)(obj + OBJ));
	cr_assert(!strncmp(lines[i + 8], want, strlen(want)), "\"%s\"", lines[i + 8]);
	snprintf(want, sizeof(want), "Padding  %016lx: 5a 5a 5a 5a 5a 5a 5a 5a%*sZZZZZZZZ",
		 (unsigned long)(obj + 144), 49 - 23, "");
	cr_assert_str_eq(lines[i + 9], want);
	return i + 10;
}

/* "[WHAT overwritten] 0xA-0xB @offset=N. First byte 0xF instead of 0xV" */
static int expect_overwritten(int n, const char *what, const u8 *from, const u8 *to,
			      unsigned int first, unsigned int value)
{
	char want[256];
	u8 *base = slab_address(virt_to_slab(from));
	int i;

	snprintf(want, sizeof(want), "[%s overwritten]", what);
	i = find(n, 0, want);
	snprintf(want, sizeof(want),
		 "[%s overwritten] 0x%016lx-0x%016lx @offset=%tu. First byte 0x%x instead of 0x%x",
		 what, (unsigned long)from, (unsigned long)to, from - base, first, value);
	cr_assert_str_eq(lines[i], want);
	return i;
}

static void expect_fix(int n, int from, const char *text)
{
	char want[256];
	int i;

	snprintf(want, sizeof(want), "FIX dbg-64: %s", text);
	i = find(n, from, want);
	cr_assert_str_eq(lines[i], want);
}

static void expect_warn_and_taint(int n, int from)
{
	find(n, from, "------------[ cut here ]------------");
	find(n, from, "WARNING: CPU: ");
	cr_assert(get_taint() & (1UL << TAINT_BAD_PAGE), "taint B");
}

static void expect_restore(int n, int from, const char *what, const u8 *a, const u8 *b, u8 v)
{
	char want[160];

	snprintf(want, sizeof(want), "Restoring %s 0x%016lx-0x%016lx=0x%x", what,
		 (unsigned long)a, (unsigned long)b, v);
	expect_fix(n, from, want);
}

static void expect_not_freed(int n, int from, const void *p)
{
	char want[96];

	snprintf(want, sizeof(want), "Object at 0x%016lx not freed", (unsigned long)p);
	expect_fix(n, from, want);
}

Test(slab_misuse, right_red_zone)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	int n, i;

	p[OBJ] = 0;		/* one byte past the end */
	p[OBJ + 1] = 0x12;
	kmem_cache_free(s, p);
	n = log_lines();
	i = expect_overwritten(n, "Right Redzone", p + OBJ, p + OBJ + 1, 0, 0xcc);
	i = expect_bug_header(i + 1, "dbg-64", "Not tainted", "Object corrupt");
	i = expect_trailer(n, i, p, false);
	cr_assert(bh_matches(lines[i - 2], "Redzone  " HEX16 ": 00 12 cc cc cc cc cc cc {26}\\.\\.\\.\\.\\.\\.\\.\\."),
		  "\"%s\"", lines[i - 2]);
	expect_warn_and_taint(n, i);
	expect_restore(n, i, "Right Redzone", p + OBJ, p + OBJ + 1, 0xcc);
	expect_not_freed(n, i, p);
	/* Not freed: the object is still allocated, intact, and can be freed now. */
	cr_assert_eq(kmem_cache_validate(s), 0, "%s", bh_log());
	kmem_cache_free(s, p);
	assert_recovered(s);
}

Test(slab_misuse, left_red_zone)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	int n, i;

	p[-1] = 'x';		/* one byte before the start */
	kmem_cache_free(s, p);
	n = log_lines();
	i = expect_overwritten(n, "Left Redzone", p - 1, p - 1, 'x', 0xcc);
	i = expect_bug_header(i + 1, "dbg-64", "Not tainted", "Object corrupt");
	i = expect_trailer(n, i, p, false);
	expect_warn_and_taint(n, i);
	expect_restore(n, i, "Left Redzone", p - 1, p - 1, 0xcc);
	expect_not_freed(n, i, p);
	kmem_cache_free(s, p);
	assert_recovered(s);
}

Test(slab_misuse, use_after_free_found_by_validation)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	int n, i, errors;

	kmem_cache_free(s, p);
	memset(p + 8, 0x42, 4);	/* write after free */
	errors = kmem_cache_validate(s);
	cr_assert_gt(errors, 0, "%s", bh_log());
	n = log_lines();
	i = expect_overwritten(n, "Poison", p + 8, p + 11, 0x42, 0x6b);
	i = expect_bug_header(i + 1, "dbg-64", "Not tainted", "Object corrupt");
	i = expect_trailer(n, i, p, true);
	cr_assert(bh_matches(lines[i - 6], "Object   " HEX16 ": 6b 6b 6b 6b 6b 6b 6b 6b 42 42 42 42 6b 6b 6b 6b  kkkkkkkkBBBBkkkk"),
		  "\"%s\"", lines[i - 6]);
	expect_restore(n, i, "Poison", p + 8, p + 11, 0x6b);
	assert_recovered(s);
}

Test(slab_misuse, use_after_free_found_by_the_next_allocation)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	u8 *q;
	int n, i;

	kmem_cache_free(s, p);
	p[OBJ - 1] = 0;		/* the end marker */
	q = kmem_cache_alloc(s, GFP_KERNEL);
	n = log_lines();
	i = expect_overwritten(n, "End Poison", p + OBJ - 1, p + OBJ - 1, 0, 0xa5);
	i = expect_bug_header(i + 1, "dbg-64", "Not tainted", "Object corrupt");
	expect_restore(n, i, "End Poison", p + OBJ - 1, p + OBJ - 1, 0xa5);
	/* 6.12 gives up on the whole slab and hands out an object of another. */
	expect_fix(n, i, "Marking all objects used");
	cr_assert_not_null(q);
	cr_assert_neq(q, p);
	kmem_cache_free(s, q);
	/*
	 * The disabled slab is on no list but still counted, and 6.12's
	 * validation says so (validate_slab_node()); nothing else is wrong.
	 */
	kmm_dmesg_clear();
	cr_assert_eq(kmem_cache_validate(s), 1, "%s", bh_log());
	cr_assert(bh_log_has("SLUB: dbg-64 1 slabs counted but counter=2"), "%s", bh_log());
	cr_assert(kmem_cache_is_valid(s), "%s", bh_log());
	sh_check();
}

Test(slab_misuse, double_free)
{
	u8 *keep = kmem_cache_alloc(s, GFP_KERNEL);	/* the slab stays in use */
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	int n, i;

	kmem_cache_free(s, p);
	kmm_dmesg_clear();
	kmem_cache_free(s, p);
	n = log_lines();
	i = expect_bug_header(find(n, 0, "===="), "dbg-64", "Not tainted", "Object already free");
	i = expect_trailer(n, i, p, true);
	expect_warn_and_taint(n, i);
	expect_not_freed(n, i, p);
	kmem_cache_free(s, keep);
	assert_recovered(s);
}

/*
 * The same with the slab's only object: 6.12 checks the slab's count
 * first, and its format ends in "\n", so a blank line follows the BUG line.
 */
Test(slab_misuse, double_free_of_a_slab_s_only_object)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	int n, i;

	kmem_cache_free(s, p);
	kmm_dmesg_clear();
	kmem_cache_free(s, p);
	n = log_lines();
	i = find(n, 0, "BUG dbg-64 ");
	cr_assert_str_eq(lines[i], "BUG dbg-64 (Not tainted): Slab has 0 allocated objects but 1 "
				   "are to be freed");
	cr_assert_str_eq(lines[i + 1], "");
	expect_match(i + 4, "Slab 0x" HEX16 " objects=[0-9]+ used=0 fp=0x" HEX16 " flags=.*");
	expect_warn_and_taint(n, i);
	expect_not_freed(n, i, p);
	assert_recovered(s);
}

Test(slab_misuse, invalid_pointer_inside_a_slab)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	char want[128];
	int n, i;

	kmem_cache_free(s, p + 8);	/* not where an object starts */
	n = log_lines();
	snprintf(want, sizeof(want), "Invalid object pointer 0x%016lx", (unsigned long)(p + 8));
	i = expect_bug_header(find(n, 0, "===="), "dbg-64", "Not tainted", want);
	expect_match(i, "Slab 0x" HEX16 " objects=[0-9]+ used=1 fp=0x" HEX16 " flags=.*");
	expect_warn_and_taint(n, i);
	expect_not_freed(n, i, p + 8);
	kmem_cache_free(s, p);
	assert_recovered(s);
}

Test(slab_misuse, wrong_cache)
{
	struct kmem_cache *other = kmem_cache_create("dbg-other", 128, 0, SLAB_NO_MERGE, NULL);
	void *p = kmem_cache_alloc(s, GFP_KERNEL);
	int n, i;

	kmm_dmesg_clear();
	kmem_cache_free(other, p);	/* 6.12 warns and frees it to its own cache */
	n = log_lines();
	i = find(n, 0, "------------[ cut here ]------------");
	cr_assert_str_eq(lines[i + 1],
			 "cache_from_obj: Wrong slab cache. dbg-other but object is from dbg-64");
	find(n, i, "WARNING: CPU: ");
	find(n, i, "Allocated in ");	/* print_tracking() of the object */
	cr_assert(get_taint() & (1UL << TAINT_WARN));
	cr_assert_eq(sh_objects_inuse(s), 0, "the object went back to dbg-64");
	assert_recovered(s);
	assert_recovered(other);
	kmem_cache_destroy(other);
}

Test(slab_misuse, padding_overwritten)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	int n, i;

	p[144] = 0;		/* the padding word after the tracks */
	kmem_cache_free(s, p);
	n = log_lines();
	i = expect_overwritten(n, "Object padding", p + 144, p + 144, 0, 0x5a);
	i = expect_bug_header(i + 1, "dbg-64", "Not tainted", "Object corrupt");
	expect_restore(n, i, "Object padding", p + 144, p + 144, 0x5a);
	expect_not_freed(n, i, p);
	kmem_cache_free(s, p);
	assert_recovered(s);
}

/* The tail of a slab that no object covers (slab_pad_check()). */
Test(slab_misuse, slab_padding_overwritten)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	struct slab *slab = virt_to_slab(p);
	u8 *base = slab_address(slab);
	u8 *tail = base + slab->objects * s->size;
	size_t remainder = slab_size(slab) - slab->objects * s->size;
	char want[160];
	int n, i;

	cr_assert_gt(remainder, 4, "dbg-64 leaves a tail in its slabs");
	tail[3] = 0xee;
	cr_assert_gt(kmem_cache_validate(s), 0);
	n = log_lines();
	snprintf(want, sizeof(want), "Padding overwritten. 0x%016lx-0x%016lx @offset=%tu",
		 (unsigned long)(tail + 3), (unsigned long)(tail + 3), tail + 3 - base);
	i = expect_bug_header(find(n, 0, "===="), "dbg-64", "Not tainted", want);
	snprintf(want, sizeof(want), "Padding %016lx: 5a 5a 5a ee 5a", (unsigned long)tail);
	cr_assert(!strncmp(lines[i], want, strlen(want)), "\"%s\"", lines[i]);
	i = find(n, i, "Slab 0x");
	expect_warn_and_taint(n, i);
	snprintf(want, sizeof(want), "Restoring slab padding 0x%016lx-0x%016lx=0x5a",
		 (unsigned long)(tail + 3), (unsigned long)(tail + 3));
	expect_fix(n, i, want);
	kmem_cache_free(s, p);
	assert_recovered(s);
}

Test(slab_misuse, second_report_says_tainted)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);
	int n, i;

	p[OBJ] = 0;
	kmem_cache_free(s, p);
	kmm_dmesg_clear();
	kmem_cache_free(s, p);	/* fine now: the first report repaired it */
	cr_assert_not(bh_log_has("BUG dbg-64"), "%s", bh_log());
	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[-1] = 0;
	kmem_cache_free(s, p);
	n = log_lines();
	i = find(n, 0, "BUG dbg-64 (");
	expect_match(i, "BUG dbg-64 \\(Tainted: G    B   W {9}\\): Object corrupt");
	kmem_cache_free(s, p);
	assert_recovered(s);
}

Test(slab_misuse, kmalloc_red_zone_past_the_size_asked_for)
{
	u8 *p;
	int n, i;

	kmm_halt();
	sh_boot(&bh_m256, "slub_debug=FZPU,kmalloc-64");
	p = kmalloc(50, GFP_KERNEL);
	cr_assert_not_null(p);
	for (int b = 50; b < 64; b++)
		cr_assert_eq(p[b], SLUB_RED_ACTIVE, "byte %d", b);
	kmm_dmesg_clear();
	p[52] = 7;
	kfree(p);
	n = log_lines();
	i = expect_overwritten(n, "kmalloc Redzone", p + 52, p + 52, 7, 0xcc);
	i = expect_bug_header(i + 1, "kmalloc-64", "Not tainted", "Object corrupt");
	find(n, i, "FIX kmalloc-64: Restoring kmalloc Redzone ");
	kfree(p);
	cr_assert_eq(kmem_cache_validate(sh_find("kmalloc-64")), 0, "%s", bh_log());
	sh_check();
}

Test(slab_misuse, kfree_of_a_misaligned_pointer)
{
	u8 *p;
	char want[128];
	int n, i;

	kmm_halt();
	sh_boot(&bh_m256, "slub_debug=FZPU,kmalloc-128");
	p = kmalloc(100, GFP_KERNEL);
	kmm_dmesg_clear();
	kfree(p + 16);
	n = log_lines();
	snprintf(want, sizeof(want), "Invalid object pointer 0x%016lx", (unsigned long)(p + 16));
	i = expect_bug_header(find(n, 0, "===="), "kmalloc-128", "Not tainted", want);
	i = find(n, i, "FIX kmalloc-128: Object at ");
	kfree(p);
	cr_assert_eq(kmem_cache_validate(sh_find("kmalloc-128")), 0, "%s", bh_log());
	sh_check();
}

/* A page that is no slab: 6.12's virt_to_cache() warning, nothing freed. */
Test(slab_misuse, free_of_a_pointer_outside_any_slab)
{
	struct page *page = alloc_page(GFP_KERNEL);
	void *x = page_address(page);
	int n, i;

	kmem_cache_free(s, x);
	n = log_lines();
	i = find(n, 0, "------------[ cut here ]------------");
	cr_assert_str_eq(lines[i + 1], "virt_to_cache: Object is not a Slab page!");
	find(n, i, "WARNING: CPU: ");
	cr_assert_eq(page_count(page), 1, "the page is untouched");
	__free_page(page);
	assert_recovered(s);
}

/*
 * A free pointer overwritten in a free object: validation finds the chain
 * broken ("Freechain corrupt"), cuts it there and recounts ("Object count
 * adjusted"); the objects cut off count as allocated from then on, and the
 * next passes repair their red zones one object per pass, as 6.12's do
 * (validate_slab() stops at the first bad object). It converges.
 */
Test(slab_misuse, free_pointer_overwritten)
{
	u8 *a = kmem_cache_alloc(s, GFP_KERNEL);
	u8 *b = kmem_cache_alloc(s, GFP_KERNEL);
	u8 *c = kmem_cache_alloc(s, GFP_KERNEL);
	int pass, n, i;

	kmem_cache_free(s, b);
	kmem_cache_free(s, c);		/* c heads the slab's freelist, then b */
	*(unsigned long *)(c + 72) = 0x1234;	/* c's free pointer */
	cr_assert_gt(kmem_cache_validate(s), 0);
	n = log_lines();
	i = expect_bug_header(find(n, 0, "===="), "dbg-64", "Not tainted", "Freechain corrupt");
	i = expect_trailer(n, i, c, true);
	find(n, i, "BUG dbg-64 (Tainted: G    B   W         ): Wrong object count. Counter is 1 "
		   "but counted were ");
	expect_fix(n, i, "Object count adjusted");
	for (pass = 0; pass < 100 && kmem_cache_validate(s); pass++)
		;
	cr_assert_lt(pass, 100, "validation does not converge");
	cr_assert(kmem_cache_is_valid(s), "%s", bh_log());
	kmem_cache_free(s, a);
	assert_recovered(s);
}

/* ---- hardened freelists: a double free on the fast path ---- */

/*
 * A cache without debugging: the second free finds the object at the head
 * of the CPU's free list, where 6.12's set_freepointer() stops at
 * BUG_ON(object == fp) (CONFIG_SLAB_FREELIST_HARDENED). kmm prints the BUG
 * line and does not free the object again (slub.c slab_double_free()).
 */
Test(slab_misuse, hardened_double_free_on_the_fast_path)
{
	struct kmem_cache *c = kmem_cache_create("fast-64", OBJ, 0, SLAB_NO_MERGE, NULL);
	void *p = kmem_cache_alloc(c, GFP_KERNEL);
	void *q, *r;

	kmem_cache_free(c, p);
	kmm_dmesg_clear();
	kmem_cache_free(c, p);
	cr_assert(bh_log_has("kernel BUG at mm/slub.c:"), "%s", bh_log());
	/* The object is on the free list once: two allocations, two objects. */
	q = kmem_cache_alloc(c, GFP_KERNEL);
	r = kmem_cache_alloc(c, GFP_KERNEL);
	cr_assert_neq(q, r);
	kmem_cache_free(c, q);
	kmem_cache_free(c, r);
	cr_assert(kmem_cache_is_valid(c), "%s", bh_log());
	cr_assert_eq(kmem_cache_validate(c), 0, "%s", bh_log());
	kmem_cache_destroy(c);
}
