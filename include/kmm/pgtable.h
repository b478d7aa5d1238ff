/* SPDX-License-Identifier: MIT */
/*
 * kmm/pgtable.h - the kernel's page tables, as x86-64 keeps them with
 * 4-level paging (arch/x86/include/asm/pgtable*.h, linux/pgtable.h).
 *
 * 1. Levels. A virtual address splits into four 9-bit indexes and a page
 *    offset: PGD (bits 39-47), PUD (30-38), PMD (21-29), PTE (12-20). The
 *    P4D level exists in the API but is folded into the PGD, as on an
 *    x86-64 kernel without 5-level paging: p4d_offset() returns the PGD
 *    entry itself. Each table is one page of 512 eight-byte entries,
 *    taken from the buddy allocator and counted in NR_PAGETABLE
 *    (meminfo's PageTables).
 *
 * 2. Entries. An entry holds the physical address of the next table (or,
 *    in a PTE, of the mapped page) and flag bits: _PAGE_PRESENT, _PAGE_RW,
 *    _PAGE_NX... only those kmm reads. A zero entry is "none".
 *
 * 3. What they describe. kmm's page tables describe the vmalloc area
 *    only: init_mm.pgd covers the host addresses of that area, and the
 *    host's own MMU does the translation (src/mm/vmalloc.c maps each run
 *    of pages there from the physical-memory memfd). The tables are the
 *    kernel's record of what is mapped where: vmalloc_to_page() walks
 *    them, vunmap clears them. Table pages are never freed while the
 *    machine runs (Linux keeps the kernel's too).
 *
 * 4. Concurrency. Upper-level entries are populated once, under
 *    init_mm.page_table_lock, and read without it (acquire loads):
 *    threads mapping neighbouring areas share tables. A PTE belongs to
 *    the one area that covers its address; its owner writes it.
 */
#ifndef KMM_PGTABLE_H
#define KMM_PGTABLE_H

#include <kmm/types.h>
#include <kmm/page.h>
#include <kmm/gfp_types.h>
#include <kmm/spinlock.h>

typedef struct { unsigned long pgd; } pgd_t;
typedef struct { pgd_t pgd; } p4d_t;		/* folded */
typedef struct { unsigned long pud; } pud_t;
typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pgprot; } pgprot_t;

#define PTRS_PER_PGD	512
#define PTRS_PER_P4D	1
#define PTRS_PER_PUD	512
#define PTRS_PER_PMD	512
#define PTRS_PER_PTE	512

#define PGDIR_SHIFT	39
#define P4D_SHIFT	PGDIR_SHIFT
#define PUD_SHIFT	30
#define PMD_SHIFT	21
#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define PUD_SIZE	(1UL << PUD_SHIFT)
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))
#define PUD_MASK	(~(PUD_SIZE - 1))
#define PMD_MASK	(~(PMD_SIZE - 1))

#define _PAGE_PRESENT	(1UL << 0)
#define _PAGE_RW	(1UL << 1)
#define _PAGE_USER	(1UL << 2)
#define _PAGE_ACCESSED	(1UL << 5)
#define _PAGE_DIRTY	(1UL << 6)
#define _PAGE_GLOBAL	(1UL << 8)
#define _PAGE_NX	(1UL << 63)
/* Physical address bits of an entry (52-bit physical addresses). */
#define PTE_PFN_MASK	(((1UL << 52) - 1) & PAGE_MASK)
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

#define __pgprot(x)	((pgprot_t) { (x) })
#define pgprot_val(x)	((x).pgprot)
#define PAGE_KERNEL	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
				 _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)

/* The kernel's address space: only what vmalloc needs of struct mm_struct. */
struct mm_struct {
	pgd_t *pgd;
	spinlock_t page_table_lock;	/* populating upper-level entries */
};
extern struct mm_struct init_mm;

static inline unsigned long pgd_index(unsigned long a) { return (a >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1); }
static inline unsigned long pud_index(unsigned long a) { return (a >> PUD_SHIFT) & (PTRS_PER_PUD - 1); }
static inline unsigned long pmd_index(unsigned long a) { return (a >> PMD_SHIFT) & (PTRS_PER_PMD - 1); }
static inline unsigned long pte_index(unsigned long a) { return (a >> PAGE_SHIFT) & (PTRS_PER_PTE - 1); }

/* Entries are read and written as relaxed/acquire atomics (point 4). */
#define __pt_load(p)		__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define __pt_store(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

static inline unsigned long pgd_val(const pgd_t *p) { return __pt_load(&p->pgd); }
static inline unsigned long pud_val(const pud_t *p) { return __pt_load(&p->pud); }
static inline unsigned long pmd_val(const pmd_t *p) { return __pt_load(&p->pmd); }
static inline pte_t ptep_get(const pte_t *p) { return (pte_t) { __pt_load(&p->pte) }; }
static inline unsigned long pte_val(pte_t pte) { return pte.pte; }

static inline bool pgd_none(const pgd_t *p) { return pgd_val(p) == 0; }
static inline bool p4d_none(const p4d_t *p) { return pgd_none(&p->pgd); }
static inline bool pud_none(const pud_t *p) { return pud_val(p) == 0; }
static inline bool pmd_none(const pmd_t *p) { return pmd_val(p) == 0; }
static inline bool pte_none(pte_t pte) { return pte.pte == 0; }
static inline bool pte_present(pte_t pte) { return pte.pte & _PAGE_PRESENT; }
static inline unsigned long pte_pfn(pte_t pte) { return (pte.pte & PTE_PFN_MASK) >> PAGE_SHIFT; }

static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return (pte_t) { (pfn << PAGE_SHIFT) | pgprot_val(prot) };
}

static inline void set_pte(pte_t *ptep, pte_t pte) { __pt_store(&ptep->pte, pte.pte); }
static inline void pte_clear(pte_t *ptep) { __pt_store(&ptep->pte, 0UL); }

/* Walk one level down; the upper entry must be present. */
static inline pgd_t *pgd_offset_k(unsigned long addr)
{
	return __atomic_load_n(&init_mm.pgd, __ATOMIC_ACQUIRE) + pgd_index(addr);
}
static inline p4d_t *p4d_offset(pgd_t *pgd, unsigned long addr) { return (p4d_t *)pgd; }

static inline pud_t *pud_offset(p4d_t *p4d, unsigned long addr)
{
	return (pud_t *)__va(pgd_val(&p4d->pgd) & PTE_PFN_MASK) + pud_index(addr);
}

static inline pmd_t *pmd_offset(pud_t *pud, unsigned long addr)
{
	return (pmd_t *)__va(pud_val(pud) & PTE_PFN_MASK) + pmd_index(addr);
}

static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long addr)
{
	return (pte_t *)__va(pmd_val(pmd) & PTE_PFN_MASK) + pte_index(addr);
}

/* The end of the table entry that covers @addr, or @end if sooner. */
#define __pxx_addr_end(addr, end, size) ({				\
	unsigned long __b = ((addr) + (size)) & ~((size) - 1);		\
	(__b - 1 < (end) - 1) ? __b : (end);				\
})
#define pgd_addr_end(addr, end)	__pxx_addr_end(addr, end, PGDIR_SIZE)
#define pud_addr_end(addr, end)	__pxx_addr_end(addr, end, PUD_SIZE)
#define pmd_addr_end(addr, end)	__pxx_addr_end(addr, end, PMD_SIZE)

/*
 * Allocation of a missing table (src/mm/memory.c, as mm/memory.c's
 * __pud_alloc/__pmd_alloc/__pte_alloc_kernel): a zeroed page from the
 * buddy allocator with @gfp, counted in NR_PAGETABLE, installed under
 * init_mm.page_table_lock unless another thread was first.
 * Return: the entry for @addr one level down, or NULL without memory.
 */
pud_t *pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long addr, gfp_t gfp);
pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long addr, gfp_t gfp);
pte_t *pte_alloc_kernel(pmd_t *pmd, unsigned long addr, gfp_t gfp);
/* The PTE that maps @addr, or NULL when a table on the way is missing. */
pte_t *kmm_walk_pte(unsigned long addr);
/* The PGD entry for @addr, allocating the PGD page first if needed; NULL without memory. */
pgd_t *pgd_alloc_k(unsigned long addr, gfp_t gfp);
/* Boot and halt: no PGD yet (it comes with the first mapping), and forgetting it. */
int pgtable_init(void);
void pgtable_reset(void);
/* Pages all the tables hold, the PGD included. */
unsigned long pgtable_nr_pages(void);

#endif /* KMM_PGTABLE_H */
