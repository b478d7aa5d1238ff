// SPDX-License-Identifier: MIT
/*
 * tests/test_vmalloc_kvmalloc.c - kvmalloc and friends (mm/util.c): the
 * kmalloc step first, vmalloc when it fails and the flags may block;
 * kvfree of either kind; kvrealloc keeps the bytes.
 */
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
	cr_assert(vmap_area_is_valid());
	bh_check();
	bh_halt();
}

TestSuite(vmalloc_kvmalloc, .init = boot, .fini = finish);

Test(vmalloc_kvmalloc, small_sizes_come_from_the_kmalloc_step)
{
	void *p = kvmalloc(64, GFP_KERNEL);
	void *q = kvmalloc(PAGE_SIZE, GFP_KERNEL);
	void *r = kvmalloc(64 << 10, GFP_KERNEL);

	cr_assert(p && q && r);
	cr_assert(!is_vmalloc_addr(p) && !is_vmalloc_addr(q) && !is_vmalloc_addr(r));
	memset(r, 1, 64 << 10);
	kvfree(p);
	kvfree(q);
	kvfree(r);
}

/*
 * With no block of the needed order left (a 256 MiB machine, every
 * high-order block taken), the kmalloc step fails quietly (__GFP_NORETRY,
 * __GFP_NOWARN) and vmalloc serves the request from scattered pages.
 */
Test(vmalloc_kvmalloc, falls_back_to_vmalloc_when_kmalloc_fails)
{
	struct bh_hold h = { 0 };
	struct page *big[8];
	unsigned char *p;

	/* Every block of order >= 4 taken; then 8 MAX_ORDER blocks split and
	 * every other 8-page piece given back: free memory that cannot merge
	 * above order 3, so the 64 KiB kmalloc step (kmalloc_large, order 4)
	 * must fail. */
	for (int i = 0; i < 8; i++)
		cr_assert_not_null(big[i] = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER));
	for (unsigned int order = MAX_PAGE_ORDER; order >= 4; order--)
		bh_fill(&h, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, order, 100000);
	for (int i = 0; i < 8; i++) {
		split_page(big[i], MAX_PAGE_ORDER);
		for (unsigned int pg = 0; pg < (1U << MAX_PAGE_ORDER); pg++)
			if ((pg / 8) % 2 == 0)
				__free_page(big[i] + pg);
	}
	for (unsigned int order = MAX_PAGE_ORDER; order >= 4; order--)	/* below the watermark before */
		bh_fill(&h, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, order, 100000);
	kmm_dmesg_clear();
	p = kvmalloc(64 << 10, GFP_KERNEL);
	cr_assert_not_null(p, "free %lu\n%s", nr_free_pages(), bh_log());
	cr_assert(is_vmalloc_addr(p), "vmalloc'ed");
	cr_assert(!bh_log_has("page allocation failure"), "the kmalloc step is quiet:\n%s", bh_log());
	memset(p, 7, 64 << 10);
	kvfree(p);
	p = kvmalloc(64 << 10, GFP_ATOMIC);	/* may use the reserves, never vmalloc */
	cr_assert(!p || !is_vmalloc_addr(p), "no vmalloc without blocking");
	kvfree(p);
	for (int i = 0; i < 8; i++)
		for (unsigned int pg = 0; pg < (1U << MAX_PAGE_ORDER); pg++)
			if ((pg / 8) % 2 == 1)
				__free_page(big[i] + pg);
	bh_release(&h);
}

Test(vmalloc_kvmalloc, zeroing_arrays_and_overflow)
{
	unsigned char *z = kvzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	unsigned int *a = kvcalloc(1000, sizeof(*a), GFP_KERNEL);
	unsigned char *n = kvzalloc_node(100, GFP_KERNEL, 0);

	cr_assert(z && a && n);
	for (int i = 0; i < 3 * (int)PAGE_SIZE; i++)
		cr_assert_eq(z[i], 0);
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(a[i], 0);
	cr_assert_null(kvmalloc_array(~0UL / 2, 4, GFP_KERNEL), "overflow");
	kvfree(z);
	kvfree(a);
	kvfree(n);
	kvfree(NULL);
}

Test(vmalloc_kvmalloc, kvrealloc_keeps_the_bytes)
{
	unsigned char *p = kvmalloc(100, GFP_KERNEL);

	for (int i = 0; i < 100; i++)
		p[i] = (unsigned char)i;
	p = kvrealloc(p, 1 << 20, GFP_KERNEL);
	cr_assert_not_null(p);
	for (int i = 0; i < 100; i++)
		cr_assert_eq(p[i], i);
	p[(1 << 20) - 1] = 9;
	p = kvrealloc(p, 50, GFP_KERNEL);
	for (int i = 0; i < 50; i++)
		cr_assert_eq(p[i], i);
	cr_assert_null(kvrealloc(p, 0, GFP_KERNEL));
}
