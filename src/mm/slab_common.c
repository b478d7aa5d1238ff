// SPDX-License-Identifier: MIT
/*
 * src/mm/slab_common.c - what every slab allocator shares (Linux 6.12's
 * mm/slab_common.c): creating, merging and destroying caches, the
 * kmalloc size classes, and the kmalloc helpers built on them.
 *
 * 1. Creating a cache. kmem_cache_create() checks its arguments, then
 *    looks for a mergeable cache (find_mergeable()): same SLAB_MERGE_SAME
 *    flags, no constructor, no usercopy region, no debugging, an object
 *    size at most a word larger and a compatible alignment. If one
 *    exists, the new name becomes an alias of it (its refcount grows);
 *    otherwise a new struct kmem_cache is taken from the kmem_cache cache
 *    and set up by do_kmem_cache_create() (slub.c). slab_nomerge (or
 *    slub_nomerge) turns merging off, slab_merge on (the default, as
 *    CONFIG_SLAB_MERGE_DEFAULT).
 *
 * 2. Destroying. kmem_cache_destroy() waits for pending kfree_rcu()s,
 *    drops one reference and, at zero, shuts the cache down. A cache
 *    that still has objects is reported (slub.c prints each object, this
 *    file the WARN), taken off the cache list and left alone, usable: its
 *    objects may still be freed, as in Linux.
 *
 * 3. kmalloc size classes, one table (kmalloc_info[]): index 1 is 96
 *    bytes, 2 is 192, and n in 3..13 is 2^n (8 bytes .. 8 KiB). Three
 *    families (kmalloc_caches[type]): KMALLOC_NORMAL "kmalloc-N",
 *    KMALLOC_RECLAIM "kmalloc-rcl-N" (__GFP_RECLAIMABLE) and KMALLOC_DMA
 *    "dma-kmalloc-N" (GFP_DMA: objects from ZONE_DMA). Sizes up to 192
 *    map to an index through kmalloc_size_index[] (one byte per 8 bytes of
 *    size); larger ones by their highest bit. As with CONFIG_MEMCG, the
 *    normal kmalloc caches are never merged with other caches.
 *
 * 4. Locking: slab_mutex guards slab_caches and the alias list. kmm has no
 *    sleeping mutex: slab_mutex_lock() waits by yielding the host CPU and
 *    does not make its holder atomic, so allocating under it may sleep.
 */
#include <kmm/slab.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include <kmm/minmax.h>
#include <kmm/printk.h>
#include <kmm/bug.h>
#include <kmm/init.h>
#include <kmm/panic.h>
#include <kmm/preempt.h>
#include <kmm/rcupdate.h>
#include "../lib/string.h"
#include "../host/host.h"
#include "slab.h"

enum slab_state slab_state;
LIST_HEAD(slab_caches);
LIST_HEAD(slab_aliases);
struct kmem_cache *kmem_cache;
kmem_buckets kmalloc_caches[NR_KMALLOC_TYPES];

/* ---- slab_mutex (point 4) ---- */

DEFINE_SPINLOCK(slab_mutex);

void slab_mutex_lock(void)
{
	while (!arch_spin_trylock(&slab_mutex))
		host_yield();
}

void slab_mutex_unlock(void)
{
	arch_spin_unlock(&slab_mutex);
}

/* ---- Merging (point 1) ---- */

/* Flags that forbid merging, and flags merged caches must share. */
#define SLAB_NEVER_MERGE (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
			  SLAB_TRACE | SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | \
			  SLAB_FAILSLAB | SLAB_NO_MERGE)
#define SLAB_MERGE_SAME (SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | \
			 SLAB_CACHE_DMA32 | SLAB_ACCOUNT)

bool slab_nomerge;

static int __init setup_slab_nomerge(char *str)
{
	slab_nomerge = true;
	return 1;
}

static int __init setup_slab_merge(char *str)
{
	slab_nomerge = false;
	return 1;
}

__setup_param("slub_nomerge", slub_nomerge, setup_slab_nomerge, 0);
__setup_param("slub_merge", slub_merge, setup_slab_merge, 0);
__setup("slab_nomerge", setup_slab_nomerge);
__setup("slab_merge", setup_slab_merge);

/**
 * slab_unmergeable - may no other cache merge into @s?
 * @s: a cache.
 * Return: 1 if @s must stay alone, 0 if it may take aliases.
 */
int slab_unmergeable(struct kmem_cache *s)
{
	if (slab_nomerge || (s->flags & SLAB_NEVER_MERGE))
		return 1;
	if (s->ctor)
		return 1;
	if (s->usersize)
		return 1;
	/* Boot caches are marked -1: never merged. */
	if (s->refcount < 0)
		return 1;
	return 0;
}

/* The alignment a cache gets: cache lines for SLAB_HWCACHE_ALIGN. */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		/* Small objects share a line: align to the smallest that fits. */
		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	return ALIGN(align, (unsigned int)sizeof(void *));
}

/**
 * find_mergeable - an existing cache that can serve as this one.
 * @size: object size asked for.
 * @align: alignment asked for.
 * @flags: cache flags asked for.
 * @name: the new cache's name (for slub_debug= lookups).
 * @ctor: constructor (none may merge).
 *
 * Context: slab_mutex held. Return: the cache, or NULL.
 */
struct kmem_cache *find_mergeable(unsigned int size, unsigned int align,
				  slab_flags_t flags, const char *name,
				  void (*ctor)(void *))
{
	struct kmem_cache *s;

	if (slab_nomerge || ctor)
		return NULL;
	flags = kmem_cache_flags(flags, name);
	if (flags & SLAB_NEVER_MERGE)
		return NULL;
	size = ALIGN(size, (unsigned int)sizeof(void *));
	align = calculate_alignment(flags, align, size);
	size = ALIGN(size, align);
	list_for_each_entry_reverse(s, &slab_caches, list) {
		if (slab_unmergeable(s))
			continue;
		if (size > s->size)
			continue;
		if ((flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if ((s->size & ~(align - 1)) != s->size)
			continue;
		if (s->size - size >= sizeof(void *))
			continue;
		return s;
	}
	return NULL;
}

/* Make @name an alias of a mergeable cache; Return: that cache or NULL. */
struct kmem_cache *__kmem_cache_alias(const char *name, unsigned int size,
				      unsigned int align, slab_flags_t flags,
				      void (*ctor)(void *))
{
	struct kmem_cache_alias *al;
	struct kmem_cache *s;

	s = find_mergeable(size, align, flags, name, ctor);
	if (!s)
		return NULL;
	al = kmalloc(sizeof(*al), GFP_KERNEL);
	if (!al)
		return NULL;
	al->name = kstrdup_const(name, GFP_KERNEL);
	if (!al->name) {
		kfree(al);
		return NULL;
	}
	al->s = s;
	list_add_tail(&al->list, &slab_aliases);
	s->refcount++;
	/* Other threads may be allocating from @s: relaxed stores. */
	__atomic_store_n(&s->object_size, max(s->object_size, size), __ATOMIC_RELAXED);
	__atomic_store_n(&s->inuse, max(s->inuse, ALIGN(size, (unsigned int)sizeof(void *))),
			 __ATOMIC_RELAXED);
	return s;
}

int slab_nr_aliases(struct kmem_cache *s)
{
	struct kmem_cache_alias *al;
	int n = 0;

	list_for_each_entry(al, &slab_aliases, list)
		n += al->s == s;
	return n;
}

/* Drop the newest alias of @s (its user destroyed it). */
static void slab_drop_alias(struct kmem_cache *s)
{
	struct kmem_cache_alias *al;

	list_for_each_entry_reverse(al, &slab_aliases, list) {
		if (al->s == s) {
			list_del(&al->list);
			kfree_const(al->name);
			kfree(al);
			return;
		}
	}
}

static void slab_drop_all_aliases(struct kmem_cache *s)
{
	while (slab_nr_aliases(s))
		slab_drop_alias(s);
}

/* ---- Creating caches ---- */

static bool kmem_cache_is_duplicate_name(const char *name)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list)
		if (!strcmp(s->name, name))
			return true;
	return false;
}

/* CONFIG_DEBUG_VM's checks (kmm always makes them). */
static int kmem_cache_sanity_check(const char *name, unsigned int size)
{
	if (!name || in_interrupt() || size > KMALLOC_MAX_SIZE) {
		pr_err("kmem_cache_create(%s) integrity check failed\n", name);
		return -EINVAL;
	}
	/* Duplicate names confuse slabtop and friends. */
	WARN(kmem_cache_is_duplicate_name(name),
	     "kmem_cache of name '%s' already exists\n", name);
	WARN_ON(strchr(name, ' '));	/* it confuses parsers */
	return 0;
}

static struct kmem_cache *create_cache(const char *name, unsigned int object_size,
				       struct kmem_cache_args *args,
				       slab_flags_t flags)
{
	struct kmem_cache *s;
	int err;

	if (args->use_freeptr_offset &&
	    (args->freeptr_offset >= object_size ||
	     !(flags & SLAB_TYPESAFE_BY_RCU) ||
	     !IS_ALIGNED(args->freeptr_offset, sizeof(unsigned long))))
		return ERR_PTR(-EINVAL);
	s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->ctor = args->ctor;
	s->useroffset = args->useroffset;
	s->usersize = args->usersize;
	s->align = args->align;
	err = do_kmem_cache_create(s, name, object_size, args, flags);
	if (err) {
		kmem_cache_free(kmem_cache, s);
		return ERR_PTR(err);
	}
	s->refcount = 1;
	list_add(&s->list, &slab_caches);
	return s;
}

/* Check, merge or create, under slab_mutex. Return: the cache or ERR_PTR. */
static struct kmem_cache *kmem_cache_create_locked(const char *name,
						   unsigned int object_size,
						   struct kmem_cache_args *args,
						   slab_flags_t flags)
{
	struct kmem_cache *s = NULL;
	const char *cache_name;
	int err;

	err = kmem_cache_sanity_check(name, object_size);
	if (err)
		return ERR_PTR(err);
	if (flags & ~SLAB_FLAGS_PERMITTED)
		return ERR_PTR(-EINVAL);
	/* Fail closed on bad usersize or useroffset values. */
	if (WARN_ON(!args->usersize && args->useroffset) ||
	    WARN_ON(object_size < args->usersize ||
		    object_size - args->usersize < args->useroffset))
		args->usersize = args->useroffset = 0;
	if (!args->usersize)
		s = __kmem_cache_alias(name, object_size, args->align, flags, args->ctor);
	if (s)
		return s;
	cache_name = kstrdup_const(name, GFP_KERNEL);
	if (!cache_name)
		return ERR_PTR(-ENOMEM);
	args->align = calculate_alignment(flags, args->align, object_size);
	s = create_cache(cache_name, object_size, args, flags);
	if (IS_ERR(s))
		kfree_const(cache_name);
	return s;
}

/**
 * __kmem_cache_create_args - create a cache (6.12's kmem_cache_create()).
 * @name: its name in /proc/slabinfo; copied.
 * @object_size: bytes per object.
 * @args: alignment, constructor, usercopy region, free pointer offset.
 * @flags: SLAB_* flags.
 *
 * Context: process; may sleep.
 * Return: the cache (maybe an existing one, merged), or NULL on failure;
 * with SLAB_PANIC a failure panics.
 */
struct kmem_cache *__kmem_cache_create_args(const char *name,
					    unsigned int object_size,
					    struct kmem_cache_args *args,
					    slab_flags_t flags)
{
	struct kmem_cache *s;

	might_sleep();
	slab_mutex_lock();
	s = kmem_cache_create_locked(name, object_size, args, flags);
	slab_mutex_unlock();
	if (IS_ERR(s)) {
		int err = (int)PTR_ERR(s);

		if (flags & SLAB_PANIC)
			panic("%s: Failed to create slab '%s'. Error %d\n",
			      "__kmem_cache_create_args", name, err);
		pr_warn("%s(%s) failed with error %d\n", "__kmem_cache_create_args",
			name, err);
		dump_stack();
		return NULL;
	}
	return s;
}

/* kmem_cache_create(name, size, align, flags, ctor): the classic form. */
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags,
				       void (*ctor)(void *))
{
	struct kmem_cache_args kmem_args = { .align = align, .ctor = ctor };

	return __kmem_cache_create_args(name, size, &kmem_args, flags);
}

/* kmem_cache_create(name, size, NULL, flags): default arguments. */
struct kmem_cache *__kmem_cache_default_args(const char *name, unsigned int size,
					     struct kmem_cache_args *args,
					     slab_flags_t flags)
{
	struct kmem_cache_args kmem_default_args = { 0 };

	if (WARN_ON_ONCE(args))
		return NULL;
	return __kmem_cache_create_args(name, size, &kmem_default_args, flags);
}

/**
 * kmem_cache_create_usercopy - create a cache with a usercopy region.
 * @name: cache name. @size: object size. @align: alignment. @flags: flags.
 * @useroffset: start of the region user copies may touch.
 * @usersize: its size. @ctor: constructor.
 *
 * Context: process; may sleep. Return: the cache or NULL.
 */
struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
					      unsigned int align, slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *))
{
	struct kmem_cache_args kmem_args = {
		.align = align, .ctor = ctor,
		.useroffset = useroffset, .usersize = usersize,
	};

	return __kmem_cache_create_args(name, size, &kmem_args, flags);
}

/* ---- Destroying (point 2) ---- */

static void kmem_cache_release(struct kmem_cache *s)
{
	__kmem_cache_release(s);
	kfree_const(s->name);
	kmem_cache_free(kmem_cache, s);
}

/**
 * kmem_cache_destroy - drop a cache (or one of its aliases).
 * @s: the cache; NULL is ignored.
 *
 * With objects still allocated, prints the kernel's report
 * ("kmem_cache_destroy NAME: Slab cache still has objects ...") and
 * leaves the cache usable but unlisted.
 * Context: process; may sleep (waits for RCU callbacks).
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	int err;

	if (unlikely(!s))
		return;
	/* In-flight kfree_rcu()s may hold objects of this cache. */
	rcu_barrier();
	slab_mutex_lock();
	s->refcount--;
	if (s->refcount) {
		if (s->refcount > 0)
			slab_drop_alias(s);
		slab_mutex_unlock();
		return;
	}
	err = __kmem_cache_shutdown(s);
	WARN(err, "%s %s: Slab cache still has objects when called from %pS",
	     "kmem_cache_destroy", s->name, (void *)_RET_IP_);
	list_del_init(&s->list);
	slab_drop_all_aliases(s);
	slab_mutex_unlock();
	if (err)
		return;
	if (s->flags & SLAB_TYPESAFE_BY_RCU)
		rcu_barrier();
	kmem_cache_release(s);
}

/**
 * kmem_cache_shrink - free the empty slabs of a cache.
 * @s: the cache.
 *
 * Context: process. Return: 0 if no slab is left, 1 otherwise.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	return __kmem_cache_shrink(s);
}

/** kmem_cache_size - the object size of @s (the largest of merged ones). */
unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

const char *kmem_cache_name(const struct kmem_cache *s)
{
	return s->name;
}

/** slab_is_available - may kmalloc() and kmem_cache_create() be used? */
bool slab_is_available(void)
{
	return slab_state >= UP;
}

/* ---- kmalloc caches (point 3) ---- */

#define KMALLOC_NAMES(sz, sfx) {					\
	[KMALLOC_NORMAL] = "kmalloc-" #sfx,				\
	[KMALLOC_RECLAIM] = "kmalloc-rcl-" #sfx,			\
	[KMALLOC_DMA] = "dma-kmalloc-" #sfx,				\
}
#define INIT_KMALLOC_INFO(sz, sfx) { .name = KMALLOC_NAMES(sz, sfx), .size = sz }

const struct kmalloc_info_struct kmalloc_info[] = {
	{ .name = { NULL }, .size = 0 },
	INIT_KMALLOC_INFO(96, 96),
	INIT_KMALLOC_INFO(192, 192),
	INIT_KMALLOC_INFO(8, 8),
	INIT_KMALLOC_INFO(16, 16),
	INIT_KMALLOC_INFO(32, 32),
	INIT_KMALLOC_INFO(64, 64),
	INIT_KMALLOC_INFO(128, 128),
	INIT_KMALLOC_INFO(256, 256),
	INIT_KMALLOC_INFO(512, 512),
	INIT_KMALLOC_INFO(1024, 1k),
	INIT_KMALLOC_INFO(2048, 2k),
	INIT_KMALLOC_INFO(4096, 4k),
	INIT_KMALLOC_INFO(8192, 8k),
};
BUILD_BUG_ON(ARRAY_SIZE(kmalloc_info) != KMALLOC_SHIFT_HIGH + 1);

/*
 * The kmalloc_caches[] index of each size from 1 to 192 bytes, in steps
 * of 8 (size_index_elem()): 1..8 -> 3 (kmalloc-8), 65..96 -> 1
 * (kmalloc-96), 129..192 -> 2 (kmalloc-192).
 */
u8 kmalloc_size_index[24] = {
	3,	/* 8 */
	4,	/* 16 */
	5,	/* 24 */
	5,	/* 32 */
	6,	/* 40 */
	6,	/* 48 */
	6,	/* 56 */
	6,	/* 64 */
	1,	/* 72 */
	1,	/* 80 */
	1,	/* 88 */
	1,	/* 96 */
	7,	/* 104 */
	7,	/* 112 */
	7,	/* 120 */
	7,	/* 128 */
	2,	/* 136 */
	2,	/* 144 */
	2,	/* 152 */
	2,	/* 160 */
	2,	/* 168 */
	2,	/* 176 */
	2,	/* 184 */
	2	/* 192 */
};

/* Set up a cache the early way: no merging, panic on failure. */
void __init create_boot_cache(struct kmem_cache *s, const char *name,
			      unsigned int size, slab_flags_t flags,
			      unsigned int useroffset, unsigned int usersize)
{
	struct kmem_cache_args kmem_args = { 0 };
	unsigned int align = ARCH_KMALLOC_MINALIGN;
	int err;

	/* Power-of-two kmalloc objects are aligned to their size. */
	if (flags & SLAB_KMALLOC)
		align = max(align, 1U << (__builtin_ffs((int)size) - 1));
	kmem_args.align = calculate_alignment(flags, align, size);
	kmem_args.useroffset = useroffset;
	kmem_args.usersize = usersize;
	s->align = kmem_args.align;
	s->useroffset = useroffset;
	s->usersize = usersize;
	err = do_kmem_cache_create(s, name, size, &kmem_args, flags);
	if (err)
		panic("Creation of kmalloc slab %s size=%u failed. Reason %d\n",
		      name, size, err);
	/*
	 * A negative refcount makes slab_unmergeable() refuse the cache: the
	 * boot caches never take aliases; kmalloc caches get their refcount of 1
	 * from create_kmalloc_cache() once they are on slab_caches.
	 */
	s->refcount = -1;
}

struct kmem_cache *__init create_kmalloc_cache(const char *name, unsigned int size,
					       slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_NOWAIT);

	if (!s)
		panic("Out of memory when creating slab %s\n", name);
	create_boot_cache(s, name, size, flags | SLAB_KMALLOC, 0, size);
	list_add(&s->list, &slab_caches);
	s->refcount = 1;
	return s;
}

static void __init new_kmalloc_cache(int idx, enum kmalloc_cache_type type)
{
	slab_flags_t flags = 0;

	if (type == KMALLOC_RECLAIM)
		flags |= SLAB_RECLAIM_ACCOUNT;
	else if (type == KMALLOC_DMA)
		flags |= SLAB_CACHE_DMA;
	else
		flags |= SLAB_NO_MERGE;	/* as with CONFIG_MEMCG */
	kmalloc_caches[type][idx] = create_kmalloc_cache(kmalloc_info[idx].name[type],
							 kmalloc_info[idx].size,
							 flags);
}

/* Every kmalloc cache of every type: 96 and 192 first, then 8 .. 8k. */
void __init create_kmalloc_caches(void)
{
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++) {
		new_kmalloc_cache(1, type);
		new_kmalloc_cache(2, type);
		for (int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
			new_kmalloc_cache(i, type);
	}
}

/* Forget every cache (kmem_cache_halt()). */
void slab_common_reset(void)
{
	INIT_LIST_HEAD(&slab_caches);
	INIT_LIST_HEAD(&slab_aliases);
	memset(kmalloc_caches, 0, sizeof(kmalloc_caches));
	kmem_cache = NULL;
	slab_state = DOWN;
	slab_nomerge = false;
	spin_lock_init(&slab_mutex);
}

/* ---- kmalloc helpers ---- */

/* The bytes of an object of @s a caller may use. */
size_t slab_ksize(const struct kmem_cache *s)
{
	if (s->flags & SLAB_RED_ZONE)
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;
	return s->size;
}

/**
 * __ksize - the usable size of a kmalloc()ed object.
 * @object: the object.
 * Return: its size class (or pages) in bytes; 0 for NULL, ZERO_SIZE_PTR
 * and pointers kmalloc cannot have returned.
 */
size_t __ksize(const void *object)
{
	struct folio *folio;

	if (unlikely(ZERO_OR_NULL_PTR(object)))
		return 0;
	folio = virt_to_folio(object);
	if (unlikely(!PageSlab(&folio->page))) {
		if (WARN_ON(folio_size(folio) <= KMALLOC_MAX_CACHE_SIZE))
			return 0;
		if (WARN_ON(object != folio_address(folio)))
			return 0;
		return folio_size(folio);
	}
	set_orig_size(((struct slab *)folio)->slab_cache, (void *)object,
		      ((struct slab *)folio)->slab_cache->object_size);
	return slab_ksize(((struct slab *)folio)->slab_cache);
}

/** ksize - as __ksize(); the whole of it may be used. */
size_t ksize(const void *objp)
{
	return __ksize(objp);
}

/**
 * kmalloc_size_roundup - the size kmalloc(@size) really allocates.
 * @size: bytes.
 * Return: the size class, or whole pages above KMALLOC_MAX_CACHE_SIZE;
 * @size itself for 0 and for sizes kmalloc cannot serve.
 */
size_t kmalloc_size_roundup(size_t size)
{
	if (size && size <= KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_slab(size, GFP_KERNEL)->object_size;
	if (size && size <= KMALLOC_MAX_SIZE)
		return PAGE_SIZE << get_order(size);
	return size;
}

static void *__do_krealloc(const void *p, size_t new_size, gfp_t flags)
{
	size_t ks = 0;
	void *ret;

	if (likely(!ZERO_OR_NULL_PTR(p))) {
		ks = ksize(p);
		if (ks >= new_size) {
			/* It still fits: zero the spare tail if asked to. */
			if (init_on_alloc || (flags & __GFP_ZERO))
				memset((char *)p + new_size, 0, ks - new_size);
			return (void *)p;
		}
	}
	ret = kmalloc(new_size, flags);
	if (ret && p && ks)
		memcpy(ret, p, ks);
	return ret;
}

/**
 * krealloc - resize a kmalloc()ed object.
 * @p: the object, or NULL (then kmalloc).
 * @new_size: bytes; 0 frees @p and returns ZERO_SIZE_PTR.
 * @flags: GFP flags.
 *
 * Context: may sleep if @flags allows.
 * Return: the object (maybe moved; @p is then freed), or NULL (@p intact).
 */
void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	void *ret;

	if (unlikely(!new_size)) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	ret = __do_krealloc(p, new_size, flags);
	if (ret && p != ret)
		kfree(p);
	return ret;
}

void *krealloc_array(void *p, size_t new_n, size_t new_size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(new_n, new_size, &bytes)))
		return NULL;
	return krealloc(p, bytes, flags);
}

/**
 * kfree_sensitive - zero an object's whole allocation, then free it.
 * @p: the object; NULL and ZERO_SIZE_PTR are ignored.
 */
void kfree_sensitive(const void *p)
{
	size_t ks;
	void *mem = (void *)p;

	if (ZERO_OR_NULL_PTR(mem))
		return;
	ks = ksize(mem);
	if (ks) {
		memset(mem, 0, ks);
		__asm__ __volatile__("" : : "r"(mem) : "memory");
	}
	kfree(mem);
}

/* ---- kfree_rcu (kmm/rcupdate.h; src/kernel/rcu.c point 3) ---- */

/* The start of the object holding @head (point 3). */
static void *rcu_head_object(struct rcu_head *head)
{
	struct folio *folio = virt_to_folio(head);
	struct slab *slab;
	struct kmem_cache *s;
	char *addr;
	size_t idx;

	if (!PageSlab(&folio->page))
		return folio_address(folio);
	slab = folio_slab(folio);
	s = slab->slab_cache;
	addr = slab_address(slab);
	idx = ((char *)head - addr - (kmem_cache_debug_flags(s, SLAB_RED_ZONE) ?
				       s->red_left_pad : 0)) / s->size;
	return fixup_red_left(s, addr + idx * s->size);
}

static void kfree_rcu_cb(struct rcu_head *head)
{
	rcu_callback_begin(head);
	kfree(rcu_head_object(head));
}

/**
 * kvfree_call_rcu - kvfree(@ptr) after a grace period (kfree_rcu()).
 * @head: the rcu_head inside @ptr's object, or NULL: then wait here for
 *	the grace period (kfree_rcu_mightsleep()).
 * @ptr: the object.
 * Context: with @head any; without, may sleep.
 */
void kvfree_call_rcu(struct rcu_head *head, void *ptr)
{
	if (!head) {
		synchronize_rcu();
		kvfree(ptr);
		return;
	}
	call_rcu(head, kfree_rcu_cb);
}
