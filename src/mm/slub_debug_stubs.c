// SPDX-License-Identifier: MIT
/*
 * src/mm/slub_debug_stubs.c - weak no-op debugging hooks for SLUB.
 *
 * 1. The SLUB core (slub.c) calls the hooks of src/mm/slab.h only for
 *    caches with debug flags. The debugging layer (slub_debug.c) defines
 *    them for real; until it does, these weak definitions keep the build
 *    linking and make every debug check pass. A strong definition in any
 *    other file replaces the weak one at link time.
 */
#include "slab.h"

__weak slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name)
{
	return flags;
}

__weak void setup_object_debug(struct kmem_cache *s, void *object) { }
__weak void setup_slab_debug(struct kmem_cache *s, struct slab *slab, void *addr) { }
__weak void init_tracking(struct kmem_cache *s, void *object) { }

__weak bool alloc_debug_processing(struct kmem_cache *s, struct slab *slab,
				   void *object, int orig_size)
{
	return true;
}

__weak bool free_debug_processing(struct kmem_cache *s, struct slab *slab,
				  void *head, void *tail, int *bulk_cnt,
				  unsigned long addr)
{
	return true;
}

__weak void set_track(struct kmem_cache *s, void *object, enum track_item alloc,
		      unsigned long addr) { }
__weak void print_tracking(struct kmem_cache *s, void *object) { }
__weak void slab_pad_check(struct kmem_cache *s, struct slab *slab) { }

__weak int check_object(struct kmem_cache *s, struct slab *slab, u8 *object, u8 val)
{
	return 1;
}

__weak void set_orig_size(struct kmem_cache *s, void *object, unsigned int orig_size) { }

__weak int kmem_cache_validate(struct kmem_cache *s)
{
	return 0;
}

__weak void slab_bug(struct kmem_cache *s, const char *fmt, ...)
{
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s ? s->name : "<unknown>", print_tainted(), fmt);
	pr_err("-----------------------------------------------------------------------------\n\n");
}
