/* SPDX-License-Identifier: MIT */
/* kmm/pfn.h - page frame number helpers, as linux/pfn.h. */
#ifndef KMM_PFN_H
#define KMM_PFN_H

#include <kmm/page.h>

#define PFN_ALIGN(x)	(((unsigned long)(x) + (PAGE_SIZE - 1)) & PAGE_MASK)
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))

#endif /* KMM_PFN_H */
