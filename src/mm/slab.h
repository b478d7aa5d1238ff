/* SPDX-License-Identifier: MIT */
/*
 * src/mm/slab.h - SLUB's internal structures (Linux 6.12's mm/slab.h and
 * the top of mm/slub.c), shared by slub.c, slab_common.c and the
 * debugging layer (slub_debug.c).
 *
 * 1. struct slab overlays the head struct page of a slab's compound page
 *    field for field, as 6.12 lays it out (offsets checked below):
 *
 *      0  __page_flags       page->flags
 *      8  slab_cache         page->lru.next / compound_head (bit 0 clear)
 *     16  slab_list          node partial list, or next + slabs on a
 *                            per-CPU partial list
 *     32  freelist  \        16-byte aligned pair, changed together by
 *     40  counters  /        one 16-byte compare-and-swap:
 *                            inuse:16 objects:15 frozen:1
 *     48  __page_type        PGTY_slab in the top byte
 *     52  __page_refcount    page->_refcount
 *     56  obj_exts           page->memcg_data (unused)
 *
 * 2. The free pointer of a free object lives at s->offset inside it; it
 *    is stored encoded (freelist_ptr_encode()) so that a stray write or a
 *    leaked pointer does not give an attacker a usable address:
 *      stored = ptr ^ s->random ^ swab(address where it is stored)
 *    With slab_freelist_hardened=0 the cache's random and swab mask are 0
 *    and the stored value is the pointer itself.
 *
 * 3. Object layout with debugging (calculate_sizes() in slub.c):
 *      [red_left_pad][object_size][red zone to s->inuse][free pointer if
 *      moved out][struct track x2 if SLAB_STORE_USER][orig_size if kmalloc
 *      with STORE_USER|RED_ZONE][padding to s->size]
 *    get_info_end() is where the track area begins.
 */
#ifndef KMM_MM_SLAB_H
#define KMM_MM_SLAB_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/atomic.h>
#include <kmm/list.h>
#include <kmm/spinlock.h>
#include <kmm/mm_types.h>
#include <kmm/page-flags.h>
#include <kmm/mm.h>
#include <kmm/mmzone.h>
#include <kmm/numa.h>
#include <kmm/smp.h>
#include <kmm/slab.h>
#include <kmm/rcupdate.h>

/* ---- Double-word freelist + counter (16-byte CAS) ---- */

#if defined(__SIZEOF_INT128__) && \
	(defined(__GCC_HAVE_SYNC_COMPARE_AND_SWAP_16) || defined(__aarch64__))
#define system_has_freelist_aba()	1
#else
#define system_has_freelist_aba()	0
#endif

typedef unsigned __int128 freelist_full_t;

typedef union {
	struct {
		void *freelist;
		unsigned long counter;
	};
	freelist_full_t full;
} __aligned(16) freelist_aba_t;

/* ---- struct slab ---- */

struct slab {
	unsigned long __page_flags;
	struct kmem_cache *slab_cache;
	union {
		struct {
			union {
				struct list_head slab_list;
				struct {	/* on a per-CPU partial list */
					struct slab *next;
					int slabs;	/* slabs left in the chain */
				};
			};
			union {
				struct {
					void *freelist;
					union {
						unsigned long counters;
						struct {
							unsigned inuse:16;
							unsigned objects:15;
							unsigned frozen:1;
						};
					};
				};
				freelist_aba_t freelist_counter;
			};
		};
		struct rcu_head rcu_head;
	};
	unsigned int __page_type;
	atomic_t __page_refcount;
	unsigned long obj_exts;
};

#define SLAB_MATCH(pg, sl)						\
	BUILD_BUG_ON(__builtin_offsetof(struct page, pg) !=		\
		     __builtin_offsetof(struct slab, sl))
SLAB_MATCH(flags, __page_flags);
SLAB_MATCH(compound_head, slab_cache);
SLAB_MATCH(page_type, __page_type);
SLAB_MATCH(_refcount, __page_refcount);
SLAB_MATCH(memcg_data, obj_exts);
#undef SLAB_MATCH
BUILD_BUG_ON(sizeof(struct slab) != sizeof(struct page));
BUILD_BUG_ON(__builtin_offsetof(struct slab, slab_cache) != 8);
BUILD_BUG_ON(__builtin_offsetof(struct slab, slab_list) != 16);
BUILD_BUG_ON(__builtin_offsetof(struct slab, freelist) != 32);
BUILD_BUG_ON(__builtin_offsetof(struct slab, counters) != 40);
BUILD_BUG_ON(__builtin_offsetof(struct slab, __page_type) != 48);
BUILD_BUG_ON(__builtin_offsetof(struct slab, obj_exts) != 56);

/* ---- folio <-> slab <-> page ---- */

#define folio_slab(folio)	((struct slab *)(folio))
#define slab_folio(slab)	((struct folio *)(slab))
#define slab_page(slab)		((struct page *)(slab))

static inline bool folio_test_slab(const struct folio *folio)
{
	return PageSlab(&folio->page);
}

/* The slab @addr is in, or NULL if its page is no slab. */
static inline struct slab *virt_to_slab(const void *addr)
{
	struct folio *folio = virt_to_folio(addr);

	if (!folio_test_slab(folio))
		return NULL;
	return folio_slab(folio);
}

static inline void *slab_address(const struct slab *slab)
{
	return page_address(slab_page(slab));
}

static inline int slab_nid(const struct slab *slab)
{
	return page_to_nid(slab_page(slab));
}

static inline int slab_order(const struct slab *slab)
{
	return compound_order(slab_page(slab));
}

static inline size_t slab_size(const struct slab *slab)
{
	return PAGE_SIZE << slab_order(slab);
}

/* ---- The cache ---- */

/* Order and objects per slab in one word: order << 16 | objects. */
struct kmem_cache_order_objects {
	unsigned int x;
};
#define OO_SHIFT	16
#define OO_MASK		((1U << OO_SHIFT) - 1)
#define MAX_OBJS_PER_PAGE 32767	/* the 15-bit objects field */

static inline unsigned int oo_order(struct kmem_cache_order_objects x)
{
	return x.x >> OO_SHIFT;
}

static inline unsigned int oo_objects(struct kmem_cache_order_objects x)
{
	return x.x & OO_MASK;
}

/*
 * struct kmem_cache_cpu - a CPU's view of a cache. @freelist and @tid
 * form the pair the fast path swaps with one 16-byte CAS; @tid changes
 * with every operation so a stale read can never succeed. @slab is the
 * CPU's active slab (its objects are on @freelist), @partial a chain of
 * frozen partial slabs. @lock serialises the slow paths of the threads
 * that run on this CPU (the fast path takes no lock).
 */
struct kmem_cache_cpu {
	union {
		struct {
			void **freelist;
			unsigned long tid;
		};
		freelist_aba_t freelist_tid;
	};
	struct slab *slab;
	struct slab *partial;
	spinlock_t lock;
};

/* struct kmem_cache_node - a node's partial slabs (and full ones, debug). */
struct kmem_cache_node {
	spinlock_t list_lock;
	unsigned long nr_partial;
	struct list_head partial;
	atomic_long_t nr_slabs;
	atomic_long_t total_objects;
	struct list_head full;
};

struct kmem_cache {
	struct kmem_cache_cpu *cpu_slab;	/* per-CPU pointer */
	slab_flags_t flags;
	unsigned int offset;		/* free pointer offset */
	unsigned long random;		/* freelist hardening key (0: off) */
	unsigned long swab_mask;	/* ~0UL, or 0 when not hardened */
	unsigned long min_partial;
	unsigned int size;		/* object size with metadata */
	unsigned int object_size;	/* object size without metadata */
	unsigned int cpu_partial;	/* objects to keep on CPU partials */
	unsigned int cpu_partial_slabs;	/* slabs to keep on CPU partials */
	struct kmem_cache_order_objects oo;
	struct kmem_cache_order_objects min;
	gfp_t allocflags;		/* gfp flags for each slab */
	int refcount;			/* aliases + 1; destroyed at 0 */
	void (*ctor)(void *object);
	unsigned int inuse;		/* offset to metadata */
	unsigned int align;
	unsigned int red_left_pad;	/* left red zone size */
	const char *name;
	struct list_head list;		/* slab_caches */
	unsigned int *random_seq;	/* freelist shuffle (NULL: in order) */
	unsigned int useroffset;
	unsigned int usersize;
	struct kmem_cache_node *node[MAX_NUMNODES];
};

static inline struct kmem_cache_node *get_node(struct kmem_cache *s, int node)
{
	return s->node[node];
}

#define for_each_kmem_cache_node(__s, __node, __n)			\
	for (__node = 0; __node < nr_node_ids; __node++)		\
		if ((__n = get_node(__s, __node)))

/* Walk the objects of a slab whose memory starts at __addr. */
#define for_each_object(__p, __s, __addr, __objects)			\
	for (__p = fixup_red_left(__s, __addr);				\
	     (char *)(__p) < (char *)(__addr) + (size_t)(__objects) * (__s)->size; \
	     __p = (void *)((char *)(__p) + (__s)->size))

/* ---- Flags ---- */

#define SLAB_CORE_FLAGS (SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA |		\
			 SLAB_CACHE_DMA32 | SLAB_PANIC |		\
			 SLAB_TYPESAFE_BY_RCU | SLAB_DEBUG_OBJECTS)
#define SLAB_DEBUG_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
			  SLAB_TRACE | SLAB_CONSISTENCY_CHECKS)
#define SLAB_CACHE_FLAGS (SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT |	\
			  SLAB_TEMPORARY | SLAB_ACCOUNT |		\
			  SLAB_NO_USER_FLAGS | SLAB_KMALLOC | SLAB_NO_MERGE)
#define CACHE_CREATE_MASK (SLAB_CORE_FLAGS | SLAB_DEBUG_FLAGS | SLAB_CACHE_FLAGS)
#define SLAB_FLAGS_PERMITTED (SLAB_CORE_FLAGS | SLAB_RED_ZONE |		\
			      SLAB_POISON | SLAB_STORE_USER |		\
			      SLAB_TRACE | SLAB_CONSISTENCY_CHECKS |	\
			      SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT |	\
			      SLAB_TEMPORARY | SLAB_ACCOUNT |		\
			      SLAB_KMALLOC | SLAB_NO_MERGE |		\
			      SLAB_NO_USER_FLAGS | SLAB_FAILSLAB |	\
			      SLAB_SKIP_KFENCE | SLAB_NO_OBJ_EXT)

/* Does @s run any debugging (then every alloc and free takes the slow path)? */
static inline bool kmem_cache_debug(struct kmem_cache *s)
{
	return unlikely(s->flags & SLAB_DEBUG_FLAGS);
}

static inline slab_flags_t kmem_cache_debug_flags(struct kmem_cache *s,
						  slab_flags_t flags)
{
	return s->flags & flags;
}

/* ---- Free pointers ---- */

/* The value stored for @ptr at @ptr_addr (point 2). */
static __always_inline unsigned long
freelist_ptr_encode(const struct kmem_cache *s, void *ptr, unsigned long ptr_addr)
{
	return (unsigned long)ptr ^ s->random ^
	       (__builtin_bswap64(ptr_addr) & s->swab_mask);
}

static __always_inline void *
freelist_ptr_decode(const struct kmem_cache *s, unsigned long stored,
		    unsigned long ptr_addr)
{
	return (void *)(stored ^ s->random ^
			(__builtin_bswap64(ptr_addr) & s->swab_mask));
}

static __always_inline void *get_freepointer(struct kmem_cache *s, void *object)
{
	unsigned long ptr_addr = (unsigned long)object + s->offset;

	return freelist_ptr_decode(s, *(unsigned long *)ptr_addr, ptr_addr);
}

static __always_inline void set_freepointer(struct kmem_cache *s, void *object,
					    void *fp)
{
	unsigned long ptr_addr = (unsigned long)object + s->offset;

	*(unsigned long *)ptr_addr = freelist_ptr_encode(s, fp, ptr_addr);
}

/* Is the free pointer outside the object (ctor, RCU, poison caches)? */
static inline bool freeptr_outside_object(struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* Where the debug metadata (tracks) begins, after the free pointer. */
static inline unsigned int get_info_end(struct kmem_cache *s)
{
	if (freeptr_outside_object(s))
		return s->inuse + sizeof(void *);
	return s->inuse;
}

static inline void *fixup_red_left(struct kmem_cache *s, void *p)
{
	if (kmem_cache_debug_flags(s, SLAB_RED_ZONE))
		p = (char *)p + s->red_left_pad;
	return p;
}

static inline unsigned int __obj_to_index(const struct kmem_cache *cache,
					  void *addr, void *obj)
{
	return (unsigned int)(((char *)obj - (char *)addr) / cache->size);
}

static inline unsigned int obj_to_index(const struct kmem_cache *cache,
					const struct slab *slab, void *obj)
{
	return __obj_to_index(cache, slab_address(slab), obj);
}

/* kmalloc caches that record the requested size (for the red zone). */
static inline bool slub_debug_orig_size(struct kmem_cache *s)
{
	return (kmem_cache_debug_flags(s, SLAB_STORE_USER) &&
		(s->flags & SLAB_KMALLOC));
}

/* ---- Debugging hooks (src/mm/slub_debug.c; weak no-ops otherwise) ---- */

/*
 * struct track - who allocated or freed an object last (SLAB_STORE_USER).
 * 6.12's layout with CONFIG_STACKDEPOT (32 bytes, so objects have 6.12's
 * sizes under slub_debug=U): the stack lives once in the stack depot
 * (src/lib/stackdepot.c), the track keeps its handle.
 */
#define TRACK_ADDRS_COUNT 16
struct track {
	unsigned long addr;		/* caller */
	u32 handle;			/* stack depot handle (0: none) */
	int cpu;
	int pid;
	unsigned long when;		/* jiffies */
};
BUILD_BUG_ON(sizeof(struct track) != 32);

enum track_item { TRACK_ALLOC, TRACK_FREE };

/*
 * The core calls these only for caches with kmem_cache_debug(s) (and
 * kmem_cache_flags() for every cache at creation).
 */
slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name);
void setup_object_debug(struct kmem_cache *s, void *object);
void setup_slab_debug(struct kmem_cache *s, struct slab *slab, void *addr);
void init_tracking(struct kmem_cache *s, void *object);
bool alloc_debug_processing(struct kmem_cache *s, struct slab *slab,
			    void *object, int orig_size);
/*
 * free_debug_processing - check the @bulk_cnt objects head..tail being
 * freed to @slab (list_lock held); record the free (SLAB_STORE_USER).
 * Objects that fail the checks are dropped: *@bulk_cnt is lowered and the
 * chain relinked. Return: true if what is left may be freed.
 */
bool free_debug_processing(struct kmem_cache *s, struct slab *slab,
			   void *head, void *tail, int *bulk_cnt,
			   unsigned long addr);
void set_track(struct kmem_cache *s, void *object, enum track_item alloc,
	       unsigned long addr);
void print_tracking(struct kmem_cache *s, void *object);
void slab_pad_check(struct kmem_cache *s, struct slab *slab);
int check_object(struct kmem_cache *s, struct slab *slab, u8 *object, u8 val);
void set_orig_size(struct kmem_cache *s, void *object, unsigned int orig_size);
int kmem_cache_validate(struct kmem_cache *s);
/* The debug layer's report when a cache is destroyed with objects. */
void slab_bug(struct kmem_cache *s, const char *fmt, ...) __printf(2, 3);

/* ---- Shared by slub.c and slab_common.c ---- */

enum slab_state {
	DOWN,		/* no slab functionality yet */
	PARTIAL,	/* SLUB: kmem_cache_node available */
	UP,		/* slab caches usable, kmalloc not yet */
	FULL		/* everything works */
};

extern enum slab_state slab_state;
/*
 * slab_mutex guards slab_caches. Linux's is a mutex; kmm has none, so it
 * is a spinlock word that slab_mutex_lock() takes without making its
 * holder atomic (it yields while the lock is busy), so the holder may
 * allocate with GFP_KERNEL. spin_lock(&slab_mutex) also works, for code
 * that does not allocate while holding it.
 */
extern spinlock_t slab_mutex;
void slab_mutex_lock(void);
void slab_mutex_unlock(void);
extern struct list_head slab_caches;
extern struct kmem_cache *kmem_cache;	/* the cache of struct kmem_cache */

/* One row per kmalloc size class (slab_common.c): names and sizes. */
struct kmalloc_info_struct {
	const char *name[NR_KMALLOC_TYPES];
	unsigned int size;
};
extern const struct kmalloc_info_struct kmalloc_info[];
extern u8 kmalloc_size_index[24];

/* The index into kmalloc_size_index[] of a size up to 192 bytes. */
static inline unsigned int size_index_elem(unsigned int bytes)
{
	return (bytes - 1) / 8;
}

/* The kmalloc cache for @size (1..KMALLOC_MAX_CACHE_SIZE) and @flags. */
static __always_inline struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags)
{
	unsigned int index;

	if (size <= 192)
		index = kmalloc_size_index[size_index_elem((unsigned int)size)];
	else
		index = 64 - (unsigned int)__builtin_clzl(size - 1);
	return kmalloc_caches[kmalloc_type(flags)][index];
}
void create_kmalloc_caches(void);
struct kmem_cache *create_kmalloc_cache(const char *name, unsigned int size,
					slab_flags_t flags);
void __init create_boot_cache(struct kmem_cache *s, const char *name,
			      unsigned int size, slab_flags_t flags,
			      unsigned int useroffset, unsigned int usersize);

int do_kmem_cache_create(struct kmem_cache *s, const char *name,
			 unsigned int size, struct kmem_cache_args *args,
			 slab_flags_t flags);
int __kmem_cache_shutdown(struct kmem_cache *s);
void __kmem_cache_release(struct kmem_cache *s);
int __kmem_cache_shrink(struct kmem_cache *s);
bool __kmem_cache_empty(struct kmem_cache *s);
void flush_all(struct kmem_cache *s);
struct kmem_cache *__kmem_cache_alias(const char *name, unsigned int size,
				      unsigned int align, slab_flags_t flags,
				      void (*ctor)(void *));
struct kmem_cache *find_mergeable(unsigned int size, unsigned int align,
				  slab_flags_t flags, const char *name,
				  void (*ctor)(void *));
int slab_unmergeable(struct kmem_cache *s);
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size);
void slab_kmem_cache_release(struct kmem_cache *s);
void slab_common_reset(void);

/* slub.c's entry points for slab_common.c's kmalloc. */
void *__slab_alloc_node_public(struct kmem_cache *s, gfp_t gfp, int node,
			       unsigned long addr, size_t orig_size);
void slab_free_public(struct kmem_cache *s, struct slab *slab, void *x,
		      unsigned long addr);
void free_large_kmalloc(struct folio *folio, void *object);

/* Node statistics of slab pages, in bytes (NR_SLAB_*_B). */
void slab_account_pages(struct kmem_cache *s, struct slab *slab, int sign);

/* Counters for /proc/slabinfo and the debug layer. */
unsigned long node_nr_slabs(struct kmem_cache_node *n);
unsigned long node_nr_objs(struct kmem_cache_node *n);
unsigned long count_partial(struct kmem_cache_node *n,
			    int (*get_count)(struct slab *));
int count_free(struct slab *slab);
int count_inuse(struct slab *slab);
int count_total(struct slab *slab);

/*
 * Other names of merged caches (what /sys/kernel/slab shows as links):
 * each kmem_cache_create() that found a mergeable cache adds one.
 * Guarded by slab_mutex.
 */
struct kmem_cache_alias {
	struct list_head list;
	const char *name;
	struct kmem_cache *s;
};
extern struct list_head slab_aliases;
int slab_nr_aliases(struct kmem_cache *s);

gfp_t kmalloc_fix_flags(gfp_t flags);
size_t slab_ksize(const struct kmem_cache *s);

/* Is slab_nomerge in force (slab_nomerge / slab_merge)? */
extern bool slab_nomerge;
extern bool slab_freelist_hardened;
extern bool slab_freelist_random;

/* ---- Shared by slub.c (allocation and free) and slub_cache.c (caches) ---- */

/* PAGE_ALLOC_COSTLY_ORDER: slabs beyond order 3 are costly to assemble. */
#define SLUB_DEFAULT_MAX_ORDER	3
/* slub_min_order=, slub_max_order=, slub_min_objects= (slub.c). */
extern unsigned int slub_min_order, slub_max_order, slub_min_objects;
void slub_params_reset(void);

/* The CPU tables of slub.c's fast paths, filled at kmem_cache_init(). */
extern unsigned long slub_cpu_offset[NR_CPUS];
extern unsigned long slub_page_base;	/* vmemmap - (PAGE_OFFSET >> PAGE_SHIFT) */
void slub_init_cpu_table(void);

int init_cache_random_seq(struct kmem_cache *s);
struct slab *new_slab(struct kmem_cache *s, gfp_t flags, int node);
void free_slab(struct kmem_cache *s, struct slab *slab);
void discard_slab(struct kmem_cache *s, struct slab *slab);

/* GFP bits that make no sense for slab allocations (Linux's GFP_SLAB_BUG_MASK). */
#define GFP_SLAB_BUG_MASK	(__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)

/* Where a slab joins a node's partial list. */
enum { DEACTIVATE_TO_HEAD, DEACTIVATE_TO_TAIL };

/* Do allocations and frees go one object at a time under the list lock? */
static inline bool slab_single_object_mode(struct kmem_cache *s)
{
	return kmem_cache_debug(s) || init_on_alloc || init_on_free;
}

static inline bool kmem_cache_has_cpu_partial(struct kmem_cache *s)
{
	return !slab_single_object_mode(s);
}

static inline void inc_slabs_node(struct kmem_cache *s, int node, int objects)
{
	struct kmem_cache_node *n = get_node(s, node);

	atomic_long_inc(&n->nr_slabs);
	atomic_long_add(objects, &n->total_objects);
}

static inline void dec_slabs_node(struct kmem_cache *s, int node, int objects)
{
	struct kmem_cache_node *n = get_node(s, node);

	atomic_long_dec(&n->nr_slabs);
	atomic_long_sub(objects, &n->total_objects);
}

static inline struct kmem_cache_order_objects oo_make(unsigned int order,
						      unsigned int size)
{
	struct kmem_cache_order_objects x = {
		(order << OO_SHIFT) + (((unsigned int)PAGE_SIZE << order) / size)
	};
	return x;
}

static inline bool slab_test_node_partial(const struct slab *slab)
{
	return test_page_bit((const struct page *)slab, PG_workingset);
}

static inline void __add_partial(struct kmem_cache_node *n, struct slab *slab,
				 int tail)
{
	/* Updated under list_lock, read without it: relaxed atomics. */
	__atomic_store_n(&n->nr_partial, n->nr_partial + 1, __ATOMIC_RELAXED);
	if (tail == DEACTIVATE_TO_TAIL)
		list_add_tail(&slab->slab_list, &n->partial);
	else
		list_add(&slab->slab_list, &n->partial);
	set_page_bit(slab_page(slab), PG_workingset);
}

static inline void add_partial(struct kmem_cache_node *n, struct slab *slab,
			       int tail)
{
	lockdep_assert_held(&n->list_lock);
	__add_partial(n, slab, tail);
}

static inline void remove_partial(struct kmem_cache_node *n, struct slab *slab)
{
	lockdep_assert_held(&n->list_lock);
	list_del(&slab->slab_list);
	clear_page_bit(slab_page(slab), PG_workingset);
	__atomic_store_n(&n->nr_partial, n->nr_partial - 1, __ATOMIC_RELAXED);
}

#endif /* KMM_MM_SLAB_H */
