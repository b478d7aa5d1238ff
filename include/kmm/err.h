/* SPDX-License-Identifier: MIT */
/*
 * kmm/err.h - errors carried in pointers, as linux/err.h: the top
 * MAX_ERRNO addresses are never valid pointers, so a function returning a
 * pointer can return ERR_PTR(-ENOMEM) instead.
 */
#ifndef KMM_ERR_H
#define KMM_ERR_H

#include <kmm/types.h>
#include <kmm/compiler.h>

#define MAX_ERRNO	4095

#define IS_ERR_VALUE(x)	unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

#endif /* KMM_ERR_H */
