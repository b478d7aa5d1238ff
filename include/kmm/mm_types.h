/* SPDX-License-Identifier: MIT */
/*
 * kmm/mm_types.h - struct page, as linux/mm_types.h lays it out on x86-64.
 *
 * One struct page describes each 4 KiB page frame; all of them together are
 * the memmap, an array indexed by pfn (see kmm/memory_model.h). Its layout
 * is Linux 6.12's with the parts kmm uses, 64 bytes (checked at build time):
 *
 *   0  flags           page flags (kmm/page-flags.h), node and zone in the
 *                      top bits
 *   8  lru | buddy_list | pcp_list    the list a page is on: an LRU, a buddy
 *                      free list (head of a free block) or a per-CPU list
 *      or compound_head (tail pages: head pointer with bit 0 set; shares
 *                      its word with lru.next, whose values are never odd)
 *  24  mapping         owner (page cache) or TAIL_MAPPING on tails
 *  32  index           offset within mapping
 *  40  private         buddy order of a free head; owner data otherwise
 *  48  _mapcount | page_type   -1 for an untyped page; PageBuddy and other
 *                      types live in its top byte (kmm/page-flags.h)
 *  52  _refcount       references; 0 for free pages (kmm/page_ref.h)
 *  56  memcg_data      memcg ownership on Linux; struct slab (the SLUB
 *                      layer) overlays this word with its obj_exts
 *
 * An all-zero struct page has never been initialised: with deferred
 * initialisation (src/mm/mm_init.c) the struct pages inside free blocks
 * stay untouched (they read as zero from the memfd) until the block is
 * split or handed out. No initialised page has _mapcount 0 and flags 0 at
 * once, because initialisation sets _mapcount to -1 and kmm maps no pages
 * into user page tables.
 */
#ifndef KMM_MM_TYPES_H
#define KMM_MM_TYPES_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/atomic.h>
#include <kmm/list.h>

typedef unsigned long pgoff_t;
struct address_space;

struct page {
	unsigned long flags;
	union {
		struct {	/* page cache, anonymous and free pages */
			union {
				struct list_head lru;
				struct list_head buddy_list;	/* free block head */
				struct list_head pcp_list;	/* per-CPU list */
			};
			struct address_space *mapping;
			union {
				pgoff_t index;
				unsigned long share;
			};
			unsigned long private;
		};
		struct {	/* tail pages of a compound page */
			unsigned long compound_head;	/* bit 0 set */
		};
	};
	union {
		unsigned int page_type;
		atomic_t _mapcount;
	};
	atomic_t _refcount;
	unsigned long memcg_data;
};

/* Hold the layout to Linux's: 64 bytes, fields at the same offsets. */
BUILD_BUG_ON(sizeof(struct page) != 64);
BUILD_BUG_ON(__builtin_offsetof(struct page, compound_head) !=
	     __builtin_offsetof(struct page, lru));
BUILD_BUG_ON(__builtin_offsetof(struct page, _refcount) != 52);

/*
 * struct folio - a head page seen as the whole compound page it starts
 * (Linux's folio, reduced to what kmm uses: the first struct page).
 * Helpers are in kmm/mm.h.
 */
struct folio {
	struct page page;
};

/* page->mapping of tail pages of a compound page (Linux's TAIL_MAPPING). */
#define TAIL_MAPPING	((struct address_space *)0xdead000000000400UL)

#endif /* KMM_MM_TYPES_H */
