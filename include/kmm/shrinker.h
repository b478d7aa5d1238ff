/* SPDX-License-Identifier: MIT */
/*
 * kmm/shrinker.h - shrinkers, as linux/shrinker.h: callbacks through which
 * reclaim asks caches to give memory back.
 *
 * 1. A cache that can free objects on demand registers a shrinker with
 *    two callbacks:
 *      count_objects(shrinker, sc): how many objects could be freed now
 *        (SHRINK_EMPTY if none; 0 if unknown or not now);
 *      scan_objects(shrinker, sc): try to free sc->nr_to_scan objects of
 *        node sc->nid; set sc->nr_scanned to the objects looked at (it
 *        starts equal to nr_to_scan) and return the number freed, or
 *        SHRINK_STOP if it cannot make progress now (a lock it would need
 *        is held by the caller: see sc->gfp_mask).
 *    Reclaim (kswapd, direct reclaim, kmm's OOM step) calls them from
 *    shrink_slab(); see src/mm/shrinker.c for how much it asks for.
 *
 * 2. Pages. A shrinker that frees whole pages tells reclaim so with
 *    mm_account_reclaimed_pages() (kmm/swap.h), as Linux's slab allocator
 *    does when it frees a slab: that is the progress direct reclaim and
 *    kswapd count. Objects freed without freeing a page are no progress.
 *
 * 3. The API of Linux 6.7 and later: shrinker_alloc() (allocates and
 *    names a shrinker, DEFAULT_SEEKS), set its callbacks, then
 *    shrinker_register(); shrinker_free() unregisters it, waits for every
 *    running callback to return, and frees it. The seed era's API, a
 *    shrinker embedded in the caller's own structure:
 *      register_shrinker(&s, "name-%d", id)   Linux 6.0 - 6.6 (the name
 *          argument came with 6.0's CONFIG_SHRINKER_DEBUG; before 6.0
 *          it was register_shrinker(&s), returning int since 4.15)
 *      unregister_shrinker(&s)                 Linux 2.6.23 - 6.6
 *    is kept as thin wrappers over the same machinery.
 *
 * 4. Context: callbacks run in process context (kswapd or an allocating
 *    task), may sleep, and may run concurrently on several threads;
 *    shrinker_register/free and the seed-era calls may sleep.
 *
 * How kmm differs: no memcg (SHRINKER_MEMCG_AWARE is accepted and
 * ignored), no debugfs; the name is kept in the shrinker for reports;
 * nr_deferred has room for every node inside struct shrinker, so the
 * seed-era registration allocates nothing.
 */
#ifndef KMM_SHRINKER_H
#define KMM_SHRINKER_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/atomic.h>
#include <kmm/list.h>
#include <kmm/numa.h>
#include <kmm/gfp_types.h>
#include <kmm/completion.h>

struct shrink_control {
	gfp_t gfp_mask;			/* the allocation reclaim works for */
	int nid;			/* node being shrunk (every shrinker is told) */
	unsigned long nr_to_scan;	/* objects to scan in this call */
	unsigned long nr_scanned;	/* objects scanned: set by scan_objects */
	struct mem_cgroup *memcg;	/* always NULL in kmm */
};

#define SHRINK_STOP	(~0UL)
#define SHRINK_EMPTY	(~0UL - 1)

/* "Seeks to recreate an object": a cost weighting; 2 if you don't know. */
#define DEFAULT_SEEKS	2

/* Internal flags. */
#define SHRINKER_REGISTERED	(1U << 0)
#define SHRINKER_ALLOCATED	(1U << 1)
/* Flags for users. */
#define SHRINKER_NUMA_AWARE	(1U << 2)
#define SHRINKER_MEMCG_AWARE	(1U << 3)
#define SHRINKER_NONSLAB	(1U << 4)

#define SHRINKER_NAME_LEN	32

struct shrinker {
	unsigned long (*count_objects)(struct shrinker *, struct shrink_control *sc);
	unsigned long (*scan_objects)(struct shrinker *, struct shrink_control *sc);

	long batch;		/* objects per scan_objects call; 0: SHRINK_BATCH (128) */
	int seeks;		/* cost to recreate an object; 0: trim aggressively */
	unsigned int flags;	/* SHRINKER_* */

	/* Lookups hold a reference; registration holds the first one. */
	atomic_t refcount;
	struct completion done;	/* completed when refcount reaches 0 */

	void *private_data;

	/* For internal use. */
	struct list_head list;
	char name[SHRINKER_NAME_LEN];
	atomic_long_t *nr_deferred;	/* per node: scan work carried over */
	atomic_long_t __nr_deferred[MAX_NUMNODES];
};

/**
 * shrinker_alloc - allocate a shrinker and name it (Linux 6.7+).
 * @flags: SHRINKER_NUMA_AWARE, SHRINKER_MEMCG_AWARE (ignored), SHRINKER_NONSLAB
 * @fmt: printf-style name, as "sb-ext4", "kmm-test-%d"
 *
 * The shrinker has seeks DEFAULT_SEEKS and no callbacks: set them, then
 * shrinker_register(). Context: may sleep. Return: the shrinker, or NULL.
 */
__printf(2, 3) struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...);

/**
 * shrinker_register - make a shrinker from shrinker_alloc() visible to reclaim.
 * @shrinker: with count_objects and scan_objects set
 *
 * Context: may sleep. A shrinker not from shrinker_alloc() is refused with
 * Linux's warning "Must use shrinker_alloc() to dynamically allocate the shrinker".
 */
void shrinker_register(struct shrinker *shrinker);

/**
 * shrinker_free - unregister (if registered), wait until no callback of
 * @shrinker runs, and free it. NULL is ignored.
 * Context: may sleep; must not be called from @shrinker's own callbacks.
 */
void shrinker_free(struct shrinker *shrinker);

/**
 * register_shrinker - the seed-era registration of a caller-owned shrinker
 * (Linux 6.0 - 6.6 signature).
 * @shrinker: callbacks, seeks, batch and flags set by the caller
 * @fmt: printf-style name
 *
 * Context: may sleep. Return: 0.
 */
__printf(2, 3) int register_shrinker(struct shrinker *shrinker, const char *fmt, ...);

/**
 * unregister_shrinker - undo register_shrinker(): off the list, and wait
 * until no callback runs. Context: may sleep.
 */
void unregister_shrinker(struct shrinker *shrinker);

/**
 * shrink_slab - ask every registered shrinker to free objects of node @nid.
 * @gfp_mask: the allocation reclaim works for (passed to the callbacks)
 * @nid: the node; passed to every shrinker, as 6.12's code does (its
 *       comment says unaware shrinkers get 0); an unaware shrinker keeps
 *       its deferred work in slot 0 whatever the node
 * @memcg: NULL (kmm has no memcg)
 * @priority: reclaim priority, DEF_PRIORITY (12) down to 0: a shrinker is
 *            asked for about freeable >> priority objects, weighted by seeks
 *
 * Context: process context, may sleep. Return: objects freed.
 */
unsigned long shrink_slab(gfp_t gfp_mask, int nid, struct mem_cgroup *memcg, int priority);

/** nr_shrinkers - shrinkers registered now (a kmm addition, for tests and reports). */
int nr_shrinkers(void);

#endif /* KMM_SHRINKER_H */
