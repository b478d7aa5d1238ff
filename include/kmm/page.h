/* SPDX-License-Identifier: MIT */
/*
 * kmm/page.h - page size and the direct map: __va(), __pa().
 *
 * Physical memory is a memfd mapped once; PAGE_OFFSET is the address of
 * that mapping, so __va(pa) = PAGE_OFFSET + pa. With no machine booted
 * PAGE_OFFSET is 0 and physical addresses are process addresses, as in the
 * kernel's user-space memblock test harness.
 */
#ifndef KMM_PAGE_H
#define KMM_PAGE_H

#include <kmm/types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr) (((addr) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ALIGNED(addr) (((unsigned long)(addr) & (PAGE_SIZE - 1)) == 0)

/* x86-64 L1 cache line: the default memblock alignment. */
#define L1_CACHE_SHIFT	6
#define L1_CACHE_BYTES	(1 << L1_CACHE_SHIFT)
#define SMP_CACHE_BYTES	L1_CACHE_BYTES

extern unsigned long kmm_page_offset;
#define PAGE_OFFSET	kmm_page_offset

#define __va(pa)	((void *)((unsigned long)(pa) + PAGE_OFFSET))
#define __pa(va)	((phys_addr_t)((unsigned long)(va) - PAGE_OFFSET))

static inline void *phys_to_virt(phys_addr_t pa) { return __va(pa); }
static inline phys_addr_t virt_to_phys(const volatile void *va) { return __pa(va); }

#endif /* KMM_PAGE_H */
