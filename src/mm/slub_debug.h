/* SPDX-License-Identifier: MIT */
/*
 * src/mm/slub_debug.h - what the SLUB debugging layer (slub_debug.c)
 * offers beyond the hooks declared in slab.h: the slub_debug= state, the
 * boot notice, the wrong-cache warning, and the error count.
 */
#ifndef KMM_MM_SLUB_DEBUG_H
#define KMM_MM_SLUB_DEBUG_H

#include <kmm/atomic.h>
#include <kmm/poison.h>
#include "slab.h"

/* slub_debug= with no value, or a block that is only a cache list: FZPU. */
#define DEBUG_DEFAULT_FLAGS	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
				 SLAB_POISON | SLAB_STORE_USER)
/* Flags whose metadata grows objects (dropped by slub_debug=O if the order grows). */
#define DEBUG_METADATA_FLAGS	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* The global flags of slub_debug= (0: none), and slub_debug=O. */
extern slab_flags_t slub_debug;
extern int disable_higher_order_debug;
/* Reports printed since boot (each BUG/slab_err/"overwritten" line counts one). */
extern atomic_long_t slab_errors;

/* Is any debugging asked for, globally or for named caches? */
bool slub_debug_enabled(void);
/* kmem_cache_init(): the no_hash_pointers notice 6.12 prints when debugging. */
void slub_debug_boot_notice(void);
/* kmm_halt(): forget this boot's slub_debug=. */
void slub_debug_reset(void);
/* Is @object where an object of @slab starts (NULL is valid)? */
int check_valid_pointer(struct kmem_cache *s, struct slab *slab, void *object);

/* The reports' common ends (global for the WARN's symbol names). */
void object_err(struct kmem_cache *s, struct slab *slab, u8 *object, const char *reason);
void __slab_err(struct slab *slab);

#endif /* KMM_MM_SLUB_DEBUG_H */
