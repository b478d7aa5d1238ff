// SPDX-License-Identifier: MIT
/*
 * src/mm/util.c - small allocation helpers (Linux 6.12's mm/util.c):
 * kmemdup, kstrdup and friends, and kvmalloc.
 *
 * 1. kstrdup_const() returns its argument when it points into read-only
 *    data in Linux; kmm cannot tell, so it always copies, and kfree_const()
 *    always frees.
 * 2. kvmalloc() falls back to vmalloc in Linux when kmalloc cannot give
 *    the size; kmm has no vmalloc yet, so kvmalloc is kmalloc (and fails
 *    past KMALLOC_MAX_SIZE, quietly), kvfree is kfree.
 */
#include <kmm/slab.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include "../lib/string.h"

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

/**
 * kvmalloc_node - kmalloc (point 2), quietly for large sizes.
 * @size: bytes. @flags: GFP flags. @node: node or NUMA_NO_NODE.
 * Return: the memory, or NULL.
 */
void *kvmalloc_node(size_t size, gfp_t flags, int node)
{
	if (size > KMALLOC_MAX_CACHE_SIZE)
		flags |= __GFP_NOWARN;
	return kmalloc_node(size, flags, node);
}

void kvfree(const void *addr)
{
	kfree(addr);
}

void kvfree_sensitive(const void *addr, size_t len)
{
	if (likely(!ZERO_OR_NULL_PTR(addr))) {
		memset((void *)addr, 0, len);
		kvfree(addr);
	}
}

void *kvrealloc(const void *p, size_t size, gfp_t flags)
{
	return krealloc(p, size, flags);
}
