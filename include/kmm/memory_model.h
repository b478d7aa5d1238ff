/* SPDX-License-Identifier: MIT */
/*
 * kmm/memory_model.h - pfn <-> struct page (asm-generic/memory_model.h,
 * SPARSEMEM_VMEMMAP).
 *
 * vmemmap is a virtual array of struct page indexed by pfn. kmm reserves
 * it as one host address range of max_pfn struct pages (rounded up to
 * sections) and maps the memmap of each present section into it
 * (src/mm/sparse.c); the pages of sections without memory stay
 * inaccessible, so pfn_to_page() of such a pfn must not be dereferenced:
 * check pfn_valid() first.
 */
#ifndef KMM_MEMORY_MODEL_H
#define KMM_MEMORY_MODEL_H

#include <kmm/mm_types.h>

extern struct page *vmemmap;

#define __pfn_to_page(pfn)	(vmemmap + (pfn))
#define __page_to_pfn(page)	((unsigned long)((page) - vmemmap))
#define pfn_to_page		__pfn_to_page
#define page_to_pfn		__page_to_pfn

#endif /* KMM_MEMORY_MODEL_H */
