// SPDX-License-Identifier: MIT
/*
 * src/mm/slub.c - the SLUB allocator (Linux 6.12's mm/slub.c): object
 * caches cut out of slabs, compound pages from the buddy allocator.
 *
 * 0. Files. This file holds the allocation and free paths (fast and slow),
 *    the CPU slabs, the node partial lists, bulk calls and kmalloc;
 *    slub_slab.c makes and frees slabs; slub_cache.c creates, shrinks,
 *    validates and bootstraps caches; slub_debug.c is slub_debug=.
 *
 * 1. Concepts. A cache (struct kmem_cache) hands out objects of one size.
 *    Its memory comes in slabs: compound pages of order oo_order(s->oo)
 *    holding oo_objects(s->oo) objects. struct slab overlays the head
 *    struct page (src/mm/slab.h): the slab's own freelist of free objects,
 *    inuse, objects and frozen. A free object holds the (encoded) pointer
 *    to the next free object at s->offset.
 *
 * 2. Where a slab can be:
 *      cpu slab      c->slab of one CPU, "frozen": its free objects are on
 *                    c->freelist (taken whole from slab->freelist); objects
 *                    freed by other CPUs collect on slab->freelist.
 *      cpu partial   on c->partial (chained by slab->next, with a count of
 *                    slabs in slab->slabs), not frozen, no list lock.
 *      node partial  on n->partial under n->list_lock (PG_workingset set).
 *      full          on no list (debug caches: on n->full).
 *    A slab whose last object is freed goes back to the page allocator
 *    unless the node keeps fewer than s->min_partial partial slabs.
 *
 * 3. Fast paths (slab_alloc_node(), do_slab_free()): a CPU's freelist and a
 *    transaction id (tid) form a 16-byte pair. Allocation reads tid, then
 *    the first object and its successor, and swaps the pair to (next,
 *    tid + 1) with one compare-and-swap; freeing to the CPU's active slab
 *    pushes the object the same way. No lock, no interrupt disabling.
 *    Every call out of a fast path is a tail call, so it saves only rbx
 *    (which cmpxchg16b needs). Cost on x86-64 (bench/bench_slab.c, a
 *    loop of pairs, callgrind): kmem_cache_alloc ~37 instructions,
 *    kmem_cache_free ~45 (the slab from the page, the cache check, the
 *    CPU lookup, the hardened pointer and the double-free check included),
 *    ~99 per pair with the loop (93 before failslab's armed test); the
 *    two LOCK CMPXCHG16B dominate the
 *    time (~30 ns a pair here, where mimalloc's thread-local pair is
 *    ~12 ns). See point 7 for why the CAS must be locked.
 *
 * 4. Slow paths take the CPU's lock (c->lock), then the node's list_lock;
 *    the order is c->lock -> n->list_lock, never the reverse. slab_mutex
 *    (slab_common.c) guards the list of caches and is taken outside both.
 *    A slab's freelist and counters change only by a 16-byte CAS on the
 *    pair (slab_update_freelist()), except for debug caches where every
 *    change happens under n->list_lock (as 6.12's free_to_partial_list).
 *
 * 5. Changing a CPU's active slab (the protocol kmm adds, see 7): with
 *    c->lock held, (1) c->slab = NULL, (2) swap the pair to (NULL, tid+1)
 *    taking the old freelist, ... (3) swap (NULL, tid') to (new freelist,
 *    tid'+1), (4) c->slab = new. A fast free reads tid before c->slab: a
 *    free that saw the old slab holds an old tid and its CAS fails; one
 *    that reads c->slab between (1) and (4) sees NULL or a tid that (3)
 *    changes, and goes to __slab_free(), which is always right.
 *
 * 6. Debugging. Caches with SLAB_DEBUG_FLAGS never get a CPU slab: every
 *    allocation takes one object from a node partial slab under the list
 *    lock and runs alloc_debug_processing(); every free runs
 *    free_debug_processing() (src/mm/slub_debug.c). The fast paths pay
 *    nothing for it: a debug cache's c->freelist is always NULL and its
 *    c->slab never matches. init_on_alloc= and init_on_free= use the same
 *    single-object route, so they cost the fast path nothing either.
 *    Hardened free pointers (slab.h point 2) and shuffled freelists
 *    (shuffle_freelist()) are on by default: slab_freelist_hardened=0 and
 *    slab_freelist_random=0 turn them off. A double free on the fast path
 *    is caught by the check Linux makes with CONFIG_SLAB_FREELIST_HARDENED
 *    (the object must not be the head of the freelist it is pushed to).
 *
 * 7. How kmm differs from Linux. Kernel per-CPU data is touched only by
 *    its CPU with preemption or interrupts off, so Linux's this_cpu_cmpxchg
 *    needs no LOCK prefix and the slow path may store to c->freelist and
 *    c->tid plainly under its local lock. Here a thread may be preempted
 *    or migrate between reading its CPU number and using the CPU's
 *    structure, and two threads may share one CPU. kmm keeps Linux's
 *    design (a) with a real, locked 16-byte CAS (cmpxchg16b; GCC inlines
 *    __sync_bool_compare_and_swap on unsigned __int128 with -mcx16):
 *      - every writer of the (freelist, tid) pair uses the CAS, the slow
 *        path included, because a migrated thread may CAS a remote CPU's
 *        pair at any moment; tids need not be unique across CPUs (TID_STEP
 *        is 1) since the CAS targets the pair that was read;
 *      - c->lock is a spinlock (not a local_lock) shared by the threads
 *        that find themselves on that CPU;
 *      - the speculative read of the next free pointer of an object that
 *        another thread may have just allocated is exempt from TSan;
 *      - without a 16-byte CAS the pair is swapped under a lock chosen by
 *        its address (cas_pair()): slower, same algorithm.
 *    Design (b), a per-CPU spinlock taken by one trylock, costs the same
 *    locked instruction per operation but blocks the CPU's other threads
 *    when its holder is preempted; (a) never blocks. Either way a pair
 *    costs two locked read-modify-writes, more than a thread-cached
 *    allocator's whole pair: only a restartable sequence (rseq), which
 *    the kernel aborts when the thread is preempted or migrates, would let
 *    the fast path use plain stores as Linux's does; it also needs the
 *    slow paths to fence the CPU's sequences (membarrier) before touching
 *    its freelist, and is left for later.
 *    The CPU number comes from a table indexed by the host CPU the thread
 *    runs on (rseq's cpu_id), built at kmem_cache_init(): one TLS load, one
 *    bounds check, one table load. Where the host has no rseq area
 *    (valgrind), each thread gets a CPU at its first use and keeps it.
 *    Other differences: might_alloc()'s sleep-in-atomic check runs in the
 *    slow path only (where SLUB may really sleep: it allocates pages);
 *    there are no memcg, kasan, kfence or pfmemalloc hooks; SLUB's sysfs
 *    statistics (CONFIG_SLUB_STATS) are not kept.
 */
#include <kmm/slab.h>
#include <kmm/bitops.h>
#include <kmm/random.h>
#include <kmm/gfp.h>
#include <kmm/mm.h>
#include <kmm/minmax.h>
#include <kmm/percpu.h>
#include <kmm/printk.h>
#include <kmm/bug.h>
#include <kmm/init.h>
#include <kmm/cmdline.h>
#include <kmm/panic.h>
#include <kmm/sched.h>
#include "../lib/string.h"
#include "../host/host.h"
#include "slab.h"
#include "slub_debug.h"
#include "failslab.h"

/* swap() of linux/minmax.h (kmem_cache_free_bulk()). */
#define swap(a, b)	do { __typeof__(a) __t = (a); (a) = (b); (b) = __t; } while (0)

/* ---- The CPU of this thread (point 7) ---- */

static const u32 slub_no_cpu = ~0U;
static _Thread_local const volatile u32 *slub_cpu_word
	__attribute__((tls_model("initial-exec"))) = &slub_no_cpu;
/* Per-CPU offset of the virtual CPU each host CPU folds onto. */
unsigned long slub_cpu_offset[NR_CPUS];

/* Without rseq (valgrind, old kernels): a CPU assigned at first use. */
static _Thread_local u32 slub_assigned_cpu
	__attribute__((tls_model("initial-exec"))) = ~0U;
static u32 slub_next_cpu;

static noinline struct kmem_cache_cpu *slub_cpu_slow(struct kmem_cache *s)
{
	const volatile u32 *word = host_cpu_id_word();
	u32 cpu = word ? *word : ~0U;

	if (cpu < NR_CPUS) {
		slub_cpu_word = word;
	} else {
		cpu = __atomic_fetch_add(&slub_next_cpu, 1, __ATOMIC_RELAXED) %
		      (u32)nr_cpu_ids;
		slub_assigned_cpu = cpu;
		slub_cpu_word = &slub_assigned_cpu;
	}
	return (struct kmem_cache_cpu *)((unsigned long)s->cpu_slab +
					 slub_cpu_offset[cpu]);
}

/* This thread's CPU structure of @s: it may be another CPU's by the time
 * it is used, which the CAS-based fast paths tolerate. */
static __always_inline struct kmem_cache_cpu *raw_cpu_slab(struct kmem_cache *s)
{
	u32 cpu = *slub_cpu_word;

	if (unlikely(cpu >= NR_CPUS))
		return slub_cpu_slow(s);
	return (struct kmem_cache_cpu *)((unsigned long)s->cpu_slab +
					 slub_cpu_offset[cpu]);
}

/* The host CPU of this thread for the fast paths; NR_CPUS or more: unknown yet. */
static __always_inline u32 fast_cpu(void)
{
	return *slub_cpu_word;
}

static __always_inline struct kmem_cache_cpu *cpu_slab_at(struct kmem_cache *s, u32 cpu)
{
	return (struct kmem_cache_cpu *)((unsigned long)s->cpu_slab +
					 slub_cpu_offset[cpu]);
}

/* vmemmap - (PAGE_OFFSET >> PAGE_SHIFT): virt_to_page() in one add. */
unsigned long slub_page_base;

void slub_init_cpu_table(void)
{
	for (int h = 0; h < NR_CPUS; h++)
		slub_cpu_offset[h] = __per_cpu_offset[h % nr_cpu_ids];
}

/* ---- 16-byte compare-and-swap (point 7) ---- */

#if !system_has_freelist_aba()
static spinlock_t cas_locks[64];

static bool cas_pair_locked(freelist_aba_t *ptr, freelist_aba_t old,
			    freelist_aba_t new)
{
	spinlock_t *lock = &cas_locks[((unsigned long)ptr >> 4) & 63];
	bool ok = false;

	arch_spin_lock(lock);
	if (ptr->freelist == old.freelist && ptr->counter == old.counter) {
		ptr->full = new.full;
		ok = true;
	}
	arch_spin_unlock(lock);
	return ok;
}
#endif

static __always_inline bool cas_pair(freelist_aba_t *ptr, freelist_aba_t old,
				     freelist_aba_t new)
{
#if system_has_freelist_aba()
	return __sync_bool_compare_and_swap(&ptr->full, old.full, new.full);
#else
	return cas_pair_locked(ptr, old, new);
#endif
}

#define TID_STEP	1UL

static inline unsigned long next_tid(unsigned long tid)
{
	return tid + TID_STEP;
}

/* Read a pair: tid (or counters) first, then the freelist. */
static __always_inline freelist_aba_t read_pair(freelist_aba_t *p)
{
	freelist_aba_t v;

	v.counter = __atomic_load_n(&p->counter, __ATOMIC_ACQUIRE);
	v.freelist = __atomic_load_n(&p->freelist, __ATOMIC_ACQUIRE);
	return v;
}

/*
 * The next free pointer of @object, which another thread may have
 * allocated and be writing since we read it from the freelist: the value
 * is then garbage, and the CAS that follows fails. Exempt from TSan.
 */
__attribute__((no_sanitize("thread"), no_sanitize("address")))
static inline void *get_freepointer_safe(struct kmem_cache *s, void *object)
{
	unsigned long ptr_addr = (unsigned long)object + s->offset;

	return freelist_ptr_decode(s, *(volatile unsigned long *)ptr_addr, ptr_addr);
}

/* ---- Slab freelist and counters ---- */

static inline bool slab_update_freelist(struct kmem_cache *s, struct slab *slab,
					void *freelist_old, unsigned long counters_old,
					void *freelist_new, unsigned long counters_new)
{
	freelist_aba_t old = { .freelist = freelist_old, .counter = counters_old };
	freelist_aba_t new = { .freelist = freelist_new, .counter = counters_new };

	return cas_pair(&slab->freelist_counter, old, new);
}

static inline struct slab *cpu_slab_read(struct kmem_cache_cpu *c)
{
	return __atomic_load_n(&c->slab, __ATOMIC_ACQUIRE);
}

static inline void cpu_slab_write(struct kmem_cache_cpu *c, struct slab *slab)
{
	__atomic_store_n(&c->slab, slab, __ATOMIC_RELEASE);
}

/*
 * The object size, which kmem_cache_create() of an alias may raise while
 * other threads allocate (under slab_mutex, read without it).
 */
static __always_inline unsigned int cache_object_size(const struct kmem_cache *s)
{
	return __atomic_load_n(&s->object_size, __ATOMIC_RELAXED);
}

static bool slab_want_init_on_alloc(gfp_t flags, struct kmem_cache *s)
{
	if (init_on_alloc) {
		if (s->ctor)
			return false;
		if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
			return flags & __GFP_ZERO;
		return true;
	}
	return flags & __GFP_ZERO;
}

static bool slab_want_init_on_free(struct kmem_cache *s)
{
	if (init_on_free)
		return !(s->ctor || (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)));
	return false;
}

/* ---- Node counters ---- */

unsigned long node_nr_slabs(struct kmem_cache_node *n)
{
	return (unsigned long)atomic_long_read(&n->nr_slabs);
}

unsigned long node_nr_objs(struct kmem_cache_node *n)
{
	return (unsigned long)atomic_long_read(&n->total_objects);
}

/* NR_SLAB_RECLAIMABLE_B / NR_SLAB_UNRECLAIMABLE_B of the slab's node. */
void slab_account_pages(struct kmem_cache *s, struct slab *slab, int sign)
{
	enum node_stat_item item = (s->flags & SLAB_RECLAIM_ACCOUNT) ?
		NR_SLAB_RECLAIMABLE_B : NR_SLAB_UNRECLAIMABLE_B;

	mod_node_page_state(NODE_DATA(slab_nid(slab)), item,
			    sign * (long)slab_size(slab));
}

/* ---- Node partial lists ---- */


/* The racy read of a node's partial count, as Linux makes it. */
static inline unsigned long node_nr_partial(struct kmem_cache_node *n)
{
	return __atomic_load_n(&n->nr_partial, __ATOMIC_RELAXED);
}

/* Debug caches keep full slabs on n->full (for validation). */
static void add_full(struct kmem_cache *s, struct kmem_cache_node *n,
		     struct slab *slab)
{
	if (!(s->flags & SLAB_STORE_USER) && !kmem_cache_debug(s))
		return;
	lockdep_assert_held(&n->list_lock);
	list_add(&slab->slab_list, &n->full);
}

static void remove_full(struct kmem_cache *s, struct kmem_cache_node *n,
			struct slab *slab)
{
	if (!kmem_cache_debug(s))
		return;
	lockdep_assert_held(&n->list_lock);
	list_del(&slab->slab_list);
}

/* Single-object mode: take one object of a node partial slab. */
static void *alloc_single_from_partial(struct kmem_cache *s,
				       struct kmem_cache_node *n,
				       struct slab *slab, int orig_size)
{
	void *object = slab->freelist;

	slab->freelist = get_freepointer(s, object);
	slab->inuse++;
	if (kmem_cache_debug(s) &&
	    !alloc_debug_processing(s, slab, object, orig_size)) {
		remove_partial(n, slab);
		return NULL;
	}
	if (slab->inuse == slab->objects) {
		remove_partial(n, slab);
		add_full(s, n, slab);
	}
	return object;
}

/* Single-object mode: take one object of a new slab, list the slab. */
static void *alloc_single_from_new_slab(struct kmem_cache *s,
					struct slab *slab, int orig_size)
{
	int nid = slab_nid(slab);
	struct kmem_cache_node *n = get_node(s, nid);
	unsigned long flags;
	void *object = slab->freelist;

	slab->freelist = get_freepointer(s, object);
	slab->inuse = 1;
	if (kmem_cache_debug(s) &&
	    !alloc_debug_processing(s, slab, object, orig_size))
		return NULL;
	spin_lock_irqsave(&n->list_lock, flags);
	if (slab->inuse == slab->objects)
		add_full(s, n, slab);
	else
		add_partial(n, slab, DEACTIVATE_TO_HEAD);
	inc_slabs_node(s, nid, slab->objects);
	spin_unlock_irqrestore(&n->list_lock, flags);
	return object;
}

struct partial_context {
	gfp_t flags;
	unsigned int orig_size;
	void *object;
};

static void put_cpu_partial(struct kmem_cache *s, struct slab *slab, int drain);

static struct slab *get_partial_node(struct kmem_cache *s,
				     struct kmem_cache_node *n,
				     struct partial_context *pc)
{
	struct slab *slab, *slab2, *partial = NULL;
	unsigned int partial_slabs = 0;
	unsigned long flags;

	if (!n || !node_nr_partial(n))
		return NULL;
	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry_safe(slab, slab2, &n->partial, slab_list) {
		if (slab_single_object_mode(s)) {
			void *object = alloc_single_from_partial(s, n, slab,
								 pc->orig_size);
			if (object) {
				partial = slab;
				pc->object = object;
				break;
			}
			continue;
		}
		remove_partial(n, slab);
		if (!partial) {
			partial = slab;
			if (!s->cpu_partial_slabs)
				break;
		} else {
			put_cpu_partial(s, slab, 0);
			if (++partial_slabs > s->cpu_partial_slabs / 2)
				break;
		}
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
	return partial;
}

/* A partial slab from @node, else from the other nodes by distance. */
static struct slab *get_partial(struct kmem_cache *s, int node,
				struct partial_context *pc)
{
	int searchnode = node == NUMA_NO_NODE ? numa_node_id() : node;
	struct slab *slab;

	slab = get_partial_node(s, get_node(s, searchnode), pc);
	if (slab || (node != NUMA_NO_NODE && (pc->flags & __GFP_THISNODE)))
		return slab;
	for (int nid = 0; nid < nr_node_ids; nid++) {
		if (nid == searchnode || !get_node(s, nid))
			continue;
		slab = get_partial_node(s, get_node(s, nid), pc);
		if (slab)
			return slab;
	}
	return NULL;
}

/* ---- CPU slabs ---- */

/*
 * Take the whole free list of @slab, in use by all its objects now. The
 * slab ends frozen if @freeze (a slab off a node list) or if the list was
 * not empty; a full slab ends unfrozen, on no list. Return: the list.
 */
static void *take_freelist(struct kmem_cache *s, struct slab *slab, bool freeze)
{
	struct slab new;
	unsigned long counters;
	void *freelist;

	do {
		counters = __atomic_load_n(&slab->counters, __ATOMIC_ACQUIRE);
		freelist = __atomic_load_n(&slab->freelist, __ATOMIC_ACQUIRE);
		new.counters = counters;
		VM_BUG_ON(freeze && new.frozen);
		new.inuse = slab->objects;
		new.frozen = freeze || freelist != NULL;
	} while (!slab_update_freelist(s, slab, freelist, counters, NULL,
				       new.counters));
	return freelist;
}

/* The CPU slab's objects freed by other CPUs (6.12's get_freelist()). */
static void *get_freelist(struct kmem_cache *s, struct slab *slab)
{
	return take_freelist(s, slab, false);
}

/* Freeze a slab taken off a node list; Return: its free list. */
static void *freeze_slab(struct kmem_cache *s, struct slab *slab)
{
	return take_freelist(s, slab, true);
}

/*
 * Point 5, steps (1) and (2): detach the CPU's slab and take its free
 * list; c->lock held. Return: the old free list; *@slabp the old slab.
 */
static void *cpu_slab_take(struct kmem_cache_cpu *c, struct slab **slabp)
{
	freelist_aba_t old, new;

	*slabp = c->slab;
	cpu_slab_write(c, NULL);
	do {
		old = read_pair(&c->freelist_tid);
		new.freelist = NULL;
		new.counter = next_tid(old.counter);
	} while (!cas_pair(&c->freelist_tid, old, new));
	return old.freelist;
}

/* Point 5, steps (3) and (4): make @slab with @freelist the CPU's slab. */
static void cpu_slab_install(struct kmem_cache_cpu *c, struct slab *slab,
			     void *freelist)
{
	freelist_aba_t old, new;

	do {
		old = read_pair(&c->freelist_tid);
		VM_BUG_ON(old.freelist);
		new.freelist = freelist;
		new.counter = next_tid(old.counter);
	} while (!cas_pair(&c->freelist_tid, old, new));
	cpu_slab_write(c, slab);
}

/*
 * deactivate_slab - give back a slab that was a CPU's, with the objects
 * of the CPU's free list @freelist, and put it where it now belongs.
 */
static void deactivate_slab(struct kmem_cache *s, struct slab *slab, void *freelist)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	void *freelist_tail = NULL, *iter = freelist;
	int free_delta = 0, tail = DEACTIVATE_TO_HEAD;
	struct slab new, old;
	unsigned long flags;

	if (__atomic_load_n(&slab->freelist, __ATOMIC_RELAXED))
		tail = DEACTIVATE_TO_TAIL;
	while (iter) {
		freelist_tail = iter;
		free_delta++;
		iter = get_freepointer(s, iter);
	}
	do {
		old.counters = __atomic_load_n(&slab->counters, __ATOMIC_ACQUIRE);
		old.freelist = __atomic_load_n(&slab->freelist, __ATOMIC_ACQUIRE);
		VM_BUG_ON(!old.frozen);
		new.counters = old.counters;
		new.frozen = 0;
		if (freelist_tail) {
			new.inuse -= free_delta;
			set_freepointer(s, freelist_tail, old.freelist);
			new.freelist = freelist;
		} else {
			new.freelist = old.freelist;
		}
	} while (!slab_update_freelist(s, slab, old.freelist, old.counters,
				       new.freelist, new.counters));

	if (!new.inuse && node_nr_partial(n) >= s->min_partial) {
		discard_slab(s, slab);
	} else if (new.freelist) {
		spin_lock_irqsave(&n->list_lock, flags);
		add_partial(n, slab, tail);
		spin_unlock_irqrestore(&n->list_lock, flags);
	}
}

/* Put a chain of CPU partial slabs back on their nodes (or free them). */
static void __put_partials(struct kmem_cache *s, struct slab *partial_slab)
{
	struct kmem_cache_node *n = NULL, *n2;
	struct slab *slab, *slab_to_discard = NULL;
	unsigned long flags = 0;

	while (partial_slab) {
		slab = partial_slab;
		partial_slab = slab->next;
		n2 = get_node(s, slab_nid(slab));
		if (n != n2) {
			if (n)
				spin_unlock_irqrestore(&n->list_lock, flags);
			n = n2;
			spin_lock_irqsave(&n->list_lock, flags);
		}
		if (unlikely(!slab->inuse && n->nr_partial >= s->min_partial)) {
			slab->next = slab_to_discard;
			slab_to_discard = slab;
		} else {
			add_partial(n, slab, DEACTIVATE_TO_TAIL);
		}
	}
	if (n)
		spin_unlock_irqrestore(&n->list_lock, flags);
	while (slab_to_discard) {
		slab = slab_to_discard;
		slab_to_discard = slab_to_discard->next;
		discard_slab(s, slab);
	}
}

/*
 * put_cpu_partial - put a slab that just got its first free object (or
 * came off a node list) on this CPU's partial chain; with @drain, spill
 * the chain to the node lists when it holds cpu_partial_slabs already.
 */
static void put_cpu_partial(struct kmem_cache *s, struct slab *slab, int drain)
{
	struct kmem_cache_cpu *c = raw_cpu_slab(s);
	struct slab *oldslab, *slab_to_put = NULL;
	unsigned long flags;
	int slabs = 0;

	spin_lock_irqsave(&c->lock, flags);
	oldslab = c->partial;
	if (oldslab) {
		if (drain && oldslab->slabs >= (int)s->cpu_partial_slabs) {
			slab_to_put = oldslab;
			oldslab = NULL;
		} else {
			slabs = oldslab->slabs;
		}
	}
	slabs++;
	slab->slabs = slabs;
	slab->next = oldslab;
	c->partial = slab;
	spin_unlock_irqrestore(&c->lock, flags);
	if (slab_to_put)
		__put_partials(s, slab_to_put);
}

/* Empty one CPU's slab and partial chain back into the node lists. */
static void flush_cpu_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct slab *slab, *partial;
	unsigned long flags;
	void *freelist;

	spin_lock_irqsave(&c->lock, flags);
	freelist = cpu_slab_take(c, &slab);
	partial = c->partial;
	c->partial = NULL;
	spin_unlock_irqrestore(&c->lock, flags);
	if (slab)
		deactivate_slab(s, slab, freelist);
	if (partial)
		__put_partials(s, partial);
}

/**
 * flush_all - return every CPU's slab and partial slabs to the node lists.
 * @s: the cache.
 *
 * Context: may take every CPU's lock; objects other threads free or
 * allocate meanwhile stay correct (they may refill a CPU slab at once).
 */
void flush_all(struct kmem_cache *s)
{
	int cpu;

	for_each_possible_cpu(cpu)
		flush_cpu_slab(s, per_cpu_ptr(s->cpu_slab, cpu));
}

/* ---- Allocation ---- */

static bool node_match(struct slab *slab, int node)
{
	return node == NUMA_NO_NODE || (slab && slab_nid(slab) == node);
}

static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfpflags, int nid)
{
	struct kmem_cache_node *n;
	int node;

	int cpu = raw_smp_processor_id();

	if ((gfpflags & __GFP_NOWARN))
		return;
	/* 6.12's words (CONFIG_SLUB_DEBUG), the debug layer's hint included. */
	pr_warn("SLUB: Unable to allocate memory on CPU %u (of node %d) on node %d, gfp=%#x(%pGg)\n",
		cpu, cpu_to_node(cpu), nid, gfpflags, &gfpflags);
	pr_warn("  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n",
		s->name, s->object_size, s->size, oo_order(s->oo), oo_order(s->min));
	if (oo_order(s->min) > (unsigned int)get_order(s->object_size))
		pr_warn("  %s debugging increased min order, use slab_debug=O to disable.\n",
			s->name);
	for_each_kmem_cache_node(s, node, n) {
		unsigned long nr_slabs = node_nr_slabs(n);
		unsigned long nr_objs = node_nr_objs(n);
		unsigned long nr_free = count_partial(n, count_free);

		pr_warn("  node %d: slabs: %ld, objs: %ld, free: %ld\n",
			node, nr_slabs, nr_objs, nr_free);
	}
}

/*
 * Install @slab, frozen with its free list @freelist, as the CPU's slab
 * and return its first object; c->lock held (and released here). A slab
 * already installed by another thread of this CPU is deactivated first.
 */
static void *load_freelist(struct kmem_cache *s, struct kmem_cache_cpu *c,
			   struct slab *slab, void *freelist, unsigned long flags)
{
	struct slab *old_slab;
	void *old_freelist;

	while (c->slab) {
		old_freelist = cpu_slab_take(c, &old_slab);
		spin_unlock_irqrestore(&c->lock, flags);
		deactivate_slab(s, old_slab, old_freelist);
		spin_lock_irqsave(&c->lock, flags);
	}
	cpu_slab_install(c, slab, get_freepointer(s, freelist));
	spin_unlock_irqrestore(&c->lock, flags);
	return freelist;
}

/* Refill from the CPU's own slab or partial chain; c->lock held. */
static void *refill_from_cpu(struct kmem_cache *s, struct kmem_cache_cpu *c,
			     int node, unsigned long flags, bool *done)
{
	struct slab *slab = c->slab;
	void *freelist;

	*done = true;
	if (slab && node_match(slab, node)) {
		freelist = cpu_slab_take(c, &slab);
		if (!freelist)
			freelist = get_freelist(s, slab);
		if (freelist)
			return load_freelist(s, c, slab, freelist, flags);
		/* The slab is full: it is no CPU's any more. */
	} else if (slab) {
		freelist = cpu_slab_take(c, &slab);
		spin_unlock_irqrestore(&c->lock, flags);
		deactivate_slab(s, slab, freelist);
		spin_lock_irqsave(&c->lock, flags);
	}
	while (c->partial) {
		slab = c->partial;
		c->partial = slab->next;
		if (node_match(slab, node)) {
			freelist = freeze_slab(s, slab);
			if (freelist)
				return load_freelist(s, c, slab, freelist, flags);
			continue;
		}
		spin_unlock_irqrestore(&c->lock, flags);
		slab->next = NULL;
		__put_partials(s, slab);
		spin_lock_irqsave(&c->lock, flags);
	}
	*done = false;
	return NULL;
}

/*
 * The flags for a first try that stays on @node (6.12's try_thisnode): a
 * node asked for without __GFP_THISNODE is tried strictly and without
 * waiting first, then with the caller's flags, which may fall back.
 */
static gfp_t thisnode_flags(gfp_t gfpflags, int node, bool try_thisnode)
{
	if (node != NUMA_NO_NODE && !(gfpflags & __GFP_THISNODE) && try_thisnode)
		return GFP_NOWAIT | __GFP_THISNODE;
	return gfpflags;
}

/* The object of a new or node partial slab, in single-object mode. */
static void *alloc_single(struct kmem_cache *s, gfp_t gfpflags, int node,
			  unsigned long addr, unsigned int orig_size)
{
	struct partial_context pc = { gfpflags, orig_size, NULL };
	bool try_thisnode = true;
	struct slab *slab;
	void *object;

	for (;;) {
		pc.flags = thisnode_flags(gfpflags, node, try_thisnode);
		slab = get_partial(s, node, &pc);
		if (slab) {
			object = pc.object;
			break;
		}
		slab = new_slab(s, pc.flags, node);
		if (unlikely(!slab)) {
			if (pc.flags != gfpflags) {
				try_thisnode = false;
				continue;
			}
			slab_out_of_memory(s, gfpflags, node);
			return NULL;
		}
		object = alloc_single_from_new_slab(s, slab, orig_size);
		if (object)
			break;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_ALLOC, addr);
	return object;
}

/*
 * ___slab_alloc - the slow path: the CPU's free list is empty (or on the
 * wrong node). Refill it from the CPU's slab, its partial chain, a node
 * partial slab or a new slab, in that order.
 */
static void *___slab_alloc(struct kmem_cache *s, gfp_t gfpflags, int node,
			   unsigned long addr, unsigned int orig_size)
{
	struct partial_context pc = { gfpflags, orig_size, NULL };
	struct kmem_cache_cpu *c;
	struct slab *slab;
	unsigned long flags;
	void *freelist;
	bool done;

	if (slab_single_object_mode(s))
		return alloc_single(s, gfpflags, node, addr, orig_size);
	c = raw_cpu_slab(s);
	spin_lock_irqsave(&c->lock, flags);
	freelist = refill_from_cpu(s, c, node, flags, &done);
	if (done)
		return freelist;
	spin_unlock_irqrestore(&c->lock, flags);

	pc.flags = thisnode_flags(gfpflags, node, true);
new_objects:
	slab = get_partial(s, node, &pc);
	if (slab) {
		freelist = freeze_slab(s, slab);
	} else {
		slab = new_slab(s, pc.flags, node);
		if (unlikely(!slab)) {
			if (pc.flags != gfpflags) {
				pc.flags = gfpflags;
				goto new_objects;
			}
			slab_out_of_memory(s, gfpflags, node);
			return NULL;
		}
		freelist = slab->freelist;
		slab->freelist = NULL;
		slab->inuse = slab->objects;
		slab->frozen = 1;
		inc_slabs_node(s, slab_nid(slab), slab->objects);
	}
	spin_lock_irqsave(&c->lock, flags);
	return load_freelist(s, c, slab, freelist, flags);
}

/*
 * Bytes to zero for __GFP_ZERO or init_on_alloc: the whole object, but
 * for a kmalloc object whose cache checks its red zone or tracks its
 * owner, only what was asked for - the rest up to the size class is red
 * zone that the check expects untouched (6.12's slab_post_alloc_hook()).
 */
static unsigned int slab_zero_size(const struct kmem_cache *s, unsigned int orig_size)
{
	if ((s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE)) && (s->flags & SLAB_KMALLOC))
		return orig_size;
	return cache_object_size(s);
}

static noinline void *__slab_alloc(struct kmem_cache *s, gfp_t gfpflags,
				   int node, unsigned long addr,
				   unsigned int orig_size)
{
	void *object;

	might_alloc(gfpflags);
	if (node != NUMA_NO_NODE && (unsigned int)node >= (unsigned int)nr_node_ids)
		node = NUMA_NO_NODE;
	else if (node != NUMA_NO_NODE && !get_node(s, node))
		node = NUMA_NO_NODE;
	object = ___slab_alloc(s, gfpflags, node, addr, orig_size);
	if (!object)
		return NULL;
	if ((gfpflags & __GFP_ZERO) ||
	    (slab_single_object_mode(s) && slab_want_init_on_alloc(gfpflags, s)))
		memset(object, 0, slab_zero_size(s, orig_size));
	return object;
}

static noinline void *slab_zero_object(struct kmem_cache *s, void *object)
{
	return memset(object, 0, cache_object_size(s));
}

static void *slab_alloc_nocpu(struct kmem_cache *s, gfp_t gfpflags, int node,
			      unsigned long addr, size_t orig_size);

/*
 * An allocation while failslab may inject (failslab.c): the injection
 * decides first (slab_pre_alloc_hook()'s should_failslab() in 6.12), then
 * the slow path serves it.
 */
static noinline void *slab_alloc_failslab(struct kmem_cache *s, gfp_t gfpflags, int node,
					  unsigned long addr, size_t orig_size)
{
	if (should_failslab(s, gfpflags))
		return NULL;
	return __slab_alloc(s, gfpflags, node, addr, (unsigned int)orig_size);
}

/*
 * slab_alloc_node - the allocation fast path (point 3): pop the first
 * object of this CPU's free list with one 16-byte CAS. Every call out of
 * it is a tail call, so it saves no register but the one cmpxchg16b
 * needs (rbx).
 */
static __always_inline void *slab_alloc_node(struct kmem_cache *s, gfp_t gfpflags,
					     int node, unsigned long addr,
					     size_t orig_size)
{
	struct kmem_cache_cpu *c;
	freelist_aba_t old, new;
	void *object;
	u32 cpu;

	if (unlikely(failslab_armed()))
		return slab_alloc_failslab(s, gfpflags, node, addr, orig_size);
redo:
	cpu = fast_cpu();
	if (unlikely(cpu >= NR_CPUS))
		return slab_alloc_nocpu(s, gfpflags, node, addr, orig_size);
	c = cpu_slab_at(s, cpu);
	old = read_pair(&c->freelist_tid);
	object = old.freelist;
	if (unlikely(!object || (node != NUMA_NO_NODE &&
				 !node_match(cpu_slab_read(c), node))))
		return __slab_alloc(s, gfpflags, node, addr, (unsigned int)orig_size);
	new.freelist = get_freepointer_safe(s, object);
	new.counter = next_tid(old.counter);
	if (unlikely(!cas_pair(&c->freelist_tid, old, new)))
		goto redo;
	if (unlikely(gfpflags & __GFP_ZERO))
		return slab_zero_object(s, object);
	return object;
}

/* The fast path of a thread whose CPU is not known yet. */
static noinline void *slab_alloc_nocpu(struct kmem_cache *s, gfp_t gfpflags, int node,
				       unsigned long addr, size_t orig_size)
{
	slub_cpu_slow(s);
	return slab_alloc_node(s, gfpflags, node, addr, orig_size);
}

/**
 * kmem_cache_alloc - allocate an object from a cache.
 * @s: the cache.
 * @gfpflags: GFP flags; __GFP_ZERO zeroes the object.
 *
 * Context: may sleep if @gfpflags allows, when a new slab is needed.
 * Return: the object, or NULL.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfpflags)
{
	return slab_alloc_node(s, gfpflags, NUMA_NO_NODE, _RET_IP_, cache_object_size(s));
}

/**
 * kmem_cache_alloc_node - allocate an object from a cache, on a node.
 * @s: the cache.
 * @gfpflags: GFP flags.
 * @node: the node, or NUMA_NO_NODE for any (this CPU's first).
 *
 * Context: as kmem_cache_alloc(). Return: the object, or NULL.
 */
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node)
{
	return slab_alloc_node(s, gfpflags, node, _RET_IP_, cache_object_size(s));
}

void *__slab_alloc_node_public(struct kmem_cache *s, gfp_t gfp, int node,
			       unsigned long addr, size_t orig_size)
{
	return slab_alloc_node(s, gfp, node, addr, orig_size);
}

/* ---- Freeing ---- */

/* Debug and single-object caches: free under the list lock (6.12's free_to_partial_list). */
static void free_to_partial_list(struct kmem_cache *s, struct slab *slab,
				 void *head, void *tail, int bulk_cnt,
				 unsigned long addr)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	struct slab *slab_free = NULL;
	int cnt = bulk_cnt;
	unsigned long flags;

	spin_lock_irqsave(&n->list_lock, flags);
	if (kmem_cache_debug(s) &&
	    !free_debug_processing(s, slab, head, tail, &cnt, addr))
		goto out;
	if (cnt) {
		void *prior = slab->freelist;

		set_freepointer(s, tail, prior);
		slab->freelist = head;
		slab->inuse -= cnt;
		if (slab->inuse == 0 && n->nr_partial >= s->min_partial)
			slab_free = slab;
		if (!prior) {
			/* It was full: off the full list, onto the partial one. */
			remove_full(s, n, slab);
			if (!slab_free)
				add_partial(n, slab, DEACTIVATE_TO_TAIL);
		} else if (slab_free) {
			remove_partial(n, slab);
		}
	}
out:
	spin_unlock_irqrestore(&n->list_lock, flags);
	if (slab_free)
		discard_slab(s, slab_free);
}

/*
 * __slab_free - the slow free: the object is not in this CPU's slab.
 * Push the chain head..tail (cnt objects) on the slab's own free list;
 * then move the slab where it now belongs (6.12's rules).
 */
static void __slab_free(struct kmem_cache *s, struct slab *slab, void *head,
			void *tail, int cnt, unsigned long addr)
{
	struct kmem_cache_node *n = NULL;
	bool on_node_partial = false;
	unsigned long counters, flags = 0;
	int was_frozen;
	struct slab new;
	void *prior;

	if (slab_single_object_mode(s)) {
		/* init_on_free: bulk chains were zeroed as they were built. */
		if (head == tail && slab_want_init_on_free(s))
			memset(head, 0, cache_object_size(s));
		free_to_partial_list(s, slab, head, tail, cnt, addr);
		return;
	}
	do {
		if (unlikely(n)) {
			spin_unlock_irqrestore(&n->list_lock, flags);
			n = NULL;
		}
		counters = __atomic_load_n(&slab->counters, __ATOMIC_ACQUIRE);
		prior = __atomic_load_n(&slab->freelist, __ATOMIC_ACQUIRE);
		set_freepointer(s, tail, prior);
		new.counters = counters;
		was_frozen = new.frozen;
		new.inuse -= cnt;
		if ((!new.inuse || !prior) && !was_frozen && prior) {
			n = get_node(s, slab_nid(slab));
			spin_lock_irqsave(&n->list_lock, flags);
			on_node_partial = slab_test_node_partial(slab);
		}
	} while (!slab_update_freelist(s, slab, prior, counters, head, new.counters));

	if (likely(!n)) {
		if (!was_frozen && !prior)
			put_cpu_partial(s, slab, 1);
		return;
	}
	/* Partial, but on a CPU's partial chain, not the node's: leave it. */
	if (!on_node_partial) {
		spin_unlock_irqrestore(&n->list_lock, flags);
		return;
	}
	if (unlikely(!new.inuse && n->nr_partial >= s->min_partial)) {
		remove_partial(n, slab);
		spin_unlock_irqrestore(&n->list_lock, flags);
		discard_slab(s, slab);
		return;
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
}

/* CONFIG_SLAB_FREELIST_HARDENED's naive double-free check. */
static noinline void slab_double_free(struct kmem_cache *s, void *object)
{
	/* Linux stops at set_freepointer()'s BUG_ON; kmm reports and goes on. */
	pr_crit("kernel BUG at mm/slub.c:550!\n");
	pr_err("SLUB %s: double free or corruption of object 0x%px: not freed again\n",
	       s->name, object);
	dump_stack();
}

static void slab_free_nocpu(struct kmem_cache *s, struct slab *slab, void *head,
			    void *tail, int cnt, unsigned long addr);

/*
 * do_slab_free - the free fast path (point 3): push head..tail on this
 * CPU's free list if the objects are in its active slab. Calls out of it
 * are tail calls.
 */
static __always_inline void do_slab_free(struct kmem_cache *s, struct slab *slab,
					 void *head, void *tail, int cnt,
					 unsigned long addr)
{
	struct kmem_cache_cpu *c;
	freelist_aba_t old, new;
	u32 cpu;

redo:
	cpu = fast_cpu();
	if (unlikely(cpu >= NR_CPUS)) {
		slab_free_nocpu(s, slab, head, tail, cnt, addr);
		return;
	}
	c = cpu_slab_at(s, cpu);
	old.counter = __atomic_load_n(&c->tid, __ATOMIC_ACQUIRE);
	if (unlikely(slab != cpu_slab_read(c))) {
		__slab_free(s, slab, head, tail, cnt, addr);
		return;
	}
	old.freelist = __atomic_load_n(&c->freelist, __ATOMIC_ACQUIRE);
	if (unlikely(old.freelist == head)) {
		slab_double_free(s, head);
		return;
	}
	set_freepointer(s, tail, old.freelist);
	new.freelist = head;
	new.counter = next_tid(old.counter);
	if (unlikely(!cas_pair(&c->freelist_tid, old, new)))
		goto redo;
}

static noinline void slab_free_nocpu(struct kmem_cache *s, struct slab *slab, void *head,
				     void *tail, int cnt, unsigned long addr)
{
	slub_cpu_slow(s);
	do_slab_free(s, slab, head, tail, cnt, addr);
}

/* The slab @x is in, from its page (a tail page points to its head). */
static __always_inline struct slab *virt_to_slab_fast(const void *x)
{
	struct page *page = (struct page *)(slub_page_base +
		((unsigned long)x >> PAGE_SHIFT) * sizeof(struct page));
	unsigned long head = READ_ONCE(page->compound_head);

	if (head & 1)
		page = (struct page *)(head - 1);
	return (struct slab *)page;
}

/* What kmem_cache_free() does when @x does not belong to @s. */
static noinline void cache_free_mismatch(struct kmem_cache *s, void *x,
					 unsigned long addr)
{
	struct slab *slab;

	if (!virt_addr_valid(x)) {
		WARN_ONCE(1, "%s: Object is not a Slab page!\n", "virt_to_cache");
		return;
	}
	slab = virt_to_slab(x);
	if (!slab) {
		WARN_ONCE(1, "%s: Object is not a Slab page!\n", "virt_to_cache");
		return;
	}
	if (WARN(slab->slab_cache != s, "%s: Wrong slab cache. %s but object is from %s\n",
		 "cache_from_obj", s->name, slab->slab_cache->name))
		print_tracking(slab->slab_cache, x);
	do_slab_free(slab->slab_cache, slab, x, x, 1, addr);
}

/**
 * kmem_cache_free - give an object back to its cache.
 * @s: the cache it came from.
 * @x: the object.
 *
 * An object of another cache is reported (as CONFIG_SLAB_FREELIST_HARDENED
 * reports it) and freed to its real cache.
 * Context: any; never sleeps.
 */
void kmem_cache_free(struct kmem_cache *s, void *x)
{
	struct slab *slab = virt_to_slab_fast(x);

	if (unlikely(__atomic_load_n(&slab->slab_cache, __ATOMIC_RELAXED) != s)) {
		cache_free_mismatch(s, x, _RET_IP_);
		return;
	}
	do_slab_free(s, slab, x, x, 1, _RET_IP_);
}

void slab_free_public(struct kmem_cache *s, struct slab *slab, void *x,
		      unsigned long addr)
{
	do_slab_free(s, slab, x, x, 1, addr);
}

/* ---- Bulk ---- */

struct detached_freelist {
	struct slab *slab;
	void *tail;
	void *freelist;
	int cnt;
	struct kmem_cache *s;
};

/*
 * Gather the objects of p[0..size) that share the slab of the last one
 * into one chain (looking past at most 3 others), NULLing them in @p.
 * Return: how many entries of @p are left to look at.
 */
static size_t build_detached_freelist(struct kmem_cache *s, size_t size,
				      void **p, struct detached_freelist *df)
{
	int lookahead = 3;
	void *object;
	struct folio *folio;
	size_t same;

	object = p[--size];
	folio = virt_to_folio(object);
	if (!s) {
		if (unlikely(!folio_test_slab(folio))) {
			free_large_kmalloc(folio, object);
			df->slab = NULL;
			return size;
		}
		df->slab = folio_slab(folio);
		df->s = df->slab->slab_cache;
	} else {
		df->slab = folio_slab(folio);
		df->s = s;
		if (unlikely(!folio_test_slab(folio) || df->slab->slab_cache != s)) {
			cache_free_mismatch(s, object, _RET_IP_);
			df->slab = NULL;
			return size;
		}
	}
	if (slab_want_init_on_free(df->s))
		memset(object, 0, cache_object_size(df->s));
	df->tail = object;
	df->freelist = object;
	df->cnt = 1;
	set_freepointer(df->s, object, NULL);
	same = size;
	while (size) {
		object = p[--size];
		if (df->slab == virt_to_slab_fast(object) && object) {
			if (slab_want_init_on_free(df->s))
				memset(object, 0, cache_object_size(df->s));
			set_freepointer(df->s, object, df->freelist);
			df->freelist = object;
			df->cnt++;
			same--;
			if (size != same)
				swap(p[size], p[same]);
			continue;
		}
		if (!--lookahead)
			break;
	}
	return same;
}

/**
 * kmem_cache_free_bulk - free @size objects.
 * @s: their cache, or NULL to look each object's cache up (kfree_bulk).
 * @size: how many.
 * @p: the objects; NULL entries are skipped. The array is reordered.
 *
 * Context: any; never sleeps.
 */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	struct detached_freelist df;

	while (size) {
		if (!p[size - 1]) {
			size--;
			continue;
		}
		size = build_detached_freelist(s, size, p, &df);
		if (!df.slab)
			continue;
		do_slab_free(df.s, df.slab, df.freelist, df.tail, df.cnt, _RET_IP_);
	}
}

/**
 * kmem_cache_alloc_bulk - allocate @size objects into @p.
 * @s: the cache.
 * @flags: GFP flags.
 * @size: how many.
 * @p: where to put them.
 *
 * Context: as kmem_cache_alloc().
 * Return: @size, or 0 (nothing allocated) if one allocation failed.
 */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p)
{
	size_t i;

	for (i = 0; i < size; i++) {
		p[i] = slab_alloc_node(s, flags, NUMA_NO_NODE, _RET_IP_, cache_object_size(s));
		if (unlikely(!p[i])) {
			kmem_cache_free_bulk(s, i, p);
			return 0;
		}
	}
	return (int)size;
}

/* ---- kmalloc ---- */

static void *___kmalloc_large_node(size_t size, gfp_t flags, int node)
{
	unsigned int order = (unsigned int)get_order(size);
	struct page *page;
	void *ptr;

	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = kmalloc_fix_flags(flags);
	flags |= __GFP_COMP;
	if (node == NUMA_NO_NODE)
		page = alloc_pages(flags, order);
	else
		page = __alloc_pages(flags, order, node, NULL);
	if (!page)
		return NULL;
	ptr = page_address(page);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_SLAB_UNRECLAIMABLE_B,
			    (long)(PAGE_SIZE << order));
	return ptr;
}

/**
 * kmalloc_large - a kmalloc too big for the caches: whole pages.
 * @size: bytes, more than KMALLOC_MAX_CACHE_SIZE.
 * @flags: GFP flags.
 *
 * Past KMALLOC_MAX_SIZE the page allocator warns (unless __GFP_NOWARN)
 * and this returns NULL. Return: the pages' address, or NULL.
 */
void *kmalloc_large(size_t size, gfp_t flags)
{
	return ___kmalloc_large_node(size, flags, NUMA_NO_NODE);
}

void *kmalloc_large_node(size_t size, gfp_t flags, int node)
{
	return ___kmalloc_large_node(size, flags, node);
}

/* kfree() of a large kmalloc: give its pages back. */
void free_large_kmalloc(struct folio *folio, void *object)
{
	unsigned int order = folio_order(folio);

	if (WARN_ON_ONCE(order == 0)) {
		/* Linux puts the folio anyway; kmm leaves it alone. */
		pr_warn_once("object pointer: 0x%px\n", object);
		return;
	}
	mod_node_page_state(NODE_DATA(page_to_nid(&folio->page)),
			    NR_SLAB_UNRECLAIMABLE_B, -(long)(PAGE_SIZE << order));
	__free_pages(&folio->page, order);
}

static __always_inline void *__do_kmalloc_node(size_t size, gfp_t flags, int node,
					       unsigned long caller)
{
	struct kmem_cache *s;

	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return ___kmalloc_large_node(size, flags, node);
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	s = kmalloc_slab(size, flags);
	return slab_alloc_node(s, flags, node, caller, size);
}

/**
 * __kmalloc - kmalloc() of a size known only at run time.
 * @size: bytes.
 * @flags: GFP flags.
 *
 * Context: may sleep if @flags allows. Return: the object, ZERO_SIZE_PTR
 * for 0 bytes, or NULL.
 */
void *__kmalloc(size_t size, gfp_t flags)
{
	return __do_kmalloc_node(size, flags, NUMA_NO_NODE, _RET_IP_);
}

void *__kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __do_kmalloc_node(size, flags, node, _RET_IP_);
}

/* kmalloc() of a constant size: the inline picked @s at compile time. */
void *__kmalloc_cache(struct kmem_cache *s, gfp_t flags, size_t size)
{
	return slab_alloc_node(s, flags, NUMA_NO_NODE, _RET_IP_, size);
}

/**
 * kfree - free memory kmalloc() (or any slab cache) gave.
 * @object: the pointer; NULL and ZERO_SIZE_PTR are ignored.
 *
 * Context: any; never sleeps.
 */
void kfree(const void *object)
{
	struct slab *slab;
	void *x = (void *)object;

	if (unlikely(ZERO_OR_NULL_PTR(object)))
		return;
	slab = virt_to_slab_fast(x);
	if (unlikely(!PageSlab(slab_page(slab)))) {
		free_large_kmalloc(slab_folio(slab), x);
		return;
	}
	do_slab_free(slab->slab_cache, slab, x, x, 1, _RET_IP_);
}
