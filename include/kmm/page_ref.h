/* SPDX-License-Identifier: MIT */
/*
 * kmm/page_ref.h - page reference counts (linux/page_ref.h).
 *
 * page->_refcount counts the users of a page: 0 while it is free (in the
 * buddy allocator or on a per-CPU list), 1 when the allocator hands it
 * out, more after get_page(). The last put frees it. All updates are
 * atomic; the value-returning ones are fully ordered.
 */
#ifndef KMM_PAGE_REF_H
#define KMM_PAGE_REF_H

#include <kmm/atomic.h>
#include <kmm/bug.h>
#include <kmm/mm_types.h>

static inline int page_ref_count(const struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_refcount, v);
}

/* A page fresh from the allocator holds one reference (init_page_count). */
static inline void init_page_count(struct page *page)
{
	set_page_count(page, 1);
}

static inline void page_ref_add(struct page *page, int nr)
{
	atomic_add(nr, &page->_refcount);
}

static inline void page_ref_sub(struct page *page, int nr)
{
	atomic_sub(nr, &page->_refcount);
}

static inline void page_ref_inc(struct page *page)
{
	atomic_inc(&page->_refcount);
}

static inline void page_ref_dec(struct page *page)
{
	atomic_dec(&page->_refcount);
}

static inline int page_ref_inc_return(struct page *page)
{
	return atomic_inc_return(&page->_refcount);
}

static inline int page_ref_dec_return(struct page *page)
{
	return atomic_dec_return(&page->_refcount);
}

static inline bool page_ref_sub_and_test(struct page *page, int nr)
{
	return atomic_sub_and_test(nr, &page->_refcount);
}

static inline bool page_ref_dec_and_test(struct page *page)
{
	return atomic_dec_and_test(&page->_refcount);
}

/* Take a reference unless the count is @u; Return: whether it was taken. */
static inline bool page_ref_add_unless(struct page *page, int nr, int u)
{
	return atomic_add_unless(&page->_refcount, nr, u);
}

/* Freeze: set the count to 0 if it is exactly @count. */
static inline bool page_ref_freeze(struct page *page, int count)
{
	return atomic_cmpxchg(&page->_refcount, count, 0) == count;
}

static inline void page_ref_unfreeze(struct page *page, int count)
{
	VM_BUG_ON(page_ref_count(page) != 0);
	atomic_set(&page->_refcount, count);
}

#endif /* KMM_PAGE_REF_H */
