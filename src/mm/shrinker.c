// SPDX-License-Identifier: MIT
/*
 * src/mm/shrinker.c - the shrinker registry and shrink_slab(), the part of
 * reclaim that asks caches for memory back (mm/shrinker.c of Linux 6.12).
 *
 * 1. Concepts. A shrinker (kmm/shrinker.h) counts the freeable objects
 *    of a cache and frees some on request. kmm has no LRU page lists, no
 *    swap and no page cache, so shrinkers are all the reclaimable memory
 *    it knows of: kswapd, direct reclaim and kmm's OOM step all end here.
 *
 * 2. How much to ask (do_shrink_slab, 6.12's arithmetic):
 *      freeable   = count_objects()          (0 or SHRINK_EMPTY: skip)
 *      delta      = (freeable >> priority) * 4 / seeks   (seeks 0: freeable / 2)
 *      total_scan = min(nr_deferred >> priority + delta, 2 * freeable)
 *    then scan_objects() in batches of nr_to_scan = min(batch, total_scan)
 *    (batch 0 means SHRINK_BATCH, 128) while total_scan >= batch, or while
 *    total_scan >= freeable (a small cache under heavy pressure is
 *    emptied in one short batch); SHRINK_STOP ends the round. The work not
 *    done, nr_deferred + delta - scanned (at least 0, at most 2 *
 *    freeable), is carried over in nr_deferred for the next call. With
 *    DEF_PRIORITY 12 a cache of fewer than 4096 objects is asked for
 *    nothing on the first round; each lower priority doubles the ask.
 *
 * 3. Lifetime without RCU. Linux walks shrinker_list under RCU and pins
 *    each shrinker with a reference while its callbacks run. kmm has no
 *    RCU: the list is walked under shrinker_lock, a reference is taken
 *    before the lock is dropped for the callbacks, and retaken before the
 *    reference is put and the next entry read. An entry is unlinked only
 *    under the same lock, after shrinker_free() saw its count reach 0
 *    (the completion `done`), so the walker's current entry is still
 *    linked when it reads its successor, and no callback runs once
 *    shrinker_free() or unregister_shrinker() has returned.
 *
 * 4. Locking. shrinker_lock (a spinlock) guards shrinker_list and the
 *    SHRINKER_REGISTERED flag; it is never held across a callback, so
 *    callbacks may sleep, allocate (GFP_NOFS-style caution is theirs, as
 *    in Linux) and free pages, which takes zone->lock and pcp locks.
 *    Order: shrinker_lock -> completion (done.wait.lock). Nothing else is
 *    taken under shrinker_lock.
 *
 * 5. Memory. shrinker_alloc() uses a page of the host's metadata memory
 *    (host_pages_alloc) until SLUB provides kzalloc(): a shrinker must
 *    not consume the simulated memory it helps reclaim, and it survives
 *    kmm_halt(), which unregisters every shrinker (shrinker_halt()) so
 *    that the next machine starts with none; the owner may still
 *    shrinker_free() it afterwards.
 *
 * How kmm differs: no memcg-aware shrinking or shrinker ids, no debugfs
 * (the name stays in struct shrinker), no RCU (point 3), nr_deferred
 * storage inside struct shrinker, SLABS_SCANNED counted in kmm's event
 * counters.
 */
#include <stdarg.h>

#include <kmm/shrinker.h>
#include <kmm/sched.h>
#include <kmm/printk.h>
#include <kmm/minmax.h>
#include <kmm/vm_event_item.h>
#include "../lib/string.h"
#include "../host/host.h"
#include "vmscan.h"

/* Objects per scan_objects() call when the shrinker sets no batch. */
#define SHRINK_BATCH	128

static DEFINE_SPINLOCK(shrinker_lock);
static LIST_HEAD(shrinker_list);
static int shrinker_count;

/* ---- references (point 3) ---- */

static bool shrinker_try_get(struct shrinker *shrinker)
{
	return atomic_add_unless(&shrinker->refcount, 1, 0);
}

static void shrinker_put(struct shrinker *shrinker)
{
	if (atomic_dec_and_test(&shrinker->refcount))
		complete(&shrinker->done);
}

/* ---- nr_deferred, per node for NUMA-aware shrinkers ---- */

static atomic_long_t *deferred_slot(struct shrinker *shrinker, const struct shrink_control *sc)
{
	int nid = shrinker->flags & SHRINKER_NUMA_AWARE ? sc->nid : 0;

	return &shrinker->nr_deferred[nid];
}

static long xchg_nr_deferred(struct shrinker *shrinker, const struct shrink_control *sc)
{
	return __atomic_exchange_n(&deferred_slot(shrinker, sc)->counter, 0L,
				   __ATOMIC_SEQ_CST);
}

static long add_nr_deferred(long nr, struct shrinker *shrinker,
			    const struct shrink_control *sc)
{
	return atomic_long_add_return(nr, deferred_slot(shrinker, sc));
}

/* ---- do_shrink_slab (point 2) ---- */

/* The new work at @priority for a cache of @freeable objects. */
static long shrink_delta(const struct shrinker *shrinker, long freeable, int priority)
{
	unsigned long long delta;

	if (!shrinker->seeks)
		return freeable / 2;
	delta = (unsigned long long)(freeable >> priority);
	delta *= 4;
	return (long)(delta / (unsigned int)shrinker->seeks);
}

/* The batched scan loop; Return: objects freed, *scanned set. */
static unsigned long shrink_batches(struct shrink_control *sc, struct shrinker *shrinker,
				    long total_scan, long freeable, long *scanned)
{
	long batch_size = shrinker->batch ? shrinker->batch : SHRINK_BATCH;
	unsigned long freed = 0;

	while (total_scan >= batch_size || total_scan >= freeable) {
		unsigned long ret;

		sc->nr_to_scan = (unsigned long)min(batch_size, total_scan);
		sc->nr_scanned = sc->nr_to_scan;
		ret = shrinker->scan_objects(shrinker, sc);
		if (ret == SHRINK_STOP)
			break;
		freed += ret;
		count_vm_events(SLABS_SCANNED, sc->nr_scanned);
		total_scan -= (long)sc->nr_scanned;
		*scanned += (long)sc->nr_scanned;
		cond_resched();
	}
	return freed;
}

static unsigned long do_shrink_slab(struct shrink_control *sc, struct shrinker *shrinker,
				    int priority)
{
	long freeable, nr, delta, total_scan, scanned = 0, next_deferred;
	unsigned long count, freed;

	count = shrinker->count_objects(shrinker, sc);
	if (count == 0 || count == SHRINK_EMPTY)
		return count;
	freeable = (long)min(count, (unsigned long)LONG_MAX / 4);
	nr = xchg_nr_deferred(shrinker, sc);
	delta = shrink_delta(shrinker, freeable, priority);
	total_scan = min((nr >> priority) + delta, 2 * freeable);
	freed = shrink_batches(sc, shrinker, total_scan, freeable, &scanned);
	next_deferred = max(nr + delta - scanned, 0L);
	next_deferred = min(next_deferred, 2 * freeable);
	add_nr_deferred(next_deferred, shrinker, sc);
	return freed;
}

/* ---- shrink_slab (point 3's walk) ---- */

unsigned long shrink_slab(gfp_t gfp_mask, int nid, struct mem_cgroup *memcg, int priority)
{
	struct shrinker *shrinker;
	unsigned long freed = 0;

	spin_lock(&shrinker_lock);
	list_for_each_entry(shrinker, &shrinker_list, list) {
		struct shrink_control sc = { .gfp_mask = gfp_mask, .nid = nid, .memcg = memcg };
		unsigned long ret;

		if (!shrinker_try_get(shrinker))
			continue;
		spin_unlock(&shrinker_lock);
		ret = do_shrink_slab(&sc, shrinker, priority);
		freed += ret == SHRINK_EMPTY ? 0 : ret;
		spin_lock(&shrinker_lock);
		shrinker_put(shrinker);
	}
	spin_unlock(&shrinker_lock);
	cond_resched();
	return freed;
}

/* ---- registration ---- */

static void shrinker_init(struct shrinker *shrinker, unsigned int flags, const char *fmt,
			  va_list args)
{
	shrinker->flags = flags;
	shrinker->nr_deferred = shrinker->__nr_deferred;
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		atomic_long_set(&shrinker->__nr_deferred[nid], 0);
	vsnprintf(shrinker->name, sizeof(shrinker->name), fmt, args);
	INIT_LIST_HEAD(&shrinker->list);
	atomic_set(&shrinker->refcount, 0);
}

struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...)
{
	struct shrinker *shrinker;
	va_list args;

	might_sleep();
	shrinker = host_pages_alloc(sizeof(*shrinker));
	if (!shrinker)
		return NULL;
	memset(shrinker, 0, sizeof(*shrinker));
	va_start(args, fmt);
	shrinker_init(shrinker, flags | SHRINKER_ALLOCATED, fmt, args);
	va_end(args);
	shrinker->seeks = DEFAULT_SEEKS;
	return shrinker;
}

/* Link @shrinker and take the first reference: lookups may use it now. */
static void __shrinker_register(struct shrinker *shrinker)
{
	init_completion(&shrinker->done);
	atomic_set(&shrinker->refcount, 1);
	spin_lock(&shrinker_lock);
	list_add_tail(&shrinker->list, &shrinker_list);
	shrinker->flags |= SHRINKER_REGISTERED;
	shrinker_count++;
	spin_unlock(&shrinker_lock);
}

void shrinker_register(struct shrinker *shrinker)
{
	might_sleep();
	if (unlikely(!(shrinker->flags & SHRINKER_ALLOCATED))) {
		pr_warn("Must use shrinker_alloc() to dynamically allocate the shrinker");
		return;
	}
	__shrinker_register(shrinker);
}

/* Drop the first reference, wait for the lookups, unlink (point 3). */
static void __shrinker_unregister(struct shrinker *shrinker)
{
	spin_lock(&shrinker_lock);
	if (!(shrinker->flags & SHRINKER_REGISTERED)) {
		spin_unlock(&shrinker_lock);
		return;
	}
	spin_unlock(&shrinker_lock);
	shrinker_put(shrinker);
	wait_for_completion(&shrinker->done);
	spin_lock(&shrinker_lock);
	if (shrinker->flags & SHRINKER_REGISTERED) {
		list_del_init(&shrinker->list);
		shrinker->flags &= ~SHRINKER_REGISTERED;
		shrinker_count--;
	}
	spin_unlock(&shrinker_lock);
}

void shrinker_free(struct shrinker *shrinker)
{
	if (!shrinker)
		return;
	might_sleep();
	__shrinker_unregister(shrinker);
	if (shrinker->flags & SHRINKER_ALLOCATED)
		host_pages_free(shrinker, sizeof(*shrinker));
}

int register_shrinker(struct shrinker *shrinker, const char *fmt, ...)
{
	unsigned int flags = shrinker->flags & ~(SHRINKER_REGISTERED | SHRINKER_ALLOCATED);
	va_list args;

	might_sleep();
	va_start(args, fmt);
	shrinker_init(shrinker, flags, fmt, args);
	va_end(args);
	__shrinker_register(shrinker);
	return 0;
}

void unregister_shrinker(struct shrinker *shrinker)
{
	might_sleep();
	__shrinker_unregister(shrinker);
}

int nr_shrinkers(void)
{
	int n;

	spin_lock(&shrinker_lock);
	n = shrinker_count;
	spin_unlock(&shrinker_lock);
	return n;
}

/**
 * shrinker_halt - kmm_halt(): unregister every shrinker (point 5).
 *
 * Context: no reclaim runs (kswapd stopped, no allocation in flight).
 */
void shrinker_halt(void)
{
	struct shrinker *shrinker, *next;

	spin_lock(&shrinker_lock);
	list_for_each_entry_safe(shrinker, next, &shrinker_list, list) {
		list_del_init(&shrinker->list);
		shrinker->flags &= ~SHRINKER_REGISTERED;
		atomic_set(&shrinker->refcount, 0);
	}
	shrinker_count = 0;
	spin_unlock(&shrinker_lock);
}
