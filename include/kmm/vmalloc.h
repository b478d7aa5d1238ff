/* SPDX-License-Identifier: MIT */
/*
 * kmm/vmalloc.h - virtually contiguous memory from scattered pages
 * (linux/vmalloc.h, linux/slab.h's kvmalloc family). The design is in
 * src/mm/vmalloc.c; kvmalloc is in src/mm/util.c.
 *
 * Addresses returned here lie in [VMALLOC_START, VMALLOC_END), a host
 * range reserved at boot (vmalloc= sets its size). Each page of an area
 * is the same memory as its direct-map address page_address(
 * vmalloc_to_page(addr)): both are views of the physical-memory memfd.
 * Touching the page after an area's end (its guard page) faults.
 */
#ifndef KMM_VMALLOC_H
#define KMM_VMALLOC_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/gfp_types.h>
#include <kmm/list.h>
#include <kmm/rbtree.h>
#include <kmm/pgtable.h>

struct page;

/* vm_struct->flags (6.12's values). */
#define VM_IOREMAP		0x00000001	/* ioremap() and friends */
#define VM_ALLOC		0x00000002	/* vmalloc() */
#define VM_MAP			0x00000004	/* vmap()ed pages */
#define VM_USERMAP		0x00000008	/* suitable for remap_vmalloc_range */
#define VM_DMA_COHERENT		0x00000010	/* dma_alloc_coherent */
#define VM_UNINITIALIZED	0x00000020	/* not fully initialised yet */
#define VM_NO_GUARD		0x00000040	/* no guard page after the area */
#define VM_KASAN		0x00000080
#define VM_FLUSH_RESET_PERMS	0x00000100
#define VM_MAP_PUT_PAGES	0x00000200	/* vfree puts the pages and frees the array */
#define VM_ALLOW_HUGE_VMAP	0x00000400	/* may use high-order pages */
#define VM_DEFER_KMEMLEAK	0
#define VM_SPARSE		0x00001000

/* vmap_area->flags */
#define VMAP_RAM		0x1	/* made by vm_map_ram() */
#define VMAP_RECYCLE		0x100	/* kmm: a lazy area kept whole for reuse */

/**
 * struct vm_struct - one area handed out by vmalloc, vmap or get_vm_area.
 * @next: unused (Linux's vmlist before vmalloc_init)
 * @addr: first byte of the area
 * @size: bytes of address space, the guard page included
 * @flags: VM_*
 * @pages: the backing pages (vmalloc, or vmap with VM_MAP_PUT_PAGES)
 * @page_order: order of each block in @pages (vmalloc_huge: > 0)
 * @nr_pages: entries in @pages (order-0 pages)
 * @phys_addr: ioremap's physical address (0 otherwise)
 * @caller: the return address of the API call, printed by vmallocinfo
 */
struct vm_struct {
	struct vm_struct *next;
	void *addr;
	unsigned long size;
	unsigned long flags;
	struct page **pages;
	unsigned int page_order;
	unsigned int nr_pages;
	phys_addr_t phys_addr;
	const void *caller;
};

/**
 * struct vmap_area - a range of the vmalloc area: free (in the free tree,
 * with the largest free size of its subtree), busy (in the busy tree,
 * with its vm_struct) or lazily freed (in the purge tree).
 */
struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;
	struct rb_node rb_node;
	struct list_head list;
	union {
		unsigned long subtree_max_size;	/* free tree */
		struct vm_struct *vm;		/* busy tree */
	};
	unsigned long flags;			/* VMAP_RAM, VMAP_RECYCLE */
	struct list_head recycle;		/* kmm: vmap_recycle[] (lazy, whole) */
};

/* The vmalloc area (set by vmalloc_init(); 0 before boot). */
extern unsigned long kmm_vmalloc_start, kmm_vmalloc_end;
#define VMALLOC_START	kmm_vmalloc_start
#define VMALLOC_END	kmm_vmalloc_end

/**
 * vmalloc - allocate virtually contiguous memory.
 * @size: bytes (rounded up to pages)
 *
 * Context: process; may sleep (in atomic context: the "sleeping function
 * called from invalid context" report, then it goes on as Linux does).
 * Return: the area's address, or NULL (with a warn_alloc report).
 */
void *vmalloc(unsigned long size);
/**
 * vzalloc - vmalloc() of zeroed memory.
 * @size: bytes
 * Context: process; may sleep. Return: the address, or NULL.
 */
void *vzalloc(unsigned long size);
/**
 * vmalloc_node - vmalloc() with pages from node @node first.
 * @size: bytes
 * @node: preferred node, or NUMA_NO_NODE
 * Context: process; may sleep. Return: the address, or NULL.
 */
void *vmalloc_node(unsigned long size, int node);
/** vzalloc_node - vzalloc() with pages from node @node first. */
void *vzalloc_node(unsigned long size, int node);
/**
 * vmalloc_user - zeroed memory flagged VM_USERMAP (for remap_vmalloc_range).
 * @size: bytes
 * Context: process; may sleep. Return: the address, or NULL.
 */
void *vmalloc_user(unsigned long size);
/**
 * vmalloc_32 - vmalloc() with every page below 4 GiB (GFP_DMA32).
 * @size: bytes
 * Context: process; may sleep. Return: the address, or NULL.
 */
void *vmalloc_32(unsigned long size);
/** vmalloc_32_user - vmalloc_32() zeroed with VM_USERMAP. */
void *vmalloc_32_user(unsigned long size);
/**
 * __vmalloc - vmalloc() with explicit GFP flags.
 * @size: bytes
 * @gfp_mask: flags for the pages (and, nested, for the metadata)
 * Return: the address, or NULL. Non-blocking masks are allowed, as in
 * Linux, but the page tables may still be allocated with GFP_KERNEL.
 */
void *__vmalloc(unsigned long size, gfp_t gfp_mask);
/**
 * vmalloc_huge - vmalloc() from high-order pages (up to PMD size), mapped
 * as runs: fewer host mappings for large areas.
 */
void *vmalloc_huge(unsigned long size, gfp_t gfp_mask);
/**
 * __vmalloc_node_range - the general form.
 * @size: bytes
 * @align: alignment of the area (a power of two, >= PAGE_SIZE)
 * @start: lowest address, @end: end of the range to place the area in
 * @gfp_mask: page flags
 * @prot: PAGE_KERNEL
 * @vm_flags: VM_* flags added to VM_ALLOC (VM_NO_GUARD, VM_USERMAP, ...)
 * @node: preferred node or NUMA_NO_NODE
 * @caller: the caller's address for vmallocinfo
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align, unsigned long start,
			   unsigned long end, gfp_t gfp_mask, pgprot_t prot,
			   unsigned long vm_flags, int node, const void *caller);
/** __vmalloc_node - __vmalloc_node_range() over the whole vmalloc area. */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask,
		     int node, const void *caller);

/**
 * vfree - release memory from vmalloc() and friends (or vmap with
 * VM_MAP_PUT_PAGES).
 * @addr: the address vmalloc returned, or NULL
 *
 * In interrupt context it defers, as vfree_atomic() does. An address
 * that is not an area's start prints "Trying to vfree() nonexistent vm
 * area" and changes nothing.
 * Context: may sleep unless in interrupt context.
 */
void vfree(const void *addr);
/**
 * vfree_atomic - vfree() that never sleeps: queues @addr; the area is
 * freed at the next vmalloc/vfree/purge in process context
 * (vmalloc_drain_deferred()).
 */
void vfree_atomic(const void *addr);

/**
 * vmap - map an array of pages into one virtually contiguous area.
 * @pages: @count pages
 * @count: how many
 * @flags: VM_MAP, maybe VM_MAP_PUT_PAGES (vfree then puts the pages and
 *	kvfree()s @pages)
 * @prot: PAGE_KERNEL
 * Context: process; may sleep. Return: the address, or NULL.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
/**
 * vunmap - release a mapping made by vmap(); the pages stay the caller's.
 * Unknown addresses and vmalloc()ed areas are refused with a WARN.
 */
void vunmap(const void *addr);
/**
 * vm_map_ram - map @count pages without a vm_struct (fast, for short
 * lived mappings); release with vm_unmap_ram() and the same @count.
 */
void *vm_map_ram(struct page **pages, unsigned int count, int node);
void vm_unmap_ram(const void *mem, unsigned int count);

/**
 * vmalloc_to_page - the page mapped at a vmalloc address.
 * @addr: any address in [VMALLOC_START, VMALLOC_END)
 * Walks kmm's PGD/P4D/PUD/PMD/PTE tables, as Linux's does.
 * Context: any; takes no lock. Return: the page, or NULL if none is mapped
 * there (or @addr is not a vmalloc address).
 */
struct page *vmalloc_to_page(const void *addr);
/** vmalloc_to_pfn - page_to_pfn(vmalloc_to_page(@addr)). */
unsigned long vmalloc_to_pfn(const void *addr);
/** is_vmalloc_addr - does @x lie in [VMALLOC_START, VMALLOC_END)? */
bool is_vmalloc_addr(const void *x);
/**
 * find_vm_area - the vm_struct of the busy area containing @addr.
 * @addr: an address inside an area (its guard page included)
 * Context: takes vmap_area_lock. Return: the vm_struct, or NULL (no area,
 * or a vm_map_ram area, which has none).
 */
struct vm_struct *find_vm_area(const void *addr);
/** get_vm_area_size - the usable size of @area (without its guard page). */
static inline size_t get_vm_area_size(const struct vm_struct *area)
{
	if (!(area->flags & VM_NO_GUARD))
		return area->size - (1UL << 12);
	return area->size;
}
/** get_vm_area / get_vm_area_caller / free_vm_area: reserve address space only. */
struct vm_struct *get_vm_area(unsigned long size, unsigned long flags);
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const void *caller);
void free_vm_area(struct vm_struct *area);
/** remove_vm_area - take the area at @addr out of the busy tree; Return: its vm_struct. */
struct vm_struct *remove_vm_area(const void *addr);
/** vmalloc_nr_pages - pages backing vmalloc areas now (meminfo's VmallocUsed). */
unsigned long vmalloc_nr_pages(void);
/** vm_unmap_aliases - purge every lazily freed area now. */
void vm_unmap_aliases(void);

/* The kvmalloc family (kmalloc, then vmalloc) is in kmm/slab.h, as Linux has it. */
#include <kmm/slab.h>

/*
 * Reports (src/mm/vmalloc.c): /proc/vmallocinfo in 6.12's format, one
 * line per busy area then the unpurged ones, and its JSON twin:
 *	{"vmalloc_start":N,"vmalloc_end":N,"largest_free":N,"lazy_pages":N,
 *	 "areas":[{"start":N,"end":N,"size":N,"caller":"name+0x1/0x2",
 *	  "pages":N,"type":"vmalloc"|"vmap"|"ioremap"|"vm_map_ram"|
 *	  "unpurged"|"other","user":bool,"vpages":bool,"nodes":{"N0":N}}]}
 * Both return the length of the whole report, as kmm_report_meminfo().
 */
size_t kmm_report_vmallocinfo(char *buf, size_t size);
size_t kmm_report_vmallocinfo_json(char *buf, size_t size);

/* Boot and halt (src/init/main.c). */
int vmalloc_init(void);
void vmalloc_reset(void);

#endif /* KMM_VMALLOC_H */
