/* SPDX-License-Identifier: MIT */
/*
 * kmm/slab.h - object caches and kmalloc (linux/slab.h), Linux 6.12's API.
 *
 * 1. Caches. kmem_cache_create() makes a cache of objects of one size;
 *    kmem_cache_alloc()/kmem_cache_free() hand them out and take them
 *    back. The implementation is SLUB (src/mm/slub.c): slabs are compound
 *    pages from the buddy allocator, cut into objects; each CPU allocates
 *    from its own slab without locks.
 *
 * 2. kmalloc. Requests up to KMALLOC_MAX_CACHE_SIZE (two pages, 8 KiB)
 *    come from the general caches kmalloc-8 ... kmalloc-8k (with 96 and
 *    192); larger ones up to KMALLOC_MAX_SIZE (4 MiB: an order-10 block)
 *    go straight to the page allocator; beyond that kmalloc fails with a
 *    warning (none with __GFP_NOWARN). kmalloc(0) returns ZERO_SIZE_PTR,
 *    which kfree() accepts, as it accepts NULL.
 *
 * 3. Flag values are 6.12's enum _slab_flag_bits for a distribution-like
 *    configuration: CONFIG_FAILSLAB, CONFIG_MEMCG (SLAB_ACCOUNT),
 *    CONFIG_KFENCE, CONFIG_SLAB_OBJ_EXT on; CONFIG_DEBUG_OBJECTS,
 *    CONFIG_KASAN_GENERIC, CONFIG_SLUB_TINY off. kmm has no memory cgroups:
 *    SLAB_ACCOUNT and __GFP_ACCOUNT are accepted and change nothing.
 *
 * 4. Boot parameters (src/mm/slub.c, src/mm/slab_common.c):
 *      slub_min_order=N slub_max_order=N slub_min_objects=N
 *      (also spelled slab_min_order= ...)  slab order calculation
 *      slab_nomerge / slub_nomerge, slab_merge / slub_merge
 *      slub_debug=... (the debugging layer, src/mm/slub_debug.c)
 *      init_on_alloc=0|1, init_on_free=0|1 (zero objects)
 *      slab_freelist_hardened=0|1 (default 1: CONFIG_SLAB_FREELIST_HARDENED)
 *      slab_freelist_random=0|1   (default 1: CONFIG_SLAB_FREELIST_RANDOM)
 *    The last two are kmm's: Linux chooses them when it is built.
 *
 * 5. How kmm differs: there are no memcg, kasan, kfence or kmalloc buckets.
 */
#ifndef KMM_SLAB_H
#define KMM_SLAB_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/page.h>
#include <kmm/mmzone.h>
#include <kmm/gfp_types.h>
#include <kmm/numa.h>
#include <kmm/err.h>
#include <kmm/errno.h>

typedef unsigned int slab_flags_t;

enum _slab_flag_bits {
	_SLAB_CONSISTENCY_CHECKS,
	_SLAB_RED_ZONE,
	_SLAB_POISON,
	_SLAB_KMALLOC,
	_SLAB_HWCACHE_ALIGN,
	_SLAB_CACHE_DMA,
	_SLAB_CACHE_DMA32,
	_SLAB_STORE_USER,
	_SLAB_PANIC,
	_SLAB_TYPESAFE_BY_RCU,
	_SLAB_TRACE,
	_SLAB_NOLEAKTRACE,
	_SLAB_NO_MERGE,
	_SLAB_FAILSLAB,
	_SLAB_ACCOUNT,
	_SLAB_NO_USER_FLAGS,
	_SLAB_SKIP_KFENCE,
	_SLAB_RECLAIM_ACCOUNT,
	_SLAB_OBJECT_POISON,
	_SLAB_CMPXCHG_DOUBLE,
	_SLAB_NO_OBJ_EXT,
	_SLAB_FLAGS_LAST_BIT
};

#define __SLAB_FLAG_BIT(nr)	((slab_flags_t)(1U << (nr)))
#define __SLAB_FLAG_UNUSED	((slab_flags_t)0U)

/* Debug: check objects on every alloc and free (slub_debug=F). */
#define SLAB_CONSISTENCY_CHECKS	__SLAB_FLAG_BIT(_SLAB_CONSISTENCY_CHECKS)
/* Debug: red zones around each object (Z). */
#define SLAB_RED_ZONE		__SLAB_FLAG_BIT(_SLAB_RED_ZONE)
/* Debug: poison free objects with 0x6b, end with 0xa5 (P). */
#define SLAB_POISON		__SLAB_FLAG_BIT(_SLAB_POISON)
/* A kmalloc cache (set by the kmalloc code only). */
#define SLAB_KMALLOC		__SLAB_FLAG_BIT(_SLAB_KMALLOC)
/* Align objects to cache lines. */
#define SLAB_HWCACHE_ALIGN	__SLAB_FLAG_BIT(_SLAB_HWCACHE_ALIGN)
/* Objects from ZONE_DMA / ZONE_DMA32. */
#define SLAB_CACHE_DMA		__SLAB_FLAG_BIT(_SLAB_CACHE_DMA)
#define SLAB_CACHE_DMA32	__SLAB_FLAG_BIT(_SLAB_CACHE_DMA32)
/* Debug: record the last allocation and free of each object (U). */
#define SLAB_STORE_USER		__SLAB_FLAG_BIT(_SLAB_STORE_USER)
/* Panic if kmem_cache_create() fails. */
#define SLAB_PANIC		__SLAB_FLAG_BIT(_SLAB_PANIC)
/* Slab pages are freed after an RCU grace period (objects may be reused). */
#define SLAB_TYPESAFE_BY_RCU	__SLAB_FLAG_BIT(_SLAB_TYPESAFE_BY_RCU)
/* Debug: trace allocations and frees (T). */
#define SLAB_TRACE		__SLAB_FLAG_BIT(_SLAB_TRACE)
#define SLAB_DEBUG_OBJECTS	__SLAB_FLAG_UNUSED
#define SLAB_NOLEAKTRACE	__SLAB_FLAG_BIT(_SLAB_NOLEAKTRACE)
/* Never merge this cache with another one. */
#define SLAB_NO_MERGE		__SLAB_FLAG_BIT(_SLAB_NO_MERGE)
#define SLAB_FAILSLAB		__SLAB_FLAG_BIT(_SLAB_FAILSLAB)
/* Account objects to a memory cgroup (accepted, no effect in kmm). */
#define SLAB_ACCOUNT		__SLAB_FLAG_BIT(_SLAB_ACCOUNT)
#define SLAB_KASAN		__SLAB_FLAG_UNUSED
#define SLAB_NO_USER_FLAGS	__SLAB_FLAG_BIT(_SLAB_NO_USER_FLAGS)
#define SLAB_SKIP_KFENCE	__SLAB_FLAG_BIT(_SLAB_SKIP_KFENCE)
/* Slab pages count as reclaimable (SReclaimable in /proc/meminfo). */
#define SLAB_RECLAIM_ACCOUNT	__SLAB_FLAG_BIT(_SLAB_RECLAIM_ACCOUNT)
#define SLAB_TEMPORARY		SLAB_RECLAIM_ACCOUNT
/* Internal: the cache poisons objects (set by SLUB). */
#define SLAB_OBJECT_POISON	__SLAB_FLAG_BIT(_SLAB_OBJECT_POISON)
/* Internal: slab freelist and counters change by a 16-byte CAS. */
#define SLAB_CMPXCHG_DOUBLE	__SLAB_FLAG_BIT(_SLAB_CMPXCHG_DOUBLE)
#define SLAB_NO_OBJ_EXT		__SLAB_FLAG_BIT(_SLAB_NO_OBJ_EXT)

/* kmalloc(0) returns this; kfree() of it, like kfree(NULL), does nothing. */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/* Alignment every object gets (x86-64: unsigned long long). */
#define ARCH_KMALLOC_MINALIGN	__alignof__(unsigned long long)
#define ARCH_SLAB_MINALIGN	__alignof__(unsigned long long)

/*
 * kmalloc size classes: 2^KMALLOC_SHIFT_LOW (8) ... 2^KMALLOC_SHIFT_HIGH
 * (two pages), plus 96 and 192. KMALLOC_SHIFT_MAX is the largest block
 * the page allocator gives: order MAX_PAGE_ORDER (10), 4 MiB.
 */
#define KMALLOC_MIN_SIZE	8
#define KMALLOC_SHIFT_LOW	3
#define KMALLOC_SHIFT_HIGH	(PAGE_SHIFT + 1)
#define KMALLOC_SHIFT_MAX	(MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MAX_SIZE	(1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_ORDER	(KMALLOC_SHIFT_MAX - PAGE_SHIFT)
#define SLAB_OBJ_MIN_SIZE	(KMALLOC_MIN_SIZE < 16 ? KMALLOC_MIN_SIZE : 16)

/*
 * The kmalloc cache families. kmm has no memcg or obj_ext copies: those
 * types alias KMALLOC_NORMAL, as Linux's do when configured out.
 */
enum kmalloc_cache_type {
	KMALLOC_NORMAL = 0,
	KMALLOC_CGROUP = KMALLOC_NORMAL,
	KMALLOC_NO_OBJ_EXT = KMALLOC_NORMAL,
	KMALLOC_RANDOM_START = KMALLOC_NORMAL,
	KMALLOC_RANDOM_END = KMALLOC_NORMAL,
	KMALLOC_RECLAIM,
	KMALLOC_DMA,
	NR_KMALLOC_TYPES
};

struct kmem_cache;
struct rcu_head;
typedef struct kmem_cache *kmem_buckets[KMALLOC_SHIFT_HIGH + 1];
extern kmem_buckets kmalloc_caches[NR_KMALLOC_TYPES];

/* GFP bits that send kmalloc away from KMALLOC_NORMAL. */
#define KMALLOC_NOT_NORMAL_BITS	(__GFP_RECLAIMABLE | __GFP_DMA)

static __always_inline enum kmalloc_cache_type kmalloc_type(gfp_t flags)
{
	if (likely((flags & KMALLOC_NOT_NORMAL_BITS) == 0))
		return KMALLOC_NORMAL;
	if (flags & __GFP_DMA)
		return KMALLOC_DMA;
	return KMALLOC_RECLAIM;
}

/*
 * __kmalloc_index - the kmalloc_caches[] index of a size: 0 for 0 bytes,
 * 1 for 65..96, 2 for 129..192, n for 2^(n-1)+1 .. 2^n; -1 past the
 * largest cache. Meant for constant sizes (folded at compile time).
 */
static __always_inline int __kmalloc_index(size_t size)
{
	if (!size)
		return 0;
	if (size <= KMALLOC_MIN_SIZE)
		return KMALLOC_SHIFT_LOW;
	if (size > 64 && size <= 96)
		return 1;
	if (size > 128 && size <= 192)
		return 2;
	if (size <= 16) return 4;
	if (size <= 32) return 5;
	if (size <= 64) return 6;
	if (size <= 128) return 7;
	if (size <= 256) return 8;
	if (size <= 512) return 9;
	if (size <= 1024) return 10;
	if (size <= 2048) return 11;
	if (size <= 4096) return 12;
	if (size <= 8192) return 13;
	return -1;
}
#define kmalloc_index(s)	__kmalloc_index(s)

/**
 * struct kmem_cache_args - the less common arguments of kmem_cache_create().
 * @align: object alignment (0: ARCH_SLAB_MINALIGN).
 * @useroffset: start of the usercopy region.
 * @usersize: size of the usercopy region (0: none).
 * @freeptr_offset: where the free pointer lives (SLAB_TYPESAFE_BY_RCU
 *	caches only), if @use_freeptr_offset.
 * @use_freeptr_offset: @freeptr_offset is set.
 * @ctor: constructor, run once per object when its slab is allocated.
 */
struct kmem_cache_args {
	unsigned int align;
	unsigned int useroffset;
	unsigned int usersize;
	unsigned int freeptr_offset;
	bool use_freeptr_offset;
	void (*ctor)(void *);
};

/* ---- Caches (src/mm/slab_common.c, src/mm/slub.c) ---- */

bool slab_is_available(void);

struct kmem_cache *__kmem_cache_create_args(const char *name,
					    unsigned int object_size,
					    struct kmem_cache_args *args,
					    slab_flags_t flags);
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags,
				       void (*ctor)(void *));
struct kmem_cache *kmem_cache_create_usercopy(const char *name,
					      unsigned int size,
					      unsigned int align,
					      slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *));
struct kmem_cache *__kmem_cache_default_args(const char *name,
					     unsigned int size,
					     struct kmem_cache_args *args,
					     slab_flags_t flags);

/*
 * kmem_cache_create(name, size, align, flags, ctor)  (the classic form), or
 * kmem_cache_create(name, size, &args, flags)         (6.12's new form), or
 * kmem_cache_create(name, size, NULL, flags)          (default arguments).
 * Return: the cache, or NULL (SLAB_PANIC: panic instead).
 */
#define kmem_cache_create(__name, __object_size, __args, ...)		\
	_Generic((__args),						\
		struct kmem_cache_args *: __kmem_cache_create_args,	\
		void *: __kmem_cache_default_args,			\
		default: __kmem_cache_create)(__name, __object_size, __args, __VA_ARGS__)

#define KMEM_CACHE(__struct, __flags)					\
	__kmem_cache_create_args(#__struct, sizeof(struct __struct),	\
		&(struct kmem_cache_args) {				\
			.align = __alignof__(struct __struct),		\
		}, (__flags))

void kmem_cache_destroy(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s);
unsigned int kmem_cache_size(struct kmem_cache *s);
const char *kmem_cache_name(const struct kmem_cache *s);	/* kmm */

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfpflags);
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node);
void kmem_cache_free(struct kmem_cache *s, void *objp);

static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}

/*
 * Bulk: fill @p with @size objects; return @size, or 0 having allocated
 * nothing. Free @size objects of @p (kmem_cache_free_bulk with @s NULL
 * finds each object's cache, as kfree_bulk does).
 */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p);
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p);

static inline void kfree_bulk(size_t size, void **p)
{
	kmem_cache_free_bulk(NULL, size, p);
}

/*
 * kmem_cache_is_valid - kmm's validator: every object of every slab of @s
 * is free exactly once (on one freelist) or allocated, and each slab's
 * inuse and each node's counters match the lists. Prints what is wrong.
 * Context: takes the cache's locks; other CPUs may keep allocating, so
 * call it while the cache is quiet for an exact answer.
 */
bool kmem_cache_is_valid(struct kmem_cache *s);
/*
 * kmem_cache_validate - run the debugging layer's checks over every slab of
 * @s, as writing 1 to /sys/kernel/slab/NAME/validate does; what is found is
 * reported and repaired. Return: the number of errors reported (0: sound).
 */
int kmem_cache_validate(struct kmem_cache *s);

/* ---- kmalloc (src/mm/slab_common.c, src/mm/slub.c) ---- */

void *__kmalloc(size_t size, gfp_t flags);
void *__kmalloc_node(size_t size, gfp_t flags, int node);
void *__kmalloc_cache(struct kmem_cache *s, gfp_t flags, size_t size);
void *kmalloc_large(size_t size, gfp_t flags);
void *kmalloc_large_node(size_t size, gfp_t flags, int node);

/**
 * kmalloc - allocate @size bytes.
 * @size: how many bytes.
 * @flags: GFP flags (GFP_KERNEL, GFP_ATOMIC, GFP_DMA, __GFP_ZERO ...).
 *
 * A constant size picks its cache at compile time, as Linux's inline does.
 * Context: may sleep with __GFP_DIRECT_RECLAIM.
 * Return: the object (aligned to its size class's alignment), ZERO_SIZE_PTR
 * for 0 bytes, or NULL.
 */
static __always_inline void *kmalloc(size_t size, gfp_t flags)
{
	if (__builtin_constant_p(size) && size) {
		int index;

		if (size > KMALLOC_MAX_CACHE_SIZE)
			return kmalloc_large(size, flags);
		index = kmalloc_index(size);
		return __kmalloc_cache(kmalloc_caches[kmalloc_type(flags)][index],
				       flags, size);
	}
	return __kmalloc(size, flags);
}

static __always_inline void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __kmalloc_node(size, flags, node);
}

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kzalloc_node(size_t size, gfp_t flags, int node)
{
	return kmalloc_node(size, flags | __GFP_ZERO, node);
}

/* kmalloc_array - @n elements of @size bytes; NULL if n * size overflows. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc(bytes, flags);
}

static inline void *kmalloc_array_node(size_t n, size_t size, gfp_t flags, int node)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc_node(bytes, flags, node);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void *kcalloc_node(size_t n, size_t size, gfp_t flags, int node)
{
	return kmalloc_array_node(n, size, flags | __GFP_ZERO, node);
}

void kfree(const void *objp);
void kfree_sensitive(const void *objp);
size_t ksize(const void *objp);
size_t __ksize(const void *objp);
size_t kmalloc_size_roundup(size_t size);
void *krealloc(const void *objp, size_t new_size, gfp_t flags);
void *krealloc_array(void *p, size_t new_n, size_t new_size, gfp_t flags);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *kstrdup(const char *s, gfp_t gfp);
const char *kstrdup_const(const char *s, gfp_t gfp);
void kfree_const(const void *x);
char *kstrndup(const char *s, size_t max, gfp_t gfp);
void *kmemdup_nul(const char *s, size_t len, gfp_t gfp);

/*
 * kvmalloc family (src/mm/util.c): kmalloc first (for sizes above a page
 * with __GFP_NORETRY|__GFP_NOWARN), then vmalloc if the flags may block.
 * Free with kvfree().
 */
void *kvmalloc_node(size_t size, gfp_t flags, int node);
void *kvzalloc_node(size_t size, gfp_t flags, int node);
static inline void *kvmalloc(size_t size, gfp_t flags)
{
	return kvmalloc_node(size, flags, NUMA_NO_NODE);
}
static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}
static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kvmalloc(bytes, flags);
}
static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}
void *kvrealloc(const void *p, size_t size, gfp_t flags);
void kvfree(const void *addr);
void kvfree_sensitive(const void *addr, size_t len);

/*
 * kfree_rcu(ptr, rhf): kfree(ptr) after an RCU grace period; @rhf names
 * ptr's struct rcu_head field. kfree_rcu_mightsleep(ptr) needs no field
 * (it waits for the grace period). See kmm/rcupdate.h.
 */
void kvfree_call_rcu(struct rcu_head *head, void *ptr);

/* ---- Boot (src/mm/slub.c) ---- */

/* Build the boot caches and the kmalloc caches (from mm_core_init()). */
void kmem_cache_init(void);
/* Take every cache down and forget them (kmm_halt). */
void kmem_cache_halt(void);

#endif /* KMM_SLAB_H */
