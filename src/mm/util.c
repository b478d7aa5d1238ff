// SPDX-License-Identifier: MIT
/*
 * src/mm/util.c - small allocation helpers (Linux 6.12's mm/util.c):
 * kmemdup, kstrdup and friends, and the kvmalloc family (kmalloc first,
 * then vmalloc).
 *
 * 1. kstrdup_const() returns its argument when it points into read-only
 *    data in Linux; kmm cannot tell, so it always copies, and kfree_const()
 *    always frees.
 *
 * 2. The kvmalloc rule (Linux 6.12's __kvmalloc_node): for sizes above a
 *    page the kmalloc attempt must be cheap and quiet, so it gets
 *    __GFP_NOWARN and __GFP_NORETRY (unless the caller asked for
 *    __GFP_RETRY_MAYFAIL) and loses __GFP_NOFAIL (the vmalloc fallback
 *    provides that). Up to a page, kmalloc's answer is final. Otherwise,
 *    if kmalloc failed and the flags allow blocking, vmalloc it
 *    (VM_ALLOW_HUGE_VMAP); sizes above INT_MAX are refused with a WARN
 *    (unless __GFP_NOWARN). kvfree() tells the two apart with
 *    is_vmalloc_addr().
 *
 * 3. kvrealloc(p, size, flags) (6.12's signature) allocates anew with
 *    kvmalloc, copies the smaller of the two sizes and frees @p. Linux
 *    first tries krealloc in place and vrealloc for vmalloc'ed @p; the
 *    result is the same memory contents. size 0 frees @p and returns NULL
 *    (Linux returns ZERO_SIZE_PTR).
 */
#include <kmm/slab.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include <kmm/vmalloc.h>
#include "../lib/string.h"
#include "internal.h"

#define KV_INT_MAX	((size_t)0x7fffffff)

/**
 * kmemdup - a kmalloc()ed copy of @len bytes at @src.
 * Context: may sleep if @gfp allows. Return: the copy, or NULL.
 */
void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p && !ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

/** kmemdup_nul - a copy of @len bytes at @s, with a NUL added. */
void *kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	char *buf;

	if (!s)
		return NULL;
	buf = kmalloc(len + 1, gfp);
	if (buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}

/** kstrdup - a kmalloc()ed copy of the string @s (NULL gives NULL). */
char *kstrdup(const char *s, gfp_t gfp)
{
	if (!s)
		return NULL;
	return kmemdup(s, strlen(s) + 1, gfp);
}

const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return kstrdup(s, gfp);
}

void kfree_const(const void *x)
{
	kfree(x);
}

/** kstrndup - a copy of at most @max bytes of @s, NUL-terminated. */
char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	if (!s)
		return NULL;
	return kmemdup_nul(s, strnlen(s, max), gfp);
}

/* Point 2: the flags of the kmalloc attempt. */
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
 * kvmalloc_node - kmalloc, or vmalloc if that fails (point 2).
 * @size: bytes
 * @flags: GFP flags; without __GFP_DIRECT_RECLAIM only kmalloc is tried
 * @node: preferred node, or NUMA_NO_NODE
 *
 * Context: may sleep if @flags allow. Return: the memory, or NULL. Free
 * with kvfree().
 */
void *kvmalloc_node(size_t size, gfp_t flags, int node)
{
	void *ret = kmalloc_node(size, kmalloc_gfp_adjust(flags, size), node);

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

/** kvzalloc_node - kvmalloc_node() of zeroed memory. */
void *kvzalloc_node(size_t size, gfp_t flags, int node)
{
	return kvmalloc_node(size, flags | __GFP_ZERO, node);
}

/** kvfree - free memory from kvmalloc() (either kind), or NULL. Context: may sleep (vfree). */
void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}

/* Usable bytes of a kvmalloc'ed @p. */
static size_t kv_size(const void *p)
{
	struct vm_struct *vm;

	if (!is_vmalloc_addr(p))
		return ksize(p);
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

/** kvfree_sensitive - zero @len bytes at @addr, then kvfree() it. */
void kvfree_sensitive(const void *addr, size_t len)
{
	if (likely(!ZERO_OR_NULL_PTR(addr))) {
		memset((void *)addr, 0, len);
		kvfree(addr);
	}
}
