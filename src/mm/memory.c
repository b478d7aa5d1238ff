// SPDX-License-Identifier: MIT
/*
 * src/mm/memory.c - the kernel page tables' allocation and walk: what
 * vmalloc needs of mm/memory.c (__pud_alloc, __pmd_alloc,
 * __pte_alloc_kernel) and of arch/x86 (the kernel PGD, init_mm).
 *
 * 1. Layout. kmm/pgtable.h: four levels, P4D folded, 512 entries a
 *    table. The PGD is one page allocated with the first mapping; lower
 *    tables appear on first use too.
 *
 * 2. Table pages come from the buddy allocator (GFP_PGTABLE_KERNEL:
 *    GFP_KERNEL | __GFP_ZERO, or the caller's nested mask) and are
 *    counted in their node's NR_PAGETABLE, which meminfo prints as
 *    PageTables. They are not freed while the machine runs, as Linux
 *    keeps the kernel's vmalloc tables; kmm_halt() discards the whole
 *    machine, so pgtable_reset() only forgets them.
 *
 * 3. Locking. A missing entry is filled under init_mm.page_table_lock:
 *    the new table is allocated before the lock (the allocation may
 *    sleep), and freed again if another thread filled the entry first,
 *    as Linux's __pte_alloc_kernel does. Entries are stored with release
 *    and read with acquire atomics, so a lock-free walker sees a table's
 *    zeroed contents before the entry that points at it.
 *
 * How kmm differs: no huge (PMD/PUD leaf) mappings: vmalloc_huge() maps
 * its high-order pages with PTEs; the host maps them in one call anyway.
 */
#include <kmm/mm.h>
#include <kmm/errno.h>
#include <kmm/gfp.h>
#include <kmm/pgtable.h>
#include "internal.h"

struct mm_struct init_mm = { .pgd = NULL, .page_table_lock = __SPIN_LOCK_UNLOCKED(init_mm) };

#define GFP_PGTABLE_KERNEL	(GFP_KERNEL | __GFP_ZERO)

static struct page *pgtable_page_alloc(gfp_t gfp)
{
	struct page *page = alloc_page((gfp & ~__GFP_HIGHMEM) | __GFP_ZERO);

	if (page)
		mod_node_page_state(page_pgdat(page), NR_PAGETABLE, 1);
	return page;
}

static void pgtable_page_free(struct page *page)
{
	mod_node_page_state(page_pgdat(page), NR_PAGETABLE, -1);
	__free_page(page);
}

/*
 * Fill the empty entry *@entry with a new table, unless another thread
 * did. Return: 0, or -ENOMEM.
 */
static int __table_alloc(unsigned long *entry, gfp_t gfp)
{
	struct page *page;

	if (__pt_load(entry))
		return 0;
	page = pgtable_page_alloc(gfp);
	if (!page)
		return -ENOMEM;
	spin_lock(&init_mm.page_table_lock);
	if (!__pt_load(entry)) {
		__pt_store(entry, page_to_phys(page) | _KERNPG_TABLE);
		page = NULL;
	}
	spin_unlock(&init_mm.page_table_lock);
	if (page)
		pgtable_page_free(page);
	return 0;
}

pud_t *pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long addr, gfp_t gfp)
{
	if (__table_alloc(&p4d->pgd.pgd, gfp))
		return NULL;
	return pud_offset(p4d, addr);
}

pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr, gfp_t gfp)
{
	if (__table_alloc(&pud->pud, gfp))
		return NULL;
	return pmd_offset(pud, addr);
}

pte_t *pte_alloc_kernel(pmd_t *pmd, unsigned long addr, gfp_t gfp)
{
	if (__table_alloc(&pmd->pmd, gfp))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

pte_t *kmm_walk_pte(unsigned long addr)
{
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	if (!__pt_load(&init_mm.pgd))
		return NULL;
	pgd = pgd_offset_k(addr);
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (pud_none(pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (pmd_none(pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

int pgtable_init(void)
{
	spin_lock_init(&init_mm.page_table_lock);
	init_mm.pgd = NULL;
	return 0;
}

/*
 * The PGD page appears with the first mapping, so that booting takes no
 * page from the buddy allocator (the page allocator's report tests see a
 * pristine machine). Return: 0 or -ENOMEM.
 */
static int kernel_pgd_alloc(gfp_t gfp)
{
	struct page *page;

	if (__pt_load(&init_mm.pgd))
		return 0;
	page = pgtable_page_alloc(gfp);
	if (!page)
		return -ENOMEM;
	spin_lock(&init_mm.page_table_lock);
	if (!init_mm.pgd) {
		__pt_store(&init_mm.pgd, (pgd_t *)page_address(page));
		page = NULL;
	}
	spin_unlock(&init_mm.page_table_lock);
	if (page)
		pgtable_page_free(page);
	return 0;
}

pgd_t *pgd_alloc_k(unsigned long addr, gfp_t gfp)
{
	if (kernel_pgd_alloc(gfp))
		return NULL;
	return pgd_offset_k(addr);
}

void pgtable_reset(void)
{
	init_mm.pgd = NULL;
}

unsigned long pgtable_nr_pages(void)
{
	return global_node_page_state(NR_PAGETABLE);
}
