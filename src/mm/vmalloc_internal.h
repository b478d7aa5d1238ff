/* SPDX-License-Identifier: MIT */
/*
 * src/mm/vmalloc_internal.h - what vmalloc.c, vmalloc_info.c, util.c and
 * the vmalloc test suites share: the metadata allocator, the trees for
 * validators and reports, and the host back-end tests may replace.
 */
#ifndef KMM_MM_VMALLOC_INTERNAL_H
#define KMM_MM_VMALLOC_INTERNAL_H

#include <kmm/vmalloc.h>
#include <kmm/spinlock.h>

/*
 * vmalloc's own metadata (vmap_area, vm_struct, page arrays, kvmalloc's
 * small allocations). Linux uses kmem_cache_alloc/kmalloc for them; until
 * SLUB is merged these two are backed by the page allocator (a free list
 * of 128-byte chunks carved from pages, alloc_pages_exact above that).
 * Once SLUB lands they become kmalloc_node()/kfree() (and the vmap_area
 * cache a kmem_cache).
 */
void *vmalloc_meta_alloc(size_t size, gfp_t gfp, int node);
void vmalloc_meta_free(const void *p);
/* The size asked for when @p was allocated. */
size_t vmalloc_meta_size(const void *p);

/* The host calls that map and unmap runs of physical memory (tests may replace). */
struct vmap_host_ops {
	int (*map)(void *va, phys_addr_t pa, size_t len);	/* 0 or -errno */
	int (*unmap)(void *va, size_t len);			/* 0 or -errno */
};
/* Install @ops (NULL: the default, the physical-memory memfd). */
void vmalloc_set_host_ops(const struct vmap_host_ops *ops);

/* The trees and their locks (point 3 of vmalloc.c). */
extern spinlock_t free_vmap_area_lock, vmap_area_lock, purge_vmap_area_lock;
extern struct rb_root free_vmap_area_root, vmap_area_root, purge_vmap_area_root;
extern struct list_head free_vmap_area_list, vmap_area_list, purge_vmap_area_list;

static inline unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

/*
 * vmap_area_is_valid - check both trees and the purge tree: ordering,
 * no overlap, lists sorted as the trees, subtree_max_size right in every
 * free node, adjacent free areas merged, and free + busy + lazy covering
 * [VMALLOC_START, VMALLOC_END) exactly. Prints the first problem.
 * Context: takes the three locks; call while no other thread allocates.
 */
bool vmap_area_is_valid(void);

/* Pages waiting to be purged (the lazy areas' sizes), and the threshold. */
unsigned long vmap_lazy_nr_pages(void);
unsigned long lazy_max_pages(void);
/* The largest free area (bytes), for reports. */
unsigned long vmalloc_largest_free(void);

/* The low-level allocator, exposed for the model test. */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  unsigned long vstart, unsigned long vend,
				  int node, gfp_t gfp_mask, unsigned long va_flags,
				  struct vm_struct *vm);
/* Return @va to the free tree now (no lazy step; its range must be unmapped). */
void free_vmap_area(struct vmap_area *va);
/* Take busy @va out of the busy tree and free it at once (the model test's free). */
void free_busy_vmap_area(struct vmap_area *va);
/* Busy-tree lookup: the area containing @addr, or NULL. */
struct vmap_area *find_vmap_area(unsigned long addr);

#endif /* KMM_MM_VMALLOC_INTERNAL_H */
