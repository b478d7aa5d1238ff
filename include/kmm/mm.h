/* SPDX-License-Identifier: MIT */
/*
 * kmm/mm.h - pages and their owners (linux/mm.h): which zone and node a
 * page belongs to, its address, references, and the page allocator's
 * counters. The allocation functions are declared in kmm/gfp.h, as in
 * Linux.
 */
#ifndef KMM_MM_H
#define KMM_MM_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/bug.h>
#include <kmm/page.h>
#include <kmm/pfn.h>
#include <kmm/mm_types.h>
#include <kmm/page-flags.h>
#include <kmm/page_ref.h>
#include <kmm/memory_model.h>
#include <kmm/mmzone.h>

/*
 * Zone and node of a page, from the top bits of page->flags. Those bits
 * never change, but others may change meanwhile by atomic bit operations
 * (SLUB's PG_workingset on a slab another CPU frees into): a relaxed load.
 */
static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((__atomic_load_n(&page->flags, __ATOMIC_RELAXED) >>
				 ZONES_PGSHIFT) & ZONES_MASK);
}

static inline int page_to_nid(const struct page *page)
{
	return (int)((__atomic_load_n(&page->flags, __ATOMIC_RELAXED) >> NODES_PGSHIFT) &
		     NODES_MASK);
}

static inline pg_data_t *page_pgdat(const struct page *page)
{
	return NODE_DATA(page_to_nid(page));
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

/* Node and zone together: equal for two pages of the same zone. */
static inline int page_zone_id(const struct page *page)
{
	return (int)(page->flags >> ZONES_PGSHIFT);
}

static inline void set_page_zone(struct page *page, enum zone_type zone)
{
	page->flags &= ~(ZONES_MASK << ZONES_PGSHIFT);
	page->flags |= ((unsigned long)zone & ZONES_MASK) << ZONES_PGSHIFT;
}

static inline void set_page_node(struct page *page, int node)
{
	page->flags &= ~(NODES_MASK << NODES_PGSHIFT);
	page->flags |= ((unsigned long)node & NODES_MASK) << NODES_PGSHIFT;
}

static inline void set_page_links(struct page *page, enum zone_type zone, int node)
{
	set_page_zone(page, zone);
	set_page_node(page, node);
}

static inline unsigned long page_private(const struct page *page)
{
	return page->private;
}

static inline void set_page_private(struct page *page, unsigned long private)
{
	page->private = private;
}

/* Addresses: the direct map covers all of physical memory. */
static inline void *page_address(const struct page *page)
{
	return __va(PFN_PHYS(page_to_pfn(page)));
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

#define virt_to_pfn(kaddr)	PHYS_PFN(__pa(kaddr))
#define virt_to_page(kaddr)	pfn_to_page(virt_to_pfn(kaddr))
#define lowmem_page_address	page_address

/* The physical memory size mapped at PAGE_OFFSET (src/arch/setup.c). */
u64 kmm_physmem_size(void);

/**
 * virt_addr_valid - is @kaddr a direct-map address with a struct page?
 * @kaddr: any pointer
 *
 * Return: true if @kaddr lies in the direct map and its pfn has a memmap,
 * so that virt_to_page() may be used.
 */
static inline bool virt_addr_valid(const void *kaddr)
{
	unsigned long addr = (unsigned long)kaddr;

	if (!PAGE_OFFSET || addr < PAGE_OFFSET ||
	    addr - PAGE_OFFSET >= kmm_physmem_size())
		return false;
	return pfn_valid(virt_to_pfn(kaddr));
}

static inline struct page *virt_to_head_page(const void *x)
{
	return compound_head(virt_to_page(x));
}

/* ---- Folios: a compound page by its head (linux/mm.h, page-flags.h) ---- */

#define page_folio(p)		((struct folio *)compound_head(p))
#define folio_page(folio, n)	(&(folio)->page + (n))

static inline struct folio *virt_to_folio(const void *x)
{
	return page_folio(virt_to_page(x));
}

static inline unsigned int folio_order(const struct folio *folio)
{
	return compound_order(&folio->page);
}

static inline long folio_nr_pages(const struct folio *folio)
{
	return 1L << folio_order(folio);
}

static inline size_t folio_size(const struct folio *folio)
{
	return PAGE_SIZE << folio_order(folio);
}

static inline void *folio_address(const struct folio *folio)
{
	return page_address(&folio->page);
}

static inline bool folio_test_large(const struct folio *folio)
{
	return PageHead(&folio->page);
}

/* References (mm.h): counted on the head page of a compound page. */
static inline int page_count(const struct page *page)
{
	return page_ref_count(compound_head(page));
}

static inline void set_page_refcounted(struct page *page)
{
	VM_BUG_ON(PageTail(page));
	VM_BUG_ON(page_ref_count(page));
	set_page_count(page, 1);
}

/**
 * get_page - take a reference on @page (on its head if compound).
 * @page: an allocated page
 * Context: any.
 */
static inline void get_page(struct page *page)
{
	page = compound_head(page);
	VM_BUG_ON(page_ref_count(page) <= 0);
	page_ref_inc(page);
}

/**
 * put_page_testzero - drop a reference.
 * @page: a page with references
 * Return: true if that was the last reference (the caller frees the page).
 */
static inline bool put_page_testzero(struct page *page)
{
	VM_BUG_ON(page_ref_count(page) == 0);
	return page_ref_dec_and_test(page);
}

/**
 * put_page - drop a reference; the last one frees the page (the whole
 * compound page if @page belongs to one, order 0 otherwise).
 * @page: a page with references
 * Context: any; does not sleep.
 */
void put_page(struct page *page);

/* The memmap of a compound page's tails is contiguous in the vmemmap. */
static inline struct page *nth_page(struct page *page, unsigned long n)
{
	return page + n;
}

/**
 * get_order - the order of the smallest block holding @size bytes.
 * @size: bytes, > 0
 * Return: 0 for 1..PAGE_SIZE, 1 for up to 2 pages, and so on.
 */
static inline int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return 64 - __builtin_clzl((size - 1) >> PAGE_SHIFT);
}

/* Page allocator counters (mm/show_mem.c, page_alloc.c). */
extern atomic_long_t _totalram_pages;
extern unsigned long totalreserve_pages;
extern unsigned long totalcma_pages;

/** totalram_pages - pages the page allocator manages (all zones). */
static inline unsigned long totalram_pages(void)
{
	return (unsigned long)atomic_long_read(&_totalram_pages);
}

static inline void totalram_pages_add(long count)
{
	atomic_long_add(count, &_totalram_pages);
}

/** nr_free_pages - free pages in the buddy allocator, all zones. */
unsigned long nr_free_pages(void);

/* What si_meminfo() reports (struct sysinfo of <linux/sysinfo.h>). */
struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
};

/**
 * si_meminfo - fill @val with the memory fields of sysinfo(2): totalram,
 * freeram, sharedram (0), bufferram (0), totalhigh/freehigh (0 on x86-64)
 * and mem_unit (PAGE_SIZE); the other fields are left alone.
 * @val: result
 */
void si_meminfo(struct sysinfo *val);
/** si_mem_available - an estimate of the pages available without reclaim. */
long si_mem_available(void);

/**
 * split_page - make each page of a non-compound block of 2^@order pages
 * an independent order-0 page with its own reference.
 * @page: head of the block, allocated without __GFP_COMP
 * @order: its order
 */
void split_page(struct page *page, unsigned int order);

/* Page dumps (src/mm/debug_page.c). */
void dump_page(const struct page *page, const char *reason);

#ifdef CONFIG_DEBUG_VM
#define VM_BUG_ON_PAGE(cond, page) do {					\
	if (unlikely(cond)) {						\
		dump_page(page, "VM_BUG_ON_PAGE(" #cond ")");		\
		BUG();							\
	}								\
} while (0)
#else
#define VM_BUG_ON_PAGE(cond, page) BUILD_BUG_ON_INVALID(cond)
#endif

/* Memory auto-initialisation (init_on_alloc=, init_on_free=). */
extern bool init_on_alloc;
extern bool init_on_free;

static inline bool want_init_on_free(void)
{
	return init_on_free;
}

/*
 * The vm sysctls of the page allocator (/proc/sys/vm/...), as functions.
 * Each validates like its sysctl handler, recomputes what depends on it
 * (watermarks, reserves, per-CPU list sizes) and returns 0 or -EINVAL.
 * See src/mm/page_alloc_wmark.c.
 */
int kmm_sysctl_min_free_kbytes(int kb);			/* >= 0 */
int kmm_sysctl_watermark_scale_factor(int factor);	/* 1..3000 */
int kmm_sysctl_lowmem_reserve_ratio(const int ratios[MAX_NR_ZONES]);
extern int min_free_kbytes;
extern int watermark_scale_factor;
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES];

/*
 * Validators (src/mm/page_alloc_valid.c). zone_is_valid() checks one
 * zone's free lists, counters and per-CPU lists; kmm_check_invariants()
 * proves that every page of the machine is free exactly once, allocated,
 * reserved or a hole (DESIGN section 6). Both print the first problem
 * and return false; call them while no other thread allocates.
 */
bool zone_is_valid(struct zone *zone);
bool kmm_check_invariants(void);

/* show_mem - the Mem-Info report of an allocation failure (mm/show_mem.c). */
void show_mem(void);

#endif /* KMM_MM_H */
