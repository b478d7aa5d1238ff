// SPDX-License-Identifier: MIT
/*
 * tests/test_vmalloc_misuse.c - frees Linux catches, reported in its
 * words (mm/vmalloc.c, 6.12), with the state intact afterwards: the trees
 * valid, the area still usable, no page lost.
 *
 *   vfree(non-vmalloc address)   "Trying to vfree() nonexistent vm area (%p)"
 *   vfree(twice)                 the same, for the second call
 *   vfree(unaligned address)     "Trying to vfree() bad address (%p)", then
 *                                the nonexistent-area WARN, as Linux prints both
 *   vunmap(vmalloc'ed area)      kmm's WARN "Trying to vunmap() a vmalloc()ed
 *                                area (%p): use vfree()" (Linux unmaps it and
 *                                leaks the pages; kmm refuses)
 *   vunmap(unknown address)      "Trying to vunmap() nonexistent vm area (%p)"
 * Each WARN is followed by the kernel's "WARNING: CPU: N PID: N at FILE:LINE" line.
 */
#include <stdio.h>
#include <string.h>

#include "helpers/buddy_harness.h"
#include "mm/vmalloc_internal.h"

static void boot(void)
{
	bh_boot(&bh_m256, NULL);
	kmm_dmesg_clear();
}

static void finish(void)
{
	cr_assert(vmap_area_is_valid(), "%s", bh_log());
	bh_check();
	bh_halt();
}

TestSuite(vmalloc_misuse, .init = boot, .fini = finish);

static void assert_warned(const char *fmt, const void *addr)
{
	char want[160];

	char addr_text[24];

	/* %p prints the address as 16 hex digits (kmm does not hash pointers) */
	snprintf(addr_text, sizeof(addr_text), "%016lx", (unsigned long)addr);
	snprintf(want, sizeof(want), fmt, addr_text);
	cr_assert(bh_log_has(want), "wanted \"%s\" in:\n%s", want, bh_log());
	cr_assert(bh_log_has("WARNING: CPU: "), "%s", bh_log());
	cr_assert(bh_log_has(" at src/mm/vmalloc.c:"), "%s", bh_log());
}

/* The machine still works: a vmalloc round trip with its bytes. */
static void assert_still_works(void)
{
	unsigned char *p = vmalloc(5 * PAGE_SIZE);

	cr_assert_not_null(p);
	memset(p, 0xab, 5 * PAGE_SIZE);
	cr_assert_eq(((unsigned char *)page_address(vmalloc_to_page(p + 4 * PAGE_SIZE)))[9], 0xab);
	vfree(p);
	cr_assert(vmap_area_is_valid());
}

Test(vmalloc_misuse, vfree_of_a_non_vmalloc_address)
{
	void *page = (void *)__get_free_page(GFP_KERNEL);
	void *p = vmalloc(PAGE_SIZE);

	vfree(page);
	assert_warned("Trying to vfree() nonexistent vm area (%s)", page);
	cr_assert_not_null(find_vm_area(p), "other areas untouched");
	cr_assert_eq(vmalloc_nr_pages(), 1);
	free_page((unsigned long)page);
	vfree(p);
	assert_still_works();
}

Test(vmalloc_misuse, double_vfree)
{
	void *p = vmalloc(3 * PAGE_SIZE);
	void *q = vmalloc(PAGE_SIZE);
	unsigned long lazy;

	vfree(p);
	lazy = vmap_lazy_nr_pages();
	kmm_dmesg_clear();
	vfree(p);
	assert_warned("Trying to vfree() nonexistent vm area (%s)", p);
	cr_assert_eq(vmap_lazy_nr_pages(), lazy, "freed once only");
	cr_assert_eq(vmalloc_nr_pages(), 1);
	cr_assert(vmap_area_is_valid());
	vfree(q);
	assert_still_works();
}

Test(vmalloc_misuse, vfree_of_an_address_inside_an_area)
{
	unsigned char *p = vmalloc(3 * PAGE_SIZE);

	vfree(p + 17);
	assert_warned("Trying to vfree() bad address (%s)", p + 17);
	kmm_dmesg_clear();
	vfree(p + PAGE_SIZE);
	assert_warned("Trying to vfree() nonexistent vm area (%s)", p + PAGE_SIZE);
	cr_assert_not_null(find_vm_area(p));
	cr_assert_eq(vmalloc_nr_pages(), 3);
	vfree(p);
	assert_still_works();
}

Test(vmalloc_misuse, vunmap_of_a_vmalloc_area)
{
	unsigned char *p = vmalloc(2 * PAGE_SIZE);

	p[0] = 42;
	vunmap(p);
	assert_warned("Trying to vunmap() a vmalloc()ed area (%s): use vfree()", p);
	cr_assert_not_null(find_vm_area(p), "the area is still there");
	cr_assert_eq(p[0], 42, "and still mapped");
	cr_assert_eq(vmalloc_nr_pages(), 2);
	vfree(p);
	cr_assert_eq(vmalloc_nr_pages(), 0);
	assert_still_works();
}

Test(vmalloc_misuse, vunmap_of_an_unknown_address)
{
	void *page = (void *)__get_free_page(GFP_KERNEL);

	vunmap(page);
	assert_warned("Trying to vunmap() nonexistent vm area (%s)", page);
	free_page((unsigned long)page);
	assert_still_works();
}
