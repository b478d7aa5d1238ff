// SPDX-License-Identifier: MIT
/*
 * src/mm/util.c - the kvmalloc family (mm/util.c): kmalloc first, then
 * vmalloc.
 *
 * 1. The rule (Linux 6.12's __kvmalloc_node): for sizes above a page the
 *    kmalloc attempt must be cheap and quiet, so it gets __GFP_NOWARN and
 *    __GFP_NORETRY (unless the caller asked for __GFP_RETRY_MAYFAIL) and
 *    loses __GFP_NOFAIL (the vmalloc fallback provides that). Up to a
 *    page, kmalloc's answer is final. Otherwise, if kmalloc failed and the
 *    flags allow blocking, vmalloc it (VM_ALLOW_HUGE_VMAP); sizes above
 *    INT_MAX are refused with a WARN (unless __GFP_NOWARN).
 *
 * 2. kvfree() tells the two apart with is_vmalloc_addr().
 *
 * 3. kvrealloc(p, size, flags) (6.12's signature) allocates anew with
 *    kvmalloc, copies the smaller of the two sizes and frees @p. Linux
 *    first tries krealloc in place and vrealloc for vmalloc'ed @p; the
 *    result is the same memory contents. size 0 frees @p and returns NULL
 *    (Linux returns ZERO_SIZE_PTR).
 *
 * 4. SLUB is not merged yet. The kmalloc step goes through the two
 *    functions below, kvmalloc_slab_alloc() and kvmalloc_slab_free(),
 *    which today use vmalloc's page-allocator-backed metadata allocator.
 *    MERGING SLUB: make their bodies call kmalloc_node(size, flags, node)
 *    and kfree(p) (and ksize(p) in kvmalloc_slab_size()), include
 *    <kmm/slab.h>, and drop any second definition of the kv* functions
 *    the SLUB branch carries. Nothing else changes.
 */
#include <kmm/mm.h>
#include <kmm/gfp.h>
#include <kmm/vmalloc.h>
#include "../lib/string.h"
#include "internal.h"
#include "vmalloc_internal.h"

#define KV_INT_MAX	((size_t)0x7fffffff)

/* The kmalloc step (point 4). */
static void *kvmalloc_slab_alloc(size_t size, gfp_t flags, int node)
{
	return vmalloc_meta_alloc(size, flags, node);
}

static void kvmalloc_slab_free(const void *p)
{
	vmalloc_meta_free(p);
}

static size_t kvmalloc_slab_size(const void *p)
{
	return vmalloc_meta_size(p);
}

/* Point 1: the flags of the kmalloc attempt. */
static gfp_t kmalloc_gfp_adjust(gfp_t flags, size_t size)
{
	if (size > PAGE_SIZE) {
		flags |= __GFP_NOWARN;
		if (!(flags & __GFP_RETRY_MAYFAIL))
			flags |= __GFP_NORETRY;
		flags &= ~__GFP_NOFAIL;
	}
	return flags;
}

/**
 * kvmalloc_node - kmalloc, or vmalloc if that fails (point 1).
 * @size: bytes
 * @flags: GFP flags; without __GFP_DIRECT_RECLAIM only kmalloc is tried
 * @node: preferred node, or NUMA_NO_NODE
 *
 * Context: may sleep if @flags allow. Return: the memory, or NULL. Free
 * with kvfree().
 */
void *kvmalloc_node(size_t size, gfp_t flags, int node)
{
	void *ret = kvmalloc_slab_alloc(size, kmalloc_gfp_adjust(flags, size), node);

	if (ret || size <= PAGE_SIZE)
		return ret;
	if (!gfpflags_allow_blocking(flags))
		return NULL;
	if (unlikely(size > KV_INT_MAX)) {
		WARN_ON_ONCE(!(flags & __GFP_NOWARN));
		return NULL;
	}
	return __vmalloc_node_range(size, 1, VMALLOC_START, VMALLOC_END, flags, PAGE_KERNEL,
				    VM_ALLOW_HUGE_VMAP, node, __builtin_return_address(0));
}

/** kvmalloc - kvmalloc_node() from any node. */
void *kvmalloc(size_t size, gfp_t flags)
{
	return kvmalloc_node(size, flags, NUMA_NO_NODE);
}

/** kvzalloc - kvmalloc() of zeroed memory. */
void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc_node(size, flags | __GFP_ZERO, NUMA_NO_NODE);
}

/** kvzalloc_node - kvmalloc_node() of zeroed memory. */
void *kvzalloc_node(size_t size, gfp_t flags, int node)
{
	return kvmalloc_node(size, flags | __GFP_ZERO, node);
}

/** kvmalloc_array - @n elements of @size bytes; NULL if the product overflows. */
void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kvmalloc(bytes, flags);
}

/** kvcalloc - kvmalloc_array() of zeroed memory. */
void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}

/** kvfree - free memory from kvmalloc() (either kind), or NULL. Context: may sleep (vfree). */
void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kvmalloc_slab_free(addr);
}

/* Usable bytes of a kvmalloc'ed @p. */
static size_t kv_size(const void *p)
{
	struct vm_struct *vm;

	if (!is_vmalloc_addr(p))
		return kvmalloc_slab_size(p);
	vm = find_vm_area(p);
	return vm ? get_vm_area_size(vm) : 0;
}

/**
 * kvrealloc - resize kvmalloc'ed memory (point 3).
 * @p: memory from kvmalloc(), or NULL
 * @size: the new size; 0 frees @p
 * @flags: GFP flags for the new memory
 *
 * Return: the new memory holding @p's bytes (up to @size), or NULL with
 * @p untouched.
 */
void *kvrealloc(const void *p, size_t size, gfp_t flags)
{
	size_t old;
	void *n;

	if (!size) {
		kvfree(p);
		return NULL;
	}
	n = kvmalloc(size, flags);
	if (!n || !p)
		return n;
	old = kv_size(p);
	memcpy(n, p, old < size ? old : size);
	kvfree(p);
	return n;
}
